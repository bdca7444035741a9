// Rego v0 libraries: every policy in test/dropin/v0/ has a hand-written v1 twin. Compiled with
// `regoVersion: 0` (--v0-compatible), each v0 policy must give exactly the results of its twin
// (compiled as v1) on the inputs listed in its first line; without the flag, v0 syntax must keep
// failing with a located error that names the v1 form.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostBuiltins } from '../../src/builtins/host/index.js';
import { main } from '../../src/cli/main.js';
import { compile, RegoError } from '../../src/compiler/index.js';
import { memoryIO, scratch } from './helpers.js';

const dir = fileURLToPath(new URL('./v0/', import.meta.url));
const names = [...new Set(readdirSync(dir).filter((f) => f.endsWith('.rego')).map((f) => f.replace(/\.v[01]\.rego$/, '')))].sort();

/** Twins whose v0 file is also valid v1 (it imports rego.v1, or uses only imported future keywords). */
const VALID_V1 = new Set(['12_future_contains_if', '13_future_all', '14_rego_v1_import', '19_comprehensions', '32_future_if_only', '36_rego_v1_import_functions']);

async function load(file: string, source: string, regoVersion: 0 | 1): Promise<LoadedPolicy> {
  const { wasm } = compile({ modules: { [file]: source }, entrypoints: ['t'], regoVersion });
  return loadPolicy(wasm.slice().buffer, undefined, hostBuiltins);
}

/** Result sets as compared: sets come back as arrays in the runtime's (sorted) order, the same for both twins. */
const canonical = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('the v0 corpus', () => {
  it('has several dozen twins', () => {
    expect(names.length).toBeGreaterThanOrEqual(36);
    for (const n of names) {
      expect(readdirSync(dir)).toContain(`${n}.v0.rego`);
      expect(readdirSync(dir)).toContain(`${n}.v1.rego`);
    }
  });

  for (const name of names) {
    it(`${name}: v0 gives the results of its v1 twin`, async () => {
      const v0 = readFileSync(`${dir}${name}.v0.rego`, 'utf8');
      const v1 = readFileSync(`${dir}${name}.v1.rego`, 'utf8');
      const inputs = JSON.parse(/^# inputs: (.*)$/m.exec(v0)![1]!) as unknown[];
      expect(inputs.length).toBeGreaterThan(0);
      const p0 = await load(`${name}.v0.rego`, v0, 0);
      const p1 = await load(`${name}.v1.rego`, v1, 1);
      let defined = 0;
      for (const input of inputs) {
        const r0 = p0.evaluate(input, 't') as Array<{ result: Record<string, unknown> }>;
        const r1 = p1.evaluate(input, 't') as Array<{ result: Record<string, unknown> }>;
        expect(canonical(r0), `input ${JSON.stringify(input)}`).toEqual(canonical(r1));
        defined += Object.keys(r0[0]?.result ?? {}).length;
      }
      // the twins say something: not every rule is undefined on every input
      expect(defined).toBeGreaterThan(0);
    });
  }

  for (const name of names.filter((n) => !VALID_V1.has(n))) {
    it(`${name}: without --v0-compatible, fails with a located error naming the v1 form`, () => {
      const v0 = readFileSync(`${dir}${name}.v0.rego`, 'utf8');
      let message = '';
      try {
        compile({ modules: { [`${name}.v0.rego`]: v0 }, entrypoints: ['t'] });
      } catch (err) {
        expect(err).toBeInstanceOf(RegoError);
        message = (err as Error).message;
      }
      expect(message).toMatch(new RegExp(`^${name}\\.v0\\.rego:\\d+:\\d+: rego_parse_error: .*is Rego v0 syntax; in v1 write \``));
    });
  }

  for (const name of [...VALID_V1]) {
    it(`${name}: is valid v1 as well, with the same results`, async () => {
      const v0 = readFileSync(`${dir}${name}.v0.rego`, 'utf8');
      const inputs = JSON.parse(/^# inputs: (.*)$/m.exec(v0)![1]!) as unknown[];
      const as0 = await load('a.rego', v0, 0);
      const as1 = await load('a.rego', v0, 1);
      for (const input of inputs) expect(canonical(as1.evaluate(input, 't'))).toEqual(canonical(as0.evaluate(input, 't')));
    });
  }
});

describe('--v0-compatible on the CLI', () => {
  let s: ReturnType<typeof scratch>;
  beforeAll(() => {
    s = scratch('v0');
    s.file('lib/users.rego', 'package lib.users\n\nadmins = {"alice"}\n\nis_admin(u) {\n\tadmins[u]\n}\n');
    s.file('lib/authz.rego', 'package lib.authz\n\nimport data.lib.users\n\ndefault allow = false\n\nallow {\n\tusers.is_admin(input.user)\n}\n\ndeny[msg] {\n\tnot allow\n\tmsg := "no"\n}\n');
    s.file('lib/authz_test.rego', 'package lib.authz\n\ntest_admin {\n\tallow with input as {"user": "alice"}\n}\n');
    s.file('input.json', '{"user": "bob"}');
  });
  afterAll(() => s.cleanup());

  it('build: without the flag the v0 library fails, located; with it, the manifest says rego_version 0', async () => {
    const fail = memoryIO();
    expect(await main(['build', '-e', 'lib/authz/allow', '-o', s.path('a.tar.gz'), s.path('lib')], fail.io)).toBe(1);
    expect(fail.stderr()).toMatch(/lib\/authz\.rego:7:7: rego_parse_error: `allow \{ … \}` is Rego v0 syntax; in v1 write `allow if \{ … \}`/);

    const ok = memoryIO();
    expect(await main(['build', '--v0-compatible', '-e', 'lib/authz/allow', '-e', 'lib/authz/deny', '-o', s.path('a.tar.gz'), s.path('lib')], ok.io)).toBe(0);
    const { readBundle } = await import('../../src/bundle/read.js');
    expect(readBundle(s.path('a.tar.gz')).manifest.rego_version).toBe(0);
  });

  it('eval: --v0-compatible, and a v0 bundle’s own rego_version when compiling its sources', async () => {
    const m = memoryIO();
    expect(await main(['eval', '--v0-compatible', '-e', 'lib/authz/deny', '-i', s.path('input.json'), s.path('lib')], m.io)).toBe(0);
    expect(JSON.parse(m.stdout())).toEqual([{ result: ['no'] }]);
    // lib/users is not an entrypoint of the bundle's module: its v0 sources are compiled as v0
    const b = memoryIO();
    expect(await main(['eval', '-e', 'lib/users/admins', s.path('a.tar.gz')], b.io)).toBe(0);
    expect(JSON.parse(b.stdout())).toEqual([{ result: ['alice'] }]);
  });

  it('check and test accept --v0-compatible', async () => {
    const c = memoryIO();
    expect(await main(['check', '--v0-compatible', s.path('lib')], c.io)).toBe(0);
    const t = memoryIO();
    expect(await main(['test', '--v0-compatible', s.path('lib')], t.io)).toBe(0);
  });
});
