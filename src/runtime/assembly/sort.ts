// Sorting arrays of values (i32 slots) in OPA order: stable merge sort.

import { malloc } from './alloc';
import { compareValues } from './compare';

function insertion(p: i32, n: i32): void {
  for (let i = 1; i < n; i++) {
    let x = load<i32>(p + (i << 2));
    let j = i - 1;
    while (j >= 0 && compareValues(load<i32>(p + (j << 2)), x) > 0) {
      store<i32>(p + ((j + 1) << 2), load<i32>(p + (j << 2)));
      j--;
    }
    store<i32>(p + ((j + 1) << 2), x);
  }
}

export function sortValues(p: i32, n: i32): void {
  if (n <= 16) {
    insertion(p, n);
    return;
  }
  let run = 8;
  for (let i = 0; i < n; i += run) insertion(p + (i << 2), i + run <= n ? run : n - i);
  let tmp = malloc(n << 2);
  let src = p;
  let dst = tmp;
  for (let w = run; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += w << 1) {
      let mid = lo + w < n ? lo + w : n;
      let hi = lo + (w << 1) < n ? lo + (w << 1) : n;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        let a = load<i32>(src + (i << 2));
        let b = load<i32>(src + (j << 2));
        if (compareValues(a, b) <= 0) {
          store<i32>(dst + (k << 2), a);
          i++;
        } else {
          store<i32>(dst + (k << 2), b);
          j++;
        }
        k++;
      }
      if (i < mid) memory.copy(dst + (k << 2), src + (i << 2), (mid - i) << 2);
      else if (j < hi) memory.copy(dst + (k << 2), src + (j << 2), (hi - j) << 2);
    }
    let t = src;
    src = dst;
    dst = t;
  }
  if (src != p) memory.copy(p, src, n << 2);
}
