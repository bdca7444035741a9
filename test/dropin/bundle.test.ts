// `accord build` writes the bundle `opa build -t wasm` writes: entry names with a leading `/`, the
// manifest OPA writes, data merged from the inputs, deterministic bytes. Read back with node-tar.
import { spawnSync } from 'node:child_process';
import { readFileSync, utimesSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/bundle/build.js';
import { loadAccordBundle } from '../../src/bundle/load.js';
import { readBundle } from '../../src/bundle/read.js';
import { main } from '../../src/cli/main.js';
import { listTarGz, memoryIO, scratch, text } from './helpers.js';

const AUTHZ = `package app.authz

import data.app.lib.users

default allow := false

allow if users.is_admin(input.user)

allow if {
	some action in data.roles[input.role]
	action == input.action
}

decision := {"allow": allow}
`;

const USERS = `package app.lib.users

is_admin(u) if u in data.admins
`;

const TESTS = `package app.authz_test

import data.app.authz

test_admin if authz.allow with input as {"user": "alice"}
`;

let s: ReturnType<typeof scratch>;
let cwd: string;

beforeAll(() => {
  s = scratch('bundle');
  s.file('policies/authz.rego', AUTHZ);
  s.file('policies/lib/users.rego', USERS);
  s.file('policies/authz_test.rego', TESTS);
  s.file('policies/data.json', '{"admins": ["alice"]}');
  s.file('policies/roles/data.yaml', 'editor: [read, write]\n');
  s.file('policies/roles/extra.json', '{"viewer": ["read"]}');
  s.file('policies/README.md', '# not loaded');
  cwd = process.cwd();
  // Relative input paths, as a team would type them (module names in the bundle follow them).
  process.chdir(s.root);
});

afterAll(() => {
  process.chdir(cwd);
  s.cleanup();
});

const ENTRYPOINTS = ['-e', 'app/authz/allow', '-e', 'app/authz/decision'];

async function build(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const m = memoryIO();
  const code = await main(['build', ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('accord build → OPA bundle', () => {
  it('writes bundle.tar.gz by default, with OPA entry names and manifest', async () => {
    const r = await build(['-t', 'wasm', ...ENTRYPOINTS, '--ignore', '*_test.rego', 'policies']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/→ bundle\.tar\.gz \(bundle, \d+ bytes of wasm, 2 entrypoints: app\/authz\/allow, app\/authz\/decision\)/);

    const entries = listTarGz(readFileSync('bundle.tar.gz'));
    // OPA's writer order: data.json, the sources (sorted), policy.wasm, the manifest.
    expect(entries.map((e) => e.path)).toEqual(['/data.json', '/policies/authz.rego', '/policies/lib/users.rego', '/policy.wasm', '/.manifest']);
    for (const e of entries) {
      expect(e.type).toBe('File');
      expect(e.mode).toBe(0o600);
      expect(e.mtime?.getTime()).toBe(0);
    }
    const byName = Object.fromEntries(entries.map((e) => [e.path, e.bytes]));
    expect(text(byName['/.manifest']!)).toBe(
      '{"revision":"","roots":[""],"wasm":[{"entrypoint":"app/authz/allow","module":"/policy.wasm"},' +
        '{"entrypoint":"app/authz/decision","module":"/policy.wasm"}],"rego_version":1}\n',
    );
    // Without -b every .json/.yaml file is data at its directory's path (as OPA's loader does).
    expect(JSON.parse(text(byName['/data.json']!))).toEqual({ admins: ['alice'], roles: { editor: ['read', 'write'], viewer: ['read'] } });
    expect(text(byName['/data.json']!)).toBe('{"admins":["alice"],"roles":{"editor":["read","write"],"viewer":["read"]}}\n');
    expect(text(byName['/policies/authz.rego']!)).toBe(AUTHZ);
    expect([...byName['/policy.wasm']!.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it('with -b, names sources relative to the bundle root and reads only data.json/data.yaml', async () => {
    const r = await build(['-b', ...ENTRYPOINTS, '-o', 'out/b.tar.gz', '--ignore', '*_test.rego', 'policies']);
    expect(r.code).toBe(0);
    const entries = listTarGz(readFileSync('out/b.tar.gz'));
    expect(entries.map((e) => e.path)).toEqual(['/data.json', '/authz.rego', '/lib/users.rego', '/policy.wasm', '/.manifest']);
    const data = JSON.parse(text(entries[0]!.bytes));
    expect(data).toEqual({ admins: ['alice'], roles: { editor: ['read', 'write'] } });
  });

  it('is deterministic: two builds are byte-identical, whatever the files’ mtimes', async () => {
    expect((await build([...ENTRYPOINTS, '-o', 'det1.tar.gz', 'policies'])).code).toBe(0);
    const later = new Date(Date.now() + 3_600_000);
    utimesSync('policies/authz.rego', later, later);
    utimesSync('policies/data.json', later, later);
    expect((await build([...ENTRYPOINTS, '-o', 'det2.tar.gz', 'policies'])).code).toBe(0);
    const a = readFileSync('det1.tar.gz');
    const b = readFileSync('det2.tar.gz');
    expect(a.equals(b)).toBe(true);
    // gzip header: no timestamp.
    expect([...a.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
  });

  it('records --revision and --v0-compatible in the manifest', async () => {
    s.file('legacy/lib.rego', 'package legacy.lib\n\nis_admin(u) {\n\tdata.admins[_] == u\n}\n');
    s.file('legacy/authz.rego', 'package legacy.authz\n\nimport data.legacy.lib\n\ndefault allow = false\n\nallow {\n\tlib.is_admin(input.user)\n}\n');
    s.file('legacy/data.json', '{"admins": ["root"]}');
    const r = await build(['-e', 'legacy/authz/allow', '--revision', 'v42', '--v0-compatible', '-o', 'legacy.tar.gz', 'legacy']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const b = readBundle('legacy.tar.gz');
    expect(b.manifest).toEqual({ revision: 'v42', roots: [''], wasm: [{ entrypoint: 'legacy/authz/allow', module: '/policy.wasm' }], rego_version: 0 });
    const { policy } = await loadAccordBundle('legacy.tar.gz');
    expect(policy.evaluate({ user: 'root' }, 'legacy/authz/allow')).toEqual([{ result: true }]);
    expect(policy.evaluate({ user: 'bob' }, 'legacy/authz/allow')).toEqual([{ result: false }]);
  });

  it('takes roots, revision and metadata from a bundle root’s .manifest; --revision wins', async () => {
    s.file('rooted/.manifest', '{"revision": "from-manifest", "roots": ["rooted"], "metadata": {"team": "core"}}');
    s.file('rooted/p.rego', 'package rooted\n\nx := data.rooted.v\n');
    s.file('rooted/rooted/data.json', '{"v": 1}');
    const r1 = await build(['-b', '-e', 'rooted/x', '-o', 'rooted1.tar.gz', 'rooted']);
    expect(r1.stderr).toBe('');
    expect(readBundle('rooted1.tar.gz').manifest).toEqual({
      revision: 'from-manifest',
      roots: ['rooted'],
      wasm: [{ entrypoint: 'rooted/x', module: '/policy.wasm' }],
      rego_version: 1,
      metadata: { team: 'core' },
    });
    await build(['-b', '-e', 'rooted/x', '-r', 'cli', '-o', 'rooted2.tar.gz', 'rooted']);
    expect(readBundle('rooted2.tar.gz').manifest.revision).toBe('cli');

    // data outside the declared roots is refused, as by OPA
    s.file('rooted/other/data.json', '{"v": 2}');
    const bad = await build(['-b', '-e', 'rooted/x', '-o', 'rooted3.tar.gz', 'rooted']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`do not permit data at path '/other'`);
  });

  it('writes the bare module for -o *.wasm', async () => {
    const r = await build([...ENTRYPOINTS, '-o', 'policy.wasm', 'policies']);
    expect(r.code).toBe(0);
    const wasm = readFileSync('policy.wasm');
    expect([...wasm.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    expect(WebAssembly.validate(wasm)).toBe(true);
  });

  it('reads back what it wrote (readBundle) and loads it (loadAccordBundle)', async () => {
    const built = buildBundle({ paths: ['policies'], entrypoints: ['app/authz/allow', 'app/authz/decision'], ignore: ['*_test.rego'] });
    const back = readBundle(built.bundle);
    expect(back.manifest).toEqual(built.manifest);
    expect(Buffer.from(back.wasm!).equals(Buffer.from(built.wasm))).toBe(true);
    expect(back.entrypoints).toEqual(['app/authz/allow', 'app/authz/decision']);
    expect(Object.keys(back.modules)).toEqual(['/policies/authz.rego', '/policies/lib/users.rego']);
    expect(back.data).toEqual(built.inputs.data.root);

    const { policy } = await loadAccordBundle(built.bundle);
    expect(policy.evaluate({ user: 'alice' }, 'app/authz/allow')).toEqual([{ result: true }]);
    expect(policy.evaluate({ role: 'editor', action: 'write' }, 'app/authz/allow')).toEqual([{ result: true }]);
    expect(policy.evaluate({ role: 'viewer', action: 'write' }, 'app/authz/decision')).toEqual([{ result: { allow: false } }]);
  });

  it('lets tools that extract /policy.wasm by name work unchanged (system tar)', async (ctx) => {
    const probe = spawnSync('tar', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) ctx.skip();
    await build([...ENTRYPOINTS, '-o', 'sys.tar.gz', 'policies']);
    const r = spawnSync('tar', ['-xzf', 'sys.tar.gz', '-O', '/policy.wasm']);
    expect(r.status).toBe(0);
    const fromTar = listTarGz(readFileSync('sys.tar.gz')).find((e) => e.path === '/policy.wasm')!.bytes;
    expect(Buffer.from(r.stdout).equals(fromTar)).toBe(true);
  });
});

describe('accord eval with a bundle', () => {
  it('evaluates the bundle’s module with its data.json as base documents', async () => {
    await build([...ENTRYPOINTS, '-o', 'eval.tar.gz', '--ignore', '*_test.rego', 'policies']);
    s.file('input.json', '{"user": "alice"}');
    const m = memoryIO();
    expect(await main(['eval', '-e', 'data.app.authz.allow', '-i', 'input.json', 'eval.tar.gz'], m.io)).toBe(0);
    expect(JSON.parse(m.stdout())).toEqual([{ result: true }]);
  });

  it('compiles the bundle’s sources for an entrypoint its module does not serve', async () => {
    const m = memoryIO();
    expect(await main(['eval', '-e', 'app/lib/users', 'eval.tar.gz'], m.io)).toBe(0);
    expect(JSON.parse(m.stdout())).toEqual([{ result: {} }]);
    const m2 = memoryIO();
    s.file('input2.json', '{"role": "editor", "action": "read"}');
    expect(await main(['eval', '-e', 'app/authz/decision', '-i', 'input2.json', 'eval.tar.gz'], m2.io)).toBe(0);
    expect(JSON.parse(m2.stdout())).toEqual([{ result: { allow: true } }]);
  });
});
