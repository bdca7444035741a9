// Load figures for the Next.js example (issue #7): throughput and p50/p99 latency of one protected
// page and one protected API route on 127.0.0.1, Accord in every layer versus the same app with
// the Accord calls removed, measured in one run.
//
//   node build.mjs && node bench/next-load.mjs [--duration 5] [--warmup 10] [--connections 10]
//                                              [--rounds 6] [--skip-build] [--all] [--json out.json] [--no-pin]
//                                              [--compare <distDir>[:label]]… [--targets api,page] [--abba]
//
// Variants (two builds of examples/next-app; runtime switches reuse a build):
//   accord   the example as shipped: proxy.ts gates pages (1 decision) and server components decide
//            again (2 decisions: read the document, may the user edit it); /api is outside the
//            proxy matcher and the route handler decides (1 decision). Decision log: NDJSON
//            console sink (to /dev/null) + the in-memory ring, delivered in batches in-process.
//   noauth   the same app with the Accord calls removed at build time (ACCORD_DISABLED=1): no
//            proxy.ts (the example has a proxy only for Accord), route handlers and pages run the
//            same code minus authorize()/withAuthorization; pages still render per request.
//   --all adds: accord-after   (audit delivery with one after() per batch, as on serverless)
//               accord-apigate (/api behind proxy.ts too: 2 decisions + Next's proxy machinery)
//               emptyproxy     (auth removed, an empty proxy.ts on every path: Next's own cost)
//               accord-noproxy (Accord in route handlers and server components, no proxy.ts)
//   --compare <distDir>[:label] (repeatable): another build of the Accord app in examples/next-app
//               (e.g. a copy of .next-bench-accord made before an adapter change), measured in the
//               same rounds.
//
// Method (2-core machine, other processes may be running): in every round, every variant is
// started as a fresh server process (one process can be luckier than another of the same build
// for its whole life), warmed up per endpoint (JIT, policy instance, verification cache), then
// measured once per endpoint, one at a time (the others idle), in an order rotated every round
// (A B C, B C A, C A B, …). With --pin (the default where taskset exists) the servers run on the
// last CPU and the load generator on the others. The table shows medians over rounds; the loss
// ratios are medians of per-round ratios, so each ratio compares runs seconds apart. Server CPU
// per request (utime + stime from /proc, background audit work included) is printed too, and split
// by thread: the JavaScript thread and the rest (V8 compiling and collecting in the background).
import { writeFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { appDir, buildApp, signIn, startApp } from '../examples/next-app/scripts/run.mjs';
import { ACCORD_BUILD, API_PATH, NOAUTH_BUILD, arg, cpuMs, cpuSplitMs, loadWithSession, median, pctChange, pinProcess, pinning } from './next-shared.mjs';

const DURATION = Number(arg('duration', '5'));
// 10 s: the figure is a long-running server's steady state. Under this load V8 is still compiling
// for ≈ 10 s after start (bench/next-warmup.mjs: ≈ 830 optimised functions in the first 5 s, ≈ 350
// in the next 5, ≤ 100 after), and the Accord build compiles for longer than the one without
// auth: a 3 s warm-up measures part of that start-up.
const WARMUP = Number(arg('warmup', '10'));
const CONNECTIONS = Number(arg('connections', '10'));
const ROUNDS = Number(arg('rounds', '6'));
const SKIP_BUILD = process.argv.includes('--skip-build');
// --abba: every round measures the variants in its rotated order and then in reverse (A B B A),
// and takes each variant's figure from both runs: whichever position in a round does better or
// worse (the runs measured second have done worse in every run so far, cause unknown; see
// docs/nextjs.md), every variant gets the same positions in every round, so each round's ratio is
// free of it, not only the median over an even number of rounds. Twice the measuring time.
const ABBA = process.argv.includes('--abba');
const ALL = process.argv.includes('--all');
const JSON_OUT = arg('json', undefined);
// --pin (default where `taskset` exists and there are ≥ 2 CPUs; --no-pin to turn off): the servers
// share the last CPU and the load generator gets the others, so the two do not fight for a core
// and every server runs on the same one. The server is single-threaded JavaScript: its throughput
// on one core is what the comparison is about.
const PIN = pinning();
const COMPARE = process.argv.flatMap((a, i) => (a === '--compare' && process.argv[i + 1] ? [process.argv[i + 1]] : []));

const VARIANTS = [
  ACCORD_BUILD,
  NOAUTH_BUILD,
  ...(ALL
    ? [
        { key: 'accord-after', build: 'bench-accord', label: 'Accord, audit via after()', runEnv: { ACCORD_AUDIT_DELIVERY: 'after' } },
        { key: 'accord-apigate', build: 'bench-accord-apigate', label: 'Accord, /api behind proxy.ts too', gate: 'proxy', apiGate: true, env: {} },
        { key: 'emptyproxy', build: 'bench-emptyproxy', label: 'auth removed, empty proxy.ts on all paths', gate: 'proxy', apiGate: true, env: { ACCORD_DISABLED: '1' } },
        { key: 'accord-noproxy', build: 'bench-accord-noproxy', label: 'Accord without proxy.ts (handlers + components only)', gate: 'none', env: {} },
      ]
    : []),
];
for (const [i, spec] of COMPARE.entries()) {
  const [dir, label] = spec.split(':');
  if (!existsSync(join(appDir, dir, 'BUILD_ID'))) throw new Error(`--compare: no build in ${dir}`);
  VARIANTS.push({ key: `compare${i + 1}`, distDir: dir, label: label ?? `Accord, build in ${dir}`, prebuilt: true });
}
const ALL_TARGETS = [
  { key: 'api', label: 'GET /api/t/acme/documents/d1 (route handler)', path: API_PATH, expect: '"document"' },
  { key: 'page', label: 'GET /t/acme/docs/d1 (proxy + server components)', path: '/t/acme/docs/d1', expect: 'data-testid="doc-title"' },
];
// --targets api: only the API route (twice the rounds in the same time, for the target's figure).
const TARGET_KEYS = arg('targets', 'api,page').split(',');
const TARGETS = ALL_TARGETS.filter((t) => TARGET_KEYS.includes(t.key));
if (TARGETS.length === 0) throw new Error(`--targets: expected api and/or page, got ${TARGET_KEYS.join(',')}`);

const load = (url, cookie, seconds) => loadWithSession(url, cookie, seconds, CONNECTIONS);

const la = () => loadavg().map((x) => x.toFixed(2)).join(' ');

// ── builds ──────────────────────────────────────────────────────────────────────────────────────
if (!SKIP_BUILD) {
  const seen = new Set();
  for (const v of VARIANTS) {
    if (v.prebuilt || !v.gate || seen.has(v.build)) continue;
    seen.add(v.build);
    const { seconds } = await buildApp({ name: v.build, gate: v.gate, apiGate: v.apiGate ?? false, env: v.env, typecheck: false });
    console.log(`built ${v.build} in ${seconds.toFixed(1)} s`);
  }
}

// ── servers: fresh processes every round, measured one at a time ────────────────────────────────
// One server process can be luckier or unluckier than another of the same build for its whole
// life (JIT and memory layout), by several per cent on this kind of machine: every round starts
// every variant afresh, so the medians are over processes, not over one process per variant.
const servers = new Map();
async function stopAll() {
  await Promise.all([...servers.values()].map((s) => s.app.stop()));
  servers.clear();
}
process.on('SIGINT', () => void stopAll().finally(() => process.exit(130)));

/** With --pin: every server on the last CPU, this process (the load generator) on the others. */
function pin(pid) {
  if (PIN) pinProcess(pid, PIN.server);
}

async function startAll(checkAudit) {
  for (const v of VARIANTS) {
    const distDir = v.distDir ?? `.next-${v.build}`;
    // Decision log: NDJSON console sink (stdout → /dev/null here) + the in-memory ring, as in production.
    const app = await startApp({ distDir, stdout: 'ignore', env: { ACCORD_LOG_FORMAT: 'ndjson', ...v.runEnv } });
    pin(app.child.pid);
    servers.set(v.key, { app, v });
    const cookie = await signIn(app.url, 'bob', 'bob-demo');
    servers.get(v.key).cookie = cookie;
    for (const t of TARGETS) {
      const probe = await fetch(`${app.url}${t.path}`, { headers: { cookie: `accord_session=${cookie}` }, redirect: 'manual' });
      const body = await probe.text();
      if (probe.status !== 200 || !body.includes(t.expect)) throw new Error(`${v.key} ${t.path}: ${probe.status}`);
    }
    if (checkAudit) console.log(`started ${v.key} (${distDir}) on ${app.url}`);
  }
  if (!checkAudit) return;

  // Decisions are logged in the Accord builds, one event per layer with the request's id: check it
  // once, so a variant that silently stopped logging cannot look fast. Admin alice reads the
  // audit API. (Without proxy.ts a page response carries no request id: the API route is checked.)
  for (const [key, s] of servers) {
    if (key === 'noauth' || key === 'emptyproxy') continue;
    const admin = await signIn(s.app.url, 'alice', 'alice-demo');
    const eventsOf = async (path) => {
      const res = await fetch(`${s.app.url}${path}`, { headers: { cookie: `accord_session=${s.cookie}` } });
      const rid = res.headers.get('x-accord-request-id');
      await new Promise((r) => setTimeout(r, 300)); // batches are handed over within 50 ms
      const audit = await (await fetch(`${s.app.url}/api/audit?request_id=${rid}`, { headers: { cookie: `accord_session=${admin}` } })).json();
      return (audit.events ?? []).map((e) => e.layer).sort().join(',');
    };
    const want = {
      api: s.v.apiGate ? 'proxy,route' : 'route',
      page: s.v.gate === 'none' ? undefined : 'proxy,server_component,server_component',
    };
    for (const t of TARGETS) {
      if (!want[t.key]) continue;
      const got = await eventsOf(t.path);
      console.log(`  ${key}: ${t.path} → decision events [${got}]`);
      if (got !== want[t.key]) throw new Error(`${key}: expected [${want[t.key]}] for one request to ${t.path}, got [${got}]`);
    }
  }
}

if (PIN) {
  pinProcess(process.pid, PIN.load);
  console.log(`pinned: servers on CPU ${PIN.server}, load generator on CPU ${PIN.load}`);
}

try {
  const results = {}; // `${variant}:${target}` → per-round measurements
  const keys = VARIANTS.map((v) => v.key);
  for (let round = 0; round < ROUNDS; round++) {
    await startAll(round === 0);
    if (round === 0) console.log(`warm-up ${WARMUP} s per endpoint per server, every round (load average ${la()})`);
    for (const [, s] of servers) for (const t of TARGETS) await load(`${s.app.url}${t.path}`, s.cookie, WARMUP);
    const order = [...keys.slice(round % keys.length), ...keys.slice(0, round % keys.length)];
    const line = [];
    // Per endpoint, the variants back to back: the runs a ratio compares are seconds apart.
    // --abba: the order, then the order reversed (A B B A), one figure per variant from both runs.
    const passes = ABBA ? [order, [...order].reverse()] : [order];
    for (const t of TARGETS) {
      const runs = new Map(); // variant → its runs in this round
      for (const pass of passes) {
        for (const key of pass) {
          const s = servers.get(key);
          const cpu0 = cpuMs(s.app.child.pid);
          const split0 = cpuSplitMs(s.app.child.pid);
          const r = await load(`${s.app.url}${t.path}`, s.cookie, DURATION);
          const cpu = cpuMs(s.app.child.pid) - cpu0;
          const split1 = cpuSplitMs(s.app.child.pid);
          const main = split1.main - split0.main;
          const background = split1.background - split0.background;
          if (r.non2xx || r.errors) throw new Error(`${key} ${t.path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          if (!runs.has(key)) runs.set(key, []);
          runs.get(key).push({ r, cpu, main, background });
        }
      }
      for (const key of order) {
        const rs = runs.get(key);
        const total = rs.reduce((a, x) => a + x.r.requests.total, 0);
        const mean = (f) => rs.reduce((a, x) => a + f(x.r), 0) / rs.length;
        const m = {
          round,
          rps: mean((r) => r.requests.average),
          p50: mean((r) => r.latency.p50),
          p99: mean((r) => r.latency.p99),
          total,
          cpuUs: (rs.reduce((a, x) => a + x.cpu, 0) * 1000) / total,
          // The same CPU split by thread: JavaScript's own, and V8's background work (compiling).
          mainUs: (rs.reduce((a, x) => a + x.main, 0) * 1000) / total,
          bgUs: (rs.reduce((a, x) => a + x.background, 0) * 1000) / total,
        };
        // Each run in the order measured (for the JSON: what each position gave).
        if (ABBA) m.runs = rs.map((x) => ({ rps: x.r.requests.average, cpuUs: (x.cpu * 1000) / x.r.requests.total }));
        (results[`${key}:${t.key}`] ??= []).push(m);
        line.push(`${key} ${t.key} ${m.rps.toFixed(0)}/s ${m.cpuUs.toFixed(0)}µs`);
      }
    }
    await stopAll();
    console.log(`round ${round + 1}/${ROUNDS} (load ${la()}): ${line.join(' | ')}`);
  }

  // ── summary ───────────────────────────────────────────────────────────────────────────────────
  const med = {};
  for (const [k, runs] of Object.entries(results)) {
    med[k] = Object.fromEntries(['rps', 'p50', 'p99', 'cpuUs', 'mainUs', 'bgUs'].map((f) => [f, median(runs.map((r) => r[f]))]));
  }
  /** Median over rounds of (variant / baseline) for field f, plus the range. */
  const ratio = (key, t, f) => {
    const a = results[`${key}:${t}`];
    const b = results[`noauth:${t}`];
    const rs = a.map((m, i) => m[f] / b[i][f]);
    return { med: median(rs), min: Math.min(...rs), max: Math.max(...rs) };
  };

  console.log(
    `\nNext.js example under load: ${CONNECTIONS} connections, ${DURATION} s per run${ABBA ? ' (two runs per variant per round, A B B A)' : ''} after a ${WARMUP} s warm-up, ${ROUNDS} interleaved rounds (fresh server processes each), medians; 127.0.0.1, node ${process.version}, ${keys.length} variants${PIN ? ', pinned' : ''}; load average at the end ${la()}\n`,
  );
  const rows = [['endpoint', 'variant', 'req/s', 'p50 ms', 'p99 ms', 'req/s vs no auth (range)', 'CPU µs/req', 'CPU vs no auth', 'main / background µs/req']];
  for (const t of TARGETS) {
    for (const key of keys) {
      const s = { v: VARIANTS.find((v) => v.key === key) };
      const b = med[`${key}:${t.key}`];
      const base = key === 'noauth';
      const r = base ? undefined : ratio(key, t.key, 'rps');
      const c = base ? undefined : ratio(key, t.key, 'cpuUs');
      rows.push([
        t.label,
        s.v.label,
        b.rps.toFixed(0),
        String(b.p50),
        String(b.p99),
        base ? '—' : `${pctChange(r.med)} (${pctChange(r.min)} … ${pctChange(r.max)})`,
        b.cpuUs.toFixed(0),
        base ? '—' : pctChange(c.med),
        `${b.mainUs.toFixed(0)} / ${b.bgUs.toFixed(0)}`,
      ]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((c, j) => c.padEnd(widths[j])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  if (results['accord:api']) {
    const api = ratio('accord', 'api', 'rps');
    console.log(`\nAPI route throughput with Accord vs auth removed: ${pctChange(api.med)} (median of per-round ratios; target ≥ −10 %)`);
  }
  console.log('The machine may be shared: compare the ratios (runs seconds apart), not absolute figures across runs.');
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ config: { DURATION, WARMUP, CONNECTIONS, ROUNDS, ABBA, node: process.version }, results, med }, null, 2));
} finally {
  await stopAll();
}
