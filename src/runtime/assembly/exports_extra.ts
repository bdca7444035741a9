import { floatV } from './value';

/** A computed float; integral values within i64 become integers; NaN / Infinity give 0. */
export function opa_number_float(f: f64): i32 {
  return floatV(f);
}
