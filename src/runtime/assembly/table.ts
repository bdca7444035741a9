// Objects (tag 6) and sets (tag 7): an insertion-ordered entry array plus, above SMALL entries,
// an open-addressing hash index. The entry array is sorted in place (lazily) for iteration, dump
// and comparison; sorting rebuilds the index.
//
//   u8 @0 tag, u16 @2 flags (1 = entries sorted), u32 @4 count, u32 @8 entries, u32 @12 capacity,
//   u32 @16 index (0 = none), u32 @20 index mask, u32 @24 cached hash, u32 @28 unused.
//   entry = (i32 key, i32 value); for sets value == key.

import { malloc, realloc } from './alloc';
import { bytesEqual, compareValues, equalValues, hashValue } from './compare';
import { T_OBJECT, T_SET, T_STRING } from './value';

const SMALL: i32 = 16;
const F_SORTED: u16 = 1;

@inline export function tblCount(t: i32): i32 {
  return load<i32>(t, 4);
}
@inline export function tblEntries(t: i32): i32 {
  return load<i32>(t, 8);
}
/** Key of entry i in storage order (call tblSort first for sorted order). */
@inline export function tblKey(t: i32, i: i32): i32 {
  return load<i32>(load<i32>(t, 8) + (i << 3));
}
@inline export function tblVal(t: i32, i: i32): i32 {
  return load<i32>(load<i32>(t, 8) + (i << 3), 4);
}
@inline export function tblSetVal(t: i32, i: i32, v: i32): void {
  store<i32>(load<i32>(t, 8) + (i << 3), v, 4);
  store<u32>(t, 0, 24);
}

export function tblNew(tag: i32, cap: i32): i32 {
  let t = malloc(32 + (cap << 3));
  store<u32>(t, tag | (<u32>F_SORTED << 16));
  store<u32>(t, 0, 4);
  store<u32>(t, t + 32, 8);
  store<u32>(t, cap, 12);
  store<u32>(t, 0, 16);
  store<u32>(t, 0, 20);
  store<u32>(t, 0, 24);
  store<u32>(t, 0, 28);
  return t;
}

@inline export function objNew(): i32 {
  return tblNew(T_OBJECT, 0);
}
@inline export function setNew(): i32 {
  return tblNew(T_SET, 0);
}

function indexInsert(tab: i32, mask: i32, h: u32, idx: i32): void {
  let i = <i32>(h & <u32>mask);
  while (load<u32>(tab + (i << 2)) != 0) i = (i + 1) & mask;
  store<u32>(tab + (i << 2), idx + 1);
}

function buildIndex(t: i32, size: i32): void {
  let tab = malloc(size << 2);
  memory.fill(tab, 0, size << 2);
  let mask = size - 1;
  let n = tblCount(t);
  let e = tblEntries(t);
  for (let i = 0; i < n; i++) indexInsert(tab, mask, <u32>hashValue(load<i32>(e + (i << 3))), i);
  store<u32>(t, tab, 16);
  store<u32>(t, mask, 20);
}

function rebuildIndex(t: i32): void {
  let tab = load<i32>(t, 16);
  let n = tblCount(t);
  if (n <= SMALL) {
    store<u32>(t, 0, 16);
    return;
  }
  if (tab == 0) {
    let size = 16;
    while (size < n * 2) size <<= 1;
    buildIndex(t, size);
    return;
  }
  let mask = load<i32>(t, 20);
  memory.fill(tab, 0, (mask + 1) << 2);
  let e = tblEntries(t);
  for (let i = 0; i < n; i++) indexInsert(tab, mask, <u32>hashValue(load<i32>(e + (i << 3))), i);
}

/** Index of the entry whose key equals `key`, or -1. */
export function tblFind(t: i32, key: i32): i32 {
  let n = tblCount(t);
  if (n == 0) return -1;
  let tab = load<i32>(t, 16);
  let e = tblEntries(t);
  if (tab == 0) {
    for (let i = 0; i < n; i++) {
      if (equalValues(load<i32>(e + (i << 3)), key)) return i;
    }
    return -1;
  }
  let mask = load<i32>(t, 20);
  let i = hashValue(key) & mask;
  while (true) {
    let s = load<i32>(tab + (i << 2));
    if (s == 0) return -1;
    if (equalValues(load<i32>(e + ((s - 1) << 3)), key)) return s - 1;
    i = (i + 1) & mask;
  }
  return -1;
}

/** Appends an entry whose key is known to be absent. */
export function tblAppend(t: i32, key: i32, val: i32): void {
  let n = tblCount(t);
  let cap = load<i32>(t, 12);
  if (n < cap && n < SMALL) {
    // fast path: room left and no index needed
    let e = tblEntries(t) + (n << 3);
    store<i32>(e, key);
    store<i32>(e, val, 4);
    store<u32>(t, n + 1, 4);
    store<u32>(t, 0, 24);
    if (n > 0) store<u16>(t, load<u16>(t, 2) & ~F_SORTED, 2);
    return;
  }
  if (n == cap) {
    let ncap = cap < 4 ? 4 : cap * 2;
    let e = realloc(tblEntries(t), cap << 3, ncap << 3);
    store<u32>(t, e, 8);
    store<u32>(t, ncap, 12);
  }
  let e = tblEntries(t);
  store<i32>(e + (n << 3), key);
  store<i32>(e + (n << 3), val, 4);
  n++;
  store<u32>(t, n, 4);
  store<u32>(t, 0, 24);
  if (n > 1) store<u16>(t, load<u16>(t, 2) & ~F_SORTED, 2);
  let tab = load<i32>(t, 16);
  if (tab != 0) {
    let mask = load<i32>(t, 20);
    if (n * 2 > mask + 1) {
      buildIndex(t, (mask + 1) << 1);
    } else {
      indexInsert(tab, mask, <u32>hashValue(key), n - 1);
    }
  } else if (n > SMALL) {
    buildIndex(t, 32);
  }
}

/** Index of the entry with string key (kp, kl), or -1 (small tables scan without hashing). */
export function tblFindStr(t: i32, k: i32): i32 {
  let n = tblCount(t);
  if (n == 0) return -1;
  if (load<i32>(t, 16) != 0) return tblFind(t, k);
  let kl = load<i32>(k, 4);
  let kp = load<i32>(k, 8);
  let e = tblEntries(t);
  if (kl >= 4) {
    // cheap filter on the first and last 4 bytes before comparing everything
    let head = load<u32>(kp);
    let tail = load<u32>(kp + kl - 4);
    for (let i = 0; i < n; i++) {
      let x = load<i32>(e + (i << 3));
      if (load<u8>(x) != T_STRING || load<i32>(x, 4) != kl) continue;
      let xp = load<i32>(x, 8);
      if (load<u32>(xp) != head || load<u32>(xp + kl - 4) != tail) continue;
      if (bytesEqual(xp, kp, kl)) return i;
    }
    return -1;
  }
  for (let i = 0; i < n; i++) {
    let x = load<i32>(e + (i << 3));
    if (load<u8>(x) == T_STRING && load<i32>(x, 4) == kl && bytesEqual(load<i32>(x, 8), kp, kl)) return i;
  }
  return -1;
}

/** Inserts or replaces (objects) / adds if absent (sets). */
export function tblInsert(t: i32, key: i32, val: i32): void {
  let i = tblFind(t, key);
  if (i >= 0) {
    if (load<u8>(t) == T_OBJECT) tblSetVal(t, i, val);
    return;
  }
  tblAppend(t, key, val);
}

@inline export function objInsert(o: i32, k: i32, v: i32): void {
  tblInsert(o, k, v);
}
@inline export function setAdd(s: i32, v: i32): void {
  tblInsert(s, v, v);
}

/** Value for key in an object, or 0. */
export function objGet(o: i32, key: i32): i32 {
  let i = tblFind(o, key);
  return i < 0 ? 0 : tblVal(o, i);
}

/** Removes entry i in place, keeping the order. */
export function tblRemoveAt(t: i32, i: i32): void {
  let n = tblCount(t);
  let e = tblEntries(t);
  if (i < n - 1) memory.copy(e + (i << 3), e + ((i + 1) << 3), (n - 1 - i) << 3);
  store<u32>(t, n - 1, 4);
  store<u32>(t, 0, 24);
  if (load<i32>(t, 16) != 0) rebuildIndex(t);
}

// ---- sorting ----------------------------------------------------------------------------------

@inline function ekey(e: u64): i32 {
  return <i32>(<u32>e);
}

function insertionSort(e: i32, n: i32): void {
  for (let i = 1; i < n; i++) {
    let x = load<u64>(e + (i << 3));
    let kx = ekey(x);
    let j = i - 1;
    while (j >= 0 && compareValues(ekey(load<u64>(e + (j << 3))), kx) > 0) {
      store<u64>(e + ((j + 1) << 3), load<u64>(e + (j << 3)));
      j--;
    }
    store<u64>(e + ((j + 1) << 3), x);
  }
}

function mergeSort(e: i32, n: i32): void {
  // sort runs of 8 by insertion, then merge bottom-up between e and tmp
  let run = 8;
  for (let i = 0; i < n; i += run) insertionSort(e + (i << 3), i + run <= n ? run : n - i);
  let tmp = malloc(n << 3);
  let src = e;
  let dst = tmp;
  for (let w = run; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += w << 1) {
      let mid = lo + w < n ? lo + w : n;
      let hi = lo + (w << 1) < n ? lo + (w << 1) : n;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        let a = load<u64>(src + (i << 3));
        let b = load<u64>(src + (j << 3));
        if (compareValues(ekey(a), ekey(b)) <= 0) {
          store<u64>(dst + (k << 3), a);
          i++;
        } else {
          store<u64>(dst + (k << 3), b);
          j++;
        }
        k++;
      }
      if (i < mid) memory.copy(dst + (k << 3), src + (i << 3), (mid - i) << 3);
      else if (j < hi) memory.copy(dst + (k << 3), src + (j << 3), (hi - j) << 3);
    }
    let t = src;
    src = dst;
    dst = t;
  }
  if (src != e) memory.copy(e, src, n << 3);
}

/** Sorts the entries by key (OPA order) if they are not already. */
export function tblSort(t: i32): void {
  let f = load<u16>(t, 2);
  if (f & F_SORTED) return;
  let n = tblCount(t);
  let e = tblEntries(t);
  if (n <= 16) {
    insertionSort(e, n);
  } else {
    // entries are often appended in order already: check before sorting
    let i = 1;
    while (i < n && compareValues(load<i32>(e + ((i - 1) << 3)), load<i32>(e + (i << 3))) < 0) i++;
    if (i < n) mergeSort(e, n);
  }
  store<u16>(t, f | F_SORTED, 2);
  if (load<i32>(t, 16) != 0) rebuildIndex(t);
}

@inline export function tblSorted(t: i32): bool {
  return (load<u16>(t, 2) & F_SORTED) != 0;
}

/** Marks the entries as sorted (caller guarantees ascending keys). */
export function tblMarkSorted(t: i32): void {
  store<u16>(t, load<u16>(t, 2) | F_SORTED, 2);
}

// ---- exports ----------------------------------------------------------------------------------

export function opa_object(): i32 {
  return tblNew(T_OBJECT, 0);
}

export function opa_object_insert(obj: i32, k: i32, v: i32): void {
  tblInsert(obj, k, v);
}

export function opa_set(): i32 {
  return tblNew(T_SET, 0);
}

export function opa_set_add(set: i32, v: i32): void {
  tblInsert(set, v, v);
}

/** Shallow copy (shares keys and values). `extra` reserves room for more entries. */
export function tblCopy(t: i32, extra: i32): i32 {
  let n = tblCount(t);
  let c = tblNew(load<u8>(t), n + extra);
  if (n > 0) memory.copy(tblEntries(c), tblEntries(t), n << 3);
  store<u32>(c, n, 4);
  store<u16>(c, load<u16>(t, 2), 2);
  let tab = load<i32>(t, 16);
  if (tab != 0) {
    let mask = load<i32>(t, 20);
    let nt = malloc((mask + 1) << 2);
    memory.copy(nt, tab, (mask + 1) << 2);
    store<u32>(c, nt, 16);
    store<u32>(c, mask, 20);
  }
  return c;
}

/** Forgets a cached hash (after an in-place change below this value). */
@inline export function tblDirty(t: i32): void {
  store<u32>(t, 0, 24);
}
