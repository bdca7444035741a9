// Type predicates, type_name, to_number.

import { malloc } from '../alloc';
import { builtinErr, typeErr } from '../errors';
import { numberFromText, numSyntax } from '../number';
import { strtod } from '../dtoa';
import {
  boolV, intV, strLen, strLit, strPtr,
  T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf,
} from '../value';

export function b_is_number(v: i32): i32 {
  return boolV(tagOf(v) == T_NUMBER);
}
export function b_is_string(v: i32): i32 {
  return boolV(tagOf(v) == T_STRING);
}
export function b_is_boolean(v: i32): i32 {
  return boolV(tagOf(v) == T_BOOLEAN);
}
export function b_is_array(v: i32): i32 {
  return boolV(tagOf(v) == T_ARRAY);
}
export function b_is_set(v: i32): i32 {
  return boolV(tagOf(v) == T_SET);
}
export function b_is_object(v: i32): i32 {
  return boolV(tagOf(v) == T_OBJECT);
}
export function b_is_null(v: i32): i32 {
  return boolV(tagOf(v) == T_NULL);
}

export function b_type_name(v: i32): i32 {
  switch (tagOf(v)) {
    case T_NULL: return strLit('null');
    case T_BOOLEAN: return strLit('boolean');
    case T_NUMBER: return strLit('number');
    case T_STRING: return strLit('string');
    case T_ARRAY: return strLit('array');
    case T_OBJECT: return strLit('object');
    case T_SET: return strLit('set');
  }
  return 0;
}

@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

/**
 * Number from a string in Go strconv.ParseFloat decimal syntax ([+-]digits[.digits][e[+-]digits],
 * also ".5" and "5."), normalised to JSON syntax. Hex floats, inf and nan are rejected.
 */
function parseNumberString(p: i32, n: i32): i32 {
  let out = malloc(n + 2);
  let o = 0;
  let i = 0;
  if (i < n && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) {
    if (load<u8>(p) == 0x2d) store<u8>(out + o++, 0x2d);
    i++;
  }
  let intStart = i;
  while (i < n && isDigit(load<u8>(p + i))) i++;
  let intEnd = i;
  let fracStart = 0;
  let fracEnd = 0;
  if (i < n && load<u8>(p + i) == 0x2e) {
    i++;
    fracStart = i;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    fracEnd = i;
  }
  if (intEnd == intStart && fracEnd == fracStart) return 0; // no digits
  // integer part without leading zeros
  let a = intStart;
  while (a < intEnd - 1 && load<u8>(p + a) == 0x30) a++;
  if (intEnd == intStart) store<u8>(out + o++, 0x30);
  else {
    memory.copy(out + o, p + a, intEnd - a);
    o += intEnd - a;
  }
  if (fracEnd > fracStart) {
    store<u8>(out + o++, 0x2e);
    memory.copy(out + o, p + fracStart, fracEnd - fracStart);
    o += fracEnd - fracStart;
  }
  if (i < n && (load<u8>(p + i) | 0x20) == 0x65) {
    let e = i;
    i++;
    if (i < n && (load<u8>(p + i) == 0x2b || load<u8>(p + i) == 0x2d)) i++;
    let ds = i;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    if (i == ds) return 0;
    memory.copy(out + o, p + e, i - e);
    o += i - e;
  }
  if (i != n) return 0;
  let kind = numSyntax(out, o);
  if (kind == 0) return 0;
  let f = strtod(out, o);
  if (!isFinite(f)) return 0;
  return numberFromText(out, o, kind);
}

export function b_to_number(v: i32): i32 {
  switch (tagOf(v)) {
    case T_NULL:
      return intV(0);
    case T_BOOLEAN:
      return intV(load<u32>(v, 4) != 0 ? 1 : 0);
    case T_NUMBER:
      return v;
    case T_STRING: {
      let r = parseNumberString(strPtr(v), strLen(v));
      if (r == 0) return builtinErr('to_number', 'invalid syntax');
      return r;
    }
  }
  return typeErr('to_number', 1, 'one of {null, boolean, number, string}', v);
}
