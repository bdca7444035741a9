// `accord build`: `opa build -t wasm` — Rego in, an OPA bundle (or a bare wasm module) out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildBundle } from '../bundle/build.js';
import { BundleError } from '../bundle/manifest.js';
import { CapabilitiesError, readCapabilities } from '../compiler/capabilities.js';
import { RegoError } from '../compiler/index.js';
import { parseArgs, UsageError } from './args.js';
import type { CliIO } from './io.js';

const HELP = `Usage: accord build [-t wasm] [-e package/rule]… [-o bundle.tar.gz] [-b] [options] <paths…>

Compiles every .rego file under the given paths to one wasm module implementing OPA's wasm ABI
(loadable by @open-policy-agent/opa-wasm), like 'opa build -t wasm'. The output is an OPA bundle
(/.manifest, /data.json, the .rego sources, /policy.wasm) unless -o names a .wasm file, in which
case the bare module is written. Entrypoints are written as for 'opa build -e' (app/authz/allow,
or a package app/authz); default: rules annotated 'entrypoint: true'.

Options:
  -t, --target <target>     output target; only 'wasm' (the default) is supported
  -e, --entrypoint <path>   entrypoint (repeatable)
  -o, --output <file>       output file (default bundle.tar.gz; *.wasm writes the bare module)
  -b, --bundle              treat the paths as bundle roots (data.json/data.yaml files, .manifest)
      --capabilities <file> OPA capabilities JSON: only its builtins may be called; the ones
                            Accord does not implement become custom builtins supplied at load time
      --ignore <pattern>    skip files and directories whose name matches (repeatable; e.g. '*_test.rego')
  -r, --revision <rev>      bundle revision written to the manifest
      --v0-compatible       parse modules as Rego v0 (manifest rego_version 0)
  -O, --optimize <level>    accepted for compatibility and ignored (Accord always optimises)
      --dump-ir             print the planner's IR instead of writing output`;

/** `opa build` flags Accord does not implement, and why (a specific message beats "unknown flag"). */
const UNSUPPORTED: Record<string, string> = {
  'signing-key': 'Accord does not sign bundles; sign the built bundle with `opa sign`',
  'signing-alg': 'Accord does not sign bundles; sign the built bundle with `opa sign`',
  'signing-plugin': 'Accord does not sign bundles; sign the built bundle with `opa sign`',
  'claims-file': 'Accord does not sign bundles; sign the built bundle with `opa sign`',
  'verification-key': 'Accord does not verify signed input bundles',
  'verification-key-id': 'Accord does not verify signed input bundles',
  'exclude-files-verify': 'Accord does not verify signed input bundles',
  scope: 'Accord does not verify signed input bundles',
  'partial-namespace': 'Accord does not run partial evaluation (-O)',
  'prune-unused': 'only meaningful for the rego/plan targets',
  'follow-symlinks': 'Accord reads symbolic links to files and never follows links to directories',
  debug: 'use --dump-ir to see the compiled plan',
  'v1-compatible': '',
  'wasm-include-print': '',
};
const NOOP = new Set(['v1-compatible', 'wasm-include-print']);

export async function buildCommand(argv: string[], io: CliIO): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`accord build: ${message}\n\n${HELP}`);
    return 1;
  };
  // OPA flags with a specific answer: errors for what Accord cannot do, silence for no-ops
  // (`--v1-compatible` is OPA 1.x's default; Accord's wasm always includes print()).
  const rest: string[] = [];
  for (const arg of argv) {
    const name = /^--([a-z0-9-]+)(=|$)/.exec(arg)?.[1];
    if (name && name in UNSUPPORTED) {
      if (NOOP.has(name)) continue;
      io.stderr(`accord build: --${name} is not supported: ${UNSUPPORTED[name]}`);
      return 1;
    }
    rest.push(arg);
  }
  let args;
  try {
    args = parseArgs(rest, {
      target: { value: true, alias: 't' },
      entrypoint: { value: true, multiple: true, alias: 'e' },
      output: { value: true, alias: 'o' },
      bundle: { alias: 'b' },
      capabilities: { value: true },
      ignore: { value: true, multiple: true },
      revision: { value: true, alias: 'r' },
      'v0-compatible': {},
      optimize: { value: true, alias: 'O' },
      'dump-ir': {},
      help: { alias: 'h' },
    });
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
  if (args.flags.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = args.flags.target?.[0] ?? 'wasm';
  if (target !== 'wasm') {
    const known = target === 'rego' || target === 'plan';
    io.stderr(
      `accord build: ${known ? `target '${target}' is not supported` : `unknown target '${target}'`}: ` +
        `Accord compiles Rego to WebAssembly only; the supported target is 'wasm' (-t wasm, the default)`,
    );
    return 1;
  }
  if (args.positional.length === 0) return usage('no input files');
  const output = args.flags.output?.[0] ?? 'bundle.tar.gz';
  const bare = output.endsWith('.wasm');
  const t0 = performance.now();
  try {
    const capabilities = args.flags.capabilities ? readCapabilities(args.flags.capabilities[0]!) : undefined;
    const result = buildBundle({
      paths: args.positional,
      entrypoints: args.flags.entrypoint ?? [],
      bundleMode: !!args.flags.bundle,
      ignore: args.flags.ignore,
      revision: args.flags.revision?.[0],
      regoVersion: args.flags['v0-compatible'] ? 0 : undefined,
      capabilities,
    });
    if (args.flags['dump-ir']) {
      const { formatPlan } = await import('../compiler/ir.js');
      io.stdout(formatPlan(result.compiled.plan));
      return 0;
    }
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, bare ? result.wasm : result.bundle);
    for (const w of result.compiled.warnings) io.stderr(`${w.file}:${w.line}:${w.col}: warning: ${w.message}`);
    if (args.flags.optimize) io.stderr(`accord build: note: -O ${args.flags.optimize[0]} is ignored (Accord always optimises the module)`);
    if (!io.quiet) {
      const eps = result.compiled.entrypoints;
      const custom = result.compiled.builtins.filter((b) => capabilities?.customBuiltins.has(b));
      io.stdout(
        `accord build: ${result.inputs.modules.length} file${result.inputs.modules.length === 1 ? '' : 's'} → ${output} ` +
          `(${bare ? 'wasm' : 'bundle'}, ${result.wasm.length} bytes of wasm, ` +
          `${eps.length} entrypoint${eps.length === 1 ? '' : 's'}: ${eps.join(', ')}` +
          `${custom.length > 0 ? `; custom builtins: ${custom.join(', ')}` : ''}) in ${(performance.now() - t0).toFixed(0)} ms`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof RegoError) {
      io.stderr(err.message);
      return 1;
    }
    if (err instanceof BundleError || err instanceof CapabilitiesError) {
      io.stderr(err.message.startsWith('accord') ? err.message : `accord build: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
