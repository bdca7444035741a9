// Numbers: construction from text, exact comparison, formatting.
//
// The exact value of a number is: its i64 (INT), its decimal text (REF), or the shortest
// round-trip decimal of its f64 (FLOAT). Comparison is exact on those decimals; hashing uses the
// nearest f64 (equal decimals always round to the same f64).

import { malloc } from './alloc';
import { DIGITS, dtoaPoint, dtoaShortest, strtod } from './dtoa';
import { floatV, intV, kindOf, N_FLOAT, N_INT, N_REF, NF_INTSYNTAX, refV, flagsOf, T_NUMBER } from './value';

@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

/**
 * Validates JSON number syntax at p (exactly n bytes). Returns 0 if invalid, 1 if integer syntax,
 * 2 if it has a fraction or exponent.
 */
export function numSyntax(p: i32, n: i32): i32 {
  let i = 0;
  if (i < n && load<u8>(p) == 0x2d) i++;
  if (i >= n) return 0;
  let c = <i32>load<u8>(p + i);
  if (c == 0x30) {
    i++;
  } else if (c >= 0x31 && c <= 0x39) {
    i++;
    while (i < n && isDigit(load<u8>(p + i))) i++;
  } else {
    return 0;
  }
  let kind = 1;
  if (i < n && load<u8>(p + i) == 0x2e) {
    i++;
    if (i >= n || !isDigit(load<u8>(p + i))) return 0;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    kind = 2;
  }
  if (i < n && (load<u8>(p + i) | 0x20) == 0x65) {
    i++;
    if (i < n && (load<u8>(p + i) == 0x2b || load<u8>(p + i) == 0x2d)) i++;
    if (i >= n || !isDigit(load<u8>(p + i))) return 0;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    kind = 2;
  }
  return i == n ? kind : 0;
}

/**
 * Number value from valid JSON number text (not copied: the bytes must stay alive). Integer
 * syntax that fits in i64 (other than "-0") becomes INT; everything else keeps its text.
 */
export function numberFromText(p: i32, n: i32, kind: i32): i32 {
  if (kind == 1) {
    let i = 0;
    let neg = false;
    if (load<u8>(p) == 0x2d) {
      neg = true;
      i = 1;
    }
    let digits = n - i;
    if (digits <= 18) {
      let v: i64 = 0;
      for (; i < n; i++) v = v * 10 + <i64>(load<u8>(p + i) - 0x30);
      if (neg) {
        if (v == 0) return refV(p, n, -0.0, true);
        v = -v;
      }
      return intV(v);
    }
    if (digits == 19) {
      // exact with u64, then range check
      let u: u64 = 0;
      for (; i < n; i++) u = u * 10 + <u64>(load<u8>(p + i) - 0x30);
      if (!neg && u <= <u64>i64.MAX_VALUE) return intV(<i64>u);
      if (neg && u <= (<u64>i64.MAX_VALUE) + 1) return intV(<i64>(0 - u));
    }
    return refV(p, n, strtod(p, n), true);
  }
  return refV(p, n, strtod(p, n), false);
}

export function opa_number_ref(addr: i32, len: i32): i32 {
  let k = numSyntax(addr, len);
  if (k == 0) return 0;
  return numberFromText(addr, len, k);
}

export function opa_number_int(n: i64): i32 {
  return intV(n);
}

/** A computed float; integral values within i64 become integers; NaN / Infinity give 0. */
export function opa_number_float(f: f64): i32 {
  return floatV(f);
}

// ---- formatting -------------------------------------------------------------------------------

/** Writes the decimal digits of v at out; returns the length (at most 20). */
export function fmtI64(v: i64, out: i32): i32 {
  let n = 0;
  let u: u64;
  if (v < 0) {
    store<u8>(out, 0x2d);
    n = 1;
    u = <u64>0 - <u64>v;
  } else {
    u = <u64>v;
  }
  let start = n;
  do {
    store<u8>(out + n, <u8>(0x30 + <i32>(u % 10)));
    u /= 10;
    n++;
  } while (u != 0);
  // reverse digits
  let i = start;
  let j = n - 1;
  while (i < j) {
    let t = load<u8>(out + i);
    store<u8>(out + i, load<u8>(out + j));
    store<u8>(out + j, t);
    i++;
    j--;
  }
  return n;
}

/**
 * Formats a finite f64 at out (needs 330 bytes); returns the length. Integral values print as
 * integers (all digits, no exponent); others use the shortest round-trip digits in fixed notation
 * when 1e-6 <= |v| < 1e21 and exponent notation ("1.5e-7") below, like ECMAScript / Go's JSON.
 */
export function fmtF64(v: f64, out: i32): i32 {
  if (v == 0) {
    store<u8>(out, 0x30);
    return 1;
  }
  let n = 0;
  if (v < 0) {
    store<u8>(out, 0x2d);
    n = 1;
    v = -v;
  }
  if (v == Math.floor(v) && v < 9223372036854775808.0) {
    return n + fmtI64(<i64>v, out + n);
  }
  let nd = dtoaShortest(v);
  let dp = dtoaPoint;
  if (nd <= dp) {
    // integral (>= 2^63): digits then zeros
    memory.copy(out + n, DIGITS, nd);
    n += nd;
    for (let i = nd; i < dp; i++) store<u8>(out + n++, 0x30);
    return n;
  }
  if (v >= 1e-6) {
    if (dp <= 0) {
      store<u8>(out + n++, 0x30);
      store<u8>(out + n++, 0x2e);
      for (let i = dp; i < 0; i++) store<u8>(out + n++, 0x30);
      memory.copy(out + n, DIGITS, nd);
      return n + nd;
    }
    memory.copy(out + n, DIGITS, dp);
    n += dp;
    store<u8>(out + n++, 0x2e);
    memory.copy(out + n, DIGITS + dp, nd - dp);
    return n + nd - dp;
  }
  store<u8>(out + n++, load<u8>(DIGITS));
  if (nd > 1) {
    store<u8>(out + n++, 0x2e);
    memory.copy(out + n, DIGITS + 1, nd - 1);
    n += nd - 1;
  }
  store<u8>(out + n++, 0x65);
  let e = dp - 1;
  if (e < 0) {
    store<u8>(out + n++, 0x2d);
    e = -e;
  } else {
    store<u8>(out + n++, 0x2b);
  }
  return n + fmtI64(<i64>e, out + n);
}

/** Address / length of a number's decimal text (formatted and cached for INT/FLOAT on demand). */
export let textLen: i32 = 0;

export function numText(v: i32): i32 {
  let k = kindOf(v);
  if (k == N_INT) {
    let buf = malloc(24);
    textLen = fmtI64(load<i64>(v, 8), buf);
    return buf;
  }
  let t = load<i32>(v, 16);
  if (t == 0) {
    // FLOAT: format once and cache
    let buf = malloc(330);
    let n = fmtF64(load<f64>(v, 8), buf);
    store<u32>(v, n, 4);
    store<u32>(v, buf, 16);
    textLen = n;
    return buf;
  }
  textLen = load<i32>(v, 4);
  return t;
}

// ---- exact decimal comparison -----------------------------------------------------------------

let normNeg: bool = false;
let normExp: i64 = 0;

/**
 * Normalises decimal text to significant digits (written at out, no leading/trailing zeros) with
 * value = 0.DIGITS x 10^normExp. Returns the digit count (0 for zero).
 */
function decNorm(p: i32, n: i32, out: i32): i32 {
  let i = 0;
  normNeg = false;
  if (i < n && load<u8>(p) == 0x2d) {
    normNeg = true;
    i++;
  } else if (i < n && load<u8>(p) == 0x2b) {
    i++;
  }
  let intDigits: i64 = 0;
  let lz: i64 = 0;
  let nd = 0;
  let lastNZ = 0;
  let seenNZ = false;
  let inFrac = false;
  for (; i < n; i++) {
    let c = <i32>load<u8>(p + i);
    if (c == 0x2e) {
      inFrac = true;
      continue;
    }
    if (!isDigit(c)) break;
    if (!inFrac) intDigits++;
    if (!seenNZ) {
      if (c == 0x30) {
        lz++;
        continue;
      }
      seenNZ = true;
    }
    store<u8>(out + nd, <u8>c);
    nd++;
    if (c != 0x30) lastNZ = nd;
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
      if (exp < 1000000000000) exp = exp * 10 + (c - 0x30);
    }
    if (eneg) exp = -exp;
  }
  normExp = intDigits - lz + exp;
  return lastNZ;
}

/** Exact comparison of two decimal texts. */
export function decCmp(pa: i32, na: i32, pb: i32, nb: i32): i32 {
  let ba = malloc(na + 1);
  let bb = malloc(nb + 1);
  let da = decNorm(pa, na, ba);
  let negA = normNeg;
  let ea = normExp;
  let db = decNorm(pb, nb, bb);
  let negB = normNeg;
  let eb = normExp;
  let sa = da == 0 ? 0 : negA ? -1 : 1;
  let sb = db == 0 ? 0 : negB ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  let mag: i32;
  if (ea != eb) {
    mag = ea < eb ? -1 : 1;
  } else {
    mag = 0;
    let m = da < db ? da : db;
    for (let i = 0; i < m; i++) {
      let x = load<u8>(ba + i);
      let y = load<u8>(bb + i);
      if (x != y) {
        mag = x < y ? -1 : 1;
        break;
      }
    }
    if (mag == 0 && da != db) mag = da < db ? -1 : 1;
  }
  return sa < 0 ? -mag : mag;
}

/** Total order on numbers by exact value. */
export function numCompare(a: i32, b: i32): i32 {
  let ka = kindOf(a);
  let kb = kindOf(b);
  if (ka == N_INT && kb == N_INT) {
    let x = load<i64>(a, 8);
    let y = load<i64>(b, 8);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  let fa = ka == N_INT ? <f64>load<i64>(a, 8) : load<f64>(a, 8);
  let fb = kb == N_INT ? <f64>load<i64>(b, 8) : load<f64>(b, 8);
  if (fa < fb) return -1;
  if (fa > fb) return 1;
  if (ka == N_FLOAT && kb == N_FLOAT) return 0; // same f64
  let pa = numText(a);
  let na = textLen;
  let pb = numText(b);
  let nb = textLen;
  return decCmp(pa, na, pb, nb);
}

/** True for an INT, or a REF with integer syntax (possibly beyond i64). */
export function numIsIntegerSyntax(v: i32): bool {
  let k = kindOf(v);
  return k == N_INT || (k == N_REF && (flagsOf(v) & NF_INTSYNTAX) != 0);
}

/** True when the number's exact value is an integer. */
export function numIsIntegral(v: i32): bool {
  let k = kindOf(v);
  if (k == N_INT) return true;
  if (k == N_REF && (flagsOf(v) & NF_INTSYNTAX) != 0) return true;
  let f = load<f64>(v, 8);
  if (!isFinite(f)) return true; // huge magnitude: beyond any fraction
  if (f != Math.floor(f)) return false;
  if (k == N_FLOAT) return true;
  // REF like "2.0" or "1e3" or "1.00000000000000000001": check exactly
  let p = load<i32>(v, 16);
  let n = load<i32>(v, 4);
  let buf = malloc(n + 1);
  let nd = decNorm(p, n, buf);
  return nd == 0 || normExp >= <i64>nd;
}

@inline export function isNumber(v: i32): bool {
  return load<u8>(v) == T_NUMBER;
}
