// Path operations on documents: in-place (ABI, used on data) and copy-on-write variants, and
// the deep merge used to combine base and virtual documents.

import { equalValues } from './compare';
import {
  objGet, tblAppend, tblCopy, tblCount, tblDirty, tblFind, tblInsert, tblKey, tblNew,
  tblRemoveAt, tblSetVal, tblVal,
} from './table';
import { arrGet, arrLen, T_ARRAY, T_OBJECT, tagOf } from './value';

const ERR_OK: i32 = 0;
const ERR_INVALID_TYPE: i32 = 2;
const ERR_INVALID_PATH: i32 = 3;

export function opa_value_add_path(base: i32, path: i32, value: i32): i32 {
  if (base == 0 || path == 0 || value == 0) return ERR_INVALID_TYPE;
  if (tagOf(base) != T_OBJECT || tagOf(path) != T_ARRAY) return ERR_INVALID_TYPE;
  let n = arrLen(path);
  if (n == 0) return ERR_INVALID_PATH;
  // validate first so that an error leaves base unchanged
  let cur = base;
  for (let i = 0; i < n - 1; i++) {
    let next = objGet(cur, arrGet(path, i));
    if (next == 0) break;
    if (tagOf(next) != T_OBJECT) return ERR_INVALID_PATH;
    cur = next;
  }
  cur = base;
  for (let i = 0; i < n - 1; i++) {
    tblDirty(cur);
    let k = arrGet(path, i);
    let next = objGet(cur, k);
    if (next == 0) {
      next = tblNew(T_OBJECT, 0);
      tblAppend(cur, k, next);
    }
    cur = next;
  }
  tblInsert(cur, arrGet(path, n - 1), value);
  return ERR_OK;
}

export function opa_value_remove_path(base: i32, path: i32): i32 {
  if (base == 0 || path == 0) return ERR_INVALID_TYPE;
  if (tagOf(base) != T_OBJECT || tagOf(path) != T_ARRAY) return ERR_INVALID_TYPE;
  let n = arrLen(path);
  if (n == 0) return ERR_INVALID_PATH;
  let cur = base;
  for (let i = 0; i < n - 1; i++) {
    let next = objGet(cur, arrGet(path, i));
    if (next == 0) return ERR_OK;
    if (tagOf(next) != T_OBJECT) return ERR_INVALID_PATH;
    cur = next;
  }
  let j = tblFind(cur, arrGet(path, n - 1));
  if (j < 0) return ERR_OK;
  cur = base;
  for (let i = 0; i < n - 1; i++) {
    tblDirty(cur);
    cur = objGet(cur, arrGet(path, i));
  }
  tblRemoveAt(cur, j);
  return ERR_OK;
}

function upsert(base: i32, path: i32, i: i32, n: i32, v: i32): i32 {
  if (i == n) return v;
  let k = arrGet(path, i);
  let isObj = base != 0 && tagOf(base) == T_OBJECT;
  let child = isObj ? objGet(base, k) : 0;
  let nv = upsert(child, path, i + 1, n, v);
  let o = isObj ? tblCopy(base, 1) : tblNew(T_OBJECT, 1);
  tblInsert(o, k, nv);
  return o;
}

/** A copy of base with v at path (objects created on the way; untouched subtrees shared). */
export function opa_value_upsert_path(base: i32, path: i32, v: i32): i32 {
  if (path == 0 || tagOf(path) != T_ARRAY) return 0;
  return upsert(base, path, 0, arrLen(path), v);
}

function removeCopy(base: i32, path: i32, i: i32, n: i32): i32 {
  if (base == 0 || tagOf(base) != T_OBJECT) return base;
  let k = arrGet(path, i);
  let j = tblFind(base, k);
  if (j < 0) return base;
  let o = tblCopy(base, 0);
  if (i == n - 1) {
    tblRemoveAt(o, j);
    return o;
  }
  let child = tblVal(base, j);
  let nc = removeCopy(child, path, i + 1, n);
  if (nc == child) return base;
  tblSetVal(o, j, nc);
  return o;
}

/** A copy of base without the value at path (base itself if the path does not exist). */
export function opa_value_remove_path_copy(base: i32, path: i32): i32 {
  if (path == 0 || tagOf(path) != T_ARRAY) return 0;
  let n = arrLen(path);
  if (n == 0) return 0;
  return removeCopy(base, path, 0, n);
}

/** Deep merge; 0 on conflict (same key, values not both objects and not equal). */
export function mergeValues(a: i32, b: i32): i32 {
  if (a == 0) return b;
  if (b == 0) return a;
  if (tagOf(a) == T_OBJECT && tagOf(b) == T_OBJECT) {
    let nb = tblCount(b);
    if (nb == 0) return a;
    if (tblCount(a) == 0) return b;
    let r = tblCopy(a, nb);
    for (let i = 0; i < nb; i++) {
      let k = tblKey(b, i);
      let vb = tblVal(b, i);
      let j = tblFind(r, k);
      if (j < 0) {
        tblAppend(r, k, vb);
      } else {
        let m = mergeValues(tblVal(r, j), vb);
        if (m == 0) return 0;
        tblSetVal(r, j, m);
      }
    }
    return r;
  }
  return equalValues(a, b) ? a : 0;
}

export function opa_object_merge(a: i32, b: i32): i32 {
  return mergeValues(a, b);
}
