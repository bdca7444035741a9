// Instructions per API request of the example's servers, counted by valgrind's callgrind instead
// of timed: blind to a CPU whose speed drifts by tens of per cent (the load benchmark's runs differ
// by 5–10 points there). Not exact either: what V8 compiles when, and when GC runs, still move the
// ratio by a few points between pairs of processes. Accord as shipped vs auth removed.
//
//   node bench/next-instructions.mjs [--warmup 4000] [--requests 1000] [--concurrency 10] [--skip-build]
//                                    [--keep DIR] [--accord <distDir>] [--accord-env K=V,…] [--ablate <kind>]
//                                    [--base <distDir>] [--base-env K=V,…] [--base-ablate <kind>]
//
// Each build's `next start` runs under `valgrind --tool=callgrind` with counting off; after
// --warmup requests to the API route (a session cookie of bob, --concurrency at a time), counting
// is switched on (callgrind_control) for --requests more, then dumped. Per build: instructions per
// request on the server's main thread (JavaScript, the wasm policy, main-thread GC) and in all
// threads (adding V8's background compilation and GC helpers). Both servers run at the same time:
// counts do not depend on timing, except through what V8 decides to compile when. Valgrind runs the
// process ~50× slower, so the default warm-up (≈ 5 s of real traffic) does not reach the steady
// state of bench/next-warmup.mjs; raise --warmup for that (≈ 1 min per 1,000 requests here).
//
// --keep DIR keeps the callgrind files there (one per thread) for a per-function look
// (callgrind_annotate, or bench/callgrind-functions.mjs, which names V8's compiled JavaScript): the
// servers then also write V8's map of compiled functions (--perf-basic-prof-only-functions,
// /tmp/perf-<pid>.map) and the pids are printed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, signIn, startApp } from '../examples/next-app/scripts/run.mjs';
import { API_PATH, arg, comparedBuilds } from './next-shared.mjs';

const WARMUP = Number(arg('warmup', '4000'));
const REQUESTS = Number(arg('requests', '1000'));
const CONCURRENCY = Number(arg('concurrency', '10'));
const PATH = API_PATH;
// The two sides, as in next-concurrent.mjs (comparedBuilds): --accord, --ablate, --accord-env,
// --base, --base-ablate, --base-env.
const BUILDS = comparedBuilds();
const KEEP = arg('keep', undefined);

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('valgrind (with callgrind_control) is not installed: nothing to count with');
  process.exit(1);
}

/** `count` requests, `CONCURRENCY` at a time; every answer must be the document. */
async function hit(url, cookie, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(url, { headers: { cookie: `accord_session=${cookie}` } });
      const body = await res.text();
      if (res.status !== 200 || !body.includes('"document"')) throw new Error(`${url}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Instructions in the first dump of each thread: { main, all }. */
function totals(dir, base) {
  let main = 0;
  let all = 0;
  for (const f of readdirSync(dir)) {
    // --separate-threads=yes: <base>.<dump>-<thread>
    const m = new RegExp(`^${base}\\.1-(\\d+)$`).exec(f);
    if (!m) continue;
    const t = /\n(?:summary|totals): (\d+)/.exec(readFileSync(join(dir, f), 'utf8'));
    const ir = t ? Number(t[1]) : 0;
    all += ir;
    if (Number(m[1]) === 1) main += ir;
  }
  return { main, all };
}

async function count(build, dir) {
  const base = `${build.key}.out`;
  const app = await startApp({
    distDir: build.distDir ?? `.next-${build.build}`,
    stdout: 'ignore',
    env: { ACCORD_LOG_FORMAT: 'ndjson', ...build.runEnv },
    ...(KEEP ? { nodeArgs: ['--perf-basic-prof-only-functions'] } : {}),
    wrap: ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${join(dir, base)}`],
    healthTimeoutMs: 300_000,
  });
  try {
    const url = `${app.url}${PATH}`;
    const cookie = await signIn(app.url, 'bob', 'bob-demo');
    await hit(url, cookie, WARMUP);
    const ctl = (...a) => execFileSync('callgrind_control', [...a, String(app.child.pid)], { stdio: 'ignore' });
    ctl('-i', 'on');
    await hit(url, cookie, REQUESTS);
    // Decision events wait up to 50 ms for their batch: let the background work of the measured
    // requests happen inside the count too.
    await new Promise((r) => setTimeout(r, 500));
    ctl('-d');
    const { main, all } = totals(dir, base);
    if (main === 0) throw new Error(`${build.key}: no callgrind dump found in ${dir}`);
    if (KEEP) console.log(`${build.key}: ${join(dir, base)}.1-*, JIT map /tmp/perf-${app.child.pid}.map`);
    return { main: main / REQUESTS, all: all / REQUESTS };
  } finally {
    app.child.kill('SIGKILL');
  }
}

if (!process.argv.includes('--skip-build')) {
  for (const b of BUILDS) if (!b.prebuilt) await buildApp({ name: b.build, gate: b.gate, env: b.env, typecheck: false });
}
const dir = KEEP ?? mkdtempSync(join(tmpdir(), 'accord-callgrind-'));
if (KEEP) mkdirSync(KEEP, { recursive: true });
try {
  const t0 = Date.now();
  const [accord, noauth] = await Promise.all(BUILDS.map((b) => count(b, dir)));
  const k = (x) => `${(x / 1000).toFixed(0)} K`;
  const pct = (a, b) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)} %`;
  console.log(
    `\nGET ${PATH}: instructions per request (callgrind), ${REQUESTS} requests after ${WARMUP}, ${CONCURRENCY} concurrent; node ${process.version}; ${((Date.now() - t0) / 60000).toFixed(1)} min\n`,
  );
  console.log('| | auth removed | Accord | Accord vs auth removed |');
  console.log('|---|---|---|---|');
  console.log(`| main thread | ${k(noauth.main)} | ${k(accord.main)} | ${pct(accord.main, noauth.main)} |`);
  console.log(`| all threads | ${k(noauth.all)} | ${k(accord.all)} | ${pct(accord.all, noauth.all)} |`);
} finally {
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}
