// The value model. A value is an i32 address; 0 is "undefined". Every value starts with a u8 type
// tag (OPA's order) and a u8 sub-kind / u16 flags word:
//
//   null     tag 1                                                    (static singleton)
//   boolean  tag 2, u32 @4 = 0/1                                      (static singletons)
//   number   tag 3, u8 @1 kind:
//              INT   i64 @8                                            16 bytes
//              REF   u32 @4 text length, f64 @8, u32 @16 text address  24 bytes (decimal text)
//              FLOAT u32 @4 cached text length, f64 @8, u32 @16 cached text (0 until formatted)
//            u16 @2 flags for REF: 1 = integer syntax (no fraction/exponent)
//   string   tag 4, u16 @2 flags (1 = ASCII-ness known, 2 = ASCII), u32 @4 byte length,
//            u32 @8 bytes address, u32 @12 cached hash (0 = not computed)        16 bytes
//   array    tag 5, u32 @4 length, u32 @8 capacity, u32 @12 elements, u32 @16 cached hash
//   object   tag 6 / set tag 7: see table.ts
//
// Values are immutable once shared; the builders are only used on fresh values. Caches (hash,
// number text, sorted order) are filled lazily and do not change the value's meaning.

import { malloc, realloc, shrinkLast } from './alloc';

export const T_NULL: i32 = 1;
export const T_BOOLEAN: i32 = 2;
export const T_NUMBER: i32 = 3;
export const T_STRING: i32 = 4;
export const T_ARRAY: i32 = 5;
export const T_OBJECT: i32 = 6;
export const T_SET: i32 = 7;

export const N_INT: i32 = 0;
export const N_REF: i32 = 1;
export const N_FLOAT: i32 = 2;

export const NF_INTSYNTAX: i32 = 1;

export const SF_KNOWN: i32 = 1;
export const SF_ASCII: i32 = 2;

@inline export function tagOf(v: i32): i32 {
  return <i32>load<u8>(v);
}
@inline export function kindOf(v: i32): i32 {
  return <i32>load<u8>(v, 1);
}
@inline export function flagsOf(v: i32): i32 {
  return <i32>load<u16>(v, 2);
}
@inline export function setFlags(v: i32, f: i32): void {
  store<u16>(v, <u16>f, 2);
}

// ---- singletons -------------------------------------------------------------------------------

export const NULL_V: i32 = <i32>memory.data<u8>([1, 0, 0, 0, 0, 0, 0, 0], 8);
export const FALSE_V: i32 = <i32>memory.data<u8>([2, 0, 0, 0, 0, 0, 0, 0], 8);
export const TRUE_V: i32 = <i32>memory.data<u8>([2, 0, 0, 0, 1, 0, 0, 0], 8);

@inline export function boolV(b: bool): i32 {
  return b ? TRUE_V : FALSE_V;
}

@inline export function boolOf(v: i32): bool {
  return load<u32>(v, 4) != 0;
}

export function opa_null(): i32 {
  return NULL_V;
}

export function opa_boolean(b: i32): i32 {
  return b != 0 ? TRUE_V : FALSE_V;
}

// ---- integers ---------------------------------------------------------------------------------

const SMALL_MIN: i32 = -1;
const SMALL_MAX: i32 = 1023;
const SMALL = memory.data((SMALL_MAX - SMALL_MIN + 1) * 16, 8);
let smallReady: bool = false;

function initSmall(): void {
  for (let i = SMALL_MIN; i <= SMALL_MAX; i++) {
    let p = <i32>SMALL + (i - SMALL_MIN) * 16;
    store<u32>(p, T_NUMBER); // kind INT, no flags
    store<u32>(p, 0, 4);
    store<i64>(p, <i64>i, 8);
  }
  smallReady = true;
}

export function intV(n: i64): i32 {
  if (n >= SMALL_MIN && n <= SMALL_MAX) {
    if (!smallReady) initSmall();
    return <i32>SMALL + (<i32>n - SMALL_MIN) * 16;
  }
  let p = malloc(16);
  store<u32>(p, T_NUMBER);
  store<u32>(p, 0, 4);
  store<i64>(p, n, 8);
  return p;
}

@inline export function intOf(v: i32): i64 {
  return load<i64>(v, 8);
}

@inline export function numF64(v: i32): f64 {
  return kindOf(v) == N_INT ? <f64>load<i64>(v, 8) : load<f64>(v, 8);
}

/** A REF number: decimal text (JSON syntax) plus its nearest f64. */
export function refV(text: i32, len: i32, f: f64, intSyntax: bool): i32 {
  let p = malloc(24);
  store<u8>(p, T_NUMBER);
  store<u8>(p, <u8>N_REF, 1);
  store<u16>(p, intSyntax ? <u16>NF_INTSYNTAX : 0, 2);
  store<u32>(p, len, 4);
  store<f64>(p, f, 8);
  store<u32>(p, text, 16);
  store<u32>(p, 0, 20);
  return p;
}

/** A computed float (finite). Integral values within i64 become INT. */
export function floatV(f: f64): i32 {
  if (!isFinite(f)) return 0;
  if (f == Math.floor(f) && f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
    return intV(<i64>f);
  }
  let p = malloc(24);
  store<u8>(p, T_NUMBER);
  store<u8>(p, <u8>N_FLOAT, 1);
  store<u16>(p, 0, 2);
  store<u32>(p, 0, 4);
  store<f64>(p, f, 8);
  store<u32>(p, 0, 16);
  store<u32>(p, 0, 20);
  return p;
}

// ---- strings ----------------------------------------------------------------------------------

@inline export function strLen(v: i32): i32 {
  return load<i32>(v, 4);
}
@inline export function strPtr(v: i32): i32 {
  return load<i32>(v, 8);
}

/** A string value referencing `len` bytes at `ptr` (not copied). flags: SF_* */
export function strV(ptr: i32, len: i32, flags: i32): i32 {
  let p = malloc(16);
  store<u8>(p, T_STRING);
  store<u8>(p, 0, 1);
  store<u16>(p, <u16>flags, 2);
  store<u32>(p, len, 4);
  store<u32>(p, ptr, 8);
  store<u32>(p, 0, 12);
  return p;
}

/** A string value with room for `len` bytes right after the header; fill via strPtr. */
export function strAlloc(len: i32): i32 {
  let p = malloc(16 + len);
  store<u8>(p, T_STRING);
  store<u8>(p, 0, 1);
  store<u16>(p, 0, 2);
  store<u32>(p, len, 4);
  store<u32>(p, p + 16, 8);
  store<u32>(p, 0, 12);
  return p;
}

/** Copies bytes into a new string value. */
export function strCopy(ptr: i32, len: i32): i32 {
  let s = strAlloc(len);
  memory.copy(s + 16, ptr, len);
  return s;
}

/** String from an AssemblyScript static string literal (ASCII). */
export function strLit(s: string): i32 {
  let n = s.length;
  let v = strAlloc(n);
  let d = v + 16;
  for (let i = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(i));
  setFlags(v, SF_KNOWN | SF_ASCII);
  return v;
}

export function opa_string(addr: i32, len: i32): i32 {
  return strV(addr, len, 0);
}

/** True when every byte is < 0x80 (cached in the flags). */
export function strIsAscii(v: i32): bool {
  let f = flagsOf(v);
  if (f & SF_KNOWN) return (f & SF_ASCII) != 0;
  let p = strPtr(v);
  let n = strLen(v);
  let ascii = true;
  let i = 0;
  while (i + 8 <= n) {
    if ((load<u64>(p + i) & 0x8080808080808080) != 0) {
      ascii = false;
      break;
    }
    i += 8;
  }
  if (ascii) {
    while (i < n) {
      if (load<u8>(p + i) >= 0x80) {
        ascii = false;
        break;
      }
      i++;
    }
  }
  setFlags(v, f | SF_KNOWN | (ascii ? SF_ASCII : 0));
  return ascii;
}

// ---- arrays -----------------------------------------------------------------------------------

@inline export function arrLen(v: i32): i32 {
  return load<i32>(v, 4);
}
@inline export function arrData(v: i32): i32 {
  return load<i32>(v, 12);
}
@inline export function arrGet(v: i32, i: i32): i32 {
  return load<i32>(load<i32>(v, 12) + (i << 2));
}

export function arrNew(cap: i32): i32 {
  let p = malloc(24 + (cap << 2));
  store<u8>(p, T_ARRAY);
  store<u8>(p, 0, 1);
  store<u16>(p, 0, 2);
  store<u32>(p, 0, 4);
  store<u32>(p, cap, 8);
  store<u32>(p, p + 24, 12);
  store<u32>(p, 0, 16);
  store<u32>(p, 0, 20);
  return p;
}

export function arrPush(a: i32, v: i32): void {
  let n = load<i32>(a, 4);
  let cap = load<i32>(a, 8);
  if (n == cap) {
    let ncap = cap < 4 ? 4 : cap * 2;
    let data = realloc(load<i32>(a, 12), cap << 2, ncap << 2);
    store<u32>(a, data, 12);
    store<u32>(a, ncap, 8);
  }
  store<i32>(load<i32>(a, 12) + (n << 2), v);
  store<u32>(a, n + 1, 4);
  store<u32>(a, 0, 16); // invalidate cached hash
}

/** Array of exactly n slots (length n), to be filled with arrSet. */
export function arrOfLen(n: i32): i32 {
  let a = arrNew(n);
  store<u32>(a, n, 4);
  return a;
}

@inline export function arrSet(a: i32, i: i32, v: i32): void {
  store<i32>(load<i32>(a, 12) + (i << 2), v);
}

export function opa_array(): i32 {
  return arrNew(0);
}

export function opa_array_with_cap(n: i32): i32 {
  return arrNew(n < 0 ? 0 : n);
}

export function opa_array_append(arr: i32, v: i32): void {
  arrPush(arr, v);
}

/** Sets the final length of a string made by strAlloc (must be the last allocation to reclaim). */
export function strShrink(s: i32, n: i32): void {
  shrinkLast(s, 16 + load<i32>(s, 4), 16 + n);
  store<u32>(s, n, 4);
}
