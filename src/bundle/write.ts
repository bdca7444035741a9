// Writing an OPA bundle: a gzipped tar with entries named as `opa build` names them.
//
//   /data.json        the base documents (always present, `{}` when there are none)
//   /<path>.rego      each policy source, at its path in the bundle
//   /policy.wasm      the compiled module
//   /.manifest        revision, roots, one wasm resolver per entrypoint, rego_version
//
// Entries are written in that order (OPA's writer order; .rego files sorted by path), regular
// files with mode 0600, mtime 0, no owner names, and a gzip header without timestamp or OS, so
// the same inputs give a byte-identical archive. The tar format itself is node-tar's.
import { Header, PackSync, ReadEntry } from 'tar';
import { BundleError, encodeManifest, goJSON, type Manifest } from './manifest.js';

export interface BundleContents {
  manifest: Manifest;
  /** The compiled module, written as /policy.wasm (the manifest's resolvers name it). */
  wasm?: Uint8Array;
  /** Base documents, written as /data.json. */
  data: Record<string, unknown>;
  /** Bundle path (leading `/`) → Rego source. */
  modules: Record<string, string>;
}

export const WASM_PATH = '/policy.wasm';
export const DATA_PATH = '/data.json';
export const MANIFEST_PATH = '/.manifest';

const EPOCH = new Date(0);

function fileEntry(path: string, bytes: Uint8Array): ReadEntry {
  const header = new Header({ path, mode: 0o600, size: bytes.length, type: 'File', mtime: EPOCH });
  const entry = new ReadEntry(header);
  entry.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return entry;
}

/** `/a/b.rego` for `a/b.rego`, `./a/b.rego`, `/a/b.rego` or `a\b.rego`; rejects `..`. */
export function bundlePath(path: string): string {
  const segs = path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  if (segs.some((s) => s === '..')) throw new BundleError(`bundle path ${path} escapes the bundle root`);
  if (segs.length === 0) throw new BundleError(`empty bundle path: ${JSON.stringify(path)}`);
  return '/' + segs.join('/');
}

const utf8 = new TextEncoder();

/** Serialises a bundle to .tar.gz bytes (synchronous, deterministic). */
export function writeBundle(contents: BundleContents): Uint8Array {
  const chunks: Buffer[] = [];
  const pack = new PackSync({ gzip: { level: 9 }, portable: true, preservePaths: true, mtime: EPOCH });
  pack.on('data', (c: Buffer) => chunks.push(c));
  let error: unknown;
  pack.on('error', (e: unknown) => (error ??= e));

  pack.add(fileEntry(DATA_PATH, utf8.encode(goJSON(contents.data))));
  const seen = new Set<string>([DATA_PATH, WASM_PATH, MANIFEST_PATH]);
  for (const path of Object.keys(contents.modules).sort()) {
    const p = bundlePath(path);
    if (seen.has(p)) throw new BundleError(`two bundle entries named ${p}`);
    seen.add(p);
    pack.add(fileEntry(p, utf8.encode(contents.modules[path]!)));
  }
  if (contents.wasm) pack.add(fileEntry(WASM_PATH, contents.wasm));
  pack.add(fileEntry(MANIFEST_PATH, utf8.encode(encodeManifest(contents.manifest))));
  pack.end();
  if (error) throw error;
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
