// Exact float <-> decimal conversions.
//  - dtoaShortest: shortest digit string that round-trips (free-format Steele-White / Dragon4 with
//    big integers; a fast path for integers below 2^53).
//  - strtod: correctly rounded decimal -> f64 (exact fast path, else an approximation refined by
//    exact big-integer comparison against the rounding midpoints).

import {
  B0, B1, B2, B3, B4,
  bigAdd, bigCmp, bigCopy, bigMulPow10, bigMulSmall, bigSetU64, bigShl, bigSub, bigAddSmall,
} from './bignum';

/** Output of dtoaShortest: ASCII digits (no leading/trailing zeros). */
export const DIGITS: i32 = <i32>memory.data(32, 8);
/** Decimal point position: value = 0.DIGITS x 10^dtoaPoint. */
export let dtoaPoint: i32 = 0;

const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

@inline export function pow10f(i: i32): f64 {
  return load<f64>(<i32>POW10 + (i << 3));
}

/** Shortest round-trip digits of v (finite, > 0). Returns the digit count. */
export function dtoaShortest(v: f64): i32 {
  let bits = reinterpret<u64>(v);
  let be = <i32>((bits >>> 52) & 0x7ff);
  let m = bits & 0xfffffffffffff;
  let f: u64;
  let e: i32;
  if (be == 0) {
    f = m;
    e = -1074;
  } else {
    f = m | (<u64>1 << 52);
    e = be - 1075;
  }
  // Integers below 2^53: their digits are the shortest representation.
  if (v < 9007199254740992.0 && Math.floor(v) == v) {
    let u = <u64>v;
    let tmp: i32 = DIGITS + 24;
    let n = 0;
    while (u != 0) {
      store<u8>(tmp - n - 1, <u8>(0x30 + <i32>(u % 10)));
      u /= 10;
      n++;
    }
    // move to DIGITS, strip trailing zeros
    let nz = n;
    while (nz > 1 && load<u8>(tmp - n + nz - 1) == 0x30) nz--;
    memory.copy(DIGITS, tmp - n, nz);
    dtoaPoint = n;
    return nz;
  }
  let isEven = (f & 1) == 0;
  let lowerCloser = m == 0 && be > 1;
  // r = B0, s = B1, m+ = B2, m- = B3
  if (e >= 0) {
    bigSetU64(B0, f);
    bigShl(B0, e + (lowerCloser ? 2 : 1));
    bigSetU64(B1, lowerCloser ? 4 : 2);
    bigSetU64(B2, 1);
    bigShl(B2, e + (lowerCloser ? 1 : 0));
    bigSetU64(B3, 1);
    bigShl(B3, e);
  } else {
    bigSetU64(B0, f);
    bigShl(B0, lowerCloser ? 2 : 1);
    bigSetU64(B1, 1);
    bigShl(B1, (lowerCloser ? 2 : 1) - e);
    bigSetU64(B2, lowerCloser ? 2 : 1);
    bigSetU64(B3, 1);
  }
  let k = <i32>Math.ceil(Math.log10(v) - 1e-10);
  if (k >= 0) {
    bigMulPow10(B1, k);
  } else {
    bigMulPow10(B0, -k);
    bigMulPow10(B2, -k);
    bigMulPow10(B3, -k);
  }
  bigAdd(B4, B0, B2);
  let c0 = bigCmp(B4, B1);
  if (isEven ? c0 >= 0 : c0 > 0) {
    k++;
    bigMulSmall(B1, 10);
  }
  let n = 0;
  while (n < 30) {
    bigMulSmall(B0, 10);
    bigMulSmall(B2, 10);
    bigMulSmall(B3, 10);
    let d = 0;
    while (bigCmp(B0, B1) >= 0) {
      bigSub(B0, B1);
      d++;
    }
    let c1 = bigCmp(B0, B3);
    let low = isEven ? c1 <= 0 : c1 < 0;
    bigAdd(B4, B0, B2);
    let c2 = bigCmp(B4, B1);
    let high = isEven ? c2 >= 0 : c2 > 0;
    if (!low && !high) {
      store<u8>(DIGITS + n, <u8>(0x30 + d));
      n++;
      continue;
    }
    if (low && high) {
      bigCopy(B4, B0);
      bigShl(B4, 1);
      let c = bigCmp(B4, B1);
      if (c > 0 || (c == 0 && (d & 1) == 1)) d++;
    } else if (high) {
      d++;
    }
    store<u8>(DIGITS + n, <u8>(0x30 + d));
    n++;
    break;
  }
  while (n > 1 && load<u8>(DIGITS + n - 1) == 0x30) n--;
  dtoaPoint = k;
  return n;
}

// ---------------------------------------------------------------------------------------------
// strtod

const SIG_MAX: i32 = 780;
const SIG = memory.data(SIG_MAX + 8, 8);

@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

function nextUp(z: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(z) + 1);
}
function nextDown(z: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(z) - 1);
}

/** Loads the significant digits (SIG[0..nd)) as a big integer into b. */
function loadDigits(b: i32, nd: i32): void {
  bigSetU64(b, 0);
  let i = 0;
  while (i < nd) {
    let chunk: u32 = 0;
    let mul: u32 = 1;
    let j = 0;
    while (j < 9 && i < nd) {
      chunk = chunk * 10 + <u32>(load<u8>(<i32>SIG + i) - 0x30);
      mul *= 10;
      i++;
      j++;
    }
    bigMulSmall(b, mul);
    bigAddSmall(b, chunk);
  }
}

/**
 * Compares D x 10^e10 (D = digits in B0) with (2*mz + 1) x 2^(ez - 1) when `upper`, or with the
 * lower midpoint otherwise. Returns -1/0/1 for D < / = / > midpoint.
 */
function cmpMid(nd: i32, e10: i32, mz: u64, ez: i32, lowerCloser: bool, upper: bool): i32 {
  bigCopy(B1, B0);
  let mid: u64;
  let sh: i32;
  if (upper) {
    mid = 2 * mz + 1;
    sh = ez - 1;
  } else if (lowerCloser) {
    mid = 4 * mz - 1;
    sh = ez - 2;
  } else {
    mid = 2 * mz - 1;
    sh = ez - 1;
  }
  bigSetU64(B2, mid);
  if (e10 >= 0) bigMulPow10(B1, e10);
  else bigMulPow10(B2, -e10);
  if (sh >= 0) bigShl(B2, sh);
  else bigShl(B1, -sh);
  return bigCmp(B1, B2);
}

/**
 * Parses the JSON-syntax number text at p (n bytes, assumed valid) to the nearest f64
 * (round half to even). Overflow gives +-Infinity.
 */
export function strtod(p: i32, n: i32): f64 {
  let i = 0;
  let neg = false;
  if (i < n && load<u8>(p) == 0x2d) {
    neg = true;
    i++;
  } else if (i < n && load<u8>(p) == 0x2b) {
    i++;
  }
  let nd = 0; // significant digits stored (after leading zeros, before trailing-zero strip)
  let ndAll = 0; // all significant digits seen
  let lastNonZero = 0; // ndAll index (1-based) of last nonzero digit
  let fracDigits = 0;
  let sawPoint = false;
  let w: u64 = 0;
  let sticky = false;
  for (; i < n; i++) {
    let c = <i32>load<u8>(p + i);
    if (c == 0x2e) {
      sawPoint = true;
      continue;
    }
    if (!isDigit(c)) break;
    if (sawPoint) fracDigits++;
    if (ndAll == 0 && c == 0x30) continue; // leading zero
    ndAll++;
    if (c != 0x30) lastNonZero = ndAll;
    if (nd < SIG_MAX) {
      store<u8>(<i32>SIG + nd, <u8>c);
      nd++;
    } else if (c != 0x30) {
      sticky = true;
    }
  }
  let exp: i64 = 0;
  if (i < n && (load<u8>(p + i) | 0x20) == 0x65) {
    i++;
    let eneg = false;
    if (i < n && load<u8>(p + i) == 0x2d) {
      eneg = true;
      i++;
    } else if (i < n && load<u8>(p + i) == 0x2b) {
      i++;
    }
    for (; i < n; i++) {
      let c = <i32>load<u8>(p + i);
      if (!isDigit(c)) break;
      if (exp < 100000000) exp = exp * 10 + (c - 0x30);
    }
    if (eneg) exp = -exp;
  }
  if (lastNonZero == 0) return neg ? -0.0 : 0.0;
  // value = digits[0..ndAll) x 10^(exp - fracDigits); drop trailing zeros.
  let e10: i64 = exp - fracDigits + (ndAll - lastNonZero);
  let keep = lastNonZero; // significant digits without trailing zeros
  if (keep > SIG_MAX) {
    // truncated: digits beyond SIG_MAX are represented by a sticky '1'
    e10 += keep - SIG_MAX;
    keep = SIG_MAX;
    store<u8>(<i32>SIG + keep, 0x31);
    keep++;
    e10 -= 1;
  } else {
    sticky = false;
  }
  nd = keep;
  let mag = <i64>nd + e10; // value < 10^mag
  if (mag > 310) return neg ? -Infinity : Infinity;
  if (mag < -324) return neg ? -0.0 : 0.0;
  let e = <i32>e10;
  // w = first up-to-19 digits
  let nw = nd < 19 ? nd : 19;
  for (let j = 0; j < nw; j++) w = w * 10 + <u64>(load<u8>(<i32>SIG + j) - 0x30);
  if (nd <= 15 && e >= -22 && e <= 22) {
    let x = <f64>w;
    x = e >= 0 ? x * pow10f(e) : x / pow10f(-e);
    return neg ? -x : x;
  }
  if (nd <= 15 && e > 22 && e <= 22 + 15 - nd) {
    let x = <f64>w * pow10f(e - 22);
    x = x * 1e22;
    return neg ? -x : x;
  }
  // Approximation from the leading digits.
  let z = <f64>w;
  let se = e + (nd - nw);
  if (se > 0) {
    while (se > 22) {
      z *= 1e22;
      se -= 22;
    }
    z *= pow10f(se);
  } else if (se < 0) {
    while (se < -22) {
      z /= 1e22;
      se += 22;
    }
    z /= pow10f(-se);
  }
  if (!isFinite(z)) z = f64.MAX_VALUE;
  loadDigits(B0, nd);
  for (let iter = 0; iter < 200; iter++) {
    if (z == 0) {
      // compare with half the smallest subnormal: 1 x 2^-1075
      bigCopy(B1, B0);
      bigSetU64(B2, 1);
      if (e >= 0) bigMulPow10(B1, e);
      else bigMulPow10(B2, -e);
      bigShl(B1, 1075);
      if (bigCmp(B1, B2) <= 0) break; // rounds to zero (a tie goes to the even zero)
      z = reinterpret<f64>(<u64>1);
      continue;
    }
    let bits = reinterpret<u64>(z);
    let be = <i32>((bits >>> 52) & 0x7ff);
    let mz: u64;
    let ez: i32;
    if (be == 0) {
      mz = bits & 0xfffffffffffff;
      ez = -1074;
    } else {
      mz = (bits & 0xfffffffffffff) | (<u64>1 << 52);
      ez = be - 1075;
    }
    let c = cmpMid(nd, e, mz, ez, false, true);
    if (c > 0 || (c == 0 && (mz & 1) == 1)) {
      if (c == 0) {
        z = nextUp(z);
        break;
      }
      if (z == f64.MAX_VALUE) {
        z = Infinity;
        break;
      }
      z = nextUp(z);
      continue;
    }
    if (c == 0) break;
    let lowerCloser = (bits & 0xfffffffffffff) == 0 && be > 1;
    let c2 = cmpMid(nd, e, mz, ez, lowerCloser, false);
    if (c2 < 0 || (c2 == 0 && (mz & 1) == 1)) {
      z = nextDown(z);
      if (c2 == 0) break;
      continue;
    }
    break;
  }
  return neg ? -z : z;
}
