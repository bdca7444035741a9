// Evaluation context, value access/iteration exports and helpers for the emitted code.

import { malloc } from './alloc';
import { dumpPrintLine } from './json_dump';
import { opa_println } from './env';
import { abortStr } from './errors';
import { objGet, tblCount, tblFind, tblKey, tblNew, tblAppend, tblSort, tblVal } from './table';
import { countRunes } from './utf8';
import {
  arrGet, arrLen, arrNew, arrPush, intV, kindOf, N_INT, strIsAscii, strLen, strLit, strPtr,
  T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf,
} from './value';

// ---- evaluation context: input @0, data @4, entrypoint @8, result @12 --------------------------

export function opa_eval_ctx_new(): i32 {
  let c = malloc(16);
  store<u64>(c, 0);
  store<u64>(c, 0, 8);
  return c;
}
export function opa_eval_ctx_set_input(ctx: i32, v: i32): void {
  store<i32>(ctx, v);
}
export function opa_eval_ctx_set_data(ctx: i32, v: i32): void {
  store<i32>(ctx, v, 4);
}
export function opa_eval_ctx_set_entrypoint(ctx: i32, ep: i32): void {
  store<i32>(ctx, ep, 8);
}
export function opa_eval_ctx_get_input(ctx: i32): i32 {
  return load<i32>(ctx);
}
export function opa_eval_ctx_get_data(ctx: i32): i32 {
  return load<i32>(ctx, 4);
}
export function opa_eval_ctx_get_entrypoint(ctx: i32): i32 {
  return load<i32>(ctx, 8);
}
export function opa_eval_ctx_get_result(ctx: i32): i32 {
  return load<i32>(ctx, 12);
}
/** Used by the emitted eval to store the result set. */
export function opa_eval_ctx_set_result(ctx: i32, v: i32): void {
  store<i32>(ctx, v, 12);
}

// ---- access -----------------------------------------------------------------------------------

export function opa_value_type(v: i32): i32 {
  return v == 0 ? 0 : tagOf(v);
}

export function opa_value_get(v: i32, key: i32): i32 {
  if (v == 0 || key == 0) return 0;
  switch (tagOf(v)) {
    case T_ARRAY: {
      if (tagOf(key) != T_NUMBER || kindOf(key) != N_INT) return 0;
      let i = load<i64>(key, 8);
      if (i < 0 || i >= <i64>arrLen(v)) return 0;
      return arrGet(v, <i32>i);
    }
    case T_OBJECT:
      return objGet(v, key);
    case T_SET:
      return tblFind(v, key) >= 0 ? key : 0;
  }
  return 0;
}

export function strRuneCount(s: i32): i32 {
  return strIsAscii(s) ? strLen(s) : countRunes(strPtr(s), strLen(s));
}

export function opa_value_length(v: i32): i32 {
  if (v == 0) return 0;
  switch (tagOf(v)) {
    case T_ARRAY:
      return arrLen(v);
    case T_OBJECT:
    case T_SET:
      return tblCount(v);
    case T_STRING:
      return strRuneCount(v);
  }
  return 0;
}

export function opa_value_iter_key(v: i32, i: i32): i32 {
  if (v == 0 || i < 0) return 0;
  switch (tagOf(v)) {
    case T_ARRAY:
      return i < arrLen(v) ? intV(i) : 0;
    case T_OBJECT:
    case T_SET:
      if (i >= tblCount(v)) return 0;
      tblSort(v);
      return tblKey(v, i);
  }
  return 0;
}

export function opa_value_iter_value(v: i32, i: i32): i32 {
  if (v == 0 || i < 0) return 0;
  switch (tagOf(v)) {
    case T_ARRAY:
      return i < arrLen(v) ? arrGet(v, i) : 0;
    case T_OBJECT:
    case T_SET:
      if (i >= tblCount(v)) return 0;
      tblSort(v);
      return tblVal(v, i);
  }
  return 0;
}

export function opa_value_truthy(v: i32): i32 {
  if (v == 0) return 0;
  if (tagOf(v) == T_BOOLEAN && load<u32>(v, 4) == 0) return 0;
  return 1;
}

// ---- helpers for the emitted code ---------------------------------------------------------------

export function accord_result_set(v: i32): i32 {
  if (v == 0) return arrNew(0);
  let o = tblNew(T_OBJECT, 1);
  tblAppend(o, strLit('result'), v);
  let a = arrNew(1);
  arrPush(a, o);
  return a;
}

/**
 * print(): `arr` holds one set per argument with the values that argument took. As OPA does,
 * one line is printed per combination of values (the cross product); an argument with no
 * values prints `<undefined>`.
 */
export function accord_println_values(arr: i32): void {
  if (arr == 0 || tagOf(arr) != T_ARRAY) return;
  let n = arrLen(arr);
  let idx = malloc(n << 2);
  for (let i = 0; i < n; i++) store<i32>(idx + (i << 2), 0);
  while (true) {
    let line = arrNew(n);
    for (let i = 0; i < n; i++) {
      let s = arrGet(arr, i);
      let v = s;
      if (s != 0 && tagOf(s) == T_SET) v = opa_value_length(s) == 0 ? 0 : opa_value_iter_value(s, load<i32>(idx + (i << 2)));
      arrPush(line, v);
    }
    opa_println(dumpPrintLine(line));
    // Advance the odometer, last argument fastest.
    let i = n - 1;
    for (; i >= 0; i--) {
      let s = arrGet(arr, i);
      let len = s != 0 && tagOf(s) == T_SET ? opa_value_length(s) : 1;
      let next = load<i32>(idx + (i << 2)) + 1;
      if (next < len) {
        store<i32>(idx + (i << 2), next);
        break;
      }
      store<i32>(idx + (i << 2), 0);
    }
    if (i < 0) break;
  }
}

export function accord_abort_conflict(kind: i32): void {
  if (kind == 0) abortStr('eval_conflict_error: complete rules must not produce multiple outputs');
  else if (kind == 1) abortStr('eval_conflict_error: functions must not produce multiple outputs for same inputs');
  else abortStr('eval_conflict_error: object keys must be unique');
}

export function accord_cstr(addr: i32, len: i32): i32 {
  let p = malloc(len + 1);
  memory.copy(p, addr, len);
  store<u8>(p + len, 0);
  return p;
}
