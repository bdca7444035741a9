// net.cidr_* builtins, IPv4 and IPv6, with Go's net.ParseIP/ParseCIDR rules (what OPA uses):
// dotted-decimal IPv4 without leading zeros, IPv6 without zone ids, and IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) treated as the IPv4 address. ipaddr.js does the IPv6 text parsing and RFC 5952
// formatting; the arithmetic is on BigInt.

import ipaddr from 'ipaddr.js';
import { arr, fail, isObject, str } from './errors.js';
import { LRU } from './util.js';

interface Addr {
  bits: 32 | 128;
  value: bigint;
}

interface Net {
  bits: 32 | 128;
  /** The address as written (host bits kept). */
  ip: bigint;
  prefix: number;
  /** First and last address of the range. */
  first: bigint;
  last: bigint;
}

const DECIMAL_V4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const MAPPED_PREFIX = 0xffffn << 32n;

// Parsed addresses and networks are cached: policies mostly compare against constant CIDRs, and
// IPv6 parsing is the expensive part of a containment check.
const ipCache = new LRU<string, Addr | null>(1024);
const cidrCache = new LRU<string, Net | null>(1024);

/** Go's net.ParseIP (IPv4-mapped IPv6 addresses become IPv4), or undefined. */
export function parseIP(s: string): Addr | undefined {
  const cached = ipCache.get(s);
  if (cached !== undefined) return cached ?? undefined;
  const a = parseIPUncached(s);
  ipCache.set(s, a ?? null);
  return a;
}

function parseIPUncached(s: string): Addr | undefined {
  const m = DECIMAL_V4.exec(s);
  if (m) {
    const parts = m.slice(1, 5).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { bits: 32, value: BigInt(((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0) };
  }
  if (!s.includes(':') || s.includes('%')) return undefined;
  // An embedded IPv4 tail must be dotted decimal; it is rewritten as two hex groups because
  // ipaddr.js reads "::a.b.c.d" as IPv4-mapped, while Go (and RFC 4291) keep it IPv4-compatible.
  const tail = /[.\d]+$/.exec(s)?.[0];
  if (tail && tail.includes('.')) {
    const v4 = parseIP(tail);
    if (!v4 || v4.bits !== 32 || !DECIMAL_V4.test(tail)) return undefined;
    const n = Number(v4.value);
    s = `${s.slice(0, s.length - tail.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  if (!ipaddr.IPv6.isValid(s)) return undefined;
  let value = 0n;
  for (const part of ipaddr.IPv6.parse(s).parts) value = (value << 16n) | BigInt(part);
  if (value >> 32n === 0xffffn) return { bits: 32, value: value & 0xffffffffn };
  return { bits: 128, value };
}

function mask(bits: number, prefix: number): bigint {
  const host = BigInt(bits - prefix);
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << host) - 1n);
}

function makeNet(bits: 32 | 128, ip: bigint, prefix: number): Net {
  const m = mask(bits, prefix);
  const first = ip & m;
  return { bits, ip, prefix, first, last: first | (((1n << BigInt(bits)) - 1n) ^ m) };
}

/** Go's net.ParseCIDR, or undefined. */
export function parseCIDR(s: string): Net | undefined {
  const cached = cidrCache.get(s);
  if (cached !== undefined) return cached ?? undefined;
  const n = parseCIDRUncached(s);
  cidrCache.set(s, n ?? null);
  return n;
}

function parseCIDRUncached(s: string): Net | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addrText = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  if (!/^\d{1,5}$/.test(maskText)) return undefined;
  let prefix = Number(maskText);
  const isV6Text = addrText.includes(':');
  const addr = parseIP(addrText);
  if (!addr) return undefined;
  if (isV6Text) {
    // The prefix counts over 128 bits even for an IPv4-mapped address.
    if (prefix > 128) return undefined;
    if (addr.bits === 32) {
      if (prefix >= 96) return makeNet(32, addr.value, prefix - 96);
      return makeNet(128, MAPPED_PREFIX | addr.value, prefix);
    }
    return makeNet(128, addr.value, prefix);
  }
  if (prefix > 32) return undefined;
  prefix = Math.trunc(prefix);
  return makeNet(32, addr.value, prefix);
}

function netOperand(v: unknown, pos: number): Net {
  const s = str(v, pos);
  const n = parseCIDR(s);
  if (!n) fail(`invalid CIDR address: ${s}`);
  return n;
}

export function formatAddr(bits: 32 | 128, value: bigint): string {
  if (bits === 32 || value >> 32n === 0xffffn) {
    const v = Number(value & 0xffffffffn);
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

function formatNet(bits: 32 | 128, ip: bigint, prefix: number): string {
  return `${formatAddr(bits, ip)}/${prefix}`;
}

const contains = (n: Net, bits: number, v: bigint) => n.bits === bits && v >= n.first && v <= n.last;

export function cidrContains(cidr: unknown, cidrOrIp: unknown): boolean {
  const a = netOperand(cidr, 1);
  const s = str(cidrOrIp, 2);
  const ip = parseIP(s);
  if (ip) return contains(a, ip.bits, ip.value);
  const b = parseCIDR(s);
  if (!b) fail(`not a valid textual representation of an IP address or CIDR: ${s}`);
  return contains(a, b.bits, b.first) && contains(a, b.bits, b.last);
}

export function cidrIntersects(cidr1: unknown, cidr2: unknown): boolean {
  const a = netOperand(cidr1, 1);
  const b = netOperand(cidr2, 2);
  return contains(a, b.bits, b.first) || contains(b, a.bits, a.first);
}

export function cidrIsValid(cidr: unknown): boolean {
  return typeof cidr === 'string' && parseCIDR(cidr) !== undefined;
}

/** Upper bound on net.cidr_expand's output (OPA has none, but can cancel a runaway query). */
export const CIDR_EXPAND_LIMIT = 65536;

export function cidrExpand(cidr: unknown): string[] {
  const n = netOperand(cidr, 1);
  const count = n.last - n.first + 1n;
  if (count > BigInt(CIDR_EXPAND_LIMIT)) fail(`CIDR expands to ${count} addresses, more than the limit of ${CIDR_EXPAND_LIMIT}`);
  const out: string[] = [];
  for (let v = n.first; v <= n.last; v++) out.push(formatAddr(n.bits, v));
  return out;
}

interface Range {
  bits: 32 | 128;
  first: bigint;
  last: bigint;
  /** The original network's text when the range was not merged. */
  text?: string;
}

/** The classful default mask Go's IP.DefaultMask gives an IPv4 address (what OPA uses for bare IPs). */
function defaultPrefix(v: bigint): number {
  const top = Number(v >> 24n);
  if (top < 0x80) return 8;
  if (top < 0xc0) return 16;
  return 24;
}

function rangeOf(v: unknown): Range {
  if (typeof v !== 'string') fail('element must be string');
  const ip = parseIP(v);
  if (ip) {
    if (ip.bits === 128) fail('IPv6 invalid: needs prefix length');
    const prefix = defaultPrefix(ip.value);
    const n = makeNet(32, ip.value, prefix);
    // Go prints such a network with its host bits (IPNet{IP: ip, Mask: DefaultMask}).
    return { bits: 32, first: n.first, last: n.last, text: formatNet(32, ip.value, prefix) };
  }
  const n = parseCIDR(v);
  if (!n) fail(`invalid CIDR address: ${v}`);
  return { bits: n.bits, first: n.first, last: n.last, text: formatNet(n.bits, n.first, n.prefix) };
}

/** The minimal list of CIDRs covering [first, last]. */
function rangeToCIDRs(bits: 32 | 128, first: bigint, last: bigint): string[] {
  const out: string[] = [];
  let cur = first;
  while (cur <= last) {
    // The largest aligned block starting at cur that stays within last.
    let size = 0;
    while (size < bits && (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= last) size++;
    out.push(formatNet(bits, cur, bits - size));
    cur += 1n << BigInt(size);
  }
  return out;
}

export function cidrMerge(addrs: unknown): string[] {
  const list = arr(addrs, 1);
  const ranges = list.map(rangeOf);
  const out: string[] = [];
  for (const bits of [32, 128] as const) {
    const rs = ranges
      .filter((r) => r.bits === bits)
      .sort((a, b) => (a.last !== b.last ? (a.last < b.last ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    // Merge from the end: a range merges into its predecessor when it overlaps or is adjacent.
    for (let i = rs.length - 1; i > 0; i--) {
      const cur = rs[i]!;
      const prev = rs[i - 1]!;
      if (cur.first - 1n <= prev.last) {
        rs[i - 1] = { bits, first: prev.first < cur.first ? prev.first : cur.first, last: cur.last };
        rs.splice(i, 1);
      }
    }
    for (const r of rs) {
      if (r.text !== undefined) out.push(r.text);
      else out.push(...rangeToCIDRs(bits, r.first, r.last));
    }
  }
  return [...new Set(out)];
}

type MatchItem = [cidr: unknown, key: unknown];

function matchItems(v: unknown, operand: number): MatchItem[] {
  const element = (x: unknown): unknown => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x) && x.length > 0) return x[0];
    fail(`operand ${operand}: element must be string or non-empty array`);
  };
  if (typeof v === 'string') return [[v, v]];
  if (Array.isArray(v)) return v.map((x, i) => [element(x), i]);
  if (isObject(v)) return Object.keys(v).map((k) => [element(v[k]), k]);
  return [];
}

export function cidrContainsMatches(cidrs: unknown, cidrsOrIps: unknown): [unknown, unknown][] {
  const out: [unknown, unknown][] = [];
  const left = matchItems(cidrs, 1);
  const right = matchItems(cidrsOrIps, 2);
  for (const [c1, k1] of left) {
    for (const [c2, k2] of right) {
      if (cidrContains(c1, c2)) out.push([k1, k2]);
    }
  }
  return out;
}
