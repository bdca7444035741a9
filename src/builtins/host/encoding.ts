// Encoding builtins that the wasm runtime does not implement: urlquery.*, yaml.*,
// json.marshal_with_options and json.patch.

import { isMap, isScalar, isSeq, parseAllDocuments, stringify, type Document, type Tags } from 'yaml';
import { arr, fail, isObject, obj, str, type JsonObject } from './errors.js';
import { compareStrings, deepEqual, fromUtf8, sortedKeys, utf8 } from './util.js';

// ── urlquery (Go's net/url QueryEscape / QueryUnescape / Values) ──────────────────────────────

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Go's url.QueryEscape: unreserved bytes kept, space as '+', everything else %XX (upper-case). */
export function queryEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === ' ') out += '+';
    else if (ch.length === 1 && UNRESERVED.test(ch)) out += ch;
    else for (const b of utf8(ch)) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's url.QueryUnescape. */
export function queryUnescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        const bad = s.slice(i, i + 3);
        fail(`invalid URL escape ${JSON.stringify(bad)}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else if (c === '+') {
      bytes.push(0x20);
      i++;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8(ch));
      i += ch.length;
    }
  }
  return fromUtf8(Uint8Array.from(bytes));
}

export function urlqueryEncode(x: unknown): string {
  return queryEscape(str(x, 1));
}

export function urlqueryDecode(x: unknown): string {
  return queryUnescape(str(x, 1));
}

/** Go's url.Values.Encode: keys sorted, `k=v` pairs joined with '&'. Sets arrive as arrays. */
export function urlqueryEncodeObject(object: unknown): string {
  const o = obj(object, 1);
  const parts: string[] = [];
  for (const k of sortedKeys(o)) {
    const v = o[k];
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v : fail('encode_object: value must be a string, array or set');
    for (const item of values) {
      if (typeof item !== 'string') fail('encode_object: array and set values must be strings');
      parts.push(`${queryEscape(k)}=${queryEscape(item)}`);
    }
  }
  return parts.join('&');
}

/** Go's url.ParseQuery: repeated keys collect into arrays; ';' separators are an error. */
export function urlqueryDecodeObject(x: unknown): Record<string, string[]> {
  let query = str(x, 1);
  const out: Record<string, string[]> = {};
  let firstError: string | undefined;
  while (query !== '') {
    let key: string;
    const amp = query.indexOf('&');
    if (amp >= 0) {
      key = query.slice(0, amp);
      query = query.slice(amp + 1);
    } else {
      key = query;
      query = '';
    }
    if (key.includes(';')) {
      firstError ??= 'invalid semicolon separator in query';
      continue;
    }
    if (key === '') continue;
    const eq = key.indexOf('=');
    const rawKey = eq >= 0 ? key.slice(0, eq) : key;
    const rawValue = eq >= 0 ? key.slice(eq + 1) : '';
    let k: string;
    let v: string;
    try {
      k = queryUnescape(rawKey);
      v = queryUnescape(rawValue);
    } catch (e) {
      firstError ??= (e as Error).message;
      continue;
    }
    (Object.prototype.hasOwnProperty.call(out, k) ? out[k]! : (out[k] = [])).push(v);
  }
  if (firstError !== undefined) fail(firstError);
  return out;
}

// ── YAML ──────────────────────────────────────────────────────────────────────────────────────

function pairKey(p: { key: unknown }): string {
  const k = isScalar(p.key) ? p.key.value : p.key;
  return String(k);
}

export function yamlMarshal(x: unknown): string {
  // YAML 1.1 so that strings such as "yes" or "on" are quoted (go-yaml v2 reads them as booleans);
  // keys sorted in Go's order (JS objects put integer-like keys first).
  return stringify(x, {
    version: '1.1',
    indentSeq: false,
    aliasDuplicateObjects: false,
    sortMapEntries: (a, b) => compareStrings(pairKey(a), pairKey(b)),
  });
}

// YAML 1.1 as go-yaml v2 reads it (yes/no/on/off booleans, 0x/0o ints), without timestamp
// resolution: go-yaml leaves timestamps as strings when decoding into interface{}.
const YAML_OPTIONS = {
  version: '1.1' as const,
  customTags: (tags: Tags): Tags =>
    tags.filter((t) => (typeof t === 'string' ? t !== 'timestamp' : t.tag !== 'tag:yaml.org,2002:timestamp')),
  uniqueKeys: true,
  prettyErrors: false,
};

function firstDocument(src: string): Document.Parsed | undefined {
  const docs = parseAllDocuments(src, YAML_OPTIONS);
  if (!Array.isArray(docs)) fail('yaml: empty document stream');
  for (const doc of docs) {
    if (doc.errors.length > 0) fail(`yaml: ${doc.errors[0]!.message}`);
  }
  return docs[0];
}

/** A parsed YAML node as a JSON value; map keys become strings as in sigs.k8s.io/yaml. */
function nodeToJson(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number' && !Number.isFinite(v)) fail(`yaml: unsupported value: ${v}`);
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Uint8Array) fail('yaml: binary values are not supported');
    return v === undefined ? null : v;
  }
  if (isSeq(node)) return node.items.map(nodeToJson);
  if (isMap(node)) {
    const out: JsonObject = {};
    for (const pair of node.items) {
      const k = nodeToJson(pair.key);
      const key = typeof k === 'string' ? k : k === null ? 'null' : typeof k === 'object' ? fail('yaml: unsupported map key type') : String(k);
      out[key] = nodeToJson(pair.value);
    }
    return out;
  }
  // Aliases and anything else: resolve through the document's JS conversion.
  fail('yaml: unsupported node');
}

export function yamlUnmarshal(x: unknown): unknown {
  const doc = firstDocument(str(x, 1));
  if (doc === undefined) return null; // an empty stream is null, as go-yaml
  // Resolve aliases by converting to JS first when the document uses them.
  if (/[&*]/.test(String(doc))) {
    const js = doc.toJS({ maxAliasCount: 100 });
    return jsonNormalise(js);
  }
  return nodeToJson(doc.contents);
}

function jsonNormalise(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) fail(`yaml: unsupported value: ${v}`);
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonNormalise);
  if (v instanceof Map) {
    const out: JsonObject = {};
    for (const [k, val] of v) out[typeof k === 'string' ? k : String(k)] = jsonNormalise(val);
    return out;
  }
  if (v instanceof Set) return [...v].map(jsonNormalise);
  if (typeof v === 'object') {
    const out: JsonObject = {};
    for (const [k, val] of Object.entries(v)) out[k] = jsonNormalise(val);
    return out;
  }
  return v;
}

export function yamlIsValid(x: unknown): boolean {
  if (typeof x !== 'string') return false;
  try {
    yamlUnmarshal(x);
    return true;
  } catch {
    return false;
  }
}

// ── json.marshal_with_options ─────────────────────────────────────────────────────────────────

/** JSON text as Go's encoding/json writes it: sorted keys, and <, >, &, U+2028, U+2029 escaped. */
function goJson(v: unknown, prefix: string, indent: string | undefined, depth: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return goJsonString(v);
  const nl = indent === undefined ? '' : '\n' + prefix + indent.repeat(depth + 1);
  const close = indent === undefined ? '' : '\n' + prefix + indent.repeat(depth);
  const colon = indent === undefined ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((x) => nl + goJson(x, prefix, indent, depth + 1)).join(',') + close + ']';
  }
  if (isObject(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) return '{}';
    return '{' + keys.map((k) => nl + goJsonString(k) + colon + goJson(v[k], prefix, indent, depth + 1)).join(',') + close + '}';
  }
  return 'null';
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function jsonMarshalWithOptions(x: unknown, opts: unknown): string {
  const o = obj(opts, 2);
  let indent = '\t';
  let prefix = '';
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  for (const key of Object.keys(o)) {
    const v = o[key];
    switch (key) {
      case 'prefix':
        prefix = str(v, 2);
        implicitPretty = true;
        break;
      case 'indent':
        indent = str(v, 2);
        implicitPretty = true;
        break;
      case 'pretty':
        if (typeof v !== 'boolean') fail('operand 2: pretty must be a boolean');
        explicitPretty = v;
        break;
      default:
        fail(`operand 2: object contained unknown key ${key}`);
    }
  }
  const pretty = explicitPretty ?? implicitPretty;
  if (!pretty) return goJson(x, '', undefined, 0);
  // Go's MarshalIndent does not prefix the first line; OPA adds it.
  return prefix + goJson(x, prefix, indent, 0);
}

// ── json.patch (RFC 6902) ─────────────────────────────────────────────────────────────────────

class PatchFailure extends Error {}

function parsePointer(p: unknown): string[] {
  if (Array.isArray(p)) return p.map((s) => (typeof s === 'string' ? s : typeof s === 'number' ? String(s) : badPatch()));
  if (typeof p !== 'string') badPatch();
  if (p === '') return [];
  if (!p.startsWith('/')) badPatch();
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function badPatch(): never {
  throw new PatchFailure();
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) out[k] = clone(v[k]);
    return out;
  }
  return v;
}

function arrayIndex(seg: string, length: number, forAdd: boolean): number {
  if (forAdd && seg === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(seg)) badPatch();
  const i = Number(seg);
  if (i > length || (!forAdd && i === length)) badPatch();
  return i;
}

function getAt(doc: unknown, path: string[]): unknown {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(seg, cur.length, false)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg];
    else badPatch();
  }
  return cur;
}

/** Applies one mutation at `path` in `doc` (already a private copy); returns the new root. */
function mutate(doc: unknown, path: string[], op: 'add' | 'remove' | 'replace', value?: unknown): unknown {
  if (path.length === 0) {
    if (op === 'remove') badPatch();
    return value;
  }
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, op === 'add');
    if (op === 'add') parent.splice(i, 0, value);
    else if (op === 'remove') parent.splice(i, 1);
    else parent[i] = value;
  } else if (isObject(parent)) {
    const exists = Object.prototype.hasOwnProperty.call(parent, last);
    if (op !== 'add' && !exists) badPatch();
    if (op === 'remove') delete parent[last];
    else parent[last] = value;
  } else badPatch();
  return doc;
}

/** json.patch: the patched document, or undefined (non-strict) if any operation fails. */
export function jsonPatch(object: unknown, patches: unknown): unknown {
  const ops = arr(patches, 2);
  let doc = clone(object);
  try {
    for (const p of ops) {
      if (!isObject(p) || typeof p.op !== 'string') badPatch();
      const path = parsePointer(p.path);
      switch (p.op) {
        case 'add':
          if (!('value' in p)) badPatch();
          doc = mutate(doc, path, 'add', clone(p.value));
          break;
        case 'remove':
          doc = mutate(doc, path, 'remove');
          break;
        case 'replace':
          if (!('value' in p)) badPatch();
          getAt(doc, path);
          doc = mutate(doc, path, 'replace', clone(p.value));
          break;
        case 'move': {
          const from = parsePointer(p.from);
          if (from.length < path.length && from.every((s, i) => s === path[i])) badPatch(); // into its own child
          const v = getAt(doc, from);
          doc = mutate(doc, from, 'remove');
          doc = mutate(doc, path, 'add', v);
          break;
        }
        case 'copy': {
          const v = clone(getAt(doc, parsePointer(p.from)));
          doc = mutate(doc, path, 'add', v);
          break;
        }
        case 'test':
          if (!deepEqual(getAt(doc, path), p.value)) badPatch();
          break;
        default:
          badPatch();
      }
    }
  } catch (e) {
    if (e instanceof PatchFailure) fail('patch failed');
    throw e;
  }
  return doc;
}

export { compareStrings };
