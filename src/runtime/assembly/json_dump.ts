// Serialisation.
//  JSON (opa_json_dump, json.marshal): compact, object keys sorted, sets as sorted arrays,
//    strings escaped like Go's encoding/json (HTML-safe: < > & as \u003c \u003e \u0026, U+2028/9
//    escaped, \b \f \n \r \t, other controls \u00XX, invalid UTF-8 as \ufffd). Non-string object
//    keys become their JSON text (as OPA does), ordered bytewise like Go's map key sort.
//  Rego (opa_value_dump, print): like OPA's Value.String(): {"a": 1, "b": [1, 2]}, sets {1, 2},
//    the empty set set(), strings quoted Go-style.

import { copyBytes, malloc, realloc } from './alloc';
import { bytesCompare } from './compare';
import { fmtF64, fmtI64 } from './number';
import { tblCount, tblKey, tblSort, tblVal } from './table';
import { decodeRune, runeLen } from './utf8';
import {
  arrGet, arrLen, kindOf, N_FLOAT, N_INT, strLen, strPtr, strV,
  T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf,
} from './value';

export const MODE_JSON: i32 = 0;
export const MODE_REGO: i32 = 1;

let wbuf: i32 = 0;
let wpos: i32 = 0;
let wlim: i32 = 0;

function wInit(cap: i32): void {
  wbuf = malloc(cap);
  wpos = wbuf;
  wlim = wbuf + cap;
}

function wGrow(n: i32): void {
  let used = wpos - wbuf;
  let cap = wlim - wbuf;
  let ncap = cap * 2;
  if (ncap < used + n + 64) ncap = used + n + 64;
  let nb = realloc(wbuf, cap, ncap);
  wbuf = nb;
  wpos = nb + used;
  wlim = nb + ncap;
}

@inline function wEnsure(n: i32): void {
  if (wpos + n > wlim) wGrow(n);
}

@inline function wByte(b: i32): void {
  wEnsure(1);
  store<u8>(wpos, <u8>b);
  wpos++;
}

function wBytes(p: i32, n: i32): void {
  wEnsure(n);
  copyBytes(wpos, p, n);
  wpos += n;
}

function wLit(s: string): void {
  let n = s.length;
  wEnsure(n);
  for (let i = 0; i < n; i++) store<u8>(wpos + i, <u8>s.charCodeAt(i));
  wpos += n;
}

// 0 = copy as is, 1 = escape (ASCII), 2 = non-ASCII
const JCLASS: i32 = <i32>memory.data(256, 8);
let jclassReady: bool = false;

function initJClass(): void {
  for (let i = 0; i < 256; i++) {
    let c: u8 = 0;
    if (i < 0x20 || i == 0x22 || i == 0x5c || i == 0x3c || i == 0x3e || i == 0x26) c = 1;
    else if (i >= 0x80) c = 2;
    store<u8>(JCLASS + i, c);
  }
  jclassReady = true;
}

const HEX = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/** Writes a JSON string literal (Go encoding/json escaping). */
export function wJsonString(p: i32, n: i32): void {
  if (!jclassReady) initJClass();
  let end = p + n;
  let i = p;
  wEnsure((n < 2048 ? n : 2048) * 6 + 16); // worst case: every byte escaped as \u00XX
  let o = wpos;
  store<u8>(o++, 0x22);
  let chunkEnd = n < 2048 ? end : p + 2048;
  while (i < end) {
    if (i >= chunkEnd) {
      wpos = o;
      wEnsure(2048 * 6 + 16);
      o = wpos;
      chunkEnd = end - i < 2048 ? end : i + 2048;
    }
    let b = <i32>load<u8>(i);
    let cls = <i32>load<u8>(JCLASS + b);
    if (cls == 0) {
      store<u8>(o++, <u8>b);
      i++;
      continue;
    }
    if (cls == 1) {
      i++;
      store<u8>(o, 0x5c);
      switch (b) {
        case 0x22: store<u8>(o, 0x22, 1); o += 2; break;
        case 0x5c: store<u8>(o, 0x5c, 1); o += 2; break;
        case 0x0a: store<u8>(o, 0x6e, 1); o += 2; break;
        case 0x0d: store<u8>(o, 0x72, 1); o += 2; break;
        case 0x09: store<u8>(o, 0x74, 1); o += 2; break;
        case 0x08: store<u8>(o, 0x62, 1); o += 2; break;
        case 0x0c: store<u8>(o, 0x66, 1); o += 2; break;
        default: o = putU4(o, b);
      }
      continue;
    }
    let c = decodeRune(i, end);
    let l = runeLen;
    if ((c == 0xfffd && l == 1) || c == 0x2028 || c == 0x2029) {
      o = putU4(o, c);
    } else {
      for (let k = 0; k < l; k++) store<u8>(o + k, load<u8>(i + k));
      o += l;
    }
    i += l;
  }
  wpos = o;
  wByte(0x22);
}

function putU4(o: i32, c: i32): i32 {
  store<u8>(o, 0x5c);
  store<u8>(o, 0x75, 1);
  store<u8>(o, load<u8>(<i32>HEX + ((c >> 12) & 15)), 2);
  store<u8>(o, load<u8>(<i32>HEX + ((c >> 8) & 15)), 3);
  store<u8>(o, load<u8>(<i32>HEX + ((c >> 4) & 15)), 4);
  store<u8>(o, load<u8>(<i32>HEX + (c & 15)), 5);
  return o + 6;
}

/** Writes a Go strconv.Quote-style string literal. */
function wRegoString(p: i32, n: i32): void {
  wEnsure(n + 2);
  store<u8>(wpos++, 0x22);
  let end = p + n;
  let i = p;
  while (i < end) {
    let b = <i32>load<u8>(i);
    if (b >= 0x20 && b < 0x7f && b != 0x22 && b != 0x5c) {
      wByte(b);
      i++;
      continue;
    }
    if (b < 0x80) {
      i++;
      wByte(0x5c);
      switch (b) {
        case 0x22: wByte(0x22); break;
        case 0x5c: wByte(0x5c); break;
        case 0x07: wByte(0x61); break;
        case 0x08: wByte(0x62); break;
        case 0x0c: wByte(0x66); break;
        case 0x0a: wByte(0x6e); break;
        case 0x0d: wByte(0x72); break;
        case 0x09: wByte(0x74); break;
        case 0x0b: wByte(0x76); break;
        default:
          wByte(0x78);
          wByte(load<u8>(<i32>HEX + (b >> 4)));
          wByte(load<u8>(<i32>HEX + (b & 15)));
      }
      continue;
    }
    let c = decodeRune(i, end);
    let l = runeLen;
    if (c == 0xfffd && l == 1) {
      wByte(0x5c);
      wByte(0x78);
      wByte(load<u8>(<i32>HEX + (b >> 4)));
      wByte(load<u8>(<i32>HEX + (b & 15)));
    } else {
      wBytes(i, l);
    }
    i += l;
  }
  wByte(0x22);
}

function wNumber(v: i32): void {
  let k = kindOf(v);
  if (k == N_INT) {
    wEnsure(24);
    wpos += fmtI64(load<i64>(v, 8), wpos);
    return;
  }
  let t = load<i32>(v, 16);
  if (t != 0) {
    wBytes(t, load<i32>(v, 4));
    return;
  }
  // FLOAT without cached text
  wEnsure(340);
  wpos += fmtF64(load<f64>(v, 8), wpos);
}

function wValue(v: i32, mode: i32): void {
  if (v == 0) {
    wLit('null');
    return;
  }
  switch (tagOf(v)) {
    case T_NULL:
      wLit('null');
      return;
    case T_BOOLEAN:
      if (load<u32>(v, 4) != 0) wLit('true');
      else wLit('false');
      return;
    case T_NUMBER:
      wNumber(v);
      return;
    case T_STRING:
      if (mode == MODE_JSON) wJsonString(strPtr(v), strLen(v));
      else wRegoString(strPtr(v), strLen(v));
      return;
    case T_ARRAY: {
      let n = arrLen(v);
      wByte(0x5b);
      for (let i = 0; i < n; i++) {
        if (i > 0) {
          wByte(0x2c);
          if (mode == MODE_REGO) wByte(0x20);
        }
        wValue(arrGet(v, i), mode);
      }
      wByte(0x5d);
      return;
    }
    case T_OBJECT:
      wObject(v, mode);
      return;
    case T_SET: {
      tblSort(v);
      let n = tblCount(v);
      if (mode == MODE_REGO) {
        if (n == 0) {
          wLit('set()');
          return;
        }
        wByte(0x7b);
      } else {
        wByte(0x5b);
      }
      for (let i = 0; i < n; i++) {
        if (i > 0) {
          wByte(0x2c);
          if (mode == MODE_REGO) wByte(0x20);
        }
        wValue(tblKey(v, i), mode);
      }
      wByte(mode == MODE_REGO ? 0x7d : 0x5d);
      return;
    }
  }
}

function wObject(v: i32, mode: i32): void {
  tblSort(v);
  let n = tblCount(v);
  if (mode == MODE_JSON) {
    let allStrings = true;
    for (let i = 0; i < n; i++) {
      if (tagOf(tblKey(v, i)) != T_STRING) {
        allStrings = false;
        break;
      }
    }
    if (!allStrings) {
      wObjectMixedKeys(v);
      return;
    }
  }
  wByte(0x7b);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      wByte(0x2c);
      if (mode == MODE_REGO) wByte(0x20);
    }
    wValue(tblKey(v, i), mode);
    wByte(0x3a);
    if (mode == MODE_REGO) wByte(0x20);
    wValue(tblVal(v, i), mode);
  }
  wByte(0x7d);
}

/** JSON object with some non-string keys: keys become their JSON text, sorted bytewise. */
function wObjectMixedKeys(v: i32): void {
  let n = tblCount(v);
  // pairs of (key string value, value)
  let pairs = malloc(n << 3);
  for (let i = 0; i < n; i++) {
    let k = tblKey(v, i);
    let ks = tagOf(k) == T_STRING ? k : dumpToString(k, MODE_JSON);
    store<i32>(pairs + (i << 3), ks);
    store<i32>(pairs + (i << 3), tblVal(v, i), 4);
  }
  // insertion sort by key bytes (stable)
  for (let i = 1; i < n; i++) {
    let x = load<u64>(pairs + (i << 3));
    let kx = <i32>(<u32>x);
    let j = i - 1;
    while (j >= 0) {
      let ky = load<i32>(pairs + (j << 3));
      if (bytesCompare(strPtr(ky), strLen(ky), strPtr(kx), strLen(kx)) <= 0) break;
      store<u64>(pairs + ((j + 1) << 3), load<u64>(pairs + (j << 3)));
      j--;
    }
    store<u64>(pairs + ((j + 1) << 3), x);
  }
  wByte(0x7b);
  for (let i = 0; i < n; i++) {
    if (i > 0) wByte(0x2c);
    let ks = load<i32>(pairs + (i << 3));
    wJsonString(strPtr(ks), strLen(ks));
    wByte(0x3a);
    wValue(load<i32>(pairs + (i << 3), 4), MODE_JSON);
  }
  wByte(0x7d);
}

/** Serialises v into a new string value (re-entrant). */
export function dumpToString(v: i32, mode: i32): i32 {
  let sb = wbuf;
  let sp = wpos;
  let sl = wlim;
  wInit(64);
  wValue(v, mode);
  let s = strV(wbuf, wpos - wbuf, 0);
  wbuf = sb;
  wpos = sp;
  wlim = sl;
  return s;
}

/** Serialises v to a NUL-terminated buffer; returns its address. */
export function dumpCStr(v: i32, mode: i32): i32 {
  wInit(256);
  wValue(v, mode);
  wByte(0);
  return wbuf;
}

// Line builder for print(): elements separated by spaces, strings unquoted.
export function dumpPrintLine(arr: i32): i32 {
  wInit(128);
  let n = arrLen(arr);
  for (let i = 0; i < n; i++) {
    if (i > 0) wByte(0x20);
    let x = arrGet(arr, i);
    if (x == 0) wLit('<undefined>');
    else if (tagOf(x) == T_STRING) wBytes(strPtr(x), strLen(x));
    else wValue(x, MODE_REGO);
  }
  wByte(0);
  return wbuf;
}

export function opa_json_dump(v: i32): i32 {
  return dumpCStr(v, MODE_JSON);
}

export function opa_value_dump(v: i32): i32 {
  return dumpCStr(v, MODE_REGO);
}
