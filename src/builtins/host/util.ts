// Small helpers shared by the host builtins. Edge-safe: no Node APIs (no Buffer), only
// TextEncoder/TextDecoder and plain arithmetic.

import { fail, isObject } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** UTF-8 bytes to a string; invalid sequences become U+FFFD (as converting Go bytes to a Rego string would not). */
export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

const HEX = '0123456789abcdef';

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!;
  return s;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64URL_INDEX[B64URL.charCodeAt(i)] = i;

/**
 * Decodes base64url, with or without `=` padding (as OPA's base64url.decode). Throws BuiltinError
 * on any other character or an impossible length.
 */
export function base64UrlDecode(s: string): Uint8Array {
  let end = s.length;
  if (end % 4 === 0 && end > 0) {
    if (s[end - 1] === '=') end--;
    if (s[end - 1] === '=') end--;
  }
  if (end % 4 === 1) fail('illegal base64 data: invalid length');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64URL_INDEX[c]! : -1;
    if (v < 0) fail(`illegal base64 data at input byte ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Go rejects non-zero trailing bits only in strict mode; OPA does not use strict mode.
  return out.subarray(0, o);
}

export function base64UrlEncode(b: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    s += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  if (i < b.length) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8);
    s += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]!;
    if (i + 1 < b.length) s += B64URL[(n >> 6) & 63]!;
  }
  return s;
}

/** Compares strings by Unicode code point (= Go's bytewise UTF-8 order), unlike `<` on UTF-16. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (astral code point) sorts after every BMP code point, which UTF-16 order breaks
    // only against U+E000–U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** An object's keys in Go/OPA order (JS objects put integer-like keys first). */
export function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort(compareStrings);
}

/** Number of Unicode code points. */
export function runeLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** UTF-16 length of the code point starting at index i (1 or 2); 1 at the end of the string. */
export function codePointWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** A bounded LRU cache (Map keeps insertion order; a hit moves the entry to the end). */
export class LRU<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.Quote (asciiOnly: QuoteToASCII). */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (cp < 0x80 ? cp >= 0x20 && cp < 0x7f : !asciiOnly && PRINTABLE.test(ch) && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += ch;
    } else {
      out += escapeRune(cp);
    }
  }
  return out + '"';
}

/** Go's strconv.QuoteRune. */
export function goQuoteRune(cp: number, asciiOnly = false): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp < 0) cp = 0xfffd;
  const ch = String.fromCodePoint(cp);
  if (ch === "'" || ch === '\\') return `'\\${ch}'`;
  if (cp < 0x80 ? cp >= 0x20 && cp < 0x7f : !asciiOnly && PRINTABLE.test(ch)) return `'${ch}'`;
  return `'${escapeRune(cp)}'`;
}

function escapeRune(cp: number): string {
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** A JS number as Rego/JSON number text (integers exactly, including those above 2^53). */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  return JSON.stringify(n);
}

/**
 * A value printed as Rego prints terms (`ast.Term.String()`): strings quoted, arrays `[1, "a"]`,
 * objects `{"a": 1}` with sorted keys. Sets arrive from the SDK as arrays and print as arrays.
 */
export function regoString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numberText(v);
    case 'string':
      return goQuote(v);
  }
  if (Array.isArray(v)) return '[' + v.map(regoString).join(', ') + ']';
  if (isObject(v)) {
    return '{' + sortedKeys(v).map((k) => `${goQuote(k)}: ${regoString(v[k])}`).join(', ') + '}';
  }
  return String(v);
}

/** Rego equality of JSON values (numbers by value, objects regardless of key order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
