// Reading an OPA bundle (.tar.gz) back: the manifest, the wasm module(s), the merged base
// documents and the .rego sources. Node only.
//
// Bundles are hostile input. The reader bounds the uncompressed size (gzip bombs), the size of
// each entry and the number of entries; rejects names with `..` segments or NUL bytes, duplicate
// names, links, devices and any other non-regular entry (directory entries carry nothing and are
// skipped); refuses delta bundles; and checks the manifest against the contents (every wasm
// resolver names a module in the bundle, roots do not overlap, data lies under the roots).
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { DataTree, parseDataText } from './data.js';
import { BundleError, parseManifest, rootsContain, rootsOverlap, type Manifest } from './manifest.js';
import { WASM_PATH } from './write.js';

export interface ReadBundleOptions {
  /** Largest uncompressed archive (and compressed file) accepted. Default 256 MiB. */
  maxBytes?: number;
  /** Largest single entry. Default 128 MiB. */
  maxEntryBytes?: number;
  /** Most entries (files and directories). Default 10,000. */
  maxEntries?: number;
}

export interface Bundle {
  manifest: Manifest;
  /**
   * The policy module: the one the manifest's wasm resolvers name (or `/policy.wasm` when the
   * manifest names none). Undefined for a bundle without wasm (a plain `opa build` bundle).
   */
  wasm?: Uint8Array;
  /** Every `policy.wasm` in the bundle, by path. */
  wasmModules: Record<string, Uint8Array>;
  /** Entrypoints `wasm` serves, from the manifest, in manifest order. */
  entrypoints: string[];
  /** Base documents: every data.json / data.yaml merged at its directory's path. */
  data: Record<string, unknown>;
  /** Bundle path (leading `/`) → Rego source. */
  modules: Record<string, string>;
}

export const DEFAULT_LIMITS = { maxBytes: 256 * 1024 * 1024, maxEntryBytes: 128 * 1024 * 1024, maxEntries: 10_000 } as const;

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Normalises an entry name to `/a/b`; throws on traversal and other unsafe names. */
function entryPath(raw: string): string {
  if (raw.includes('\0')) throw new BundleError(`bundle entry name contains a NUL byte: ${JSON.stringify(raw)}`);
  const segs = raw.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
  if (segs.includes('..')) throw new BundleError(`bundle entry ${JSON.stringify(raw)} escapes the bundle root (..)`);
  return '/' + segs.join('/');
}

interface RawEntry {
  path: string;
  bytes: Uint8Array;
}

function readEntries(tarBytes: Buffer, limits: Required<ReadBundleOptions>): RawEntry[] {
  const out: RawEntry[] = [];
  const seen = new Set<string>();
  let count = 0;
  let failure: unknown;
  const fail = (err: unknown) => {
    failure ??= err instanceof BundleError ? err : new BundleError(`invalid bundle: ${(err as Error)?.message ?? String(err)}`);
  };
  const parser = new Parser({
    strict: true,
    // PAX / GNU long-name headers bigger than this are ignored, and then rejected below.
    maxMetaEntrySize: 64 * 1024,
    onReadEntry: (entry: ReadEntry) => {
      if (failure) return entry.resume();
      try {
        if (++count > limits.maxEntries) throw new BundleError(`bundle has more than ${limits.maxEntries} entries`);
        const path = entryPath(entry.path);
        if (entry.type === 'Directory') return entry.resume();
        if (!REGULAR.has(entry.type)) {
          throw new BundleError(`bundle entry ${path} is a ${entry.type} entry; only regular files are allowed`);
        }
        if (entry.size > limits.maxEntryBytes) throw new BundleError(`bundle entry ${path} is larger than ${limits.maxEntryBytes} bytes`);
        if (seen.has(path)) throw new BundleError(`bundle has two entries named ${path}`);
        seen.add(path);
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => out.push({ path, bytes: new Uint8Array(Buffer.concat(chunks)) }));
      } catch (err) {
        fail(err);
        entry.resume();
      }
    },
  });
  parser.on('ignoredEntry', (entry: ReadEntry) => fail(new BundleError(`bundle entry ${JSON.stringify(entry.path)} has an unsupported type (${entry.type})`)));
  parser.on('warn', (code: string, message: string | Error) => fail(new BundleError(`invalid bundle: ${code}: ${message instanceof Error ? message.message : message}`)));
  parser.on('error', fail);
  parser.end(tarBytes);
  if (failure) throw failure;
  return out;
}

/** Reads a bundle from its bytes or from a file path. */
export function readBundle(source: Uint8Array | ArrayBuffer | string, options: ReadBundleOptions = {}): Bundle {
  const limits = { ...DEFAULT_LIMITS, ...options };
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    const st = statSync(source, { throwIfNoEntry: false });
    if (!st) throw new BundleError(`no such bundle: ${source}`);
    if (!st.isFile()) throw new BundleError(`${source} is not a file`);
    if (st.size > limits.maxBytes) throw new BundleError(`${source} is larger than ${limits.maxBytes} bytes`);
    bytes = readFileSync(source);
  } else {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  }
  if (!isGzip(bytes)) throw new BundleError('not a bundle: expected a gzipped tarball (.tar.gz)');
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(bytes, { maxOutputLength: limits.maxBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new BundleError(`bundle is larger than ${limits.maxBytes} bytes uncompressed`);
    }
    throw new BundleError(`not a bundle: ${e.message}`);
  }
  return interpret(readEntries(tarBytes, limits));
}

const utf8 = new TextDecoder();

function interpret(entries: RawEntry[]): Bundle {
  const modules: Record<string, string> = {};
  const wasmModules: Record<string, Uint8Array> = {};
  const data = new DataTree();
  let manifest: Manifest = { revision: '' };
  // Data files are merged in path order, whatever order the archive lists them in.
  const dataFiles: RawEntry[] = [];
  for (const e of entries) {
    const base = e.path.slice(e.path.lastIndexOf('/') + 1);
    if (e.path === '/.manifest') {
      let json: unknown;
      try {
        json = JSON.parse(utf8.decode(e.bytes));
      } catch (err) {
        throw new BundleError(`/.manifest: not valid JSON: ${(err as Error).message}`);
      }
      manifest = parseManifest(json, '/.manifest');
    } else if (base === 'patch.json' && e.path === '/patch.json') {
      throw new BundleError('delta bundles (/patch.json) are not supported');
    } else if (e.path.endsWith('.rego')) {
      modules[e.path] = utf8.decode(e.bytes);
    } else if (base === 'policy.wasm') {
      wasmModules[e.path] = e.bytes;
    } else if (base === 'data.json' || base === 'data.yaml' || base === 'data.yml') {
      dataFiles.push(e);
    }
    // Anything else (signatures, plan.json, READMEs) is not used.
  }
  for (const e of dataFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const dir = e.path.split('/').slice(1, -1);
    data.add(dir, parseDataText(utf8.decode(e.bytes), e.path), e.path);
  }

  const roots = manifest.roots ?? [''];
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      if (rootsOverlap(roots[i]!, roots[j]!)) throw new BundleError(`manifest has overlapped roots: '${roots[i]}' and '${roots[j]}'`);
    }
  }
  checkDataRoots(data.root, [], roots);

  const resolvers = manifest.wasm ?? [];
  const seenEntrypoints = new Set<string>();
  for (const r of resolvers) {
    if (!wasmModules[r.module]) throw new BundleError(`manifest references wasm module '${r.module}' but the module file does not exist`);
    if (!rootsContain(roots, r.entrypoint)) throw new BundleError(`manifest roots do not permit entrypoint '${r.entrypoint}'`);
    if (seenEntrypoints.has(r.entrypoint)) throw new BundleError(`entrypoint '${r.entrypoint}' cannot be used by more than one wasm module`);
    seenEntrypoints.add(r.entrypoint);
  }
  const modulePath = resolvers[0]?.module ?? (wasmModules[WASM_PATH] ? WASM_PATH : Object.keys(wasmModules).sort()[0]);
  return {
    manifest,
    wasm: modulePath ? wasmModules[modulePath] : undefined,
    wasmModules,
    entrypoints: resolvers.filter((r) => r.module === modulePath).map((r) => r.entrypoint),
    data: data.root,
    modules,
  };
}

/** OPA's rule: every data path must lie under a root (objects on the way to a root are fine). */
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
