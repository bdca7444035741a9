// Engine benchmark: a full authorize() against the canonical policy, next to a bare jose
// jwtVerify of the same kind of token, measured in ONE process in interleaved rounds.
// Run: npm run bench:engine  (node build.mjs && node bench/engine.mjs)
//
// Targets (issue "The authorization engine"), against the bare jose jwtVerify HS256 (raw secret)
// measured in the same rounds: first sight of a token ≤ 1.2×; a repeat token (memory store) ≤ 0.2×.
//
// Method (why the figures can be trusted on a shared 2-core machine):
//   - Every row runs one batch per round; the order of the rows rotates from round to round, so
//     load bursts from other processes hit every row alike. Two warm-up rounds are dropped.
//   - Before each batch the audit logger is drained (flush) and the event loop yielded: the
//     background preparation of the previous batch's events never lands in the next batch (it
//     used to land in the bare jwtVerify batch, making the baseline look 2-3× slower than it is).
//     The audit preparation is measured on its own row instead.
//   - Per batch: the median and the mean of per-operation times, and the main thread's CPU time
//     per operation (Linux: /proc/thread-self/schedstat; it excludes WebCrypto's thread pool).
//     Reported: the median over rounds of each. Ratios are medians over rounds of per-round ratios
//     (row / bare of the same round), for the per-op median (the target) and for the mean.
//   - Then the same rows as single operations interleaved one after another ("mixed"): every
//     decision runs right after unrelated work, as in a server handling mixed traffic.
//   - The breakdown rows (verify, session lookups, evaluate, log enqueue) are measured the same way.
//
// Rows: bare jwtVerify HS256 (raw secret: jose imports the key per call; and a pre-imported
// CryptoKey); authorize first-sight (a new HS256 token per decision, fresh Request, MemoryStore);
// authorize repeat (the same token, a fresh pre-built Request each time, so the per-request memo
// never helps), and from a context object; authorize first-sight ES256 (the WebCrypto path).
// Env: BENCH_ROUNDS (15), BENCH_MIXED (3000 single ops per row), BENCH_COMPILE=1 (compile
// policies/ instead of dist/policy.wasm), BENCH_NO_AUDIT=1 (no audit logger), BENCH_SRC=1 (the
// sources through tsx instead of dist/), REDIS_URL.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify } from 'jose';

const load = (p) => tsImport(p, import.meta.url);
// What ships: the built entry points (npm run bench:engine builds them first). BENCH_SRC=1 runs
// the TypeScript sources through tsx instead (tsx keeps function names, which costs a little on
// every closure created per call).
const fromDist = !process.env.BENCH_SRC && existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));
const accord = fromDist ? await import('../dist/index.js') : { ...(await load('../src/index.ts')) };
const { createAuthorizer, createClaimsVerifier, MemoryStore, CachedStore, createAuditLogger } = accord;
const { RedisStore } = fromDist ? await import('../dist/session-redis.js') : await load('../src/session/redis.ts');
const { PolicyHolder } = await load('../src/engine/loader.ts'); // internal: the breakdown's evaluate row only

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP_ROUNDS = 2;
const MIXED = Number(process.env.BENCH_MIXED ?? 3000);
const ISS = 'https://issuer.bench';
const AUD = 'bench';
const ENTRYPOINT = 'app/authz/decision';
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');

// The policy: dist/policy.wasm when the build wrote it, else compiled here.
const distPolicy = fileURLToPath(new URL('../dist/policy.wasm', import.meta.url));
let wasm;
if (existsSync(distPolicy) && !process.env.BENCH_COMPILE) wasm = new Uint8Array(readFileSync(distPolicy));
else {
  const { compile } = await load('../src/compiler/index.ts');
  const src = readFileSync(fileURLToPath(new URL('../policies/authz.rego', import.meta.url)), 'utf8');
  wasm = compile({ modules: { 'authz.rego': src }, entrypoints: [ENTRYPOINT] }).wasm;
}

// ── Measurement ──────────────────────────────────────────────────────────────────────────────
const hasSchedstat = existsSync('/proc/thread-self/schedstat');
const threadCpuNs = () => (hasSchedstat ? Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) : NaN);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};
const yieldNow = () => new Promise((r) => setImmediate(r));

/**
 * Interleaved rounds. rows: { name: { n, fn(i) } }. `between` runs before every batch (drains
 * the audit logger). Returns per row: arrays over rounds of batch { p50, mean, p90, cpu }.
 */
async function measureRounds(rows, between) {
  const names = Object.keys(rows);
  const out = Object.fromEntries(names.map((k) => [k, { p50: [], mean: [], p90: [], cpu: [] }]));
  const counters = Object.fromEntries(names.map((k) => [k, 0]));
  for (let r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
    const k = ((r % names.length) + names.length) % names.length;
    for (const name of [...names.slice(k), ...names.slice(0, k)]) {
      const { n, fn } = rows[name];
      await between();
      const per = new Float64Array(n);
      const c0 = threadCpuNs();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const a = process.hrtime.bigint();
        await fn(counters[name]++);
        per[i] = Number(process.hrtime.bigint() - a) / 1000;
      }
      const mean = Number(process.hrtime.bigint() - t0) / 1000 / n;
      const cpu = (threadCpuNs() - c0) / 1000 / n;
      if (r < 0) continue;
      per.sort();
      out[name].p50.push(per[n >> 1]);
      out[name].p90.push(per[Math.floor(n * 0.9)]);
      out[name].mean.push(mean);
      out[name].cpu.push(cpu);
    }
  }
  return out;
}

/** Single operations, one of each row in turn, `count` times; per row: the per-op times. */
async function measureMixed(rows, count, between) {
  const names = Object.keys(rows);
  const per = Object.fromEntries(names.map((k) => [k, []]));
  const counters = Object.fromEntries(names.map((k) => [k, 0]));
  for (let r = -200; r < count; r++) {
    if ((r & 63) === 0) await between();
    for (const name of r & 1 ? names : [...names].reverse()) {
      const a = process.hrtime.bigint();
      await rows[name].fn(counters[name]++);
      if (r >= 0) per[name].push(Number(process.hrtime.bigint() - a) / 1000);
    }
  }
  return per;
}

const ratio = (m, row, base, field) => median(m[row][field].map((v, i) => v / m[base][field][i]));

// ── Setup ────────────────────────────────────────────────────────────────────────────────────
const store = new MemoryStore();
const session = await store.create({ subject: 'alice', ttlMs: 3_600_000 });
const claims = { iss: ISS, aud: AUD, sub: 'alice', sid: session.id, roles: ['admin'], tenant: 'acme' };
const signHS = (jti) =>
  new SignJWT({ ...claims, jti: String(jti) }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(secret);
const es = await generateKeyPair('ES256');
const signES = (jti) =>
  new SignJWT({ ...claims, jti: String(jti) }).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().setExpirationTime('1h').sign(es.privateKey);
const repeatToken = await signHS('repeat');

const BATCH = { bare: 100, bareKey: 100, first: 100, firstJose: 100, repeat: 500, repeatCtx: 500, firstES: 50 };
const batches = ROUNDS + WARMUP_ROUNDS;
const firstTokens = [];
for (let i = 0; i < (BATCH.first + BATCH.firstJose) * batches + MIXED + 200; i++) firstTokens.push(await signHS(i));

// Audit: the real logger with a sink that accepts everything.
const nullSink = { name: 'null', format: (e) => e.json, encode: (u) => u.join('\n'), send: async () => ({ ok: true }) };
const audit = process.env.BENCH_NO_AUDIT ? undefined : createAuditLogger({ sinks: [nullSink], labels: { app: 'bench', env: 'bench' } });
const drain = async () => {
  if (audit) await audit.flush();
  await yieldNow();
};

const verifier = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret } });
const authorizer = createAuthorizer({ policy: wasm, claims: verifier, sessions: store, audit });
await authorizer.ready();
// The same, with jose checking HS256 signatures through WebCrypto (syncHmac: false).
const joseVerifier = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret }, syncHmac: false });
const joseAuthorizer = createAuthorizer({ policy: wasm, claims: joseVerifier, sessions: store, audit });
await joseAuthorizer.ready();
const esStore = new MemoryStore();
const esSession = await esStore.create({ subject: 'alice', ttlMs: 3_600_000 });
const esTokens = [];
for (let i = 0; i < BATCH.firstES * batches + MIXED + 200; i++) {
  esTokens.push(await new SignJWT({ ...claims, sid: esSession.id, jti: `es${i}` }).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().setExpirationTime('1h').sign(es.privateKey));
}
const esAuthorizer = createAuthorizer({
  policy: wasm,
  claims: { issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { jwk: await exportJWK(es.publicKey) } },
  sessions: esStore,
  audit,
});
await esAuthorizer.ready();

const resource = { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' };
const opts = { action: 'read', resource, layer: 'route' };
const req = (token) => new Request('https://app.test/documents/d1', { headers: { authorization: `Bearer ${token}`, 'user-agent': 'bench' } });
for (const [a, t] of [[authorizer, repeatToken], [esAuthorizer, esTokens[esTokens.length - 1]]]) {
  const d = await a.authorize(req(t), opts);
  if (!d.allow) throw new Error(`bench setup: expected allow, got ${d.reason}`);
}

const jwtOpts = { issuer: ISS, audience: AUD, algorithms: ['HS256'], requiredClaims: ['exp'] };
const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);

// Requests are built before timing (constructing a Request is the app's cost); a fresh Request
// per decision, so the per-request memo never helps.
const firstReqs = firstTokens.map(req);
const esReqs = esTokens.map(req);
const repeatReqs = Array.from({ length: BATCH.repeat * batches + MIXED + 200 }, () => req(repeatToken));
const ctx = { token: repeatToken, method: 'GET', path: '/documents/d1', headers: { 'user-agent': 'bench' } };
const allowed = (d) => {
  if (!d.allow) throw new Error(`decision denied: ${d.reason}`);
};

// `firstFrom`: the first unused first-sight token (the mixed phase must not reuse the main phase's).
const decisionRows = (firstFrom = 0) => {
  let f = firstFrom;
  let r = 0;
  let e = 0;
  return {
    bare: { n: BATCH.bare, fn: () => jwtVerify(repeatToken, secret, jwtOpts) },
    bareKey: { n: BATCH.bareKey, fn: () => jwtVerify(repeatToken, key, jwtOpts) },
    first: { n: BATCH.first, fn: () => authorizer.authorize(firstReqs[f++], opts).then(allowed) },
    firstJose: { n: BATCH.firstJose, fn: () => joseAuthorizer.authorize(firstReqs[f++], opts).then(allowed) },
    repeat: { n: BATCH.repeat, fn: () => authorizer.authorize(repeatReqs[r++], opts).then(allowed) },
    repeatCtx: { n: BATCH.repeatCtx, fn: () => authorizer.authorize({ ...ctx }, opts).then(allowed) },
    firstES: { n: BATCH.firstES, fn: () => esAuthorizer.authorize(esReqs[e++], opts).then(allowed) },
  };
};
const LABELS = {
  bare: 'jose jwtVerify HS256 (bare, raw secret)',
  bareKey: 'jose jwtVerify HS256 (bare, CryptoKey)',
  first: 'authorize, first-sight HS256 token (Request, memory)',
  firstJose: 'authorize, first-sight HS256, syncHmac: false (jose)',
  repeat: 'authorize, repeat token (Request, memory store)',
  repeatCtx: 'authorize, repeat token (context object)',
  firstES: 'authorize, first-sight ES256 token (WebCrypto path)',
};

const main = await measureRounds(decisionRows(), drain);
const mixedRows = decisionRows((BATCH.first + BATCH.firstJose) * batches);
const mixed = await measureMixed({ bare: mixedRows.bare, first: mixedRows.first, repeat: mixedRows.repeat, repeatCtx: mixedRows.repeatCtx }, MIXED, drain);

// ── Breakdown ────────────────────────────────────────────────────────────────────────────────
const bd = {};
const hsCold = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret }, cache: false }); // syncHmac by default
const hsColdWebCrypto = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret }, cache: false, syncHmac: false });
const esCold = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { jwk: await exportJWK(es.publicKey) }, cache: false });
const esHot = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { jwk: await exportJWK(es.publicKey) } });
for (const v of [hsCold, hsColdWebCrypto, esCold, esHot]) await v.ready();
const esToken = await signES('breakdown');
await esHot.verify(esToken);
const fresh = (t) => (' ' + t).slice(1); // a new string, as a token read from a request is
bd['verify HS256 cold (sync HMAC)'] = { n: 200, fn: () => hsCold.verify(repeatToken) };
bd['verify HS256 cold (WebCrypto)'] = { n: 100, fn: () => hsColdWebCrypto.verify(repeatToken) };
bd['verify HS256 cached (verifySync)'] = { n: 2000, fn: () => verifier.verifySync(fresh(repeatToken)) };
bd['verify ES256 cold'] = { n: 100, fn: () => esCold.verify(esToken) };
bd['verify ES256 cached (verifySync)'] = { n: 2000, fn: () => esHot.verifySync(fresh(esToken)) };
bd['session MemoryStore.getSync'] = { n: 2000, fn: () => store.getSync(session.id) };
bd['session MemoryStore.get (await)'] = { n: 2000, fn: () => store.get(session.id) };
let redis;
try {
  const rs = await RedisStore.connect({ url: process.env.REDIS_URL, keyPrefix: `accord-bench:${process.pid}:` });
  const rec = await rs.create({ subject: 'alice', ttlMs: 3_600_000 });
  const cached = new CachedStore(rs, { maxStaleness: 60_000 });
  const t0 = Date.now();
  while (!cached.stats().feedConnected && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
  await cached.get(rec.id);
  redis = { rs, cached };
  bd['session RedisStore.get (1 round trip)'] = { n: 100, fn: () => rs.get(rec.id) };
  bd['session CachedStore(Redis).getSync hit'] = { n: 2000, fn: () => cached.getSync(rec.id) };
} catch (err) {
  console.warn(`(redis rows skipped: ${err.message})`);
}
const holder = new PolicyHolder({ policy: wasm, entrypoint: ENTRYPOINT, now: () => 0n });
const policy = await holder.get();
const input = {
  subject: { iss: ISS, aud: AUD, sub: 'alice', roles: ['admin'], tenant: 'acme', iat: 1, exp: 4_000_000_000, kind: 'user' },
  session: { id: 'a'.repeat(64), kind: 'user', created_at: 1, expires_at: 4_000_000_000, revoked: false, version: 1, auth_time: 1 },
  request: { method: 'GET', path: '/documents/d1', time: Math.floor(Date.now() / 1000), headers: { 'user-agent': 'bench' } },
  action: 'read',
  resource,
  layer: 'route',
};
const inputJson = JSON.stringify(input);
const enc = new TextEncoder();
bd[`evaluate: engine (JSON text into wasm memory, ${inputJson.length} B)`] = { n: 2000, fn: () => holder.evaluateJson(policy, inputJson, 65536) };
bd['evaluate: SDK evaluate(ArrayBuffer) (before)'] = { n: 2000, fn: () => policy.evaluate(enc.encode(inputJson).buffer, ENTRYPOINT) };
const sample = { decision_id: crypto.randomUUID(), layer: 'route', outcome: 'allow', path: ENTRYPOINT, input, result: { allow: true } };
if (audit) bd['audit log() enqueue'] = { n: 1000, fn: () => audit.log(sample) };
const breakdown = await measureRounds(bd, drain);

// The audit logger's background work per event (defaults, masking, one JSON, the sink): flush()
// time per event logged, off the request path.
let auditPrep;
if (audit) {
  const samples = [];
  for (let s = 0; s < ROUNDS; s++) {
    await audit.flush();
    for (let i = 0; i < 1000; i++) audit.log({ ...sample, decision_id: crypto.randomUUID() });
    const t0 = process.hrtime.bigint();
    await audit.flush();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / 1000);
  }
  auditPrep = median(samples);
}

// ── Report ───────────────────────────────────────────────────────────────────────────────────
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const w = Math.max(...Object.values(LABELS).map((l) => l.length), ...Object.keys(bd).map((l) => l.length + 2));
console.log(`engine bench — node ${process.version}, ${fromDist ? 'dist/' : 'src/ (tsx)'}, ${ROUNDS} interleaved rounds (+${WARMUP_ROUNDS} warm-up), audit ${audit ? 'on (drained between batches)' : 'off'}`);
console.log(`${''.padEnd(w)}  ${'p50 µs'.padStart(8)} ${'mean µs'.padStart(8)} ${'p90 µs'.padStart(8)} ${'CPU µs'.padStart(7)}   ×bare p50  ×bare mean`);
for (const [k, label] of Object.entries(LABELS)) {
  const m = main[k];
  console.log(
    `${label.padEnd(w)}  ${f(median(m.p50)).padStart(8)} ${f(median(m.mean)).padStart(8)} ${f(median(m.p90)).padStart(8)} ${f(median(m.cpu), 1).padStart(7)}   ${f(ratio(main, k, 'bare', 'p50'), 3).padStart(9)}  ${f(ratio(main, k, 'bare', 'mean'), 3).padStart(10)}`,
  );
}
console.log(`\nmixed traffic (${MIXED} single operations per row, interleaved): per-op medians`);
for (const k of Object.keys(mixed)) {
  console.log(`${LABELS[k].padEnd(w)}  ${f(median(mixed[k])).padStart(8)} µs   ${f(median(mixed[k]) / median(mixed.bare), 3).padStart(7)}× bare`);
}
console.log('\nper-decision breakdown (interleaved rounds; p50 / mean µs per operation)');
for (const [k, m] of Object.entries(breakdown)) console.log(`  ${k.padEnd(w - 2)}  ${f(median(m.p50)).padStart(8)} ${f(median(m.mean)).padStart(8)}`);
if (auditPrep !== undefined) console.log(`  ${'audit preparation per event (background)'.padEnd(w - 2)}  ${f(auditPrep).padStart(8)}`);

const first = ratio(main, 'first', 'bare', 'p50');
const firstMean = ratio(main, 'first', 'bare', 'mean');
const repeat = ratio(main, 'repeat', 'bare', 'p50');
const repeatMean = ratio(main, 'repeat', 'bare', 'mean');
const verdict = (x, limit) => (x <= limit ? 'OK' : 'MISSED');
console.log(`\ntarget first sight ≤ 1.2× bare jwtVerify: ${f(first, 3)}× ${verdict(first, 1.2)} (per-op median; mean ${f(firstMean, 3)}× ${verdict(firstMean, 1.2)}; mixed ${f(median(mixed.first) / median(mixed.bare), 3)}×)`);
console.log(`target repeat ≤ 0.2× bare jwtVerify:      ${f(repeat, 3)}× ${verdict(repeat, 0.2)} (per-op median; mean ${f(repeatMean, 3)}× ${verdict(repeatMean, 0.2)}; mixed ${f(median(mixed.repeat) / median(mixed.bare), 3)}×)`);
const st = authorizer.stats();
console.log(`decisions ${st.decisions} (allowed ${st.allowed}, denied ${st.denied}, errors ${st.errors})${audit ? `; audit logged ${audit.metrics().logged}, errors ${audit.metrics().errors}` : ''}`);

if (redis) {
  await redis.rs.destroyAll?.();
  await redis.cached.close();
}
await audit?.close({ timeoutMs: 2000 });
process.exit(0);
