// The /policy.wasm of a built bundle, taken out of the archive by name and loaded with the
// unmodified @open-policy-agent/opa-wasm SDK, as an app that used `opa build -t wasm` does.
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/bundle/build.js';
import { hostBuiltins } from '../../src/builtins/host/index.js';
import { listTarGz, scratch, text } from './helpers.js';

let s: ReturnType<typeof scratch>;
let policy: LoadedPolicy;
let manifest: { wasm: Array<{ entrypoint: string; module: string }> };

const ENTRYPOINTS = ['app/authz/allow', 'app/authz/reasons', 'app/authz', 'app/authz/user_roles'];

const inputs = [
  { user: 'alice', action: 'delete' },
  { user: 'bob', action: 'read' },
  { user: 'bob', action: 'delete' },
  { user: 'mallory', action: 'read' },
];

// What each entrypoint must give, per input (the policy's meaning, written by hand).
const expected: Record<string, unknown[]> = {
  'app/authz/allow': [true, true, false, false],
  'app/authz/reasons': [[], [], ['bob may not delete'], ['mallory has no roles']],
  'app/authz/user_roles': [['admin'], ['reader'], ['reader'], []],
};

beforeAll(async () => {
  s = scratch('sdk');
  s.file(
    'src/authz.rego',
    `package app.authz

default allow := false

user_roles := [r | some r in data.roles[input.user]]

allow if "admin" in user_roles

allow if {
	some r in user_roles
	input.action in data.grants[r]
}

reasons contains msg if {
	count(user_roles) == 0
	msg := sprintf("%s has no roles", [input.user])
}

reasons contains msg if {
	count(user_roles) > 0
	not allow
	msg := sprintf("%s may not %s", [input.user, input.action])
}
`,
  );
  s.file('src/data.json', '{"roles": {"alice": ["admin"], "bob": ["reader"]}}');
  s.file('src/grants/data.json', '{"reader": ["read"]}');
  // data.grants comes from the nested file's directory
  const built = buildBundle({ paths: [s.path('src')], bundleMode: true, entrypoints: ENTRYPOINTS });
  const entries = listTarGz(built.bundle);
  const wasm = entries.find((e) => e.path === '/policy.wasm')!.bytes;
  manifest = JSON.parse(text(entries.find((e) => e.path === '/.manifest')!.bytes));
  const data = JSON.parse(text(entries.find((e) => e.path === '/data.json')!.bytes));
  policy = await loadPolicy(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer, undefined, hostBuiltins);
  policy.setData(data);
});

afterAll(() => s.cleanup());

const sorted = (v: unknown) => (Array.isArray(v) ? [...v].sort() : v);

describe('a bundle’s /policy.wasm in the OPA SDK', () => {
  it('lists every manifest entrypoint, numbered in -e order', () => {
    const eps = (policy as unknown as { entrypoints: Record<string, number> }).entrypoints;
    expect(manifest.wasm.map((w) => w.entrypoint)).toEqual(ENTRYPOINTS);
    ENTRYPOINTS.forEach((name, i) => expect(eps[name]).toBe(i));
  });

  for (const [name, values] of Object.entries(expected)) {
    it(`evaluates ${name} by name and by number`, () => {
      const id = ENTRYPOINTS.indexOf(name);
      inputs.forEach((input, i) => {
        const byName = policy.evaluate(input, name) as Array<{ result: unknown }>;
        const byNumber = policy.evaluate(input, id) as Array<{ result: unknown }>;
        expect(byName).toEqual(byNumber);
        expect(byName).toHaveLength(1);
        expect(sorted(byName[0]!.result)).toEqual(values[i]);
      });
    });
  }

  it('evaluates the package entrypoint (the object of its rules) by name and by number', () => {
    const byName = policy.evaluate(inputs[1], 'app/authz') as Array<{ result: Record<string, unknown> }>;
    const byNumber = policy.evaluate(inputs[1], 2) as Array<{ result: Record<string, unknown> }>;
    expect(byName).toEqual(byNumber);
    expect(byName[0]!.result).toEqual({ allow: true, reasons: [], user_roles: ['reader'] });
  });
});
