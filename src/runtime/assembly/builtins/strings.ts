// String builtins. Lengths and indices are in code points; matching is bytewise on UTF-8.

import { strRuneCount } from '../abi';
import { bytesEqual } from '../compare';
import { builtinErr, elemErr, typeErr } from '../errors';
import { fmtI64, numIsIntegerSyntax } from '../number';
import { tblCount, tblKey, tblSort, tblVal } from '../table';
import {
  countRunes, decodeRune, encodeRune, isSpaceRune, runeLen, runeOffset, toLowerRune, toUpperRune,
} from '../utf8';
import {
  arrGet, arrLen, arrNew, arrPush, boolV, intV, kindOf, N_INT, numF64, SF_ASCII, SF_KNOWN,
  setFlags, strAlloc, strCopy, strIsAscii, strLen, strPtr, strShrink, strV,
  T_ARRAY, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf,
} from '../value';
import { malloc } from '../alloc';
import { bigFormat, bigFormatLen, bigFromF64, bigFromNumber, bigNumberNeg } from '../bigint';

@inline function isStr(v: i32): bool {
  return tagOf(v) == T_STRING;
}

/** Byte index of needle in haystack at or after `from`, or -1. */
export function findBytes(h: i32, hn: i32, nd: i32, nn: i32, from: i32): i32 {
  if (nn == 0) return from <= hn ? from : -1;
  if (nn > hn) return -1;
  let first = load<u8>(nd);
  let last = hn - nn;
  for (let i = from; i <= last; i++) {
    if (load<u8>(h + i) == first && bytesEqual(h + i, nd, nn)) return i;
  }
  return -1;
}

function emptyStr(): i32 {
  return strV(0, 0, SF_KNOWN | SF_ASCII);
}

/** Substring sharing the bytes of s. */
@inline function slice(s: i32, from: i32, to: i32): i32 {
  return strV(strPtr(s) + from, to - from, 0);
}

// ---- concat -----------------------------------------------------------------------------------

export function b_concat(delim: i32, coll: i32): i32 {
  if (!isStr(delim)) return typeErr('concat', 1, 'string', delim);
  let t = tagOf(coll);
  if (t != T_ARRAY && t != T_SET) return typeErr('concat', 2, 'one of {set, array}', coll);
  if (t == T_SET) tblSort(coll);
  let n = t == T_ARRAY ? arrLen(coll) : tblCount(coll);
  let dl = strLen(delim);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let x = t == T_ARRAY ? arrGet(coll, i) : tblKey(coll, i);
    if (!isStr(x)) return elemErr('concat', 2, coll, 'string', x);
    total += strLen(x);
  }
  if (n > 1) total += dl * (n - 1);
  let r = strAlloc(total);
  let o = strPtr(r);
  for (let i = 0; i < n; i++) {
    let x = t == T_ARRAY ? arrGet(coll, i) : tblKey(coll, i);
    if (i > 0 && dl > 0) {
      memory.copy(o, strPtr(delim), dl);
      o += dl;
    }
    memory.copy(o, strPtr(x), strLen(x));
    o += strLen(x);
  }
  return r;
}

// ---- predicates -------------------------------------------------------------------------------

export function b_contains(s: i32, sub: i32): i32 {
  if (!isStr(s)) return typeErr('contains', 1, 'string', s);
  if (!isStr(sub)) return typeErr('contains', 2, 'string', sub);
  return boolV(findBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0) >= 0);
}

export function b_startswith(s: i32, p: i32): i32 {
  if (!isStr(s)) return typeErr('startswith', 1, 'string', s);
  if (!isStr(p)) return typeErr('startswith', 2, 'string', p);
  let n = strLen(p);
  return boolV(n <= strLen(s) && bytesEqual(strPtr(s), strPtr(p), n));
}

export function b_endswith(s: i32, p: i32): i32 {
  if (!isStr(s)) return typeErr('endswith', 1, 'string', s);
  if (!isStr(p)) return typeErr('endswith', 2, 'string', p);
  let n = strLen(p);
  let sn = strLen(s);
  return boolV(n <= sn && bytesEqual(strPtr(s) + sn - n, strPtr(p), n));
}

// ---- case -------------------------------------------------------------------------------------

function mapCase(s: i32, upper: bool): i32 {
  let n = strLen(s);
  let p = strPtr(s);
  if (strIsAscii(s)) {
    let r = strAlloc(n);
    let o = strPtr(r);
    for (let i = 0; i < n; i++) {
      let c = <i32>load<u8>(p + i);
      if (upper) {
        if (c >= 0x61 && c <= 0x7a) c -= 32;
      } else if (c >= 0x41 && c <= 0x5a) {
        c += 32;
      }
      store<u8>(o + i, <u8>c);
    }
    setFlags(r, SF_KNOWN | SF_ASCII);
    return r;
  }
  // a mapped rune may need one more byte than its source (e.g. U+0250-range cases): 2x is safe
  let r = strAlloc(n * 2);
  let o = strPtr(r);
  let i = 0;
  let end = p + n;
  while (i < n) {
    let c = decodeRune(p + i, end);
    i += runeLen;
    o += encodeRune(o, upper ? toUpperRune(c) : toLowerRune(c));
  }
  strShrink(r, o - strPtr(r));
  return r;
}

export function b_lower(s: i32): i32 {
  if (!isStr(s)) return typeErr('lower', 1, 'string', s);
  return mapCase(s, false);
}

export function b_upper(s: i32): i32 {
  if (!isStr(s)) return typeErr('upper', 1, 'string', s);
  return mapCase(s, true);
}

// ---- split / replace --------------------------------------------------------------------------

export function b_split(s: i32, d: i32): i32 {
  if (!isStr(s)) return typeErr('split', 1, 'string', s);
  if (!isStr(d)) return typeErr('split', 2, 'string', d);
  let p = strPtr(s);
  let n = strLen(s);
  let dn = strLen(d);
  let arr = arrNew(4);
  if (dn == 0) {
    let i = 0;
    while (i < n) {
      decodeRune(p + i, p + n);
      let l = runeLen;
      arrPush(arr, slice(s, i, i + l));
      i += l;
    }
    return arr;
  }
  let start = 0;
  while (true) {
    let j = findBytes(p, n, strPtr(d), dn, start);
    if (j < 0) break;
    arrPush(arr, slice(s, start, j));
    start = j + dn;
  }
  arrPush(arr, slice(s, start, n));
  return arr;
}

export function b_replace(s: i32, old: i32, nw: i32): i32 {
  if (!isStr(s)) return typeErr('replace', 1, 'string', s);
  if (!isStr(old)) return typeErr('replace', 2, 'string', old);
  if (!isStr(nw)) return typeErr('replace', 3, 'string', nw);
  let p = strPtr(s);
  let n = strLen(s);
  let op = strPtr(old);
  let on = strLen(old);
  let np = strPtr(nw);
  let nn = strLen(nw);
  if (on == nn && bytesEqual(op, np, on)) return s;
  // count matches
  let count = 0;
  if (on == 0) {
    count = countRunes(p, n) + 1;
  } else {
    let j = findBytes(p, n, op, on, 0);
    while (j >= 0) {
      count++;
      j = findBytes(p, n, op, on, j + on);
    }
  }
  if (count == 0) return s;
  let r = strAlloc(n + count * (nn - on));
  let o = strPtr(r);
  if (on == 0) {
    let i = 0;
    while (true) {
      memory.copy(o, np, nn);
      o += nn;
      if (i >= n) break;
      decodeRune(p + i, p + n);
      let l = runeLen;
      memory.copy(o, p + i, l);
      o += l;
      i += l;
    }
    return r;
  }
  let start = 0;
  let j = findBytes(p, n, op, on, 0);
  while (j >= 0) {
    memory.copy(o, p + start, j - start);
    o += j - start;
    memory.copy(o, np, nn);
    o += nn;
    start = j + on;
    j = findBytes(p, n, op, on, start);
  }
  memory.copy(o, p + start, n - start);
  return r;
}

/** strings.replace_n(patterns, s): Go strings.NewReplacer with the pattern keys in sorted order. */
export function b_strings_replace_n(pats: i32, s: i32): i32 {
  if (tagOf(pats) != T_OBJECT) return typeErr('strings.replace_n', 1, 'object', pats);
  if (!isStr(s)) return typeErr('strings.replace_n', 2, 'string', s);
  tblSort(pats);
  let m = tblCount(pats);
  for (let k = 0; k < m; k++) {
    if (!isStr(tblKey(pats, k))) return builtinErr('strings.replace_n', 'operand 1 non-string key found in pattern object');
    if (!isStr(tblVal(pats, k))) return builtinErr('strings.replace_n', 'operand 1 non-string value found in pattern object');
  }
  let p = strPtr(s);
  let n = strLen(s);
  // output size bound: every position may emit the longest replacement plus one rune
  let maxNew = 0;
  for (let k = 0; k < m; k++) if (strLen(tblVal(pats, k)) > maxNew) maxNew = strLen(tblVal(pats, k));
  let cap = n + (2 * n + 1) * maxNew + 4;
  let buf = malloc(cap);
  let o = buf;
  let i = 0;
  let prevEmpty = false;
  while (i <= n) {
    let matched = -1;
    for (let k = 0; k < m; k++) {
      let key = tblKey(pats, k);
      let kl = strLen(key);
      if (kl == 0) {
        if (prevEmpty) continue;
        matched = k;
        break;
      }
      if (kl <= n - i && bytesEqual(p + i, strPtr(key), kl)) {
        matched = k;
        break;
      }
    }
    if (matched >= 0) {
      let key = tblKey(pats, matched);
      let val = tblVal(pats, matched);
      memory.copy(o, strPtr(val), strLen(val));
      o += strLen(val);
      prevEmpty = strLen(key) == 0;
      i += strLen(key);
      continue;
    }
    prevEmpty = false;
    if (i >= n) break;
    decodeRune(p + i, p + n);
    let l = runeLen;
    memory.copy(o, p + i, l);
    o += l;
    i += l;
  }
  return strCopy(buf, o - buf);
}

// ---- trimming ---------------------------------------------------------------------------------

function inCutset(c: i32, cs: i32, cn: i32): bool {
  let i = 0;
  let end = cs + cn;
  while (i < cn) {
    let x = decodeRune(cs + i, end);
    if (x == c) return true;
    i += runeLen;
  }
  return false;
}

/** Start byte offset after trimming runes in cutset from the left. */
function trimLeftOff(p: i32, n: i32, cs: i32, cn: i32): i32 {
  let i = 0;
  while (i < n) {
    let c = decodeRune(p + i, p + n);
    if (!inCutset(c, cs, cn)) break;
    i += runeLen;
  }
  return i;
}

/** End byte offset after trimming runes in cutset from the right (not below `from`). */
function trimRightOff(p: i32, n: i32, from: i32, cs: i32, cn: i32): i32 {
  let e = n;
  while (e > from) {
    // find the start of the last rune
    let s = e - 1;
    while (s > from && (load<u8>(p + s) & 0xc0) == 0x80 && e - s < 4) s--;
    let c = decodeRune(p + s, p + e);
    if (runeLen != e - s) {
      c = 0xfffd;
      s = e - 1;
    }
    if (!inCutset(c, cs, cn)) break;
    e = s;
  }
  return e;
}

function trimImpl(name: string, s: i32, cut: i32, left: bool, right: bool): i32 {
  if (!isStr(s)) return typeErr(name, 1, 'string', s);
  if (!isStr(cut)) return typeErr(name, 2, 'string', cut);
  let p = strPtr(s);
  let n = strLen(s);
  let cs = strPtr(cut);
  let cn = strLen(cut);
  if (n == 0 || cn == 0) return s;
  let a = left ? trimLeftOff(p, n, cs, cn) : 0;
  let b = right ? trimRightOff(p, n, a, cs, cn) : n;
  if (a == 0 && b == n) return s;
  return slice(s, a, b);
}

export function b_trim(s: i32, cut: i32): i32 {
  return trimImpl('trim', s, cut, true, true);
}
export function b_trim_left(s: i32, cut: i32): i32 {
  return trimImpl('trim_left', s, cut, true, false);
}
export function b_trim_right(s: i32, cut: i32): i32 {
  return trimImpl('trim_right', s, cut, false, true);
}

export function b_trim_prefix(s: i32, pre: i32): i32 {
  if (!isStr(s)) return typeErr('trim_prefix', 1, 'string', s);
  if (!isStr(pre)) return typeErr('trim_prefix', 2, 'string', pre);
  let n = strLen(pre);
  if (n <= strLen(s) && bytesEqual(strPtr(s), strPtr(pre), n)) return slice(s, n, strLen(s));
  return s;
}

export function b_trim_suffix(s: i32, suf: i32): i32 {
  if (!isStr(s)) return typeErr('trim_suffix', 1, 'string', s);
  if (!isStr(suf)) return typeErr('trim_suffix', 2, 'string', suf);
  let n = strLen(suf);
  let sn = strLen(s);
  if (n <= sn && bytesEqual(strPtr(s) + sn - n, strPtr(suf), n)) return slice(s, 0, sn - n);
  return s;
}

export function b_trim_space(s: i32): i32 {
  if (!isStr(s)) return typeErr('trim_space', 1, 'string', s);
  let p = strPtr(s);
  let n = strLen(s);
  let a = 0;
  while (a < n) {
    let c = decodeRune(p + a, p + n);
    if (!isSpaceRune(c)) break;
    a += runeLen;
  }
  let b = n;
  while (b > a) {
    let st = b - 1;
    while (st > a && (load<u8>(p + st) & 0xc0) == 0x80 && b - st < 4) st--;
    let c = decodeRune(p + st, p + b);
    if (runeLen != b - st) break;
    if (!isSpaceRune(c)) break;
    b = st;
  }
  if (a == 0 && b == n) return s;
  return slice(s, a, b);
}

// ---- indexing ---------------------------------------------------------------------------------

export function b_indexof(s: i32, sub: i32): i32 {
  if (!isStr(s)) return typeErr('indexof', 1, 'string', s);
  if (!isStr(sub)) return typeErr('indexof', 2, 'string', sub);
  if (strLen(sub) == 0) return builtinErr('indexof', 'empty search character');
  let p = strPtr(s);
  let j = findBytes(p, strLen(s), strPtr(sub), strLen(sub), 0);
  if (j < 0) return intV(-1);
  return intV(countRunes(p, j));
}

export function b_indexof_n(s: i32, sub: i32): i32 {
  if (!isStr(s)) return typeErr('indexof_n', 1, 'string', s);
  if (!isStr(sub)) return typeErr('indexof_n', 2, 'string', sub);
  let sn = strLen(sub);
  if (sn == 0) return builtinErr('indexof_n', 'empty search character');
  let p = strPtr(s);
  let n = strLen(s);
  let arr = arrNew(4);
  let from = 0;
  let runeIdx = 0;
  let counted = 0; // byte offset up to which runes were counted
  while (true) {
    let j = findBytes(p, n, strPtr(sub), sn, from);
    if (j < 0) break;
    runeIdx += countRunes(p + counted, j - counted);
    counted = j;
    arrPush(arr, intV(runeIdx));
    decodeRune(p + j, p + n);
    from = j + runeLen;
  }
  return arr;
}

export function b_substring(s: i32, start: i32, len: i32): i32 {
  if (!isStr(s)) return typeErr('substring', 1, 'string', s);
  if (tagOf(start) != T_NUMBER) return typeErr('substring', 2, 'number', start);
  if (kindOf(start) != N_INT) return builtinErr('substring', 'operand 2 must be integer number but got floating-point number');
  let p = strPtr(s);
  let n = strLen(s);
  let ascii = strIsAscii(s);
  let runes = ascii ? n : countRunes(p, n);
  let st = load<i64>(start, 8);
  if (st >= <i64>runes) return emptyStr();
  if (st < 0) return builtinErr('substring', 'negative offset');
  if (tagOf(len) != T_NUMBER) return typeErr('substring', 3, 'number', len);
  if (kindOf(len) != N_INT) return builtinErr('substring', 'operand 3 must be integer number but got floating-point number');
  let l = load<i64>(len, 8);
  let a = ascii ? <i32>st : runeOffset(p, n, <i32>st);
  if (l < 0 || st + l >= <i64>runes) return slice(s, a, n);
  let b = ascii ? <i32>(st + l) : a + runeOffset(p + a, n - a, <i32>l);
  return slice(s, a, b);
}

export function b_strings_reverse(s: i32): i32 {
  if (!isStr(s)) return typeErr('strings.reverse', 1, 'string', s);
  let p = strPtr(s);
  let n = strLen(s);
  let r = strAlloc(n * 3);
  let o = strPtr(r) + n * 3;
  let i = 0;
  while (i < n) {
    let c = decodeRune(p + i, p + n);
    i += runeLen;
    let l = encodeRune(o - 4, c);
    // encodeRune wrote at o-4; move to end position
    memory.copy(o - l, o - 4, l);
    o -= l;
  }
  let total = strPtr(r) + n * 3 - o;
  memory.copy(strPtr(r), o, total);
  strShrink(r, total);
  return r;
}

// ---- prefix / suffix matching -------------------------------------------------------------------

/** Collects the strings of a string / array / set operand; returns an array value or 0. */
function stringList(name: string, pos: i32, v: i32): i32 {
  let t = tagOf(v);
  let arr = arrNew(4);
  if (t == T_STRING) {
    arrPush(arr, v);
    return arr;
  }
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i = 0; i < n; i++) {
      let x = arrGet(v, i);
      if (!isStr(x)) return elemErr(name, pos, v, 'string', x);
      arrPush(arr, x);
    }
    return arr;
  }
  if (t == T_SET) {
    let n = tblCount(v);
    for (let i = 0; i < n; i++) {
      let x = tblKey(v, i);
      if (!isStr(x)) return elemErr(name, pos, v, 'string', x);
      arrPush(arr, x);
    }
    return arr;
  }
  return typeErr(name, pos, 'one of {string, set, array}', v);
}

function anyMatch(name: string, a: i32, b: i32, suffix: bool): i32 {
  let xs = stringList(name, 1, a);
  if (xs == 0) return 0;
  let ys = stringList(name, 2, b);
  if (ys == 0) return 0;
  let nx = arrLen(xs);
  let ny = arrLen(ys);
  for (let i = 0; i < nx; i++) {
    let x = arrGet(xs, i);
    let xl = strLen(x);
    for (let j = 0; j < ny; j++) {
      let y = arrGet(ys, j);
      let yl = strLen(y);
      if (yl > xl) continue;
      let off = suffix ? xl - yl : 0;
      if (bytesEqual(strPtr(x) + off, strPtr(y), yl)) return boolV(true);
    }
  }
  return boolV(false);
}

export function b_strings_any_prefix_match(a: i32, b: i32): i32 {
  return anyMatch('strings.any_prefix_match', a, b, false);
}

export function b_strings_any_suffix_match(a: i32, b: i32): i32 {
  return anyMatch('strings.any_suffix_match', a, b, true);
}

export function b_strings_count(s: i32, sub: i32): i32 {
  if (!isStr(s)) return typeErr('strings.count', 1, 'string', s);
  if (!isStr(sub)) return typeErr('strings.count', 2, 'string', sub);
  let p = strPtr(s);
  let n = strLen(s);
  let sn = strLen(sub);
  if (sn == 0) return intV(strRuneCount(s) + 1);
  let count = 0;
  let j = findBytes(p, n, strPtr(sub), sn, 0);
  while (j >= 0) {
    count++;
    j = findBytes(p, n, strPtr(sub), sn, j + sn);
  }
  return intV(count);
}

// ---- format_int -------------------------------------------------------------------------------

const DIGS = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

export function b_format_int(num: i32, base: i32): i32 {
  if (tagOf(num) != T_NUMBER) return typeErr('format_int', 1, 'number', num);
  if (tagOf(base) != T_NUMBER) return typeErr('format_int', 2, 'number', base);
  let b: i64 = kindOf(base) == N_INT ? load<i64>(base, 8) : 0;
  if (b != 2 && b != 8 && b != 10 && b != 16) {
    return builtinErr('format_int', 'operand 2 must be one of {2, 8, 10, 16}');
  }
  let v: i64;
  if (kindOf(num) == N_INT) {
    v = load<i64>(num, 8);
  } else if (numIsIntegerSyntax(num)) {
    // integer text beyond i64: exact
    let m = bigFromNumber(num);
    let t = bigFormat(m, bigNumberNeg, <i32>b);
    return strCopy(t, bigFormatLen);
  } else {
    // OPA truncates toward zero (big.Float.Int); beyond i64 the f64's exact integer value
    let f = numF64(num);
    f = f < 0 ? Math.ceil(f) : Math.floor(f);
    if (!isFinite(f)) return builtinErr('format_int', 'number out of range');
    if (!(f > -9223372036854775808.0 && f < 9223372036854775808.0)) {
      let t = bigFormat(bigFromF64(f), f < 0, <i32>b);
      return strCopy(t, bigFormatLen);
    }
    v = <i64>f;
  }
  let buf = malloc(72);
  if (b == 10) return strCopy(buf, fmtI64(v, buf));
  let neg = v < 0;
  let u: u64 = neg ? <u64>0 - <u64>v : <u64>v;
  let shift: u64 = b == 2 ? 1 : b == 8 ? 3 : 4;
  let mask: u64 = (<u64>1 << shift) - 1;
  let o = 72;
  do {
    o--;
    store<u8>(buf + o, load<u8>(<i32>DIGS + <i32>(u & mask)));
    u >>= shift;
  } while (u != 0);
  if (neg) {
    o--;
    store<u8>(buf + o, 0x2d);
  }
  return strCopy(buf + o, 72 - o);
}
