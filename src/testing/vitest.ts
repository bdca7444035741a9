// A helper for TypeScript tests of decisions (vitest, jest, node:test — it only returns values):
//
//   const policy = loadTestPolicy('policies');
//   expect(policy.evaluate('app/authz/allow', input)).toEqual(true);
//
// The policy is compiled by Accord's compiler and evaluated by the same wasm the app ships.
// Undefined results come back as `undefined`, so `toEqual(false)` fails on an undefined rule
// with a readable diff instead of passing silently.
import * as sdkModule from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../compiler/index.js';
import { createHostBuiltins } from '../builtins/host/index.js';
import { loadInputs } from '../bundle/inputs.js';

export interface TestPolicy {
  /** The entrypoint's value (`app/authz/allow` or `data.app.authz.allow`), or undefined. */
  evaluate(entrypoint: string, input?: unknown, data?: Record<string, unknown>): unknown;
  /** The raw result set, as the SDK returns it. */
  resultSet(entrypoint: string, input?: unknown, data?: Record<string, unknown>): Array<{ result: unknown }>;
}

export function loadTestPolicy(paths: string | string[], options: { regoVersion?: 0 | 1 } = {}): TestPolicy {
  const inputs = loadInputs(Array.isArray(paths) ? paths : [paths]);
  const files = { rego: Object.fromEntries(inputs.modules.map((m) => [m.file, m.source])) };
  const baseData = inputs.data.root;
  const loaded = new Map<string, LoadedPolicy>();
  const policyFor = (entrypoint: string): LoadedPolicy => {
    let p = loaded.get(entrypoint);
    if (!p) {
      const { wasm } = compile({ modules: files.rego, entrypoints: [entrypoint], regoVersion: options.regoVersion });
      // The SDK's ESM entry exports loadPolicySync only on its default export.
      const sdk = (sdkModule as unknown as { default: { loadPolicySync: (w: ArrayBuffer, m?: unknown, b?: object) => LoadedPolicy } }).default;
      const { loadPolicySync } = sdk;
      p = loadPolicySync(wasm.slice().buffer, undefined, createHostBuiltins());
      loaded.set(entrypoint, p);
    }
    return p;
  };
  const normalise = (ep: string) => ep.replace(/^data[./]/, '').replace(/\./g, '/');
  const resultSet = (entrypoint: string, input?: unknown, data?: Record<string, unknown>) => {
    const p = policyFor(normalise(entrypoint));
    p.setData(data ? { ...baseData, ...data } : baseData);
    const bytes = input === undefined ? undefined : new TextEncoder().encode(JSON.stringify(input)).buffer;
    return p.evaluate(bytes, 0) as Array<{ result: unknown }>;
  };
  return {
    resultSet,
    evaluate: (entrypoint, input, data) => resultSet(entrypoint, input, data)[0]?.result,
  };
}
