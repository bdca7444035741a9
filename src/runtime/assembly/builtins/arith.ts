// Arithmetic: plus minus mul div rem abs round ceil floor numbers.range numbers.range_step.
// Integers are exact (i64, then exact big integers for + - * %); everything else uses f64.

import { bigArith, bigIsZero, OP_ADD, OP_MUL, OP_REM, OP_SUB } from '../bigint';
import { builtinErr, typeErr } from '../errors';
import { numCompare, numIsIntegerSyntax, numIsIntegral } from '../number';
import { setDifference } from './sets';
import {
  arrNew, arrPush, floatV, intV, kindOf, N_INT, numF64, T_NUMBER, T_SET, tagOf,
} from '../value';

@inline function isNum(v: i32): bool {
  return tagOf(v) == T_NUMBER;
}

/** a op b for two numbers (op: OP_ADD / OP_SUB / OP_MUL). */
export function arith(a: i32, b: i32, op: i32): i32 {
  if (kindOf(a) == N_INT && kindOf(b) == N_INT) {
    let x = load<i64>(a, 8);
    let y = load<i64>(b, 8);
    if (op == OP_ADD) {
      let r = x + y;
      if (((x ^ r) & (y ^ r)) >= 0) return intV(r);
    } else if (op == OP_SUB) {
      let r = x - y;
      if (((x ^ y) & (x ^ r)) >= 0) return intV(r);
    } else {
      if (x == 0 || y == 0) return intV(0);
      let r = x * y;
      if (!(x == -1 && y == i64.MIN_VALUE) && !(y == -1 && x == i64.MIN_VALUE) && r / y == x) {
        return intV(r);
      }
    }
    return bigArith(a, b, op);
  }
  if (numIsIntegerSyntax(a) && numIsIntegerSyntax(b)) return bigArith(a, b, op);
  let fa = numF64(a);
  let fb = numF64(b);
  let r = op == OP_ADD ? fa + fb : op == OP_SUB ? fa - fb : fa * fb;
  return floatV(r);
}

export function b_plus(a: i32, b: i32): i32 {
  if (!isNum(a)) return typeErr('plus', 1, 'number', a);
  if (!isNum(b)) return typeErr('plus', 2, 'number', b);
  return arith(a, b, OP_ADD);
}

export function b_minus(a: i32, b: i32): i32 {
  if (isNum(a) && isNum(b)) return arith(a, b, OP_SUB);
  if (tagOf(a) == T_SET && tagOf(b) == T_SET) return setDifference(a, b);
  if (!isNum(a) && tagOf(a) != T_SET) return typeErr('minus', 1, 'one of {number, set}', a);
  if (isNum(a)) return typeErr('minus', 2, 'number', b);
  return typeErr('minus', 2, 'set', b);
}

export function b_mul(a: i32, b: i32): i32 {
  if (!isNum(a)) return typeErr('mul', 1, 'number', a);
  if (!isNum(b)) return typeErr('mul', 2, 'number', b);
  return arith(a, b, OP_MUL);
}

function isZero(v: i32): bool {
  if (kindOf(v) == N_INT) return load<i64>(v, 8) == 0;
  return numF64(v) == 0;
}

export function b_div(a: i32, b: i32): i32 {
  if (!isNum(a)) return typeErr('div', 1, 'number', a);
  if (!isNum(b)) return typeErr('div', 2, 'number', b);
  if (isZero(b)) return builtinErr('div', 'divide by zero');
  if (kindOf(a) == N_INT && kindOf(b) == N_INT) {
    let x = load<i64>(a, 8);
    let y = load<i64>(b, 8);
    if (!(x == i64.MIN_VALUE && y == -1) && x % y == 0) return intV(x / y);
  }
  return floatV(numF64(a) / numF64(b));
}

export function b_rem(a: i32, b: i32): i32 {
  if (!isNum(a)) return typeErr('rem', 1, 'number', a);
  if (!isNum(b)) return typeErr('rem', 2, 'number', b);
  if (kindOf(a) == N_INT && kindOf(b) == N_INT) {
    let x = load<i64>(a, 8);
    let y = load<i64>(b, 8);
    if (y == 0) return builtinErr('rem', 'modulo by zero');
    if (y == -1) return intV(0);
    return intV(x % y);
  }
  if (!numIsIntegral(a) || !numIsIntegral(b)) return builtinErr('rem', 'modulo on floating-point number');
  if (numIsIntegerSyntax(a) && numIsIntegerSyntax(b)) {
    if (bigIsZero(b)) return builtinErr('rem', 'modulo by zero');
    return bigArith(a, b, OP_REM);
  }
  // integral values written with a fraction/exponent ("4.0", "1e3"): use f64 when exact
  let x = numF64(a);
  let y = numF64(b);
  if (y == 0) return builtinErr('rem', 'modulo by zero');
  if (Math.abs(x) <= 9007199254740992.0 && Math.abs(y) <= 9007199254740992.0) {
    return intV(<i64>x % <i64>y);
  }
  return floatV(x % y);
}

export function b_abs(a: i32): i32 {
  if (!isNum(a)) return typeErr('abs', 1, 'number', a);
  if (kindOf(a) == N_INT) {
    let x = load<i64>(a, 8);
    if (x >= 0) return a;
    if (x != i64.MIN_VALUE) return intV(-x);
    return bigArith(intV(0), a, OP_SUB);
  }
  if (numIsIntegerSyntax(a)) {
    return numF64(a) < 0 ? bigArith(intV(0), a, OP_SUB) : a;
  }
  let f = numF64(a);
  return f < 0 ? floatV(-f) : a;
}

export function b_round(a: i32): i32 {
  if (!isNum(a)) return typeErr('round', 1, 'number', a);
  if (numIsIntegerSyntax(a)) return a;
  let f = numF64(a);
  // half away from zero; f - trunc(f) is exact
  let t = Math.trunc(f);
  let d = f - t;
  let r = d >= 0.5 ? t + 1 : d <= -0.5 ? t - 1 : t;
  return floatV(r);
}

export function b_ceil(a: i32): i32 {
  if (!isNum(a)) return typeErr('ceil', 1, 'number', a);
  if (numIsIntegerSyntax(a)) return a;
  return floatV(Math.ceil(numF64(a)));
}

export function b_floor(a: i32): i32 {
  if (!isNum(a)) return typeErr('floor', 1, 'number', a);
  if (numIsIntegerSyntax(a)) return a;
  return floatV(Math.floor(numF64(a)));
}

function range(name: string, a: i32, b: i32, step: i64): i32 {
  let x = load<i64>(a, 8);
  let y = load<i64>(b, 8);
  let diff: u64 = x <= y ? <u64>(y - x) : <u64>(x - y);
  let count: u64 = diff / <u64>step + 1;
  if (count > 0x7ffffff) return builtinErr(name, 'range too large');
  let arr = arrNew(<i32>count);
  let v = x;
  for (let i: u64 = 0; i < count; i++) {
    arrPush(arr, intV(v));
    v = x <= y ? v + step : v - step;
  }
  return arr;
}

function intOperand(name: string, pos: i32, v: i32): bool {
  if (!isNum(v)) {
    typeErr(name, pos, 'number', v);
    return false;
  }
  if (kindOf(v) != N_INT) {
    if (numIsIntegerSyntax(v)) {
      builtinErr(name, 'range too large');
      return false;
    }
    builtinErr(name, 'operand must be integer number but got floating-point number');
    return false;
  }
  return true;
}

export function b_numbers_range(a: i32, b: i32): i32 {
  if (!intOperand('numbers.range', 1, a)) return 0;
  if (!intOperand('numbers.range', 2, b)) return 0;
  return range('numbers.range', a, b, 1);
}

export function b_numbers_range_step(a: i32, b: i32, step: i32): i32 {
  if (!intOperand('numbers.range_step', 1, a)) return 0;
  if (!intOperand('numbers.range_step', 2, b)) return 0;
  if (!intOperand('numbers.range_step', 3, step)) return 0;
  let s = load<i64>(step, 8);
  if (s <= 0) return builtinErr('numbers.range_step', 'step must be a positive number above zero');
  return range('numbers.range_step', a, b, s);
}

/** For aggregates: a + b / a * b on numbers. */
export function numAdd(a: i32, b: i32): i32 {
  return arith(a, b, OP_ADD);
}
export function numMul(a: i32, b: i32): i32 {
  return arith(a, b, OP_MUL);
}
export function numCmp(a: i32, b: i32): i32 {
  return numCompare(a, b);
}
