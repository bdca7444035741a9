// Arrays and objects: array.concat array.slice array.reverse object.get object.keys object.remove
// object.union object.union_n object.filter object.subset json.filter json.remove walk.

import { equalValues } from '../compare';
import { builtinErr, elemErr, typeErr } from '../errors';
import {
  objGet, tblAppend, tblCopy, tblCount, tblFind, tblInsert, tblKey, tblMarkSorted, tblNew,
  tblSetVal, tblSort, tblSorted, tblVal,
} from '../table';
import {
  arrData, arrGet, arrLen, arrNew, arrOfLen, arrPush, arrSet, boolV, intV, kindOf, N_INT,
  NULL_V, strCopy, strLen, strPtr,
  T_ARRAY, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf,
} from '../value';
import { fmtI64 } from '../number';
import { malloc } from '../alloc';

export function b_array_concat(a: i32, b: i32): i32 {
  if (tagOf(a) != T_ARRAY) return typeErr('array.concat', 1, 'array', a);
  if (tagOf(b) != T_ARRAY) return typeErr('array.concat', 2, 'array', b);
  let na = arrLen(a);
  let nb = arrLen(b);
  if (nb == 0) return a;
  if (na == 0) return b;
  let r = arrOfLen(na + nb);
  memory.copy(arrData(r), arrData(a), na << 2);
  memory.copy(arrData(r) + (na << 2), arrData(b), nb << 2);
  return r;
}

export function b_array_slice(a: i32, start: i32, stop: i32): i32 {
  if (tagOf(a) != T_ARRAY) return typeErr('array.slice', 1, 'array', a);
  if (tagOf(start) != T_NUMBER) return typeErr('array.slice', 2, 'number', start);
  if (kindOf(start) != N_INT) return builtinErr('array.slice', 'operand 2 must be integer number but got floating-point number');
  if (tagOf(stop) != T_NUMBER) return typeErr('array.slice', 3, 'number', stop);
  if (kindOf(stop) != N_INT) return builtinErr('array.slice', 'operand 3 must be integer number but got floating-point number');
  let n = <i64>arrLen(a);
  let s = load<i64>(start, 8);
  let e = load<i64>(stop, 8);
  if (e < 0) e = 0;
  else if (e > n) e = n;
  if (s < 0) s = 0;
  else if (s > e) s = e;
  let len = <i32>(e - s);
  let r = arrOfLen(len);
  memory.copy(arrData(r), arrData(a) + (<i32>s << 2), len << 2);
  return r;
}

export function b_array_reverse(a: i32): i32 {
  if (tagOf(a) != T_ARRAY) return typeErr('array.reverse', 1, 'array', a);
  let n = arrLen(a);
  let r = arrOfLen(n);
  for (let i = 0; i < n; i++) arrSet(r, i, arrGet(a, n - 1 - i));
  return r;
}

// ---- object.get -------------------------------------------------------------------------------

/** Looks a path up in nested objects / arrays / sets; 0 if it does not exist. */
function findPath(v: i32, path: i32): i32 {
  let n = arrLen(path);
  let cur = v;
  for (let i = 0; i < n; i++) {
    let k = arrGet(path, i);
    switch (tagOf(cur)) {
      case T_OBJECT:
        cur = objGet(cur, k);
        break;
      case T_ARRAY: {
        if (tagOf(k) != T_NUMBER || kindOf(k) != N_INT) return 0;
        let j = load<i64>(k, 8);
        if (j < 0 || j >= <i64>arrLen(cur)) return 0;
        cur = arrGet(cur, <i32>j);
        break;
      }
      case T_SET:
        cur = tblFind(cur, k) >= 0 ? k : 0;
        break;
      default:
        return 0;
    }
    if (cur == 0) return 0;
  }
  return cur;
}

export function b_object_get(obj: i32, key: i32, dflt: i32): i32 {
  if (tagOf(obj) != T_OBJECT) return typeErr('object.get', 1, 'object', obj);
  if (tagOf(key) != T_ARRAY) {
    let v = objGet(obj, key);
    return v != 0 ? v : dflt;
  }
  if (arrLen(key) == 0) return obj;
  let v = findPath(obj, key);
  return v != 0 ? v : dflt;
}

export function b_object_keys(obj: i32): i32 {
  if (tagOf(obj) != T_OBJECT) return typeErr('object.keys', 1, 'object', obj);
  let n = tblCount(obj);
  let s = tblNew(T_SET, n);
  for (let i = 0; i < n; i++) {
    let k = tblKey(obj, i);
    tblAppend(s, k, k);
  }
  if (tblSorted(obj)) tblMarkSorted(s);
  return s;
}

/** Keys given as an array, set or object (its keys), as a set; 0 on a type error. */
function keysParam(name: string, v: i32): i32 {
  switch (tagOf(v)) {
    case T_ARRAY: {
      let n = arrLen(v);
      let s = tblNew(T_SET, n);
      for (let i = 0; i < n; i++) {
        let k = arrGet(v, i);
        tblInsert(s, k, k);
      }
      return s;
    }
    case T_SET:
      return v;
    case T_OBJECT:
      return b_object_keys(v);
  }
  return typeErr(name, 2, 'one of {object, set, array}', v);
}

export function b_object_remove(obj: i32, keys: i32): i32 {
  if (tagOf(obj) != T_OBJECT) return typeErr('object.remove', 1, 'object', obj);
  let ks = keysParam('object.remove', keys);
  if (ks == 0) return 0;
  let n = tblCount(obj);
  let r = tblNew(T_OBJECT, n);
  for (let i = 0; i < n; i++) {
    let k = tblKey(obj, i);
    if (tblFind(ks, k) < 0) tblAppend(r, k, tblVal(obj, i));
  }
  return r;
}

export function b_object_filter(obj: i32, keys: i32): i32 {
  if (tagOf(obj) != T_OBJECT) return typeErr('object.filter', 1, 'object', obj);
  let ks = keysParam('object.filter', keys);
  if (ks == 0) return 0;
  let n = tblCount(obj);
  let r = tblNew(T_OBJECT, 0);
  for (let i = 0; i < n; i++) {
    let k = tblKey(obj, i);
    if (tblFind(ks, k) >= 0) tblAppend(r, k, tblVal(obj, i));
  }
  return r;
}

// ---- object.union -----------------------------------------------------------------------------

function mergeOverwrite(a: i32, b: i32): i32 {
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
      let va = tblVal(r, j);
      if (tagOf(va) == T_OBJECT && tagOf(vb) == T_OBJECT) tblSetVal(r, j, mergeOverwrite(va, vb));
      else tblSetVal(r, j, vb);
    }
  }
  return r;
}

export function b_object_union(a: i32, b: i32): i32 {
  if (tagOf(a) != T_OBJECT) return typeErr('object.union', 1, 'object', a);
  if (tagOf(b) != T_OBJECT) return typeErr('object.union', 2, 'object', b);
  if (tblCount(a) == 0) return b;
  if (tblCount(b) == 0) return a;
  return mergeOverwrite(a, b);
}

export function b_object_union_n(arr: i32): i32 {
  if (tagOf(arr) != T_ARRAY) return typeErr('object.union_n', 1, 'array', arr);
  let n = arrLen(arr);
  let r = tblNew(T_OBJECT, 0);
  for (let i = 0; i < n; i++) {
    let o = arrGet(arr, i);
    if (tagOf(o) != T_OBJECT) return elemErr('object.union_n', 1, arr, 'object', o);
    r = mergeOverwrite(r, o);
  }
  return r;
}

// ---- object.subset ----------------------------------------------------------------------------

function setSubset(sup: i32, sub: i32): bool {
  let n = tblCount(sub);
  for (let i = 0; i < n; i++) if (tblFind(sup, tblKey(sub, i)) < 0) return false;
  return true;
}

function arraySubset(sup: i32, sub: i32): bool {
  let ns = arrLen(sub);
  let np = arrLen(sup);
  if (ns > np) return false;
  if (ns == 0) return true;
  for (let s = 0; s + ns <= np; s++) {
    let ok = true;
    for (let j = 0; j < ns; j++) {
      if (!equalValues(arrGet(sup, s + j), arrGet(sub, j))) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

function objectSubset(sup: i32, sub: i32): bool {
  let n = tblCount(sub);
  for (let i = 0; i < n; i++) {
    let j = tblFind(sup, tblKey(sub, i));
    if (j < 0) return false;
    let a = tblVal(sup, j);
    let b = tblVal(sub, i);
    if (equalValues(a, b)) continue;
    let ta = tagOf(a);
    if (ta != tagOf(b)) return false;
    if (ta == T_OBJECT) {
      if (!objectSubset(a, b)) return false;
    } else if (ta == T_SET) {
      if (!setSubset(a, b)) return false;
    } else if (ta == T_ARRAY) {
      if (!arraySubset(a, b)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** OPA's array-super / set-sub rule: counts array elements found in the set. */
function arraySetSubset(sup: i32, sub: i32): bool {
  let unmatched = tblCount(sub);
  let n = arrLen(sup);
  for (let i = 0; i < n; i++) {
    if (tblFind(sub, arrGet(sup, i)) >= 0) unmatched--;
    if (unmatched == 0) return true;
  }
  return false;
}

export function b_object_subset(sup: i32, sub: i32): i32 {
  let ta = tagOf(sup);
  let tb = tagOf(sub);
  if (ta == T_OBJECT && tb == T_OBJECT) return boolV(objectSubset(sup, sub));
  if (ta == T_SET && tb == T_SET) return boolV(setSubset(sup, sub));
  if (ta == T_ARRAY && tb == T_ARRAY) return boolV(arraySubset(sup, sub));
  if (ta == T_ARRAY && tb == T_SET) return boolV(arraySetSubset(sup, sub));
  return builtinErr('object.subset', 'both arguments object.subset must be of the same type or array and set');
}

// ---- json.filter / json.remove ----------------------------------------------------------------

/** Splits a JSON-pointer-like string into an array of string segments. */
function parseStringPath(s: i32): i32 {
  let p = strPtr(s);
  let n = strLen(s);
  if (n == 0) return arrNew(0);
  let a = 0;
  while (a < n && load<u8>(p + a) == 0x2f) a++;
  let arr = arrNew(4);
  let start = a;
  for (let i = a; i <= n; i++) {
    if (i == n || load<u8>(p + i) == 0x2f) {
      arrPush(arr, unescapePointer(p + start, i - start));
      start = i + 1;
    }
  }
  return arr;
}

/** "~1" -> "/", then "~0" -> "~". */
function unescapePointer(p: i32, n: i32): i32 {
  let buf = malloc(n);
  let o = 0;
  // first pass ~1 -> /
  let i = 0;
  while (i < n) {
    if (load<u8>(p + i) == 0x7e && i + 1 < n && load<u8>(p + i + 1) == 0x31) {
      store<u8>(buf + o++, 0x2f);
      i += 2;
    } else {
      store<u8>(buf + o++, load<u8>(p + i));
      i++;
    }
  }
  // second pass ~0 -> ~
  let m = 0;
  i = 0;
  while (i < o) {
    if (load<u8>(buf + i) == 0x7e && i + 1 < o && load<u8>(buf + i + 1) == 0x30) {
      store<u8>(buf + m++, 0x7e);
      i += 2;
    } else {
      store<u8>(buf + m++, load<u8>(buf + i));
      i++;
    }
  }
  return strCopy(buf, m);
}

/** Paths operand (array or set of strings / arrays) to the filter tree object; 0 on error. */
function pathsToTree(name: string, paths: i32): i32 {
  let t = tagOf(paths);
  if (t != T_ARRAY && t != T_SET) return typeErr(name, 2, 'one of {set, array}', paths);
  if (t == T_SET) tblSort(paths);
  let n = t == T_ARRAY ? arrLen(paths) : tblCount(paths);
  let root = tblNew(T_OBJECT, 0);
  for (let i = 0; i < n; i++) {
    let x = t == T_ARRAY ? arrGet(paths, i) : tblKey(paths, i);
    let path: i32;
    if (tagOf(x) == T_STRING) path = parseStringPath(x);
    else if (tagOf(x) == T_ARRAY) path = x;
    else {
      return builtinErr(name, 'operand 2 must be one of {set, array} containing string paths or array of path segments');
    }
    let m = arrLen(path);
    if (m == 0) continue;
    let node = root;
    let done = false;
    for (let j = 0; j < m - 1; j++) {
      let k = arrGet(path, j);
      let child = objGet(node, k);
      if (child == 0) {
        let o = tblNew(T_OBJECT, 0);
        tblAppend(node, k, o);
        node = o;
        continue;
      }
      if (tagOf(child) == T_NULL) {
        done = true;
        break;
      }
      node = child;
    }
    if (!done) tblInsert(node, arrGet(path, m - 1), NULL_V);
  }
  return root;
}

function indexKey(i: i32): i32 {
  let buf = malloc(12);
  return strCopy(buf, fmtI64(<i64>i, buf));
}

function filterTree(v: i32, f: i32): i32 {
  if (tagOf(f) == T_NULL) return v;
  if (tagOf(f) != T_OBJECT) return 0;
  switch (tagOf(v)) {
    case T_ARRAY: {
      let n = arrLen(v);
      let r = arrNew(0);
      for (let i = 0; i < n; i++) {
        let sub = objGet(f, indexKey(i));
        if (sub != 0) {
          let x = filterTree(arrGet(v, i), sub);
          if (x == 0) return 0;
          arrPush(r, x);
        }
      }
      return r;
    }
    case T_SET: {
      let n = tblCount(v);
      let r = tblNew(T_SET, 0);
      for (let i = 0; i < n; i++) {
        let e = tblKey(v, i);
        let sub = objGet(f, e);
        if (sub != 0) {
          let x = filterTree(e, sub);
          if (x == 0) return 0;
          tblInsert(r, x, x);
        }
      }
      return r;
    }
    case T_OBJECT: {
      let n = tblCount(v);
      let r = tblNew(T_OBJECT, 0);
      for (let i = 0; i < n; i++) {
        let k = tblKey(v, i);
        let sub = objGet(f, k);
        if (sub != 0) {
          let x = filterTree(tblVal(v, i), sub);
          if (x == 0) return 0;
          tblAppend(r, k, x);
        }
      }
      return r;
    }
  }
  return v;
}

export function b_json_filter(obj: i32, paths: i32): i32 {
  if (tagOf(obj) != T_OBJECT) return typeErr('json.filter', 1, 'object', obj);
  let tree = pathsToTree('json.filter', paths);
  if (tree == 0) return 0;
  return filterTree(obj, tree);
}

/** Removes the leaves of tree b from a; returns 0 when a itself is removed. */
function removeTree(a: i32, b: i32): i32 {
  if (b == 0) return a;
  let tb = tagOf(b);
  if (tb == T_NULL) return 0;
  if (tb != T_OBJECT) return a;
  switch (tagOf(a)) {
    case T_OBJECT: {
      let n = tblCount(a);
      let r = tblNew(T_OBJECT, n);
      for (let i = 0; i < n; i++) {
        let k = tblKey(a, i);
        let d = removeTree(tblVal(a, i), objGet(b, k));
        if (d != 0) tblAppend(r, k, d);
      }
      return r;
    }
    case T_SET: {
      let n = tblCount(a);
      let r = tblNew(T_SET, n);
      for (let i = 0; i < n; i++) {
        let e = tblKey(a, i);
        let d = removeTree(e, objGet(b, e));
        if (d != 0) tblInsert(r, d, d);
      }
      return r;
    }
    case T_ARRAY: {
      let n = arrLen(a);
      let r = arrNew(n);
      for (let i = 0; i < n; i++) {
        let d = removeTree(arrGet(a, i), objGet(b, indexKey(i)));
        if (d != 0) arrPush(r, d);
      }
      return r;
    }
  }
  return a;
}

export function b_json_remove(obj: i32, paths: i32): i32 {
  if (tagOf(obj) != T_OBJECT) return typeErr('json.remove', 1, 'object', obj);
  let tree = pathsToTree('json.remove', paths);
  if (tree == 0) return 0;
  let r = removeTree(obj, tree);
  return r;
}

// ---- walk -------------------------------------------------------------------------------------

function walkInto(out: i32, v: i32, path: i32, depth: i32): void {
  // path holds `depth` keys; the pair gets its own copy
  let p = arrOfLen(depth);
  memory.copy(arrData(p), arrData(path), depth << 2);
  let pair = arrOfLen(2);
  arrSet(pair, 0, p);
  arrSet(pair, 1, v);
  tblAppend(out, pair, pair);
  let t = tagOf(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i = 0; i < n; i++) {
      pathPut(path, depth, intV(i));
      walkInto(out, arrGet(v, i), path, depth + 1);
    }
  } else if (t == T_OBJECT || t == T_SET) {
    tblSort(v);
    let n = tblCount(v);
    for (let i = 0; i < n; i++) {
      pathPut(path, depth, tblKey(v, i));
      walkInto(out, tblVal(v, i), path, depth + 1);
    }
  }
}

/** Stores key at index depth of the scratch path array, growing it. */
function pathPut(path: i32, depth: i32, k: i32): void {
  if (depth < arrLen(path)) {
    arrSet(path, depth, k);
    return;
  }
  arrPush(path, k);
}

/** walk(x): the set of [path, value] pairs, in OPA's (pre-order, sorted) order. */
export function b_walk(x: i32): i32 {
  if (x == 0) return 0;
  let out = tblNew(T_SET, 0);
  let path = arrNew(8);
  walkInto(out, x, path, 0);
  // pre-order with sorted children is exactly the sorted order of the pairs
  tblMarkSorted(out);
  return out;
}
