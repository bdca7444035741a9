// The bundle manifest (`/.manifest`) and the JSON encoding `opa build` writes.
//
// OPA serialises the manifest with Go's encoding/json: fields in declaration order (revision,
// roots, wasm, rego_version, file_rego_versions, metadata; empty optional ones left out), map keys
// sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, one trailing newline. Accord writes the same
// bytes for the same manifest, and `data.json` the same way.

export interface WasmResolver {
  /** Slash path of the entrypoint, as given to `-e` (`app/authz/allow`). */
  entrypoint: string;
  /** The module inside the bundle that implements it (`/policy.wasm`). */
  module: string;
}

export interface Manifest {
  revision: string;
  /** Paths under `data` the bundle owns; `[""]` = everything. */
  roots?: string[];
  wasm?: WasmResolver[];
  /** 0 or 1: how the bundle's .rego files are parsed. */
  rego_version?: number;
  file_rego_versions?: Record<string, number>;
  metadata?: Record<string, unknown>;
}

export class BundleError extends Error {
  override readonly name = 'BundleError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Byte-wise (UTF-8) key order, as Go sorts map keys. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort(compareUtf8)) out[k] = sortKeys(v[k]);
  return out;
}

/** Go's json.Encoder output for a value: sorted keys, HTML-safe escapes, trailing newline. */
export function goJSON(value: unknown, sort = true): string {
  const text = JSON.stringify(sort ? sortKeys(value) : value);
  if (text === undefined) throw new BundleError('value cannot be encoded as JSON');
  // These characters only occur inside JSON strings, so replacing them everywhere is safe.
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** The manifest as `opa build` writes it (field order matters for byte-identical output). */
export function encodeManifest(m: Manifest): string {
  const ordered: Record<string, unknown> = { revision: m.revision };
  if (m.roots) ordered.roots = m.roots;
  if (m.wasm && m.wasm.length > 0) ordered.wasm = m.wasm.map((w) => ({ entrypoint: w.entrypoint, module: w.module }));
  if (m.rego_version !== undefined) ordered.rego_version = m.rego_version;
  if (m.file_rego_versions && Object.keys(m.file_rego_versions).length > 0) ordered.file_rego_versions = sortKeys(m.file_rego_versions);
  if (m.metadata && Object.keys(m.metadata).length > 0) ordered.metadata = sortKeys(m.metadata);
  return goJSON(ordered, false);
}

/** Validates a parsed `.manifest` document (from a bundle, or a bundle root directory). */
export function parseManifest(json: unknown, where = '.manifest'): Manifest {
  if (!isObject(json)) throw new BundleError(`${where}: the manifest must be a JSON object`);
  const m: Manifest = { revision: '' };
  if (json.revision !== undefined) {
    if (typeof json.revision !== 'string') throw new BundleError(`${where}: "revision" must be a string`);
    m.revision = json.revision;
  }
  if (json.roots !== undefined && json.roots !== null) {
    if (!Array.isArray(json.roots) || json.roots.some((r) => typeof r !== 'string')) throw new BundleError(`${where}: "roots" must be an array of strings`);
    m.roots = (json.roots as string[]).map((r) => r.replace(/^\/+|\/+$/g, ''));
  }
  if (json.wasm !== undefined && json.wasm !== null) {
    if (!Array.isArray(json.wasm)) throw new BundleError(`${where}: "wasm" must be an array`);
    m.wasm = json.wasm.map((w, i) => {
      if (!isObject(w) || typeof w.entrypoint !== 'string' || typeof w.module !== 'string') {
        throw new BundleError(`${where}: wasm[${i}] must be {"entrypoint": "…", "module": "…"}`);
      }
      return { entrypoint: w.entrypoint, module: w.module };
    });
  }
  if (json.rego_version !== undefined && json.rego_version !== null) {
    if (json.rego_version !== 0 && json.rego_version !== 1) throw new BundleError(`${where}: "rego_version" must be 0 or 1`);
    m.rego_version = json.rego_version;
  }
  if (json.file_rego_versions !== undefined && json.file_rego_versions !== null) {
    const f = json.file_rego_versions;
    if (!isObject(f) || Object.values(f).some((v) => v !== 0 && v !== 1)) throw new BundleError(`${where}: "file_rego_versions" must map paths to 0 or 1`);
    m.file_rego_versions = f as Record<string, number>;
  }
  if (json.metadata !== undefined && json.metadata !== null) {
    if (!isObject(json.metadata)) throw new BundleError(`${where}: "metadata" must be an object`);
    m.metadata = json.metadata;
  }
  return m;
}

/** Whether `path` (slash-separated, no leading slash) lies under one of the roots (OPA's rule). */
export function rootsContain(roots: string[], path: string): boolean {
  const segs = path.split('/');
  return roots.some((r) => {
    if (r === '') return true;
    const rs = r.split('/');
    return rs.length <= segs.length && rs.every((s, i) => s === segs[i]);
  });
}

/** Two roots overlap when one contains the other. */
export function rootsOverlap(a: string, b: string): boolean {
  return rootsContain([a], b) || rootsContain([b], a);
}
