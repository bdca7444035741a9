// The opa-shaped CLI surface: `accord version`, `build -t`, flags Accord does not implement,
// `--ignore`, and data conflicts.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globToRegExp, loadInputs } from '../../src/bundle/inputs.js';
import { main } from '../../src/cli/main.js';
import { ABI_MINOR_VERSION } from '../../src/compiler/emit.js';
import { VERSION } from '../../src/version.js';
import { listTarGz, memoryIO, scratch, text } from './helpers.js';

let s: ReturnType<typeof scratch>;

beforeAll(() => {
  s = scratch('dropin-cli');
  s.file('p/authz.rego', 'package app.authz\n\nallow if input.ok\n');
  s.file('p/authz_test.rego', 'package app.authz_test\n\ntest_ok if data.app.authz.allow with input as {"ok": true}\n');
  s.file('p/vendor/broken.rego', 'this is not rego\n');
  s.file('p/fixtures/data.json', '{"fixture": true}');
  s.file('p/fixtures/input.json', '{"ok": true}');
  s.file('p/nested/deep/skip.rego', 'not rego either\n');
});
afterAll(() => s.cleanup());

async function run(args: string[]) {
  const m = memoryIO();
  const code = await main(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('accord version', () => {
  it('prints Version: <semver> first, then the wasm ABI and Node versions', async () => {
    const r = await run(['version']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Version: ${VERSION}`);
    expect(lines[0]).toMatch(/^Version: \d+\.\d+\.\d+/);
    expect(lines[1]).toBe(`WebAssembly ABI: 1.${ABI_MINOR_VERSION}`);
    expect(lines[1]).toBe('WebAssembly ABI: 1.2');
    expect(lines[2]).toBe(`Node: ${process.version}`);
  });

  it('is listed in the usage', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toMatch(/\n {2}version +print the version/);
  });
});

describe('accord build flags', () => {
  it('rejects -t rego and -t plan with a clear error naming the supported target', async () => {
    for (const t of ['rego', 'plan']) {
      const r = await run(['build', '-t', t, '-e', 'app/authz/allow', '-o', s.path('x.tar.gz'), s.path('p')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `accord build: target '${t}' is not supported: Accord compiles Rego to WebAssembly only; the supported target is 'wasm' (-t wasm, the default)`,
      );
    }
    const odd = await run(['build', '--target=js', s.path('p')]);
    expect(odd.stderr).toMatch(/unknown target 'js'.*the supported target is 'wasm'/);
    expect(existsSync(s.path('x.tar.gz'))).toBe(false);
  });

  it('explains the opa build flags it does not implement', async () => {
    const r = await run(['build', '--signing-key', 'k.pem', s.path('p')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--signing-key is not supported: Accord does not sign bundles/);
    const u = await run(['build', '--no-such-flag', s.path('p')]);
    expect(u.stderr).toMatch(/unknown flag: --no-such-flag/);
  });

  it('accepts -O, --v1-compatible and --wasm-include-print for compatibility', async () => {
    const out = s.path('compat.tar.gz');
    const r = await run(['build', '-O=2', '--v1-compatible', '--wasm-include-print', '-e', 'app/authz/allow', '--ignore', 'vendor', '--ignore', 'nested', '-o', out, s.path('p')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/-O 2 is ignored/);
  });

  it('--ignore skips files and directories by name, as opa does', async () => {
    // without --ignore the broken files are compiled
    const bad = await run(['build', '-e', 'app/authz/allow', '-o', s.path('i0.tar.gz'), s.path('p')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.rego:1:1/);

    const out = s.path('i1.tar.gz');
    const r = await run(['build', '-e', 'app/authz/allow', '--ignore', 'vendor', '--ignore', 'skip.rego', '--ignore', '*_test.rego', '--ignore', 'input.*', '-o', out, s.path('p')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const entries = listTarGz(readFileSync(out));
    const rel = s.path('p').replace(/^\/+/, '');
    expect(entries.map((e) => e.path)).toEqual(['/data.json', `/${rel}/authz.rego`, '/policy.wasm', '/.manifest']);
    expect(JSON.parse(text(entries[0]!.bytes))).toEqual({ fixtures: { fixture: true } });
  });

  it('--ignore patterns with a slash match the path below the input path', async () => {
    const inputs = loadInputs([s.path('p')], { bundleMode: true, ignore: ['vendor/*', 'nested/deep', 'authz_test.rego'] });
    expect(inputs.modules.map((m) => m.bundlePath)).toEqual(['/authz.rego']);
  });

  it('names sources by their path as given, without leading .. segments', () => {
    const rel = relative(process.cwd(), s.path('p'));
    expect(rel.startsWith('..')).toBe(true);
    const inputs = loadInputs([rel], { ignore: ['vendor', 'nested', '*_test.rego'] });
    // The bundle path is the path as given, minus its leading `..` segments (as OPA names it).
    const asGiven = join(rel, 'authz.rego');
    expect(inputs.modules.map((m) => [m.file, m.bundlePath])).toEqual([[asGiven, '/' + asGiven.replace(/^(\.\.\/)+/, '')]]);
  });

  it('translates Go filepath.Match patterns', () => {
    const m = (p: string, name: string) => globToRegExp(p).test(name);
    expect(m('*.rego', 'a.rego')).toBe(true);
    expect(m('*.rego', 'a/b.rego')).toBe(false);
    expect(m('?.json', 'a.json')).toBe(true);
    expect(m('?.json', 'ab.json')).toBe(false);
    expect(m('[a-c]x', 'bx')).toBe(true);
    expect(m('[^a-c]x', 'bx')).toBe(false);
    expect(m('[^a-c]x', 'dx')).toBe(true);
    expect(m('\\*', '*')).toBe(true);
    expect(m('.*', '.hidden')).toBe(true);
    expect(m('a.b', 'aXb')).toBe(false);
    expect(() => globToRegExp('[abc')).toThrow(/bad --ignore pattern/);
  });
});

describe('data conflicts', () => {
  it('name both files', async () => {
    const c = scratch('conflict');
    try {
      c.file('src/p.rego', 'package p\n\nx := data.a.b\n');
      c.file('src/data.json', '{"a": {"b": 1}}');
      c.file('src/a/data.json', '{"b": 2}');
      const r = await run(['build', '-b', '-e', 'p/x', '-o', c.path('out.tar.gz'), c.path('src')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('data conflict at data.a.b');
      expect(r.stderr).toContain(c.path('src/data.json'));
      expect(r.stderr).toContain(c.path('src/a/data.json'));

      // objects merge; a scalar under another file's object is a conflict too
      c.file('src2/p.rego', 'package p\n\nx := data.a\n');
      c.file('src2/data.json', '{"a": {"b": 1}}');
      c.file('src2/a/data.json', '{"c": 2}');
      const ok = await run(['build', '-b', '-e', 'p/x', '-o', c.path('ok.tar.gz'), c.path('src2')]);
      expect(ok.code).toBe(0);
      expect(JSON.parse(text(listTarGz(readFileSync(c.path('ok.tar.gz')))[0]!.bytes))).toEqual({ a: { b: 1, c: 2 } });

      c.file('src3/p.rego', 'package p\n\nx := data.a\n');
      c.file('src3/data.json', '{"a": 1}');
      c.file('src3/a/b/data.json', '{"c": 2}');
      const deep = await run(['build', '-b', '-e', 'p/x', '-o', c.path('bad.tar.gz'), c.path('src3')]);
      expect(deep.code).toBe(1);
      expect(deep.stderr).toContain(`data conflict at data.a: ${c.path('src3/data.json')} and ${c.path('src3/a/b/data.json')} both define it`);
    } finally {
      c.cleanup();
    }
  });

  it('two inputs mapping to one bundle path are an error', async () => {
    const c = scratch('dup');
    try {
      c.file('one/p.rego', 'package one\n\nx := 1\n');
      c.file('two/p.rego', 'package two\n\nx := 2\n');
      const r = await run(['build', '-b', '-e', 'one/x', '-o', c.path('o.tar.gz'), c.path('one'), c.path('two')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/two\/p\.rego and .*one\/p\.rego would both be \/p\.rego in the bundle/);
    } finally {
      c.cleanup();
    }
  });
});
