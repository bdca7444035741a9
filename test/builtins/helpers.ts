// Shared helpers for the host builtin tests: call a builtin by its OPA name through the same
// prefixed map the SDK receives, in non-strict and strict mode.
import { createHostBuiltins, type HostBuiltinOptions } from '../../src/builtins/host/index.js';

export function hosts(options: HostBuiltinOptions = {}) {
  const lax = createHostBuiltins({ ...options, strict: false });
  const strict = createHostBuiltins({ ...options, strict: true });
  const fn = (map: typeof lax, name: string) => {
    const f = map[`accord.${name}`];
    if (!f) throw new Error(`no host builtin accord.${name}`);
    return f;
  };
  return {
    /** Non-strict call: undefined on invalid arguments. */
    call: (name: string, ...args: unknown[]) => fn(lax, name)(...args),
    /** Strict call: throws eval_builtin_error. */
    strict: (name: string, ...args: unknown[]) => fn(strict, name)(...args),
  };
}

export const { call, strict } = hosts();

/** Asserts both modes treat the call as an error: undefined, and a thrown eval_builtin_error. */
export function expectError(name: string, args: unknown[], message?: RegExp | string): void {
  const { call: c, strict: s } = hosts();
  const lax = c(name, ...args);
  if (lax !== undefined) throw new Error(`${name}(${JSON.stringify(args)}) expected undefined, got ${JSON.stringify(lax)}`);
  let thrown: unknown;
  try {
    s(name, ...args);
  } catch (e) {
    thrown = e;
  }
  if (!(thrown instanceof Error)) throw new Error(`${name}(${JSON.stringify(args)}) did not throw in strict mode`);
  if (!thrown.message.startsWith(`eval_builtin_error: ${name}: `)) throw new Error(`unexpected message: ${thrown.message}`);
  if (message !== undefined) {
    const ok = typeof message === 'string' ? thrown.message.includes(message) : message.test(thrown.message);
    if (!ok) throw new Error(`message ${JSON.stringify(thrown.message)} does not match ${String(message)}`);
  }
}
