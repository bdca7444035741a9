// Load figures for the Next.js example: one protected page and one protected API route, with
// Accord in every layer that serves them (page: proxy.ts + server components; API: the route
// handler — the example keeps /api out of the proxy matcher) versus the same app built with auth
// removed (ACCORD_DISABLED=1 at build time, no proxy). Two informational variants show /api
// behind proxy.ts too, and what an empty proxy.ts costs by itself. autocannon on 127.0.0.1 only;
// server CPU per request from /proc (robust when other processes share the cores).
//
//   node build.mjs && node bench/next-load.mjs [--duration 6] [--connections 10] [--rounds 3] [--skip-build] [--quick]
//
// Each server runs alone while it is measured (2-core machine); the variants take turns in every
// round (order rotated) and the table shows the median of the rounds, so a noisy moment does not
// decide the comparison. --quick: only "as shipped" and "auth removed"; --all: also /api behind
// proxy.ts and an empty proxy.ts (what Next's proxy costs by itself).
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { buildApp, signIn, startApp } from '../examples/next-app/scripts/run.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const DURATION = Number(arg('duration', '6'));
const CONNECTIONS = Number(arg('connections', '10'));
const ROUNDS = Number(arg('rounds', '3'));
const SKIP_BUILD = process.argv.includes('--skip-build');
const QUICK = process.argv.includes('--quick');

const ALL = process.argv.includes('--all');
const VARIANTS = [
  // The example as shipped: proxy.ts gates pages; route handlers alone guard /api (one decision);
  // decision events handed to the logger with after() (docs/nextjs.md).
  { name: 'bench-accord', label: 'Accord (as shipped; audit via after())', gate: 'proxy', apiGate: false, env: {} },
  // Same build, audit events delivered by a batch timer instead of one after() per request.
  { name: 'bench-accord', key: 'bench-accord-timer', label: 'Accord, audit delivery on a timer', gate: 'proxy', apiGate: false, env: {}, runEnv: { ACCORD_AUDIT_DELIVERY: 'timer' } },
  { name: 'bench-noauth', label: 'auth removed (no proxy.ts)', gate: 'none', env: { ACCORD_DISABLED: '1' } },
  ...(ALL
    ? [
        // /api behind proxy.ts as well (two decisions, plus Next's proxy machinery).
        { name: 'bench-accord-apigate', label: 'Accord, /api behind proxy.ts too', gate: 'proxy', apiGate: true, env: {} },
        // Auth removed but an empty proxy.ts in front of everything: what Next's proxy costs by itself.
        { name: 'bench-emptyproxy', label: 'auth removed, empty proxy.ts on all paths', gate: 'proxy', apiGate: true, env: { ACCORD_DISABLED: '1' } },
      ]
    : []),
];
for (const v of VARIANTS) v.key ??= v.name;
const TARGETS = [
  { key: 'api', label: 'GET /api/t/acme/documents/d1 (route handler)', path: '/api/t/acme/documents/d1' },
  { key: 'page', label: 'GET /t/acme/docs/d1 (server components)', path: '/t/acme/docs/d1' },
];

// Server CPU time (user + system) from /proc: robust when other processes share the cores.
const TICK_MS = 10; // getconf CLK_TCK = 100 on Linux
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14 and 15)
  } catch {
    return NaN;
  }
}

function run(url, path, cookie, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}${path}`,
        connections: CONNECTIONS,
        duration,
        headers: { cookie: `accord_session=${cookie}` },
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
  });
}

async function measure(variant) {
  // Decision log: NDJSON console sink (to /dev/null here) + the in-memory ring, as in production.
  const app = await startApp({ distDir: `.next-${variant.name}`, stdout: 'ignore', env: { ACCORD_LOG_FORMAT: 'ndjson', ...variant.runEnv } });
  try {
    const cookie = await signIn(app.url, 'bob', 'bob-demo');
    const out = {};
    for (const t of TARGETS) {
      const probe = await fetch(`${app.url}${t.path}`, { headers: { cookie: `accord_session=${cookie}` }, redirect: 'manual' });
      if (probe.status !== 200) throw new Error(`${variant.name} ${t.path}: ${probe.status}`);
      await run(app.url, t.path, cookie, 2); // warm-up (JIT, policy instance, caches)
      const cpu0 = cpuMs(app.child.pid);
      const r = await run(app.url, t.path, cookie, DURATION);
      const cpu = cpuMs(app.child.pid) - cpu0;
      if (r.non2xx || r.errors) throw new Error(`${variant.name} ${t.path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      out[t.key] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, cpuUs: (cpu * 1000) / r.requests.total };
    }
    return out;
  } finally {
    await app.stop();
  }
}

if (!SKIP_BUILD) {
  for (const v of VARIANTS.filter((x, i, a) => a.findIndex((y) => y.name === x.name) === i)) {
    const { seconds } = await buildApp({ name: v.name, gate: v.gate, apiGate: v.apiGate ?? false, env: v.env, typecheck: false });
    console.log(`built ${v.name} in ${seconds.toFixed(1)} s`);
  }
}

const results = {};
for (let round = 1; round <= ROUNDS; round++) {
  const k = (round - 1) % VARIANTS.length;
  const order = [...VARIANTS.slice(k), ...VARIANTS.slice(0, k)];
  for (const v of order) {
    const m = await measure(v);
    console.log(`round ${round} ${v.key}: ${TARGETS.map((t) => `${t.key} ${m[t.key].rps.toFixed(0)} req/s p50 ${m[t.key].p50} ms p99 ${m[t.key].p99} ms cpu ${m[t.key].cpuUs.toFixed(0)} µs/req`).join(' | ')}`);
    for (const t of TARGETS) (results[`${v.key}:${t.key}`] ??= []).push(m[t.key]);
  }
}
const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const best = {};
for (const [k, runs] of Object.entries(results)) {
  best[k] = Object.fromEntries(['rps', 'p50', 'p99', 'cpuUs'].map((f) => [f, median(runs.map((r) => r[f]))]));
}

console.log(`\nNext.js example under load: ${CONNECTIONS} connections, ${DURATION} s per run, median of ${ROUNDS} rounds, 127.0.0.1, node ${process.version}\n`);
const rows = [['endpoint', 'variant', 'req/s', 'p50 ms', 'p99 ms', 'throughput vs no auth', 'server CPU µs/req', 'CPU vs no auth']];
for (const t of TARGETS) {
  const base = best[`bench-noauth:${t.key}`];
  for (const v of VARIANTS) {
    const b = best[`${v.key}:${t.key}`];
    const pct = (x, y) => `${x >= y ? '+' : ''}${(((x - y) / y) * 100).toFixed(1)} %`;
    const base0 = v.key === 'bench-noauth';
    rows.push([t.label, v.label, b.rps.toFixed(0), String(b.p50), String(b.p99), base0 ? '—' : pct(b.rps, base.rps), b.cpuUs.toFixed(0), base0 ? '—' : pct(b.cpuUs, base.cpuUs)]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.map((c, j) => c.padEnd(widths[j])).join(' | ')} |`);
  if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
}
const apiLoss = (1 - best['bench-accord:api'].rps / best['bench-noauth:api'].rps) * 100;
const apiCpu = best['bench-accord:api'].cpuUs / best['bench-noauth:api'].cpuUs - 1;
console.log(`\nAPI route throughput loss with Accord: ${apiLoss.toFixed(1)} % (target ≤ 10 %); server CPU per request ${apiCpu >= 0 ? '+' : ''}${(apiCpu * 100).toFixed(1)} %`);
if (best['bench-accord-timer:api']) {
  const timerLoss = (1 - best['bench-accord-timer:api'].rps / best['bench-noauth:api'].rps) * 100;
  console.log(`… with audit delivery on a timer: ${timerLoss.toFixed(1)} %`);
}
console.log('Throughput figures are only comparable on an otherwise idle machine; CPU per request is more robust under contention.');
