// `accord test` end to end through the CLI command (in-process, captured output): exit codes,
// formats, coverage, threshold, timeouts, data files, parameterised tests, the vitest helper.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testCommand } from '../../src/cli/test.js';
import { loadTestPolicy } from '../../src/testing/vitest.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await testCommand(args, { stdout: (t) => (out += t + '\n'), stderr: (t) => (err += t + '\n'), quiet: true });
  return { code, out, err };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'accord-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

const policy = `package p
import rego.v1
default allow := false
allow if input.user == data.users.admin
v := 1 if input.a
v := 2 if input.b
`;

describe('accord test', () => {
  let mixed: string;
  beforeAll(() => {
    mixed = dir({
      'p.rego': policy,
      'users/data.json': JSON.stringify({ admin: 'alice' }),
      'p_test.rego': `package p_test
import data.p
import rego.v1
test_admin_allowed if p.allow with input as {"user": "alice"}
test_other_denied if not p.allow with input as {"user": "bob"}
test_wrong if p.allow with input as {"user": "bob"}
test_conflict if p.v with input as {"a": true, "b": true}
todo_test_later if false
cases := {"alice": true, "bob": false}
test_table[name] if {
  some name, want in cases
  want == p.allow with input as {"user": name}
}
`,
    });
  });

  it('passes the canonical policy with ≥ 90% coverage (exit 0)', async () => {
    const r = await run(['policies', '--coverage', '--threshold', '90']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PASS: \d+\/\d+/);
    expect(r.out).not.toMatch(/FAIL|ERROR/);
  });

  it('reports FAIL, ERROR and SKIP with locations and exits 2', async () => {
    const r = await run([mixed]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/p_test\.rego:6:1: data\.p_test\.test_wrong: FAIL \(undefined\)/);
    expect(r.out).toMatch(/test_conflict: ERROR \(eval_conflict_error/);
    expect(r.out).toMatch(/PASS: 4\/7/);
    expect(r.out).toMatch(/FAIL: 1\/7/);
    expect(r.out).toMatch(/ERROR: 1\/7/);
    expect(r.out).toMatch(/SKIPPED: 1\/7/);
    // the JSON format carries the same statuses
    const j = JSON.parse((await run([mixed, '--format', 'json'])).out);
    expect(j.filter((t: { fail?: boolean }) => t.fail).map((t: { name: string }) => t.name)).toEqual(['test_wrong']);
  });

  it('reads data.json files at their directory path', async () => {
    const r = await run([mixed, '--run', 'test_admin_allowed', '--format', 'json']);
    expect(r.code).toBe(0);
    const tests = JSON.parse(r.out);
    expect(tests).toHaveLength(1);
    expect(tests[0]).toMatchObject({ package: 'data.p_test', name: 'test_admin_allowed' });
    expect(tests[0].fail).toBeUndefined();
  });

  it('reports one result per key of a parameterised test', async () => {
    const r = await run([mixed, '--run', 'test_table', '--format', 'json']);
    const names = JSON.parse(r.out).map((t: { name: string }) => t.name).sort();
    expect(names).toEqual(['test_table["alice"]', 'test_table["bob"]']);
    expect(r.code).toBe(0);
  });

  it('writes JUnit XML', async () => {
    const r = await run([mixed, '--format', 'junit']);
    expect(r.out).toMatch(/^<\?xml/);
    expect(r.out).toMatch(/<testsuites tests="7" failures="1" errors="1" skipped="1"/);
    expect(r.out).toMatch(/<error type="eval_conflict_error"/);
  });

  it('--exit-zero-on-skipped ignores todo tests only', async () => {
    const r = await run([mixed, '--run', 'test_admin|todo_', '--exit-zero-on-skipped']);
    expect(r.code).toBe(0);
  });

  it('fails under the coverage threshold (exit 2) and reports uncovered lines', async () => {
    const d = dir({ 'p.rego': policy, 'p_test.rego': 'package p_test\nimport data.p\nimport rego.v1\ntest_v if p.v == 1 with input as {"a": true}\n' });
    const r = await run([d, '--coverage', '--threshold', '95']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/coverage .* is below the threshold 95%/);
    expect(r.out).toMatch(/not covered: 4/);
    const j = await run([d, '--coverage', '--format', 'json']);
    const cov = JSON.parse(j.out).coverage;
    const file = Object.keys(cov.files)[0]!;
    expect(cov.files[file].not_covered).toEqual([{ start: { row: 4 }, end: { row: 4 } }]);
  });

  it('stops a test that exceeds --timeout and runs the rest', async () => {
    const d = dir({
      'slow_test.rego': `package s
import rego.v1
test_slow if count([x | some x in numbers.range(1, 100000000)]) > 0
test_fast if true
`,
    });
    const r = await run([d, '--timeout', '1s', '--format', 'json']);
    expect(r.code).toBe(2);
    const tests = JSON.parse(r.out);
    expect(tests.find((t: { name: string }) => t.name === 'test_slow').error.code).toBe('eval_cancel_error');
    expect(tests.find((t: { name: string }) => t.name === 'test_fast').fail).toBeUndefined();
  }, 30_000);

  it('exits 1 with file:line:col on a parse error', async () => {
    const d = dir({ 'bad.rego': 'package p\nallow if {\n' });
    const r = await run([d]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.rego:\d+:\d+: rego_parse_error/);
  });

  it('--fail-on-empty exits 1 when there are no tests', async () => {
    const d = dir({ 'p.rego': policy });
    expect((await run([d, '--fail-on-empty'])).code).toBe(1);
    expect((await run([d])).code).toBe(0);
  });
});

describe('loadTestPolicy (vitest helper)', () => {
  it('evaluates entrypoints through the compiled wasm', () => {
    const p = loadTestPolicy('policies');
    const input = {
      subject: { sub: 'carol', roles: ['viewer'], tenant: 'acme', kind: 'user' },
      session: { id: 's', revoked: false, expires_at: 2000000000 },
      request: { method: 'GET', path: '/d', time: 1900000000 },
      action: 'update',
      resource: { type: 'document', id: 'd1', tenant: 'acme', owner: 'carol' },
    };
    expect(p.evaluate('app/authz/allow', input)).toBe(false);
    expect(p.evaluate('data.app.authz.decision', { ...input, action: 'read' })).toEqual({ allow: true, reasons: [] });
    expect(p.evaluate('app/authz/no_such_rule', input)).toBeUndefined();
  });
});

describe('accord test --bench and --watch', () => {
  it('--bench reports µs per evaluation for each test', async () => {
    const d = dir({ 'p.rego': policy, 'p_test.rego': 'package p_test\nimport data.p\nimport rego.v1\ntest_v if p.v == 1 with input as {"a": true}\n' });
    const r = await run([d, '--bench']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/data\.p_test\.test_v: PASS \(\d+\.\d+ µs\/op\)/);
  });

  it('--watch re-runs when a policy file changes', async () => {
    const { spawn } = await import('node:child_process');
    const d = dir({ 'w_test.rego': 'package w\nimport rego.v1\ntest_a if true\n' });
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/accord.mjs'), 'test', d, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    const waitFor = async (re: RegExp) => {
      // Generous: under CI load a compile can take several seconds.
      for (let i = 0; i < 1200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(re);
    };
    try {
      await waitFor(/PASS: 1\/1[\s\S]*watching/);
      // Node 20's recursive fs.watch on Linux scans the tree asynchronously after watch() returns,
      // so a write right away can go unseen: write again every 2 s until the re-run shows.
      const edit = () => writeFileSync(join(d, 'w_test.rego'), 'package w\nimport rego.v1\ntest_a if true\ntest_b if false\n');
      edit();
      const again = setInterval(() => {
        if (!/change detected/.test(out)) edit();
      }, 2000);
      try {
        await waitFor(/change detected[\s\S]*FAIL: 1\/2/);
      } finally {
        clearInterval(again);
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 130_000);
});
