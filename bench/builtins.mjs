// Micro-benchmark of the hottest host builtins: median µs per call for regex.match (cached
// pattern), glob.match and net.cidr_contains, called through the same accord.-prefixed map the
// SDK uses. Loads the TypeScript sources directly with tsx.
//
//   node bench/builtins.mjs [--rounds 31] [--batch 2000]
import { tsImport } from 'tsx/esm/api';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('rounds', 31);
const BATCH = arg('batch', 2000);

const { createHostBuiltins } = await tsImport('../src/builtins/host/index.ts', import.meta.url);
const h = createHostBuiltins();

const cases = [
  ['regex.match (cached)', () => h['accord.regex.match']('^/api/v[0-9]+/users/[a-z0-9-]+$', '/api/v2/users/alice-42')],
  ['regex.match (no match)', () => h['accord.regex.match']('^/api/v[0-9]+/users/[a-z0-9-]+$', '/static/app.js')],
  ['glob.match', () => h['accord.glob.match']('api.*.example.com', [], 'api.eu.example.com')],
  ['glob.match (**, / delimiter)', () => h['accord.glob.match']('/docs/**/*.md', ['/'], '/docs/guide/intro/start.md')],
  ['net.cidr_contains (IPv4)', () => h['accord.net.cidr_contains']('10.0.0.0/8', '10.20.30.40')],
  ['net.cidr_contains (IPv6)', () => h['accord.net.cidr_contains']('2001:db8::/32', '2001:db8:1234::1')],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rows = [];
for (const [name, fn] of cases) {
  // Warm up: compile and cache the pattern, let the JIT settle.
  for (let i = 0; i < BATCH * 2; i++) fn();
  const perCall = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < BATCH; i++) fn();
    perCall.push(((performance.now() - t0) * 1000) / BATCH);
  }
  rows.push({ builtin: name, 'median µs': median(perCall).toFixed(2), 'min µs': Math.min(...perCall).toFixed(2) });
}
console.table(rows);
