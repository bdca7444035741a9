// Masking and dropping of decision-log events. Edge-safe.
//
// Two layers, applied in this order by the logger:
//   1. Default rules (always on): credentials are removed from `/input`, `/result` and
//      `/nd_builtin_cache` wherever they appear — sensitive keys (authorization, cookie, tokens,
//      passwords, secrets, API keys), JWT-looking strings, `Bearer …`-style credentials, header
//      tuples `["authorization", "…"]`, `{name: "cookie", value: "…"}` pairs and token query
//      parameters inside URLs.
//   2. User rules in OPA's `data.system.log.mask` format: a JSON pointer string (erase) or
//      `{op: "remove" | "upsert", path, value}`, static or returned per event by `maskPolicy`.
//
// Masking never mutates the caller's objects: containers are copied only along the paths that
// change; untouched subtrees are shared. Paths erased are recorded in `erased`, rewritten values
// in `masked` (as OPA does: `remove` → erased, `upsert` → masked).

import type { DecisionEvent } from './event.js';

/** One rule as OPA's `data.system.log.mask` returns it. */
export type MaskRule =
  | string
  | { op: 'remove'; path: string; value?: unknown }
  | { op: 'upsert'; path: string; value?: unknown };

/** Per-event mask rules (the engine wires this to the compiled `data.system.log.mask`). */
export type MaskPolicy = (event: DecisionEvent) => readonly MaskRule[] | undefined | null;

/** `true` drops the event (the engine wires this to `data.system.log.drop`). */
export type DropPolicy = (event: DecisionEvent) => boolean;

/** Value written in place of a credential where the shape must be kept (arrays, URLs). */
export const REDACTED = '[REDACTED]';
/** Value written in place of a subtree nested deeper than `MAX_DEPTH` (or cyclic). */
export const TRUNCATED = '[TRUNCATED]';
/** Containers nested deeper than this are replaced by `TRUNCATED` (this also breaks cycles). */
export const MAX_DEPTH = 64;

/**
 * Key names erased by default. Keys are compared after lower-casing and removing `-`, `_`, `.`
 * and spaces, so `Set-Cookie`, `set_cookie` and `setCookie` all match. Keys that *end* with one of
 * `SENSITIVE_KEY_SUFFIXES` also match (`x-refresh-token`, `db_password`, `x-api-key`).
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'authorization', 'proxy-authorization', 'cookie', 'cookies', 'set-cookie',
  'token', 'access_token', 'refresh_token', 'id_token', 'session_token', 'csrf_token',
  'password', 'passwd', 'secret', 'client_secret', 'api_key', 'private_key',
  'session_id', 'sessionid', 'x-auth-token',
];
export const SENSITIVE_KEY_SUFFIXES: readonly string[] = ['token', 'secret', 'password', 'apikey'];

// A parameter inside a URL or form body: `?access_token=…`, `&code=…`. Its name is judged by the
// same rules as an object key (DEFAULT_SENSITIVE_KEYS and the suffixes: `auth_token`,
// `X-Amz-Security-Token`, `api-key` …), plus `code` (an OAuth authorization code).
const QUERY_PARAM = /([?&#;]|^)([^=&#?;\s]{1,128})=([^&#\s]*)/g;
let defaultKeyMatcher: ((key: string) => boolean) | undefined;

function isSecretParam(name: string): boolean {
  defaultKeyMatcher ??= sensitiveKeyMatcher();
  return name.toLowerCase() === 'code' || defaultKeyMatcher(name);
}

/** True when `s` carries a sensitive parameter with a value. */
function hasSecretParam(s: string): boolean {
  QUERY_PARAM.lastIndex = 0;
  for (let m = QUERY_PARAM.exec(s); m !== null; m = QUERY_PARAM.exec(s)) {
    if (m[3] !== '' && isSecretParam(m[2] as string)) return true;
    if (m[0] === '') QUERY_PARAM.lastIndex++;
  }
  return false;
}
// A compact JWS/JWE: base64url JSON header `eyJ…` followed by at least two more dot-separated parts.
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/;
// An HTTP credential with its scheme, the whole string: `Bearer abc…`, `DPoP …`, `ApiKey …`.
const AUTH_SCHEME = /^\s*(?:bearer|dpop|token|apikey|splunk)\s+[A-Za-z0-9._~+/=-]{8,}\s*$/i;
// `Basic <base64(user:password)>` — decoded to tell it from prose like "Basic subscription".
const BASIC = /^\s*basic\s+([A-Za-z0-9+/]{4,}={0,2})\s*$/i;

function isBasicCredential(s: string): boolean {
  const m = BASIC.exec(s);
  if (!m) return false;
  try {
    return atob(m[1]).includes(':');
  } catch {
    return false;
  }
}

const KEEP = 0;
const ERASE = 1;
const REWRITE = 2;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

/** Builds the (memoised) key classifier for a set of sensitive key names. */
export function sensitiveKeyMatcher(extra: readonly string[] = []): (key: string) => boolean {
  const names = new Set([...DEFAULT_SENSITIVE_KEYS, ...extra].map(normalizeKey));
  const memo = new Map<string, boolean>();
  return (key: string): boolean => {
    let hit = memo.get(key);
    if (hit !== undefined) return hit;
    const n = normalizeKey(key);
    hit = names.has(n);
    if (!hit) for (const s of SENSITIVE_KEY_SUFFIXES) if (n.endsWith(s)) { hit = true; break; }
    if (memo.size >= 4096) memo.clear();
    memo.set(key, hit);
    return hit;
  };
}

/**
 * Whether `s` may start with an HTTP auth scheme (`AUTH_SCHEME`, `BASIC`): its first character is
 * whitespace or non-ASCII (the regexes' `\s*` prefix) or the first letter of a scheme. A cheap
 * filter in front of the regexes; never `false` for a string they would match.
 */
function mayStartWithScheme(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c <= 0x20 || c > 0x7e) return true; // whitespace, control or non-ASCII: leave it to the regexes
  const l = c | 0x20; // ASCII lower case
  return l === 0x62 /* b */ || l === 0x64 /* d */ || l === 0x74 /* t */ || l === 0x61 /* a */ || l === 0x73 /* s */;
}

/** KEEP, ERASE (the whole string is a credential) or REWRITE (URL with token parameters). */
function classifyString(s: string): number {
  if (s.length < 8) return KEEP;
  if (s.length >= 16 && s.includes('eyJ') && JWT.test(s)) return ERASE;
  if (mayStartWithScheme(s) && (AUTH_SCHEME.test(s) || isBasicCredential(s))) return ERASE;
  if (s.includes('=') && hasSecretParam(s)) return REWRITE;
  return KEEP;
}

function rewriteString(s: string): string {
  return s.replace(QUERY_PARAM, (m: string, lead: string, name: string, value: string) =>
    value !== '' && isSecretParam(name) ? `${lead}${name}=${REDACTED}` : m,
  );
}

/** `true` when a string would be erased or rewritten by the default rules. */
export function looksSensitive(s: string): boolean {
  return classifyString(s) !== KEEP;
}

function escapeToken(t: string): string {
  return t.includes('~') || t.includes('/') ? t.replace(/~/g, '~0').replace(/\//g, '~1') : t;
}

/** Splits a JSON pointer into unescaped tokens; `undefined` if it is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => (t.includes('~') ? t.replace(/~1/g, '/').replace(/~0/g, '~') : t));
}

interface WalkCtx {
  isKey: (key: string) => boolean;
  path: string[];
  erased: string[];
  masked: string[];
  /** See CleanMemo. */
  clean?: CleanMemo;
}

/**
 * Deeply frozen containers the default rules found nothing to change in, with the deepest level
 * they were walked at. A frozen plain object whose own properties are all data properties (and
 * so, all the way down) cannot change, so walking it again gives the same answer. The engine
 * hands the same frozen subject and session parts (one per verified token / session record) to
 * every decision that uses them: they are walked once, not once per event. One memo per key
 * matcher (per logger): what counts as clean depends on `isKey`.
 */
export type CleanMemo = WeakMap<object, number>;

/** A frozen plain container of data properties, all the way down (bounded by MAX_DEPTH). */
function isDeepFrozenData(v: object, depth: number): boolean {
  if (depth >= MAX_DEPTH || !Object.isFrozen(v) || !isPlainContainer(v)) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object' && !isDeepFrozenData(x, depth + 1)) return false;
    return true;
  }
  const descriptors = Object.getOwnPropertyDescriptors(v);
  for (const key of Object.keys(descriptors)) {
    const d = descriptors[key]!;
    if (!('value' in d)) return false; // an accessor may answer differently next time
    const x: unknown = d.value;
    if (x !== null && typeof x === 'object' && !isDeepFrozenData(x, depth + 1)) return false;
  }
  return true;
}

function pointer(ctx: WalkCtx, last?: string | number): string {
  let p = '';
  for (const t of ctx.path) p += `/${escapeToken(t)}`;
  if (last !== undefined) p += `/${escapeToken(String(last))}`;
  return p;
}

function isPlainContainer(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Array.isArray(v);
}

/** Walks one value; returns it unchanged (same reference) or a masked copy. */
function walk(v: unknown, ctx: WalkCtx, depth: number): unknown {
  if (typeof v === 'string') {
    const c = classifyString(v);
    if (c === KEEP) return v;
    ctx.masked.push(pointer(ctx));
    return c === ERASE ? REDACTED : rewriteString(v);
  }
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) {
    ctx.masked.push(pointer(ctx));
    return TRUNCATED;
  }
  // Dates, URLs, class instances, and plain objects with a toJSON of their own: serialise the way
  // JSON.stringify would, then mask that (JSON.stringify emits what toJSON returns, not the keys).
  const toJSON = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let j: unknown;
    try {
      j = toJSON.call(v);
    } catch {
      ctx.masked.push(pointer(ctx));
      return TRUNCATED;
    }
    const m = walk(j, ctx, depth + 1);
    return m === j ? v : m;
  }
  if (!isPlainContainer(v) && (v instanceof Map || v instanceof Set)) return v; // serialise as {} — nothing leaks
  const clean = ctx.clean;
  if (clean !== undefined) {
    const at = clean.get(v);
    if (at !== undefined && depth <= at) return v;
  }
  const out = Array.isArray(v) ? walkArray(v, ctx, depth) : walkObject(v as Record<string, unknown>, ctx, depth);
  if (clean !== undefined && out === v && isDeepFrozenData(v, depth)) clean.set(v, depth);
  return out;
}

function walkArray(arr: unknown[], ctx: WalkCtx, depth: number): unknown[] {
  let out: unknown[] | undefined;
  // A header tuple: ["authorization", "Bearer …"] → the value is redacted.
  const tupleSecret = arr.length === 2 && typeof arr[0] === 'string' && ctx.isKey(arr[0]);
  for (let i = 0; i < arr.length; i++) {
    const val = arr[i];
    let nv: unknown;
    if (tupleSecret && i === 1 && val !== undefined && val !== null) {
      ctx.masked.push(pointer(ctx, 1));
      nv = REDACTED;
    } else if (val !== null && (typeof val === 'object' || typeof val === 'string')) {
      ctx.path.push(String(i));
      nv = walk(val, ctx, depth + 1);
      ctx.path.pop();
    } else continue;
    if (nv !== val) {
      out ??= arr.slice();
      out[i] = nv;
    }
  }
  return out ?? arr;
}

/**
 * A copy of `obj` holding its first `n` own keys (all kept unchanged so far). Copies are built key by
 * key rather than spread-then-`delete`: deleting a property turns a V8 object into a slow
 * dictionary, which JSON.stringify then serialises several times slower.
 */
function copyPrefix(obj: Record<string, unknown>, keys: readonly string[], n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let j = 0; j < n; j++) setOwn(out, keys[j], obj[keys[j]]);
  return out;
}

/** `out[key] = value` as an own data property, even for the key `__proto__`. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function walkObject(obj: Record<string, unknown>, ctx: WalkCtx, depth: number): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  // A name/value pair: {name: "Cookie", value: "…"} → the value is erased.
  const pairName = typeof obj.name === 'string' ? obj.name : typeof obj.key === 'string' ? obj.key : undefined;
  const pairSecret = pairName !== undefined && 'value' in obj && ctx.isKey(pairName);
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const val = obj[key];
    if (val !== undefined) {
      if (key.length >= 8 && classifyString(key) !== KEEP) {
        // A credential used as a key (a map keyed by token, by a URL carrying `?code=…`): drop the
        // entry, redact the pointer (nothing below it is walked, so no pointer repeats the key).
        out ??= copyPrefix(obj, keys, i);
        ctx.erased.push(pointer(ctx, REDACTED));
        continue;
      }
      if (ctx.isKey(key) || (pairSecret && key === 'value')) {
        out ??= copyPrefix(obj, keys, i);
        ctx.erased.push(pointer(ctx, key));
        continue;
      }
      let nv: unknown = val;
      if (typeof val === 'string') {
        const c = classifyString(val);
        if (c === ERASE) {
          out ??= copyPrefix(obj, keys, i);
          ctx.erased.push(pointer(ctx, key));
          continue;
        }
        if (c === REWRITE) {
          ctx.masked.push(pointer(ctx, key));
          nv = rewriteString(val);
        }
      } else if (val !== null && typeof val === 'object') {
        ctx.path.push(key);
        nv = walk(val, ctx, depth + 1);
        ctx.path.pop();
      }
      if (nv !== val) {
        out ??= copyPrefix(obj, keys, i);
        setOwn(out, key, nv);
        continue;
      }
    }
    if (out) setOwn(out, key, val);
  }
  return out ?? obj;
}

const ND_SENSITIVE = /authorization|cookie|token|secret|password|api[-_]?key|eyJ/i;

function walkNdCache(cache: Record<string, unknown>, ctx: WalkCtx): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  ctx.path.push('nd_builtin_cache');
  for (const builtin of Object.keys(cache)) {
    const entries = cache[builtin];
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
      // Not the `{ "<args JSON>": value }` shape OPA writes: masked like any other value.
      ctx.path.push(builtin);
      const nv = walk(entries, ctx, 2);
      ctx.path.pop();
      if (nv !== entries) {
        out ??= { ...cache };
        setOwn(out, builtin, nv);
      }
      continue;
    }
    let outEntries: Record<string, unknown> | undefined;
    ctx.path.push(builtin);
    const e = entries as Record<string, unknown>;
    const keys = Object.keys(e);
    for (let i = 0; i < keys.length; i++) {
      const argsKey = keys[i];
      const val = e[argsKey];
      // The key is the JSON-encoded argument array (e.g. http.send's request, headers included).
      if (ND_SENSITIVE.test(argsKey) || classifyString(argsKey) !== KEEP) {
        outEntries ??= copyPrefix(e, keys, i);
        // The key itself carries the credential: record the pointer with the key redacted.
        ctx.erased.push(pointer(ctx, REDACTED));
        continue;
      }
      ctx.path.push(argsKey);
      const nv = walk(val, ctx, 2);
      ctx.path.pop();
      if (nv !== val) outEntries ??= copyPrefix(e, keys, i);
      if (outEntries) setOwn(outEntries, argsKey, nv);
    }
    ctx.path.pop();
    if (outEntries) {
      out ??= { ...cache };
      setOwn(out, builtin, outEntries);
    }
  }
  ctx.path.pop();
  return out ?? cache;
}

/** A mutable event owned by the caller of the mask functions (top-level object only). */
type OwnedEvent = Record<string, unknown> & { erased?: string[]; masked?: string[] };

/**
 * Applies the default rules to an event whose top-level object the caller owns (nested values may
 * be shared with the application and are never mutated). Returns the number of paths changed.
 */
export function applyDefaultMask(event: OwnedEvent, isKey: (key: string) => boolean, clean?: CleanMemo): number {
  const ctx: WalkCtx = { isKey, path: [], erased: [], masked: [], clean };
  for (const field of ['input', 'result'] as const) {
    const v = event[field];
    if (v === undefined || v === null) continue;
    ctx.path.push(field);
    const nv = walk(v, ctx, 1);
    ctx.path.pop();
    if (nv !== v) event[field] = nv;
  }
  const nd = event.nd_builtin_cache;
  if (nd !== null && typeof nd === 'object' && !Array.isArray(nd)) {
    const nv = walkNdCache(nd as Record<string, unknown>, ctx);
    if (nv !== nd) event.nd_builtin_cache = nv;
  } else if (nd !== undefined && nd !== null) {
    ctx.path.push('nd_builtin_cache');
    const nv = walk(nd, ctx, 1);
    ctx.path.pop();
    if (nv !== nd) event.nd_builtin_cache = nv;
  }
  // Free-text fields that may echo a credential.
  if (typeof event.reason === 'string' && classifyString(event.reason) !== KEEP) {
    event.reason = classifyString(event.reason) === ERASE ? REDACTED : rewriteString(event.reason);
    ctx.masked.push('/reason');
  }
  const err = event.error as ({ message?: unknown } & Record<string, unknown>) | undefined;
  if (err !== null && typeof err === 'object') {
    // The message is redacted in place; any other field (an event from outside the engine may
    // carry details) is masked like input.
    const { message, ...rest } = err;
    ctx.path.push('error');
    const walked = walk(rest, ctx, 1) as Record<string, unknown>;
    ctx.path.pop();
    let msg = message;
    const c = typeof message === 'string' ? classifyString(message) : KEEP;
    if (c !== KEEP) {
      msg = c === ERASE ? REDACTED : rewriteString(message as string);
      ctx.masked.push('/error/message');
    }
    if (walked !== rest || msg !== message) event.error = { ...walked, ...(message !== undefined ? { message: msg } : {}) };
  }
  record(event, ctx.erased, ctx.masked);
  return ctx.erased.length + ctx.masked.length;
}

function record(event: OwnedEvent, erased: string[], masked: string[]): void {
  if (erased.length) event.erased = event.erased ? [...event.erased, ...erased] : erased;
  if (masked.length) event.masked = event.masked ? [...event.masked, ...masked] : masked;
}

const MASKABLE_ROOTS = new Set(['input', 'result', 'nd_builtin_cache']);

function cloneContainer(v: object): Record<string, unknown> | unknown[] {
  return Array.isArray(v) ? v.slice() : { ...(v as Record<string, unknown>) };
}

function arrayIndex(token: string, length: number): number {
  if (!/^(?:0|[1-9]\d*)$/.test(token)) return -1;
  const i = Number(token);
  return i < length ? i : -1;
}

export interface RuleStats {
  /** Rules that could not be applied: not a pointer, or outside /input, /result, /nd_builtin_cache. */
  invalid: number;
}

/**
 * Applies OPA-format mask rules to an event whose top-level object the caller owns. Semantics follow
 * OPA's decision logger: pointers must start with `/input`, `/result` or `/nd_builtin_cache`
 * (others are counted as invalid and ignored); undefined paths are ignored; `remove` of an array
 * element is ignored; `upsert` creates missing intermediate objects but never writes through a
 * scalar; a missing root (`/input` absent) is not created.
 */
export function applyMaskRules(
  event: OwnedEvent,
  rules: readonly MaskRule[],
  stats: RuleStats = { invalid: 0 },
): RuleStats {
  const erased: string[] = [];
  const masked: string[] = [];
  for (const rule of rules) {
    let op: 'remove' | 'upsert';
    let path: string;
    let value: unknown;
    if (typeof rule === 'string') {
      op = 'remove';
      path = rule;
    } else if (rule && typeof rule === 'object' && (rule.op === 'remove' || rule.op === 'upsert')) {
      op = rule.op;
      path = rule.path;
      value = rule.value;
    } else {
      stats.invalid++;
      continue;
    }
    const tokens = parsePointer(path);
    if (!tokens || tokens.length === 0 || !MASKABLE_ROOTS.has(tokens[0])) {
      stats.invalid++;
      continue;
    }
    if (applyOne(event, tokens, op, value)) (op === 'remove' ? erased : masked).push(path);
  }
  record(event, erased, masked);
  return stats;
}

/**
 * Whether `remove` at `tokens` (two or more) finds something to erase, by reading only: a rule
 * that misses copies nothing, so the event keeps the caller's objects (and the logger can reuse
 * their known JSON). Mirrors the checks applyOne makes while it copies.
 */
function removable(root: OwnedEvent, tokens: string[]): boolean {
  let cur: unknown = root[tokens[0]];
  for (let i = 1; i < tokens.length; i++) {
    if (cur === null || typeof cur !== 'object') return false;
    const t = tokens[i];
    if (Array.isArray(cur)) {
      if (i === tokens.length - 1) return false; // OPA: pointers to array elements are undefined for erasure
      const idx = arrayIndex(t, cur.length);
      if (idx < 0) return false;
      cur = cur[idx];
    } else {
      cur = Object.prototype.hasOwnProperty.call(cur, t) ? (cur as Record<string, unknown>)[t] : undefined;
    }
  }
  return cur !== undefined;
}

function applyOne(root: OwnedEvent, tokens: string[], op: 'remove' | 'upsert', value: unknown): boolean {
  if (op === 'remove' && tokens.length > 1 && !removable(root, tokens)) return false;
  if (tokens.length === 1) {
    const key = tokens[0];
    if (root[key] === undefined) return false;
    // Undefined rather than `delete`: the field disappears from the JSON all the same, and the
    // event object keeps its fast (non-dictionary) shape.
    root[key] = op === 'remove' ? undefined : value;
    return true;
  }
  if (root[tokens[0]] === undefined || root[tokens[0]] === null || typeof root[tokens[0]] !== 'object') {
    return false;
  }
  // Walk to the parent of the last token, copying containers along the way (copy on write).
  let parent: Record<string, unknown> | unknown[] = root;
  let holder: Record<string, unknown> | unknown[] = root;
  let holderKey = '';
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    let child: unknown;
    if (Array.isArray(parent)) {
      const idx = arrayIndex(t, parent.length);
      if (idx < 0) return false;
      child = parent[idx];
      if (child === null || typeof child !== 'object') return false;
      const copy = cloneContainer(child);
      parent[idx] = copy;
      holder = parent;
      holderKey = t;
      parent = copy;
      continue;
    }
    child = Object.prototype.hasOwnProperty.call(parent, t) ? parent[t] : undefined;
    if (child === undefined) {
      if (op !== 'upsert') return false;
      // OPA creates the missing intermediate objects for an upsert.
      let cur = parent as Record<string, unknown>;
      for (let j = i; j < tokens.length - 1; j++) {
        const next: Record<string, unknown> = {};
        setOwn(cur, tokens[j], next);
        cur = next;
      }
      setOwn(cur, tokens[tokens.length - 1], value);
      return true;
    }
    if (child === null || typeof child !== 'object') return false;
    const copy = cloneContainer(child);
    setOwn(parent, t, copy);
    holder = parent;
    holderKey = t;
    parent = copy;
  }
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    if (op === 'remove') return false; // OPA: pointers to array elements are undefined for erasure
    const idx = arrayIndex(last, parent.length);
    if (idx < 0) return false;
    parent[idx] = value;
    return true;
  }
  if (op === 'remove') {
    if (!Object.prototype.hasOwnProperty.call(parent, last) || parent[last] === undefined) return false;
    // `parent` is our own copy: replace it by a copy without `last` (no `delete`, see copyPrefix).
    const without: Record<string, unknown> = {};
    for (const k of Object.keys(parent)) if (k !== last) setOwn(without, k, parent[k]);
    if (Array.isArray(holder)) holder[Number(holderKey)] = without;
    else setOwn(holder, holderKey, without);
    return true;
  }
  setOwn(parent, last, value);
  return true;
}

export interface MaskOptions {
  /** Static rules applied to every event, after the default rules. */
  rules?: readonly MaskRule[];
  /** Per-event rules (OPA's `data.system.log.mask`). */
  maskPolicy?: MaskPolicy;
  /** Extra key names to erase by default (normalised like the built-in list). */
  sensitiveKeys?: readonly string[];
}

/**
 * Masks one event without touching the caller's objects: default rules, then `rules`, then
 * `maskPolicy(event)`. Returns a new event (untouched subtrees are shared with the original).
 * If `maskPolicy` throws, `/input` and `/result` are erased entirely (fail closed) and the error
 * is rethrown to the caller only through `onError`.
 */
export function maskEvent<E extends object>(
  event: E,
  options: MaskOptions & { onError?: (err: unknown) => void } = {},
): E {
  const owned = { ...(event as Record<string, unknown>) } as OwnedEvent;
  applyDefaultMask(owned, sensitiveKeyMatcher(options.sensitiveKeys));
  if (options.rules?.length) applyMaskRules(owned, options.rules);
  if (options.maskPolicy) applyPolicyRules(owned, options.maskPolicy, options.onError);
  return owned as unknown as E;
}

/** Runs a mask policy; on exception erases `/input` and `/result` (fail closed). */
export function applyPolicyRules(
  event: OwnedEvent,
  policy: MaskPolicy,
  onError?: (err: unknown) => void,
  stats?: RuleStats,
): void {
  let rules: readonly MaskRule[] | undefined | null;
  try {
    rules = policy(event as unknown as DecisionEvent);
  } catch (err) {
    onError?.(err);
    applyMaskRules(event, ['/input', '/result'], stats);
    return;
  }
  if (rules && rules.length) applyMaskRules(event, rules, stats);
}

/** Evaluates a drop policy; an exception keeps the event (never lose an audit record). */
export function shouldDrop(event: DecisionEvent, policy: DropPolicy | undefined, onError?: (err: unknown) => void): boolean {
  if (!policy) return false;
  try {
    return policy(event) === true;
  } catch (err) {
    onError?.(err);
    return false;
  }
}
