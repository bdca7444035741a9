// Exact integer arithmetic beyond i64 for + - * and rem (%), on base-1e9 magnitudes allocated on
// the heap: u32 @0 limb count, then little-endian u32 limbs (each < 1e9).

import { malloc, shrinkLast } from './alloc';
import { fmtI64, numberFromText, numText, textLen } from './number';
import { kindOf, N_INT } from './value';

const BASE: u64 = 1000000000;

@inline function blen(b: i32): i32 {
  return load<i32>(b);
}
@inline function blimb(b: i32, i: i32): u32 {
  return load<u32>(b + 4 + (i << 2));
}
@inline function bset(b: i32, i: i32, v: u32): void {
  store<u32>(b + 4 + (i << 2), v);
}

function bnew(cap: i32): i32 {
  let b = malloc(4 + (cap << 2));
  store<i32>(b, 0);
  return b;
}

function btrim(b: i32): void {
  let n = blen(b);
  while (n > 0 && blimb(b, n - 1) == 0) n--;
  store<i32>(b, n);
}

let opNeg: bool = false;

/** Magnitude of an integer number (INT or integer-syntax REF); sets opNeg. */
function bfromNumber(v: i32): i32 {
  let p: i32;
  let n: i32;
  if (kindOf(v) == N_INT) {
    p = malloc(24);
    n = fmtI64(load<i64>(v, 8), p);
  } else {
    p = numText(v);
    n = textLen;
  }
  opNeg = false;
  let s = 0;
  if (n > 0 && load<u8>(p) == 0x2d) {
    opNeg = true;
    s = 1;
  }
  let digits = n - s;
  let cap = digits / 9 + 1;
  let b = bnew(cap);
  let k = 0;
  let endPos = n;
  while (endPos > s) {
    let start = endPos - 9 > s ? endPos - 9 : s;
    let x: u32 = 0;
    for (let i = start; i < endPos; i++) x = x * 10 + <u32>(load<u8>(p + i) - 0x30);
    bset(b, k++, x);
    endPos = start;
  }
  store<i32>(b, k);
  btrim(b);
  return b;
}

function bcmp(a: i32, b: i32): i32 {
  let na = blen(a);
  let nb = blen(b);
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = na - 1; i >= 0; i--) {
    let x = blimb(a, i);
    let y = blimb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

function badd(a: i32, b: i32): i32 {
  let na = blen(a);
  let nb = blen(b);
  let n = na > nb ? na : nb;
  let r = bnew(n + 1);
  let carry: u32 = 0;
  for (let i = 0; i < n; i++) {
    let s = (i < na ? blimb(a, i) : 0) + (i < nb ? blimb(b, i) : 0) + carry;
    if (s >= <u32>BASE) {
      s -= <u32>BASE;
      carry = 1;
    } else {
      carry = 0;
    }
    bset(r, i, s);
  }
  bset(r, n, carry);
  store<i32>(r, n + 1);
  btrim(r);
  return r;
}

/** a - b with a >= b. */
function bsub(a: i32, b: i32): i32 {
  let na = blen(a);
  let nb = blen(b);
  let r = bnew(na);
  let borrow: i64 = 0;
  for (let i = 0; i < na; i++) {
    let d = <i64>blimb(a, i) - (i < nb ? <i64>blimb(b, i) : 0) - borrow;
    if (d < 0) {
      d += <i64>BASE;
      borrow = 1;
    } else {
      borrow = 0;
    }
    bset(r, i, <u32>d);
  }
  store<i32>(r, na);
  btrim(r);
  return r;
}

function bmul(a: i32, b: i32): i32 {
  let na = blen(a);
  let nb = blen(b);
  let n = na + nb;
  let r = bnew(n);
  for (let i = 0; i < n; i++) bset(r, i, 0);
  for (let i = 0; i < na; i++) {
    let carry: u64 = 0;
    let x = <u64>blimb(a, i);
    for (let j = 0; j < nb; j++) {
      let t = <u64>blimb(r, i + j) + x * <u64>blimb(b, j) + carry;
      bset(r, i + j, <u32>(t % BASE));
      carry = t / BASE;
    }
    let k = i + nb;
    while (carry != 0) {
      let t = <u64>blimb(r, k) + carry;
      bset(r, k, <u32>(t % BASE));
      carry = t / BASE;
      k++;
    }
  }
  store<i32>(r, n);
  btrim(r);
  return r;
}

/** a mod b (magnitudes, b != 0) by decimal long division. */
function brem(a: i32, b: i32): i32 {
  let na = blen(a);
  let r = bnew(blen(b) + 2);
  for (let i = na - 1; i >= 0; i--) {
    let limb = blimb(a, i);
    // 9 decimal digits, most significant first
    let div: u32 = 100000000;
    for (let d = 0; d < 9; d++) {
      let digit = (limb / div) % 10;
      div /= 10;
      // r = r * 10 + digit
      let carry: u64 = <u64>digit;
      let n = blen(r);
      for (let j = 0; j < n; j++) {
        let t = <u64>blimb(r, j) * 10 + carry;
        bset(r, j, <u32>(t % BASE));
        carry = t / BASE;
      }
      if (carry != 0) {
        bset(r, n, <u32>carry);
        store<i32>(r, n + 1);
      }
      while (bcmp(r, b) >= 0) {
        let s = bsub(r, b);
        memory.copy(r, s, 4 + (blen(s) << 2));
      }
    }
  }
  return r;
}

/** Number value from a signed magnitude. */
function btoNumber(neg: bool, b: i32): i32 {
  let n = blen(b);
  if (n == 0) return numberFromText(zeroText(), 1, 1);
  let buf = malloc(n * 9 + 2);
  let o = 0;
  if (neg) store<u8>(buf + o++, 0x2d);
  // top limb without leading zeros
  let top = blimb(b, n - 1);
  let tmp = malloc(12);
  let tl = fmtI64(<i64>top, tmp);
  memory.copy(buf + o, tmp, tl);
  o += tl;
  for (let i = n - 2; i >= 0; i--) {
    let x = blimb(b, i);
    for (let d = 8; d >= 0; d--) {
      store<u8>(buf + o + d, <u8>(0x30 + x % 10));
      x /= 10;
    }
    o += 9;
  }
  return numberFromText(buf, o, 1);
}

const ZERO_TXT = memory.data<u8>([0x30]);
function zeroText(): i32 {
  return <i32>ZERO_TXT;
}

export const OP_ADD: i32 = 0;
export const OP_SUB: i32 = 1;
export const OP_MUL: i32 = 2;
export const OP_REM: i32 = 3;

/** Exact integer a op b for integer numbers (INT or integer-syntax REF). */
export function bigArith(a: i32, b: i32, op: i32): i32 {
  let ma = bfromNumber(a);
  let na = opNeg;
  let mb = bfromNumber(b);
  let nb = opNeg;
  if (op == OP_MUL) return btoNumber(na != nb && blen(ma) != 0 && blen(mb) != 0, bmul(ma, mb));
  if (op == OP_REM) {
    // truncated remainder: sign of the dividend
    let r = brem(ma, mb);
    return btoNumber(na && blen(r) != 0, r);
  }
  if (op == OP_SUB) nb = !nb;
  if (na == nb) return btoNumber(na, badd(ma, mb));
  let c = bcmp(ma, mb);
  if (c == 0) return btoNumber(false, bnew(0));
  if (c > 0) return btoNumber(na, bsub(ma, mb));
  return btoNumber(nb, bsub(mb, ma));
}

/** True if the integer magnitude of b is zero. */
export function bigIsZero(v: i32): bool {
  let m = bfromNumber(v);
  return blen(m) == 0;
}

// ---- formatting in base 2, 8, 10, 16 (format_int) ----------------------------------------------

/** Set by bigFormat: the length of the digits it wrote. */
export let bigFormatLen: i32 = 0;

/** Magnitude of an integer number (INT or integer-syntax REF); its sign in bigNumberNeg. */
export let bigNumberNeg: bool = false;
export function bigFromNumber(v: i32): i32 {
  let b = bfromNumber(v);
  bigNumberNeg = opNeg;
  return b;
}

/** Magnitude of an integral, finite f64 (exact: mantissa times a power of two). */
export function bigFromF64(f: f64): i32 {
  let a = Math.abs(f);
  if (a < 18446744073709551616.0) {
    let u = <u64>a;
    let b = bnew(3);
    let k = 0;
    while (u != 0) {
      bset(b, k++, <u32>(u % BASE));
      u /= BASE;
    }
    store<i32>(b, k);
    return b;
  }
  let bits = reinterpret<u64>(a);
  let exp = <i32>((bits >> 52) & 0x7ff) - 1075; // a = mant * 2^exp, exp >= 12 here
  let mant = (bits & 0xfffffffffffff) | 0x10000000000000;
  // 2^exp has at most 309 decimal digits: 35 limbs of 9
  let b = bnew(40);
  bset(b, 0, <u32>(mant % BASE));
  bset(b, 1, <u32>(mant / BASE));
  store<i32>(b, 2);
  while (exp > 0) {
    let s = exp < 30 ? exp : 30;
    exp -= s;
    let carry: u64 = 0;
    let n = blen(b);
    for (let i = 0; i < n; i++) {
      let t = (<u64>blimb(b, i) << <u64>s) + carry;
      bset(b, i, <u32>(t % BASE));
      carry = t / BASE;
    }
    while (carry != 0) {
      bset(b, n++, <u32>(carry % BASE));
      carry /= BASE;
    }
    store<i32>(b, n);
  }
  btrim(b);
  return b;
}

const HEX_DIGITS = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/**
 * Writes "-"? and the digits of magnitude b (consumed) in base 2, 8, 10 or 16 to a new buffer;
 * returns it, with the length in bigFormatLen. Zero is "0" (never "-0").
 */
export function bigFormat(b: i32, neg: bool, base: i32): i32 {
  let n = blen(b);
  // each base-1e9 limb is under 2^30: at most 30 binary digits
  let cap = n * 30 + 2;
  let buf = malloc(cap);
  let o = cap;
  if (n == 0) {
    store<u8>(buf, 0x30);
    bigFormatLen = 1;
    return buf;
  }
  // divide by base^k (<= 2^30) repeatedly; each remainder gives k digits
  let k = base == 2 ? 30 : base == 8 ? 10 : base == 16 ? 7 : 9;
  let d: u64 = 1;
  for (let i = 0; i < k; i++) d *= <u64>base;
  while (n > 0) {
    let rem: u64 = 0;
    for (let i = n - 1; i >= 0; i--) {
      let cur = rem * BASE + <u64>blimb(b, i);
      bset(b, i, <u32>(cur / d));
      rem = cur % d;
    }
    while (n > 0 && blimb(b, n - 1) == 0) n--;
    store<i32>(b, n);
    // k digits, or only the significant ones for the most significant chunk
    for (let i = 0; i < k; i++) {
      if (n == 0 && rem == 0) break;
      o--;
      store<u8>(buf + o, load<u8>(<i32>HEX_DIGITS + <i32>(rem % <u64>base)));
      rem /= <u64>base;
    }
  }
  if (neg) {
    o--;
    store<u8>(buf + o, 0x2d);
  }
  bigFormatLen = cap - o;
  return buf + o;
}
