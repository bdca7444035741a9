// Sets: minus (difference), or (union), and (intersection), union, intersection.

import { typeErr, elemErr } from '../errors';
import { tblAppend, tblCopy, tblCount, tblFind, tblInsert, tblKey, tblNew } from '../table';
import { T_SET, tagOf } from '../value';

export function setDifference(a: i32, b: i32): i32 {
  let n = tblCount(a);
  let r = tblNew(T_SET, n);
  for (let i = 0; i < n; i++) {
    let k = tblKey(a, i);
    if (tblFind(b, k) < 0) tblAppend(r, k, k);
  }
  return r;
}

export function setUnion(a: i32, b: i32): i32 {
  if (tblCount(b) == 0) return a;
  if (tblCount(a) == 0) return b;
  let r = tblCopy(a, tblCount(b));
  let n = tblCount(b);
  for (let i = 0; i < n; i++) {
    let k = tblKey(b, i);
    tblInsert(r, k, k);
  }
  return r;
}

export function setIntersection(a: i32, b: i32): i32 {
  if (tblCount(b) < tblCount(a)) {
    let t = a;
    a = b;
    b = t;
  }
  let n = tblCount(a);
  let r = tblNew(T_SET, n);
  for (let i = 0; i < n; i++) {
    let k = tblKey(a, i);
    if (tblFind(b, k) >= 0) tblAppend(r, k, k);
  }
  return r;
}

export function b_or(a: i32, b: i32): i32 {
  if (tagOf(a) != T_SET) return typeErr('or', 1, 'set', a);
  if (tagOf(b) != T_SET) return typeErr('or', 2, 'set', b);
  return setUnion(a, b);
}

export function b_and(a: i32, b: i32): i32 {
  if (tagOf(a) != T_SET) return typeErr('and', 1, 'set', a);
  if (tagOf(b) != T_SET) return typeErr('and', 2, 'set', b);
  return setIntersection(a, b);
}

export function b_union(s: i32): i32 {
  if (tagOf(s) != T_SET) return typeErr('union', 1, 'set', s);
  let n = tblCount(s);
  let r = tblNew(T_SET, 0);
  for (let i = 0; i < n; i++) {
    let x = tblKey(s, i);
    if (tagOf(x) != T_SET) return elemErr('union', 1, s, 'set', x);
    let m = tblCount(x);
    for (let j = 0; j < m; j++) {
      let k = tblKey(x, j);
      tblInsert(r, k, k);
    }
  }
  return r;
}

export function b_intersection(s: i32): i32 {
  if (tagOf(s) != T_SET) return typeErr('intersection', 1, 'set', s);
  let n = tblCount(s);
  if (n == 0) return tblNew(T_SET, 0);
  for (let i = 0; i < n; i++) {
    let x = tblKey(s, i);
    if (tagOf(x) != T_SET) return elemErr('intersection', 1, s, 'set', x);
  }
  let r = tblKey(s, 0);
  for (let i = 1; i < n; i++) r = setIntersection(r, tblKey(s, i));
  return r;
}
