// Error plumbing shared by the host builtins.
//
// Implementations throw `BuiltinError` (via `fail` or the operand helpers) for invalid argument
// types and values. `wrapBuiltin` turns that into OPA's two behaviours:
//   - non-strict (default): the call is undefined, i.e. the JS function returns `undefined`;
//   - strict: an Error with the message `eval_builtin_error: <name>: <message>`.

export class BuiltinError extends Error {
  override name = 'BuiltinError';
}

export function fail(message: string): never {
  throw new BuiltinError(message);
}

/** The Rego type name of a JSON value as received from the SDK (sets arrive as arrays). */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    default:
      return 'undefined';
  }
}

function operandError(pos: number, v: unknown, expected: string): never {
  fail(`operand ${pos} must be ${expected} but got ${typeName(v)}`);
}

export function str(v: unknown, pos: number): string {
  if (typeof v !== 'string') operandError(pos, v, 'string');
  return v;
}

export function num(v: unknown, pos: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) operandError(pos, v, 'number');
  return v;
}

/** An integer operand (OPA's IntOperand: integral numbers only). */
export function int(v: unknown, pos: number): number {
  const n = num(v, pos);
  if (!Number.isInteger(n)) fail(`operand ${pos} must be integer number but got floating-point number`);
  return n;
}

export function arr(v: unknown, pos: number): unknown[] {
  if (!Array.isArray(v)) operandError(pos, v, 'array');
  return v;
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, pos: number): JsonObject {
  if (!isObject(v)) operandError(pos, v, 'object');
  return v;
}

export type HostFn = (...args: unknown[]) => unknown;

/** Wraps an implementation with OPA's error behaviour (see the file comment). */
export function wrapBuiltin(name: string, fn: HostFn, strict: boolean): HostFn {
  return (...args: unknown[]) => {
    try {
      return fn(...args);
    } catch (e) {
      if (!strict) return undefined;
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(`eval_builtin_error: ${name}: ${message}`);
    }
  };
}
