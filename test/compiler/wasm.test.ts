// The compiled module under hostile and heavy conditions, through the unmodified SDK, and the
// same .wasm inside the Edge runtime emulation loaded from a WebAssembly.Module.
import { readFileSync } from 'node:fs';
import { bundleForEdge } from '../helpers/edge.js';
import { EdgeVM } from '@edge-runtime/vm';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/index.js';
import { hostBuiltins } from '../../src/builtins/host/index.js';

const authz = readFileSync(new URL('../../policies/authz.rego', import.meta.url), 'utf8');

const bobUpdatesOwn = {
  subject: { sub: 'bob', roles: ['editor'], tenant: 'acme', kind: 'user' },
  session: { id: 's1', revoked: false, expires_at: 2000000000 },
  request: { method: 'POST', path: '/documents/d1', time: 1900000000 },
  action: 'update',
  resource: { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' },
};

async function load(modules: Record<string, string>, entrypoints: string[]): Promise<LoadedPolicy> {
  const { wasm } = compile({ modules, entrypoints });
  return loadPolicy(wasm.slice().buffer, undefined, hostBuiltins);
}

describe('compiled module under hostile input', () => {
  let policy: LoadedPolicy;
  beforeAll(async () => {
    policy = await load(
      {
        'p.rego': `package p
import rego.v1
depth := d if { d := count([x | walk(input, [x, _])]) }
n := count(input.items)
total := sum([x | some x in numbers.range(1, 100000)])
has_big if { some x in numbers.range(1, 100000); x == 99999 }
echo := input`,
      },
      ['p/depth', 'p/n', 'p/total', 'p/has_big', 'p/echo'],
    );
  });

  it('rejects invalid JSON input with a clear error', () => {
    const bad = new TextEncoder().encode('{"a": [1, 2').buffer;
    expect(() => policy.evaluate(bad, 'p/n')).toThrow(/invalid input: not valid JSON/);
    // and the instance keeps working afterwards
    expect(policy.evaluate({ items: [1, 2, 3] }, 'p/n')).toEqual([{ result: 3 }]);
  });

  it('handles 1,000-deep nested input', () => {
    let doc: unknown = 'leaf';
    for (let i = 0; i < 1000; i++) doc = { a: doc };
    const [r] = policy.evaluate(doc, 'p/echo') as Array<{ result: unknown }>;
    let depth = 0;
    let cur = r!.result as { a?: unknown };
    while (cur && typeof cur === 'object' && 'a' in cur) {
      cur = cur.a as { a?: unknown };
      depth++;
    }
    expect(depth).toBe(1000);
    expect(cur).toBe('leaf');
  });

  it('handles a 1 MB input', () => {
    const items = Array.from({ length: 20000 }, (_, i) => ({ id: `item-${i}`, tags: ['alpha', 'beta', 'gamma'] }));
    const input = { items };
    expect(JSON.stringify(input).length).toBeGreaterThan(1_000_000);
    expect(policy.evaluate(input, 'p/n')).toEqual([{ result: 20000 }]);
  });

  it('loops over a 100k-element array', () => {
    expect(policy.evaluate({}, 'p/total')).toEqual([{ result: 5000050000 }]);
    expect(policy.evaluate({}, 'p/has_big')).toEqual([{ result: true }]);
  });

  it('keeps memory flat over one million evaluations (heap reset per evaluation)', async () => {
    const p = await load({ 'authz.rego': authz }, ['app/authz/decision']);
    const mem = (p as unknown as { mem: WebAssembly.Memory }).mem;
    for (let i = 0; i < 10_000; i++) p.evaluate(bobUpdatesOwn, 0);
    const before = mem.buffer.byteLength;
    const input = new TextEncoder().encode(JSON.stringify(bobUpdatesOwn)).buffer;
    let last: unknown;
    for (let i = 0; i < 1_000_000; i++) last = p.evaluate(input, 0);
    expect(last).toEqual([{ result: { allow: true, reasons: [] } }]);
    expect(mem.buffer.byteLength).toBe(before);
  }, 120_000);
});

describe('Edge runtime', () => {
  it('evaluates the same .wasm inside EdgeVM, loaded from a WebAssembly.Module', async () => {
    const { wasm } = compile({ modules: { 'authz.rego': authz }, entrypoints: ['app/authz/decision'] });
    const code = await bundleForEdge(
      `
          import { loadPolicy } from '@open-policy-agent/opa-wasm';
          import { hostBuiltins } from './src/builtins/host/index.ts';
          export async function run(module, input) {
            const policy = await loadPolicy(module, undefined, hostBuiltins);
            return JSON.stringify(policy.evaluate(input, 'app/authz/decision'));
          }`,
    );
        expect(code).not.toMatch(/from ["']node:|require\(["']node:/);
    // As in Next.js' Edge sandbox: no code generation from strings or bytes.
    const vm = new EdgeVM({ codeGeneration: { strings: false, wasm: false } });
    vm.evaluate(code);
    // Edge runtimes refuse to compile bytes; the module is compiled outside (as a bundler would)
    // and handed in. Compiling inside the VM must fail, proving the test exercises that path.
    const module = new WebAssembly.Module(wasm.slice().buffer);
    expect(() => vm.evaluate(`new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0]))`)).toThrow(/code generation|disallowed|Wasm/i);
    const run = vm.evaluate('accord.run') as (m: WebAssembly.Module, i: unknown) => Promise<string>;
    const denied = { ...bobUpdatesOwn, resource: { ...bobUpdatesOwn.resource, tenant: 'globex' } };
    expect(JSON.parse(await run(module, bobUpdatesOwn))).toEqual([{ result: { allow: true, reasons: [] } }]);
    expect(JSON.parse(await run(module, denied))).toEqual([{ result: { allow: false, reasons: ['tenant mismatch'] } }]);
  });
});
