// Compiler and decision figures for the canonical policy (policies/authz.rego), measured in one
// process, interleaved, with warm-up; medians of several rounds (this machine is noisy).
//
//   decision µs through the SDK's evaluate() for a ~180 B and a ~2 KB input, next to the JSON
//   boundary floor for the same input (stringify + encode + decode + parse), compile time, .wasm
//   size raw and gzipped, instantiate time from bytes and from a WebAssembly.Module, and a
//   regex-heavy and a CIDR-heavy policy.
//
// Run: npm run bench:policy   (or as part of npm run bench)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../dist/compiler.js';
import { hostBuiltins } from '../dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor(s.length * 0.1)].toFixed(2)}–${s[Math.ceil(s.length * 0.9) - 1].toFixed(2)}`;
};

/** µs per call of fn, median over ROUNDS rounds of n calls each. */
function measure(cases, n) {
  const samples = new Map(cases.map(([name]) => [name, []]));
  for (const [, fn] of cases) for (let i = 0; i < n; i++) fn(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of cases) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn();
      samples.get(name).push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
    }
  }
  return samples;
}

const authz = readFileSync(new URL('../policies/authz.rego', import.meta.url), 'utf8');

const small = {
  subject: { sub: 'bob', roles: ['editor'], tenant: 'acme' },
  session: { revoked: false, expires_at: 2000000000 },
  request: { time: 1900000000 },
  action: 'update',
  resource: { type: 'document', tenant: 'acme', owner: 'bob' },
};
const large = {
  ...small,
  subject: {
    ...small.subject,
    kind: 'user',
    iss: 'https://auth.example.com/',
    aud: ['accord-docs', 'accord-api'],
    email: 'bob@acme.example',
    groups: Array.from({ length: 20 }, (_, i) => `group-${i}`),
    amr: ['pwd', 'otp'],
  },
  session: { ...small.session, id: 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6', created_at: 1899990000, auth_time: 1899990000, version: 3 },
  request: {
    ...small.request,
    method: 'POST',
    path: '/api/documents/d-1234/edit',
    ip: '203.0.113.7',
    headers: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`x-header-${i}`, `value-${'x'.repeat(40)}-${i}`])),
  },
  resource: { ...small.resource, id: 'd-1234', labels: Array.from({ length: 10 }, (_, i) => `label-${i}`), title: 'Quarterly report' },
};

const t0 = performance.now();
const compiled = compile({ modules: { 'authz.rego': authz }, entrypoints: ['app/authz/decision', 'app/authz/allow'] });
const compileMs = performance.now() - t0;
const compileTimes = [compileMs];
for (let i = 0; i < 4; i++) {
  const t = performance.now();
  compile({ modules: { 'authz.rego': authz }, entrypoints: ['app/authz/decision', 'app/authz/allow'] });
  compileTimes.push(performance.now() - t);
}
const wasm = compiled.wasm;

// Instantiate from bytes (Node) and from a precompiled Module (Edge).
const instBytes = [];
const instModule = [];
const module = new WebAssembly.Module(wasm);
for (let i = 0; i < 30; i++) {
  let t = performance.now();
  await loadPolicy(wasm.slice().buffer, undefined, hostBuiltins);
  instBytes.push(performance.now() - t);
  t = performance.now();
  await loadPolicy(module, undefined, hostBuiltins);
  instModule.push(performance.now() - t);
}

const policy = await loadPolicy(module, undefined, hostBuiltins);
const enc = new TextEncoder();
const dec = new TextDecoder();
const floor = (x) => () => JSON.parse(dec.decode(enc.encode(JSON.stringify(x))));
const decide = (x) => () => policy.evaluate(x, 'app/authz/decision');
for (const x of [small, large]) {
  const got = policy.evaluate(x, 'app/authz/decision')[0].result;
  if (got.allow !== true) throw new Error(`bench input must be allowed, got ${JSON.stringify(got)}`);
}

const s = measure(
  [
    ['floor 180B', floor(small)],
    ['decision 180B', decide(small)],
    ['floor 2KB', floor(large)],
    ['decision 2KB', decide(large)],
  ],
  5000,
);

// Builtin-heavy policies: host builtins (regex via RE2, CIDR via ipaddr.js) cross the boundary.
const heavy = compile({
  modules: {
    'heavy.rego': `package heavy
import rego.v1
allowed_paths := ["^/api/v[0-9]+/documents/[a-z0-9-]+$", "^/api/v[0-9]+/health$", "^/docs/.*"]
trusted := ["10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "203.0.113.0/24"]
path_ok if { some p in allowed_paths; regex.match(p, input.path) }
ip_ok if { some c in trusted; net.cidr_contains(c, input.ip) }`,
  },
  entrypoints: ['heavy/path_ok', 'heavy/ip_ok'],
}).wasm;
const hp = await loadPolicy(heavy.slice().buffer, undefined, hostBuiltins);
const heavyInput = { path: '/api/v2/documents/d-1234', ip: '203.0.113.7' };
if (hp.evaluate(heavyInput, 'heavy/path_ok')[0]?.result !== true || hp.evaluate(heavyInput, 'heavy/ip_ok')[0]?.result !== true) {
  throw new Error('builtin-heavy bench inputs must be allowed');
}
const h = measure(
  [
    ['regex-heavy policy', () => hp.evaluate(heavyInput, 'heavy/path_ok')],
    ['CIDR-heavy policy', () => hp.evaluate(heavyInput, 'heavy/ip_ok')],
  ],
  2000,
);

const row = (name, xs, extra = '') => console.log(`${name.padEnd(34)} ${median(xs).toFixed(2).padStart(9)} µs   (p10–p90 ${spread(xs)})${extra}`);
const ratio = (a, b) => (median(s.get(a)) / median(s.get(b))).toFixed(2);

console.log(`Accord policy benchmark — ${new Date().toISOString()} — node ${process.version}, ${ROUNDS} rounds`);
console.log(`input sizes: ${JSON.stringify(small).length} B and ${JSON.stringify(large).length} B`);
console.log('');
row('JSON boundary floor, 180 B', s.get('floor 180B'));
row('decision via evaluate(), 180 B', s.get('decision 180B'), `   ${ratio('decision 180B', 'floor 180B')}× floor (target ≤ 1.5×)`);
row('JSON boundary floor, 2 KB', s.get('floor 2KB'));
row('decision via evaluate(), 2 KB', s.get('decision 2KB'), `   ${ratio('decision 2KB', 'floor 2KB')}× floor (target ≤ 1.5×)`);
row('regex-heavy policy (3 patterns)', h.get('regex-heavy policy'));
row('CIDR-heavy policy (4 ranges)', h.get('CIDR-heavy policy'));
console.log('');
console.log(`compile (parse+check+plan+emit)   first ${compileMs.toFixed(0)} ms, then median ${median(compileTimes.slice(1)).toFixed(0)} ms`);
console.log(`.wasm size                         ${wasm.length} B raw, ${gzipSync(wasm, { level: 9 }).length} B gzipped (target ≤ 100 KB gzipped)`);
console.log(`instantiate from bytes            ${median(instBytes).toFixed(2)} ms (target ≤ 5 ms)`);
console.log(`instantiate from Module (Edge)    ${median(instModule).toFixed(2)} ms`);
