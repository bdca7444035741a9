// `opa build -t wasm` as a function: inputs → compiled module → OPA bundle bytes.
import { compile, type CompileResult } from '../compiler/index.js';
import { checkWasmAbi, type Capabilities } from '../compiler/capabilities.js';
import { loadInputs, type LoadedInputs } from './inputs.js';
import { BundleError, rootsContain, rootsOverlap, type Manifest } from './manifest.js';
import { WASM_PATH, writeBundle } from './write.js';

export interface BuildOptions {
  /** Files and directories (or bundle roots with `bundleMode`). */
  paths: string[];
  /** As `-e`; default: rules annotated `entrypoint: true`. */
  entrypoints?: string[];
  /** `-b`: the paths are bundle roots. */
  bundleMode?: boolean;
  /** `--ignore` patterns. */
  ignore?: string[];
  /** `--revision`: overrides the inputs' manifest revision. */
  revision?: string;
  /** `--v0-compatible` → 0. Default: what the inputs' manifests declare, else 1. */
  regoVersion?: 0 | 1;
  /** A parsed `--capabilities` file. */
  capabilities?: Capabilities;
  optimize?: boolean | 'full';
}

export interface BuildResult {
  /** The .tar.gz bundle. */
  bundle: Uint8Array;
  /** The module inside it (`/policy.wasm`). */
  wasm: Uint8Array;
  manifest: Manifest;
  compiled: CompileResult;
  inputs: LoadedInputs;
}

/** Loads, compiles and packs. Throws RegoError (policy errors) or BundleError (inputs, manifest). */
export function buildBundle(options: BuildOptions): BuildResult {
  if (options.capabilities) {
    const abi = checkWasmAbi(options.capabilities);
    if (abi) throw new BundleError(abi);
  }
  const inputs = loadInputs(options.paths, { bundleMode: options.bundleMode, ignore: options.ignore });
  if (inputs.modules.length === 0) throw new BundleError(`no .rego files found in ${options.paths.join(', ')}`);
  const regoVersion = options.regoVersion ?? declaredRegoVersion(inputs);
  const sources: Record<string, string> = {};
  for (const m of inputs.modules) sources[m.file] = m.source;
  const compiled = compile({
    modules: sources,
    entrypoints: options.entrypoints ?? [],
    regoVersion,
    allowedBuiltins: options.capabilities?.allowedBuiltins,
    customBuiltins: options.capabilities?.customBuiltins,
    optimize: options.optimize,
  });

  const roots = mergeRoots(inputs);
  for (const mod of compiled.modules) {
    const pkg = mod.package.path.join('/');
    if (!rootsContain(roots, pkg)) {
      throw new BundleError(`manifest roots ${JSON.stringify(roots)} do not permit package ${mod.package.path.join('.')} in ${mod.file}`);
    }
  }
  for (const ep of compiled.entrypoints) {
    if (!rootsContain(roots, ep)) throw new BundleError(`manifest roots ${JSON.stringify(roots)} do not permit entrypoint ${ep}`);
  }
  checkDataRoots(inputs.data.root, [], roots);

  const single = inputs.manifests.length === 1 ? inputs.manifests[0]!.manifest : undefined;
  const manifest: Manifest = {
    revision: options.revision ?? single?.revision ?? '',
    roots,
    wasm: compiled.entrypoints.map((entrypoint) => ({ entrypoint, module: WASM_PATH })),
    rego_version: regoVersion,
    metadata: single?.metadata,
  };
  const modules: Record<string, string> = {};
  for (const m of inputs.modules) modules[m.bundlePath] = m.source;
  const bundle = writeBundle({ manifest, wasm: compiled.wasm, data: inputs.data.root, modules });
  return { bundle, wasm: compiled.wasm, manifest, compiled, inputs };
}

/** The Rego version the inputs' manifests declare (1 when none does); conflicting declarations are an error. */
export function declaredRegoVersion(inputs: LoadedInputs): 0 | 1 {
  const declared = new Map<number, string>();
  for (const { file, manifest } of inputs.manifests) {
    if (manifest.rego_version !== undefined && !declared.has(manifest.rego_version)) declared.set(manifest.rego_version, file);
  }
  if (declared.size > 1) {
    throw new BundleError(
      `inputs declare different rego_version values (${[...declared].map(([v, f]) => `${v} in ${f}`).join(', ')}); ` +
        'Accord compiles one Rego version per build: pass --v0-compatible or align the manifests',
    );
  }
  return declared.has(0) ? 0 : 1;
}

/**
 * The union of the inputs' roots. An input without a manifest (a plain file or directory, a bundle
 * root without .manifest) owns every path (`""`). The same root from two inputs is one root;
 * roots that nest are an error, as in OPA.
 */
function mergeRoots(inputs: LoadedInputs): string[] {
  const sources = [...inputs.manifests];
  if (inputs.unmanifested.length > 0) sources.push({ file: inputs.unmanifested.join(', '), manifest: { revision: '', roots: [''] } });
  const roots: string[] = [];
  const owner = new Map<string, string>();
  for (const { file, manifest } of sources) {
    for (const r of manifest.roots ?? ['']) {
      if (owner.has(r)) continue;
      for (const [other, otherFile] of owner) {
        if (rootsOverlap(r, other)) throw new BundleError(`manifest has overlapped roots: '${r}' (${file}) and '${other}' (${otherFile})`);
      }
      owner.set(r, file);
      roots.push(r);
    }
  }
  return roots;
}

function checkDataRoots(node: unknown, path: string[], roots: string[]): void {
  const p = path.join('/');
  if (rootsContain(roots, p)) return;
  const isObj = typeof node === 'object' && node !== null && !Array.isArray(node);
  if (isObj && roots.some((r) => rootsContain([p], r))) {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) checkDataRoots(v, [...path, k], roots);
    return;
  }
  throw new BundleError(`manifest roots ${JSON.stringify(roots)} do not permit data at path '/${p}'`);
}
