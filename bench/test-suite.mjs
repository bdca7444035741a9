// `accord test` at scale: generates a policy with 500 tests (each mocking input with `with`),
// then times compile + run through the CLI, as CI would run it. Target: under 5 s on this machine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../dist/cli.js';

const N = Number(process.env.TESTS ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'accord-bench-tests-'));
writeFileSync(
  join(dir, 'policy.rego'),
  `package bench
import rego.v1
default allow := false
allow if { some r in input.roles; r in data.bench_roles[input.action] }
allow if input.owner == input.user
`,
);
writeFileSync(join(dir, 'data.json'), JSON.stringify({ bench_roles: { read: ['viewer', 'editor', 'admin'], write: ['editor', 'admin'], delete: ['admin'] } }));
const tests = [];
for (let i = 0; i < N; i++) {
  const action = ['read', 'write', 'delete'][i % 3];
  const role = ['viewer', 'editor', 'admin'][(i >> 1) % 3];
  const expect = { read: true, write: role !== 'viewer', delete: role === 'admin' }[action];
  tests.push(`test_case_${i} if ${expect ? '' : 'not '}data.bench.allow with input as {"user": "u${i}", "owner": "o${i}", "roles": ["${role}"], "action": "${action}"}`);
}
writeFileSync(join(dir, 'policy_test.rego'), `package bench_test\nimport rego.v1\n${tests.join('\n')}\n`);

const lines = [];
const t0 = performance.now();
const code = await main(['test', dir], { stdout: (t) => lines.push(t), stderr: (t) => lines.push(t) });
const wall = performance.now() - t0;
rmSync(dir, { recursive: true, force: true });
console.log(lines.join('\n').split('\n').filter((l) => /PASS|FAIL|ERROR|compiled/.test(l)).join('\n'));
console.log(`accord test, ${N} generated tests: ${(wall / 1000).toFixed(2)} s wall (compile + run), exit ${code} (target < 5 s)`);
process.exit(code);
