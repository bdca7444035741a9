// The example's two builds on ONE CPU at the same time, loaded at the same time: whatever the
// machine's speed does during a round, it does to both. bench/next-load.mjs measures the servers
// one after the other, and on a VM whose per-CPU speed drifts by tens of per cent its rounds
// disagree by as much as the difference it looks for; here the drift cancels in each round's ratio.
//
//   node bench/next-concurrent.mjs [--rounds 6] [--duration 20] [--warmup 10] [--connections 10] [--skip-build]
//                                  [--accord <distDir>] [--accord-env K=V,…] [--ablate adapter-only|no-audit]
//                                  [--base <distDir>] [--base-env K=V,…] [--base-ablate adapter-only|no-audit]
//
// Per round: fresh servers of both builds (.next-bench-accord, .next-bench-noauth, as next-load.mjs
// builds them), both pinned to the last CPU (this process and the load generator on the others),
// warmed up together, then the API route of each loaded for --duration seconds by its own
// autocannon, simultaneously. Reported per round and as medians: requests per second, server CPU
// per request (/proc), and the ratios Accord / auth removed.
//
// What it measures is not the same as next-load.mjs: the two servers share one core's caches and
// evict each other's code and data all the time, so every request runs colder than on a server
// alone. The CPU-per-request ratio is the cost of Accord on a core that also runs other work
// (which is where a cache-cold decision shows most: docs/nextjs.md, Load); the two request rates
// are not the throughput of one server.
// --accord <distDir>: another build of the Accord app in examples/next-app in place of
// .next-bench-accord (e.g. one built without proxy.ts, to see what Next's proxy costs a request it
// does not match).
import { buildApp, signIn, startApp } from '../examples/next-app/scripts/run.mjs';
import { API_PATH, arg, comparedBuilds, cpuMs, loadWithSession, median, pctChange, pinProcess, pinning } from './next-shared.mjs';

const ROUNDS = Number(arg('rounds', '6'));
const DURATION = Number(arg('duration', '20'));
const WARMUP = Number(arg('warmup', '10'));
const CONNECTIONS = Number(arg('connections', '10'));
// --accord / --ablate / --accord-env and --base / --base-ablate / --base-env choose the two sides
// (comparedBuilds in next-shared.mjs). Comparing two ablations (or an ablation and the full build)
// splits Accord's cost into its parts; --accord-env ACCORD_LOG_FORMAT=none keeps the decision log
// in the app's ring only.
const BUILDS = comparedBuilds();

if (!process.argv.includes('--skip-build')) {
  for (const b of BUILDS) if (!b.prebuilt) await buildApp({ name: b.build, gate: b.gate, env: b.env, typecheck: false });
}
const pin = pinning();
if (!pin) console.log('no taskset or a single CPU: the servers are not pinned to one CPU, and the ratio means less');
if (pin) pinProcess(process.pid, pin.load);

// Column names: the two sides as configured (Accord as shipped vs auth removed by default).
const short = (b) => `${b.key === 'accord' ? 'Accord' : b.key === 'noauth' ? 'auth removed' : b.key}${b.distDir ? ` (${b.distDir})` : ''}${Object.keys(b.runEnv).length ? ' +env' : ''}`;
const [A, B] = BUILDS.map(short);
const rounds = [];
for (let round = 0; round < ROUNDS; round++) {
  const servers = [];
  try {
    for (const b of BUILDS) {
      const app = await startApp({ distDir: b.distDir ?? `.next-${b.build}`, stdout: 'ignore', env: { ACCORD_LOG_FORMAT: 'ndjson', ...b.runEnv } });
      servers.push({ b, app });
      if (pin) pinProcess(app.child.pid, pin.server);
      servers[servers.length - 1].cookie = await signIn(app.url, 'bob', 'bob-demo');
    }
    const loadAll = (seconds) => Promise.all(servers.map((s) => loadWithSession(`${s.app.url}${API_PATH}`, s.cookie, seconds, CONNECTIONS)));
    await loadAll(WARMUP);
    const cpu0 = servers.map((s) => cpuMs(s.app.child.pid));
    const results = await loadAll(DURATION);
    const cpu1 = servers.map((s) => cpuMs(s.app.child.pid));
    const row = servers.map((s, i) => {
      const r = results[i];
      if (r.non2xx || r.errors) throw new Error(`${s.b.key}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      return { rps: r.requests.average, cpuUs: ((cpu1[i] - cpu0[i]) * 1000) / r.requests.total };
    });
    rounds.push(row);
    const [a, n] = row;
    console.log(
      `round ${round + 1}/${ROUNDS}: ${A} ${a.rps.toFixed(0)}/s ${a.cpuUs.toFixed(0)} µs | ${B} ${n.rps.toFixed(0)}/s ${n.cpuUs.toFixed(0)} µs | CPU/request ×${(a.cpuUs / n.cpuUs).toFixed(3)}, requests ×${(a.rps / n.rps).toFixed(3)}`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.app.stop()));
  }
}

const label = (b) => `${b.distDir ?? `.next-${b.build}`}${Object.keys(b.runEnv).length ? ` (${Object.entries(b.runEnv).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`;
const cost = rounds.map(([a, n]) => a.cpuUs / n.cpuUs);
const rate = rounds.map(([a, n]) => a.rps / n.rps);
console.log(`\nGET ${API_PATH}, ${label(BUILDS[0])} vs ${label(BUILDS[1])}, both servers on one CPU at once, ${ROUNDS} rounds of ${DURATION} s after ${WARMUP} s; node ${process.version}\n`);
console.log(`| | ${B} | ${A} | ${A} vs ${B} (range) |`);
console.log('|---|---|---|---|');
console.log(
  `| server CPU per request | ${median(rounds.map((r) => r[1].cpuUs)).toFixed(0)} µs | ${median(rounds.map((r) => r[0].cpuUs)).toFixed(0)} µs | ${pctChange(median(cost))} (${pctChange(Math.min(...cost))} … ${pctChange(Math.max(...cost))}) |`,
);
console.log(
  `| requests per second | ${median(rounds.map((r) => r[1].rps)).toFixed(0)} | ${median(rounds.map((r) => r[0].rps)).toFixed(0)} | ${pctChange(median(rate))} (${pctChange(Math.min(...rate))} … ${pctChange(Math.max(...rate))}) |`,
);
