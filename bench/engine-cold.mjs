// A decision as a busy server sees it: authorize() with a cache-evicting workload between calls.
// Run: npm run bench:engine-cold  (node build.mjs && node bench/engine-cold.mjs [--compare <dir>]…)
//
// Why: inside `next start` under load, the engine's own timers show authorize() taking 5–8× what
// bench/engine.mjs measures (policy evaluation 36 µs instead of 3–5 µs). Between two decisions the
// server runs a whole Next.js request (about a millisecond of unrelated JavaScript), which evicts
// the engine's code and data from the CPU caches, so every decision starts cold and its cost is
// dominated by what it touches. bench/engine.mjs, deciding in a tight loop, cannot see that.
//
// Method: one process; between two decisions, a workload that touches BENCH_COLD_MB (16) MiB of
// memory and allocates 5,000 small objects (≈ what a Next request does to the caches). Rows:
//   warm     the same decision right after another one (its code and data in cache; bench/engine.mjs
//            measures this state in a tight loop, where it is cheaper still)
//   cold     the same decision right after the workload
// The two alternate call by call (warm, workload, cold, warm, …), so machine noise hits them alike;
// the first quarter is dropped as warm-up. Reported: the median per call and the
// cold/warm ratio. The decision is the example app's API route decision: a cached HS256 token in
// a cookie, MemoryStore, the example policy, audit on (events into an array).
// --compare <dir>: another build of dist/ (e.g. a copy taken before a change), measured in the same
// process, interleaved call by call with this one.
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';

const N = Number(process.env.BENCH_COLD_N ?? 8000);
const MB = Number(process.env.BENCH_COLD_MB ?? 16);
const builds = ['dist', ...process.argv.flatMap((a, i) => (a === '--compare' && process.argv[i + 1] ? [process.argv[i + 1]] : []))];
const wasm = readFileSync(new URL('../dist/policy.wasm', import.meta.url));
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const resource = { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' };

async function setup(dir) {
  const accord = await import(new URL(`../${dir}/index.js`, import.meta.url).href);
  const sessions = new accord.MemoryStore();
  const claims = accord.createClaimsVerifier({ keys: { secret }, issuer: 'bench', audience: 'bench', algorithms: ['HS256'] });
  const events = [];
  const audit = { log: (e) => (events.length > 1000 ? (events.length = 0) : events.push(e)) };
  const authorizer = accord.createAuthorizer({ policy: wasm, claims, sessions, audit });
  await authorizer.ready();
  const { id } = await sessions.create({ subject: 'bob', kind: 'user', ttlMs: 3_600_000 });
  const token = await new SignJWT({ roles: ['editor'], tenant: 'acme', sid: id, name: 'Bob' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bob')
    .setIssuer('bench')
    .setAudience('bench')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret);
  const decideOnce = async () => {
    const request = new Request('http://app.test/api/t/acme/documents/d1', { headers: { cookie: `accord_session=${token}`, 'user-agent': 'bench' } });
    const t0 = performance.now();
    const d = await authorizer.authorize(request, { action: 'read', resource, layer: 'route', requestId: crypto.randomUUID() });
    const t1 = performance.now();
    if (!d.allow) throw new Error(`${dir}: the benchmark decision was denied (${d.reason})`);
    return t1 - t0;
  };
  return { dir, decideOnce, warm: [], cold: [] };
}

const big = new Float64Array((MB * 1024 * 1024) / 8);
let sink = 0;
function evictCaches() {
  for (let i = 0; i < big.length; i += 8) sink += big[i]++;
  const junk = [];
  for (let i = 0; i < 5000; i++) junk.push({ i, s: String(i) });
  sink += junk.length;
}

const rows = [];
for (const dir of builds) rows.push(await setup(dir));
for (let i = 0; i < N; i++) {
  for (const r of rows) {
    const warm = await r.decideOnce();
    evictCaches();
    const cold = await r.decideOnce();
    if (i >= N / 4) {
      r.warm.push(warm);
      r.cold.push(cold);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`authorize(), example API route decision, ${N} calls per row (first quarter dropped), eviction ${MB} MiB + 5,000 objects; node ${process.version}\n`);
console.log('| build | warm p50 µs | cold p50 µs | cold / warm |');
console.log('|---|---:|---:|---:|');
for (const r of rows) {
  const w = median(r.warm) * 1000;
  const c = median(r.cold) * 1000;
  console.log(`| ${r.dir} | ${w.toFixed(1)} | ${c.toFixed(1)} | ${(c / w).toFixed(1)}× |`);
}
if (rows.length > 1) {
  const base = median(rows[0].cold);
  for (const r of rows.slice(1)) console.log(`\ncold: ${rows[0].dir} is ${((base / median(r.cold) - 1) * 100).toFixed(1)} % vs ${r.dir}`);
}
if (sink === -1) console.log(sink); // keeps the workload from being optimised away
