// Evaluating discovered tests against one loaded policy instance. Used inside the test worker,
// and directly by the vitest helper.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { TestCase } from './discover.js';
import type { TestResult } from './types.js';

/**
 * The SDK prints `print()` output with console.log after decoding the C string byte by byte
 * (Latin-1). Re-encode those code units as bytes and decode them as the UTF-8 they are.
 */
export function fromLatin1(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return new TextDecoder().decode(bytes);
}

export function errorOf(err: unknown): { code: string; message: string } {
  const message = typeof err === 'string' ? err : err instanceof Error ? err.message : JSON.stringify(err);
  const m = /^([a-z_]+_error):\s*(.*)$/s.exec(message);
  if (m) return { code: m[1]!, message: m[2]! };
  if (err instanceof WebAssembly.RuntimeError) return { code: 'eval_internal_error', message: `wasm trap: ${message}` };
  return { code: 'eval_internal_error', message };
}

/** Runs one test (one or several results for parameterised tests). */
export function runTest(policy: LoadedPolicy, test: TestCase, capture: (fn: () => void) => string[]): TestResult[] {
  const base = { id: test.id, package: test.package, name: test.name, file: test.file, line: test.line, col: test.col };
  if (test.todo) return [{ ...base, status: 'skip', durationNs: 0, output: [] }];
  let rs: Array<{ result: unknown }> | undefined;
  let error: { code: string; message: string } | undefined;
  const t0 = process.hrtime.bigint();
  const output = capture(() => {
    try {
      rs = policy.evaluate(undefined, test.entrypoint) as Array<{ result: unknown }>;
    } catch (err) {
      error = errorOf(err);
    }
  });
  const durationNs = Number(process.hrtime.bigint() - t0);
  if (error) return [{ ...base, status: 'error', durationNs, output, error }];
  if (!rs || rs.length === 0) return [{ ...base, status: 'fail', durationNs, output }];
  const value = rs[0]!.result;
  if (!test.parameterised) {
    return [{ ...base, status: value === true ? 'pass' : 'fail', durationNs, output, value }];
  }
  // Parameterised: a partial set (every element passes) or object (each key passes when true).
  const entries: Array<[unknown, unknown]> = Array.isArray(value)
    ? value.map((k) => [k, true])
    : value && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>)
      : [];
  if (entries.length === 0) return [{ ...base, status: 'fail', durationNs, output, value, error: { code: 'test_no_cases', message: 'parameterised test produced no cases' } }];
  return entries.map(([key, v]) => ({
    ...base,
    id: `${test.id}[${JSON.stringify(key)}]`,
    name: `${test.name}[${JSON.stringify(key)}]`,
    status: v === true ? 'pass' : 'fail',
    durationNs: Math.round(durationNs / entries.length),
    output,
    value: v,
  }));
}
