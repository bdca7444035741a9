// Where an API request's CPU time (or allocation) goes, part by part: the example built unminified
// with Accord and with auth removed, both servers on one CPU under the same load (as in
// bench/next-concurrent.mjs), each profiled in-process for the same window after a warm-up.
//
//   node bench/next-profile.mjs [--what cpu|alloc] [--seconds 30] [--warmup 10] [--interval 200]
//                               [--top 30] [--skip-build] [--keep DIR] [--apart]
//                               [--accord <distDir>] [--ablate …] [--base <distDir>] [--base-ablate …]
//
// --what cpu (default): V8's sampling CPU profiler, every --interval µs; self time per request.
// --what alloc: V8's sampling heap profiler, counting objects already collected too; bytes
// allocated per request. Both exclude start-up and warm-up: bench/profile-preload.cjs starts and
// stops the profiler on SIGUSR2. The comparison's sides are chosen as in next-concurrent.mjs
// (comparedBuilds); --apart loads one server at a time (alone on the CPU, as next-load.mjs does)
// instead of both at once. The builds made here are unminified (ACCORD_SERVER_MINIFY=0), in their own
// folders (.next-bench-profile-*), so function names and source positions are readable.
//
// Parts: every sampled frame is attributed to the repository file it came from (the chunk's
// source map, then, inside Accord's esbuild bundle, esbuild's `// src/…` markers), then grouped:
// the decision (engine; token and session; zod; jose), the policy (wasm), the decision log, the
// adapter, the app, garbage collection, and Next.js with Node (everything else). What Accord makes
// Next and Node do (more promises, more garbage, colder caches) shows in the last two groups'
// difference.
//
// Read the shares, not the microseconds: profiling and two servers sharing a core make every
// figure larger than an unprofiled request. Run it with another `node` binary to profile that
// runtime (the servers run on process.execPath).
import { mkdtempSync, readFileSync, existsSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appDir, buildApp, repoRoot, signIn, startApp } from '../examples/next-app/scripts/run.mjs';
import { API_PATH, arg, comparedBuilds, loadWithSession, pinProcess, pinning } from './next-shared.mjs';
import { lastAtOrBelow } from './sorted.mjs';

const WHAT = arg('what', 'cpu');
if (WHAT !== 'cpu' && WHAT !== 'alloc') throw new Error('--what: cpu or alloc');
const SECONDS = Number(arg('seconds', '30'));
const WARMUP = Number(arg('warmup', '10'));
const INTERVAL = Number(arg('interval', '200'));
const TOP = Number(arg('top', '30'));
const CONNECTIONS = 10;
const KEEP = arg('keep', undefined);
const APART = process.argv.includes('--apart');
const preload = fileURLToPath(new URL('./profile-preload.cjs', import.meta.url));

const BUILDS = comparedBuilds().map((b) =>
  b.prebuilt ? b : { ...b, build: b.build.replace(/^bench-/, 'bench-profile-'), env: { ...b.env, ACCORD_SERVER_MINIFY: '0' } },
);
if (!process.argv.includes('--skip-build')) {
  for (const b of BUILDS) if (!b.prebuilt) await buildApp({ name: b.build, gate: b.gate, apiGate: b.apiGate ?? false, env: b.env, typecheck: false });
}

const pin = pinning();
if (pin) pinProcess(process.pid, pin.load);
const work = mkdtempSync(join(tmpdir(), 'accord-profile-'));
const servers = [];
try {
  for (const b of BUILDS) {
    const out = join(work, `${b.key}.${WHAT === 'cpu' ? 'cpuprofile' : 'heapprofile'}`);
    const app = await startApp({
      distDir: b.distDir ?? `.next-${b.build}`,
      nodeArgs: ['-r', preload],
      env: { ACCORD_LOG_FORMAT: 'ndjson', ...b.runEnv, ACCORD_PROFILE: WHAT, ACCORD_PROFILE_OUT: out, ACCORD_PROFILE_INTERVAL: String(INTERVAL) },
      stdout: 'ignore',
    });
    servers.push({ b, app, out });
    if (pin) pinProcess(app.child.pid, pin.server);
    servers[servers.length - 1].cookie = await signIn(app.url, 'bob', 'bob-demo');
  }
  const load = (x, s) => loadWithSession(`${x.app.url}${API_PATH}`, x.cookie, s, CONNECTIONS);
  let results;
  if (APART) {
    // One server at a time, alone on its CPU (as bench/next-load.mjs measures), each with its
    // own warm-up and window.
    results = [];
    for (const x of servers) {
      await load(x, WARMUP);
      x.app.child.kill('SIGUSR2');
      results.push(await load(x, SECONDS));
      x.app.child.kill('SIGUSR2');
    }
  } else {
    await Promise.all(servers.map((x) => load(x, WARMUP)));
    for (const x of servers) x.app.child.kill('SIGUSR2');
    results = await Promise.all(servers.map((x) => load(x, SECONDS)));
    for (const x of servers) x.app.child.kill('SIGUSR2');
  }
  for (const [i, s] of servers.entries()) {
    s.requests = results[i].requests.total;
    if (results[i].non2xx > 0) throw new Error(`${s.b.label}: ${results[i].non2xx} responses were not 2xx`);
    const deadline = Date.now() + 60_000;
    while (!existsSync(`${s.out}.done`)) {
      if (Date.now() > deadline) throw new Error(`${s.b.label}: no profile written`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const status = readFileSync(`${s.out}.done`, 'utf8');
    if (status !== 'ok') throw new Error(`${s.b.label}: profiler ${status}`);
  }
} finally {
  for (const s of servers) await s.app.stop();
}
if (KEEP) {
  mkdirSync(KEEP, { recursive: true });
  for (const s of servers) copyFileSync(s.out, join(KEEP, `${s.b.key}.${WHAT === 'cpu' ? 'cpuprofile' : 'heapprofile'}`));
}

// ── Attribution ─────────────────────────────────────────────────────────────────────────────

/** For one file: the source file each line came from, by line number, from the markers bundlers
 * leave in unminified output (esbuild's `// src/engine/input.ts`, Turbopack's
 * `// MERGED MODULE: [project]/…`). */
const markerCache = new Map();
function sourceMarkers(path) {
  let m = markerCache.get(path);
  if (m) return m;
  m = [];
  try {
    const lines = readFileSync(path, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const found =
        /^\/\/ MERGED MODULE: \[project\]\/(\S+)/.exec(lines[i]) ?? /^\/\/ ((?:src|adapters|node_modules)\/\S+)$/.exec(lines[i]);
      if (found) m.push([i, found[1]]);
    }
  } catch {
    // not a file (node: internals, native code): no markers
  }
  markerCache.set(path, m);
  return m;
}

/** The last marker at or above a (0-based) line. */
function markerAt(path, line) {
  return lastAtOrBelow(sourceMarkers(path), line)?.[1];
}

/** A chunk's source map (Next writes them next to the server chunks), or null. */
const mapCache = new Map();
function sourceMapOf(path) {
  if (!mapCache.has(path)) {
    let map = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    mapCache.set(path, map);
  }
  return mapCache.get(path);
}

/**
 * The repository file a frame's code came from: the chunk's source map gives the file Next
 * bundled (an app file, a Next module, or Accord's esbuild bundle in generated/accord/), and
 * inside Accord's bundle esbuild's markers give the TypeScript file. Without a map, the chunk's
 * own markers.
 */
function sourceOf(url, line, column) {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const map = sourceMapOf(path);
  if (!map) return markerAt(path, line);
  const entry = map.findEntry(line, column);
  if (!entry || !entry.originalSource) return markerAt(path, line);
  const original = resolve(dirname(path), decodeURIComponent(entry.originalSource.replace(/^[a-z]+:\/\/\/?/i, '')));
  const rel = relative(repoRoot, original);
  if (rel.startsWith('examples/next-app/generated/accord/')) return markerAt(original, entry.originalLine) ?? rel;
  return rel;
}

const PARTS = [
  'decision: engine',
  'decision: token and session',
  'decision: zod',
  'decision: jose',
  'policy (wasm)',
  'decision log',
  'adapter',
  'app',
  'garbage collection',
  'Next.js and Node',
];

function partOf(callFrame) {
  if (callFrame.functionName === '(garbage collector)') return 'garbage collection';
  const url = callFrame.url ?? '';
  if (url.startsWith('wasm://')) return 'policy (wasm)';
  if (!url.includes(appDir) && !url.startsWith('file://')) return 'Next.js and Node';
  const src = url.includes('/.next') ? sourceOf(url, callFrame.lineNumber, callFrame.columnNumber) : undefined;
  if (!src) return 'Next.js and Node';
  // Accord's own files by their esbuild markers (other bundled packages carry `// src/…`
  // comments of their own: only Accord's folders count).
  if (src.startsWith('src/audit/')) return 'decision log';
  if (/^src\/(engine|builtins|bundle|runtime)\//.test(src) || src.startsWith('examples/next-app/generated/accord/')) return 'decision: engine';
  if (src.startsWith('src/claims/') || src.startsWith('src/session/')) return 'decision: token and session';
  if (src.startsWith('adapters/')) return 'adapter';
  if (src.includes('node_modules/zod/')) return 'decision: zod';
  if (src.includes('node_modules/jose/')) return 'decision: jose';
  if (src.startsWith('examples/next-app/')) return 'app';
  return 'Next.js and Node';
}

/** Per-request totals by part and by function (self time in µs, or bytes). */
function attribute(file, requests) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byPart = new Map(PARTS.map((p) => [p, 0]));
  const byFn = new Map();
  const add = (callFrame, amount) => {
    const name = callFrame.functionName || '(anonymous)';
    // Idle time is not work; the inspector's own frames are the profiler stopping.
    if (name === '(idle)' || callFrame.url === 'node:inspector') return;
    const part = partOf(callFrame);
    byPart.set(part, byPart.get(part) + amount / requests);
    const where = part === 'Next.js and Node' ? (callFrame.url || 'native').replace(/.*node_modules\//, '').replace(/.*\/chunks\//, 'chunk ') : part;
    const key = `${name} (${where})`;
    byFn.set(key, (byFn.get(key) ?? 0) + amount / requests);
  };
  if (WHAT === 'cpu') {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) add(nodes.get(profile.samples[i]).callFrame, profile.timeDeltas[i] ?? 0);
  } else {
    const walk = (node) => {
      if (node.selfSize) add(node.callFrame, node.selfSize);
      for (const c of node.children ?? []) walk(c);
    };
    walk(profile.head);
  }
  return { byPart, byFn };
}

const [A, B] = servers.map((s) => ({ ...attribute(s.out, s.requests), s }));
const unit = WHAT === 'cpu' ? 'µs' : 'bytes';
const fmt = (x) => (WHAT === 'cpu' ? x.toFixed(1) : x.toFixed(0));
const total = (m) => [...m.values()].reduce((x, y) => x + y, 0);
const diffTotal = total(A.byPart) - total(B.byPart);
console.log(
  `\n${WHAT === 'cpu' ? `CPU self time (sampled every ${INTERVAL} µs)` : 'Bytes allocated (sampled, collected objects included)'} per request of GET ${API_PATH}, ${SECONDS} s after ${WARMUP} s, ${APART ? 'one server at a time' : 'both servers at once'} on one CPU; node ${process.version}`,
);
console.log(`${A.s.b.label}: ${A.s.requests} requests in the window; ${B.s.b.label}: ${B.s.requests}\n`);
console.log(`| part | ${A.s.b.label} | ${B.s.b.label} | difference (${unit}/request) | share of the difference |`);
console.log('|---|---:|---:|---:|---:|');
for (const p of PARTS) {
  const a = A.byPart.get(p);
  const b = B.byPart.get(p);
  console.log(`| ${p} | ${fmt(a)} | ${fmt(b)} | ${fmt(a - b)} | ${((100 * (a - b)) / diffTotal).toFixed(0)} % |`);
}
console.log(`| **total** | ${fmt(total(A.byPart))} | ${fmt(total(B.byPart))} | ${fmt(diffTotal)} (${((100 * diffTotal) / total(B.byPart)).toFixed(1)} %) | 100 % |`);

const keys = new Set([...A.byFn.keys(), ...B.byFn.keys()]);
const rows = [...keys].map((k) => [k, (A.byFn.get(k) ?? 0) - (B.byFn.get(k) ?? 0), A.byFn.get(k) ?? 0, B.byFn.get(k) ?? 0]);
rows.sort((x, y) => y[1] - x[1]);
console.log(`\nThe ${TOP} functions whose self ${WHAT === 'cpu' ? 'time' : 'allocation'} grew most (${unit}/request: difference, Accord side, base side):`);
for (const [k, d, a, b] of rows.slice(0, TOP)) console.log(`${fmt(d).padStart(8)} ${fmt(a).padStart(8)} ${fmt(b).padStart(8)}  ${k}`);
if (!KEEP) rmSync(work, { recursive: true, force: true });
else console.log(`\nprofiles kept in ${KEEP} (open them in Chrome DevTools)`);
