// Aggregates: count sum product max min sort all any, and membership (internal.member_2/3).

import { strRuneCount } from '../abi';
import { compareValues, equalValues } from '../compare';
import { elemErr, typeErr } from '../errors';
import { sortValues } from '../sort';
import { tblCount, tblFind, tblKey, tblSort, tblVal } from '../table';
import { numAdd, numMul } from './arith';
import {
  arrData, arrGet, arrLen, arrOfLen, boolV, intV, kindOf, N_INT,
  T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf,
} from '../value';

export function b_count(v: i32): i32 {
  switch (tagOf(v)) {
    case T_ARRAY:
      return intV(arrLen(v));
    case T_OBJECT:
    case T_SET:
      return intV(tblCount(v));
    case T_STRING:
      return intV(strRuneCount(v));
  }
  return typeErr('count', 1, 'one of {array, object, set, string}', v);
}

/** Elements of an array or set: count and i-th element. */
@inline function collLen(c: i32): i32 {
  return tagOf(c) == T_ARRAY ? arrLen(c) : tblCount(c);
}
@inline function collGet(c: i32, i: i32): i32 {
  return tagOf(c) == T_ARRAY ? arrGet(c, i) : tblKey(c, i);
}
@inline function isColl(c: i32): bool {
  let t = tagOf(c);
  return t == T_ARRAY || t == T_SET;
}

export function b_sum(c: i32): i32 {
  if (!isColl(c)) return typeErr('sum', 1, 'one of {set, array}', c);
  let n = collLen(c);
  let acc = intV(0);
  for (let i = 0; i < n; i++) {
    let x = collGet(c, i);
    if (tagOf(x) != T_NUMBER) return elemErr('sum', 1, c, 'number', x);
    acc = numAdd(acc, x);
    if (acc == 0) return 0;
  }
  return acc;
}

export function b_product(c: i32): i32 {
  if (!isColl(c)) return typeErr('product', 1, 'one of {set, array}', c);
  let n = collLen(c);
  let acc = intV(1);
  for (let i = 0; i < n; i++) {
    let x = collGet(c, i);
    if (tagOf(x) != T_NUMBER) return elemErr('product', 1, c, 'number', x);
    acc = numMul(acc, x);
    if (acc == 0) return 0;
  }
  return acc;
}

export function b_max(c: i32): i32 {
  if (!isColl(c)) return typeErr('max', 1, 'one of {set, array}', c);
  let n = collLen(c);
  if (n == 0) return 0;
  if (tagOf(c) == T_SET) {
    tblSort(c);
    return tblKey(c, n - 1);
  }
  let m = arrGet(c, 0);
  for (let i = 1; i < n; i++) {
    let x = arrGet(c, i);
    if (compareValues(m, x) <= 0) m = x;
  }
  return m;
}

export function b_min(c: i32): i32 {
  if (!isColl(c)) return typeErr('min', 1, 'one of {set, array}', c);
  let n = collLen(c);
  if (n == 0) return 0;
  if (tagOf(c) == T_SET) {
    tblSort(c);
    return tblKey(c, 0);
  }
  let m = arrGet(c, 0);
  for (let i = 1; i < n; i++) {
    let x = arrGet(c, i);
    if (compareValues(m, x) >= 0) m = x;
  }
  return m;
}

export function b_sort(c: i32): i32 {
  if (!isColl(c)) return typeErr('sort', 1, 'one of {set, array}', c);
  let n = collLen(c);
  let r = arrOfLen(n);
  if (tagOf(c) == T_SET) {
    tblSort(c);
    for (let i = 0; i < n; i++) store<i32>(arrData(r) + (i << 2), tblKey(c, i));
    return r;
  }
  memory.copy(arrData(r), arrData(c), n << 2);
  sortValues(arrData(r), n);
  return r;
}

@inline function isTrue(v: i32): bool {
  return tagOf(v) == T_BOOLEAN && load<u32>(v, 4) != 0;
}

export function b_all(c: i32): i32 {
  if (!isColl(c)) return typeErr('all', 1, 'one of {array, set}', c);
  let n = collLen(c);
  for (let i = 0; i < n; i++) if (!isTrue(collGet(c, i))) return boolV(false);
  return boolV(true);
}

export function b_any(c: i32): i32 {
  if (!isColl(c)) return typeErr('any', 1, 'one of {array, set}', c);
  let n = collLen(c);
  for (let i = 0; i < n; i++) if (isTrue(collGet(c, i))) return boolV(true);
  return boolV(false);
}

export function b_internal_member_2(x: i32, c: i32): i32 {
  if (x == 0 || c == 0) return boolV(false);
  switch (tagOf(c)) {
    case T_SET:
      return boolV(tblFind(c, x) >= 0);
    case T_ARRAY: {
      let n = arrLen(c);
      for (let i = 0; i < n; i++) if (equalValues(arrGet(c, i), x)) return boolV(true);
      return boolV(false);
    }
    case T_OBJECT: {
      let n = tblCount(c);
      for (let i = 0; i < n; i++) if (equalValues(tblVal(c, i), x)) return boolV(true);
      return boolV(false);
    }
  }
  return boolV(false);
}

export function b_internal_member_3(k: i32, v: i32, c: i32): i32 {
  if (k == 0 || v == 0 || c == 0) return boolV(false);
  switch (tagOf(c)) {
    case T_ARRAY: {
      if (tagOf(k) != T_NUMBER || kindOf(k) != N_INT) return boolV(false);
      let i = load<i64>(k, 8);
      if (i < 0 || i >= <i64>arrLen(c)) return boolV(false);
      return boolV(equalValues(arrGet(c, <i32>i), v));
    }
    case T_OBJECT: {
      let i = tblFind(c, k);
      return boolV(i >= 0 && equalValues(tblVal(c, i), v));
    }
    case T_SET:
      return boolV(tblFind(c, k) >= 0 && equalValues(k, v));
  }
  return boolV(false);
}
