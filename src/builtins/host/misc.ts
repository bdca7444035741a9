// uuid.rfc4122, rand.intn, opa.runtime, trace, bits.* and graph.reachable.

import { arr, fail, int, obj, str, type JsonObject } from './errors.js';
import { toHex } from './util.js';

export type RandomBytes = (n: number) => Uint8Array;

export const defaultRandomBytes: RandomBytes = (n) => {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
};

/** uuid.rfc4122(k): a version 4 UUID, the same for the same `k` within one builtin map (evaluation). */
export function makeUuid(random: RandomBytes): (k: unknown) => string {
  const seen = new Map<string, string>();
  return (k) => {
    const key = str(k, 1);
    let id = seen.get(key);
    if (id === undefined) {
      const b = random(16).slice(0, 16);
      if (b.length !== 16) fail('random source returned too few bytes');
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = toHex(b);
      id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      seen.set(key, id);
    }
    return id;
  };
}

/** A uniform integer in [0, n) for 0 < n ≤ 2^53, by rejection sampling over 53 random bits. */
function uniform(random: RandomBytes, n: number): number {
  const limit = 2 ** 53 - (2 ** 53 % n);
  for (;;) {
    const b = random(7);
    let x = 0;
    for (let i = 0; i < 7; i++) x = x * 256 + b[i]!;
    x = Math.floor(x / 8); // 56 → 53 bits
    if (x < limit) return x % n;
  }
}

/** rand.intn(str, n): in [0, |n|), the same for the same (str, n) within one builtin map (evaluation). */
export function makeRandIntn(random: RandomBytes): (s: unknown, n: unknown) => number {
  const seen = new Map<string, number>();
  return (s, n) => {
    const key = str(s, 1);
    let m = int(n, 2);
    if (m === 0) return 0;
    if (m < 0) m = -m;
    if (m > 2 ** 53) fail('operand 2 must be at most 2^53');
    const cacheKey = `${m}\u0000${key}`;
    let v = seen.get(cacheKey);
    if (v === undefined) {
      v = uniform(random, m);
      seen.set(cacheKey, v);
    }
    return v;
  };
}

/** opa.runtime(): the engine-provided runtime object without `env` (environment variables are never exposed). */
export function makeOpaRuntime(runtime: JsonObject | undefined): () => JsonObject {
  return () => {
    const out: JsonObject = {};
    if (runtime) for (const k of Object.keys(runtime)) if (k !== 'env') out[k] = runtime[k];
    return out;
  };
}

export function trace(note: unknown): boolean {
  str(note, 1);
  return true;
}

// ── bits ──────────────────────────────────────────────────────────────────────────────────────

function bigIntOperand(v: unknown, pos: number): bigint {
  return BigInt(int(v, pos));
}

const MAX_SHIFT = 1024;

export const bitsOr = (x: unknown, y: unknown) => Number(bigIntOperand(x, 1) | bigIntOperand(y, 2));
export const bitsAnd = (x: unknown, y: unknown) => Number(bigIntOperand(x, 1) & bigIntOperand(y, 2));
export const bitsXor = (x: unknown, y: unknown) => Number(bigIntOperand(x, 1) ^ bigIntOperand(y, 2));
export const bitsNegate = (x: unknown) => Number(~bigIntOperand(x, 1));

export function bitsLsh(x: unknown, s: unknown): number {
  const a = bigIntOperand(x, 1);
  const n = int(s, 2);
  if (n < 0) fail('operand 2 must be an unsigned integer number but got a negative integer');
  if (n > MAX_SHIFT) fail('shift too large');
  return Number(a << BigInt(n));
}

export function bitsRsh(x: unknown, s: unknown): number {
  const a = bigIntOperand(x, 1);
  const n = int(s, 2);
  if (n < 0) fail('operand 2 must be an unsigned integer number but got a negative integer');
  return Number(a >> BigInt(Math.min(n, MAX_SHIFT)));
}

// ── graph.reachable ───────────────────────────────────────────────────────────────────────────

/**
 * graph.reachable(graph, initial): the nodes reachable from `initial` (those that are keys of
 * `graph`), following the array (or set) of neighbours stored under each key.
 */
export function graphReachable(graph: unknown, initial: unknown): unknown[] {
  const g = obj(graph, 1);
  if (!Array.isArray(initial)) fail(`operand 2 must be one of {array, set} but got ${initial === null ? 'null' : typeof initial}`);
  const queue = [...arr(initial, 2)];
  const reached = new Map<string, unknown>();
  while (queue.length > 0) {
    const node = queue.shift();
    if (typeof node !== 'string' || !Object.prototype.hasOwnProperty.call(g, node)) continue;
    const edges = g[node];
    // Neighbours are an array (or a set, which arrives as an array); anything else has no edges.
    if (Array.isArray(edges)) {
      for (const n of edges) if (!reached.has(JSON.stringify(n))) queue.push(n);
    }
    reached.set(JSON.stringify(node), node);
  }
  return [...reached.values()];
}
