// Comparison operators: always a boolean (OPA's total order across types).

import { compareValues, equalValues } from '../compare';
import { boolV } from '../value';

export function b_equal(a: i32, b: i32): i32 {
  return boolV(equalValues(a, b));
}
export function b_neq(a: i32, b: i32): i32 {
  return boolV(!equalValues(a, b));
}
export function b_lt(a: i32, b: i32): i32 {
  return boolV(compareValues(a, b) < 0);
}
export function b_lte(a: i32, b: i32): i32 {
  return boolV(compareValues(a, b) <= 0);
}
export function b_gt(a: i32, b: i32): i32 {
  return boolV(compareValues(a, b) > 0);
}
export function b_gte(a: i32, b: i32): i32 {
  return boolV(compareValues(a, b) >= 0);
}
