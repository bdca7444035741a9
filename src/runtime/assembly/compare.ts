// OPA's total order, equality and hashing.
//   null < false < true < numbers < strings < arrays < objects < sets
//   numbers by exact value; strings bytewise (= code point order); arrays element-wise then by
//   length; objects by their sorted (key, value) pairs: key i, then value i, ..., then by size;
//   sets by their sorted elements then size.
// equalValues(a, b) == (compareValues(a, b) == 0) but never sorts; hashValue agrees with it
// (numbers hash by their nearest f64, so 1 and 1.0 hash alike).

import { numCompare } from './number';
import { tblCount, tblFind, tblKey, tblSort, tblVal } from './table';
import {
  arrGet, arrLen, kindOf, N_INT, strLen, strPtr,
  T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf,
} from './value';

export function bytesCompare(pa: i32, na: i32, pb: i32, nb: i32): i32 {
  let n = na < nb ? na : nb;
  let i = 0;
  while (i + 8 <= n) {
    let x = load<u64>(pa + i);
    let y = load<u64>(pb + i);
    if (x != y) break;
    i += 8;
  }
  for (; i < n; i++) {
    let x = load<u8>(pa + i);
    let y = load<u8>(pb + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function bytesEqual(pa: i32, pb: i32, n: i32): bool {
  if (pa == pb) return true;
  let i = 0;
  while (i + 8 <= n) {
    if (load<u64>(pa + i) != load<u64>(pb + i)) return false;
    i += 8;
  }
  while (i < n) {
    if (load<u8>(pa + i) != load<u8>(pb + i)) return false;
    i++;
  }
  return true;
}

export function compareValues(a: i32, b: i32): i32 {
  if (a == b) return 0;
  if (a == 0) return -1;
  if (b == 0) return 1;
  let ta = tagOf(a);
  let tb = tagOf(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case T_NULL:
      return 0;
    case T_BOOLEAN: {
      let x = load<u32>(a, 4);
      let y = load<u32>(b, 4);
      return x == y ? 0 : x < y ? -1 : 1;
    }
    case T_NUMBER:
      return numCompare(a, b);
    case T_STRING:
      return bytesCompare(strPtr(a), strLen(a), strPtr(b), strLen(b));
    case T_ARRAY: {
      let na = arrLen(a);
      let nb = arrLen(b);
      let n = na < nb ? na : nb;
      for (let i = 0; i < n; i++) {
        let c = compareValues(arrGet(a, i), arrGet(b, i));
        if (c != 0) return c;
      }
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    case T_OBJECT: {
      tblSort(a);
      tblSort(b);
      let na = tblCount(a);
      let nb = tblCount(b);
      let n = na < nb ? na : nb;
      for (let i = 0; i < n; i++) {
        let c = compareValues(tblKey(a, i), tblKey(b, i));
        if (c != 0) return c;
        c = compareValues(tblVal(a, i), tblVal(b, i));
        if (c != 0) return c;
      }
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    case T_SET: {
      tblSort(a);
      tblSort(b);
      let na = tblCount(a);
      let nb = tblCount(b);
      let n = na < nb ? na : nb;
      for (let i = 0; i < n; i++) {
        let c = compareValues(tblKey(a, i), tblKey(b, i));
        if (c != 0) return c;
      }
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
  }
  return 0;
}

export function equalValues(a: i32, b: i32): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  let ta = tagOf(a);
  if (ta != tagOf(b)) return false;
  switch (ta) {
    case T_STRING: {
      let n = strLen(a);
      return n == strLen(b) && bytesEqual(strPtr(a), strPtr(b), n);
    }
    case T_NUMBER: {
      if (kindOf(a) == N_INT && kindOf(b) == N_INT) return load<i64>(a, 8) == load<i64>(b, 8);
      return numCompare(a, b) == 0;
    }
    case T_NULL:
      return true;
    case T_BOOLEAN:
      return load<u32>(a, 4) == load<u32>(b, 4);
    case T_ARRAY: {
      let n = arrLen(a);
      if (n != arrLen(b)) return false;
      for (let i = 0; i < n; i++) if (!equalValues(arrGet(a, i), arrGet(b, i))) return false;
      return true;
    }
    case T_OBJECT: {
      let n = tblCount(a);
      if (n != tblCount(b)) return false;
      let ha = load<u32>(a, 24);
      let hb = load<u32>(b, 24);
      if (ha != 0 && hb != 0 && ha != hb) return false;
      for (let i = 0; i < n; i++) {
        let j = tblFind(b, tblKey(a, i));
        if (j < 0 || !equalValues(tblVal(a, i), tblVal(b, j))) return false;
      }
      return true;
    }
    case T_SET: {
      let n = tblCount(a);
      if (n != tblCount(b)) return false;
      let ha = load<u32>(a, 24);
      let hb = load<u32>(b, 24);
      if (ha != 0 && hb != 0 && ha != hb) return false;
      for (let i = 0; i < n; i++) if (tblFind(b, tblKey(a, i)) < 0) return false;
      return true;
    }
  }
  return false;
}

// ---- hashing ----------------------------------------------------------------------------------

@inline function mix32(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  h ^= h >>> 16;
  return h;
}

export function hashBytes(p: i32, n: i32): u32 {
  let h: u32 = 0x9747b28c ^ <u32>n;
  let i = 0;
  while (i + 4 <= n) {
    let k = load<u32>(p + i);
    k *= 0xcc9e2d51;
    k = rotl<u32>(k, 15);
    k *= 0x1b873593;
    h ^= k;
    h = rotl<u32>(h, 13);
    h = h * 5 + 0xe6546b64;
    i += 4;
  }
  let k: u32 = 0;
  let sh = 0;
  while (i < n) {
    k |= <u32>load<u8>(p + i) << sh;
    sh += 8;
    i++;
  }
  if (sh != 0) {
    k *= 0xcc9e2d51;
    k = rotl<u32>(k, 15);
    k *= 0x1b873593;
    h ^= k;
  }
  return mix32(h);
}

function hashF64(f: f64): u32 {
  if (f == 0) f = 0; // -0 and 0 alike
  let b = reinterpret<u64>(f);
  return mix32(<u32>b ^ mix32(<u32>(b >>> 32) + 0x3c6ef372));
}

export function hashValue(v: i32): i32 {
  if (v == 0) return 0;
  switch (tagOf(v)) {
    case T_NULL:
      return 0x5bd1e995;
    case T_BOOLEAN:
      return load<u32>(v, 4) != 0 ? 0x68e31da4 : 0x1b56c4e9;
    case T_NUMBER: {
      let f = kindOf(v) == N_INT ? <f64>load<i64>(v, 8) : load<f64>(v, 8);
      return <i32>hashF64(f);
    }
    case T_STRING: {
      let h = load<u32>(v, 12);
      if (h == 0) {
        h = hashBytes(strPtr(v), strLen(v)) | 1;
        store<u32>(v, h, 12);
      }
      return <i32>h;
    }
    case T_ARRAY: {
      let h = load<u32>(v, 16);
      if (h == 0) {
        h = 0x2545f491;
        let n = arrLen(v);
        for (let i = 0; i < n; i++) h = (h ^ <u32>hashValue(arrGet(v, i))) * 0x01000193 + 0x9e3779b9;
        h = mix32(h ^ <u32>n) | 1;
        store<u32>(v, h, 16);
      }
      return <i32>h;
    }
    case T_OBJECT: {
      let h = load<u32>(v, 24);
      if (h == 0) {
        // order-independent: sum of per-entry hashes
        let n = tblCount(v);
        let s: u32 = 0;
        for (let i = 0; i < n; i++) {
          s += mix32(<u32>hashValue(tblKey(v, i)) * 31 + <u32>hashValue(tblVal(v, i)));
        }
        h = mix32(s ^ 0x7f4a7c15 ^ <u32>n) | 1;
        store<u32>(v, h, 24);
      }
      return <i32>h;
    }
    case T_SET: {
      let h = load<u32>(v, 24);
      if (h == 0) {
        let n = tblCount(v);
        let s: u32 = 0;
        for (let i = 0; i < n; i++) s += mix32(<u32>hashValue(tblKey(v, i)));
        h = mix32(s ^ 0x3243f6a8 ^ <u32>n) | 1;
        store<u32>(v, h, 24);
      }
      return <i32>h;
    }
  }
  return 0;
}

export function opa_value_compare(a: i32, b: i32): i32 {
  return compareValues(a, b);
}

export function opa_value_equal(a: i32, b: i32): i32 {
  return equalValues(a, b) ? 1 : 0;
}

export function opa_value_hash(v: i32): i32 {
  return hashValue(v);
}
