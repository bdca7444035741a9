// Engine benchmark: a full authorize() against the canonical policy, next to a bare jose
// jwtVerify of the same kind of token. Run: node bench/engine.mjs
//
// Rows:
//   bare jwtVerify HS256            jose with the raw secret (the claims bench's "bare"), and with a
//                                   pre-imported CryptoKey
//   authorize, first-sight token    a token never seen before (signature verified) + memory store
//   authorize, repeat token         the same token again (verification cache hit) + memory store,
//                                   from a fresh Request each time, and from a context object
//   breakdown                       verify cold / cached, MemoryStore.get, policy evaluation
//                                   (serialise + wasm + result), audit log() enqueue, and the
//                                   audit logger's background preparation per event
//
// Full decisions are measured twice: steady state (batches of each row in turn; median of batch
// means; ratios are medians of per-sample ratios, robust to load drift) and cold (one operation of
// each row per round; medians of single operations).
// Targets (issue "The authorization engine"): first sight ≤ 1.2× bare jwtVerify; repeat ≤ 0.2×.
// Env: BENCH_SAMPLES (9), BENCH_ROUNDS (3000), BENCH_COMPILE=1 (compile policies/ instead of
// using dist/policy.wasm), BENCH_NO_AUDIT=1 (no audit logger).
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { SignJWT, jwtVerify } from 'jose';

const load = (p) => tsImport(p, import.meta.url);
const { createAuthorizer } = await load('../src/engine/index.ts');
const { loadAccordPolicy } = await load('../src/engine/policy.ts');
const { createClaimsVerifier } = await load('../src/claims/index.ts');
const { MemoryStore } = await load('../src/session/index.ts');
const { createAuditLogger } = await load('../src/audit/index.ts');

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 9);
const ISS = 'https://issuer.bench';
const AUD = 'bench';
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');

// The policy: dist/policy.wasm when the build wrote it, else compiled here.
const distPolicy = fileURLToPath(new URL('../dist/policy.wasm', import.meta.url));
let wasm;
if (existsSync(distPolicy) && !process.env.BENCH_COMPILE) wasm = new Uint8Array(readFileSync(distPolicy));
else {
  const { compile } = await load('../src/compiler/index.ts');
  const src = readFileSync(fileURLToPath(new URL('../policies/authz.rego', import.meta.url)), 'utf8');
  wasm = compile({ modules: { 'authz.rego': src }, entrypoints: ['app/authz/decision'] }).wasm;
}

const yieldNow = () => new Promise((r) => setImmediate(r));

async function bench(fn, { iterations, warmup = Math.ceil(iterations / 5) }) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    await yieldNow(); // let the audit logger prepare what the previous batch logged, off the clock
    const base = warmup + s * iterations;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn(base + i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const store = new MemoryStore();
const session = await store.create({ subject: 'alice', ttlMs: 3_600_000 });
const claims = { iss: ISS, aud: AUD, sub: 'alice', sid: session.id, roles: ['admin'], tenant: 'acme' };
const sign = (jti) =>
  new SignJWT({ ...claims, jti: String(jti) }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(secret);
const repeatToken = await sign('repeat');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3000);
const WARMUP_ROUNDS = 500;
const BATCH = { bare: 200, bareKey: 200, first: 200, repeat: 1000, repeatCtx: 1000 };
const firstTokens = [];
for (let i = 0; i < BATCH.first * (SAMPLES + 2) + WARMUP_ROUNDS + ROUNDS; i++) firstTokens.push(await sign(i));

// Audit: the real logger with a sink that accepts everything (measures enqueue + preparation).
const nullSink = { name: 'null', format: (e) => e.json, encode: (u) => u.join('\n'), send: async () => ({ ok: true }) };
const audit = createAuditLogger({ sinks: [nullSink], labels: { app: 'bench', env: 'bench' } });

const verifier = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret } });
const authorizer = createAuthorizer({ policy: wasm, claims: verifier, sessions: store, audit: process.env.BENCH_NO_AUDIT ? undefined : audit });
await authorizer.ready();

const resource = { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' };
const opts = { action: 'read', resource, layer: 'route' };
const req = (token) => new Request('https://app.test/documents/d1', { headers: { authorization: `Bearer ${token}`, 'user-agent': 'bench' } });

const rows = [];
const add = (name, us) => rows.push({ name, us });

// 1 + 2. Baselines and full decisions, round-robin: every round times ONE operation of each row,
// in turn, so load bursts on a shared machine hit all rows alike; medians of per-operation times.
const jwtOpts = { issuer: ISS, audience: AUD, algorithms: ['HS256'], requiredClaims: ['exp'] };
const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const check = await authorizer.authorize(req(repeatToken), opts);
if (!check.allow) throw new Error(`bench setup: expected allow, got ${check.reason}`);

// Requests are built before timing (constructing a Request is the app's cost); a fresh Request
// per decision, so the per-request memo never helps.
let nextFirst = 0;
const firstReqs = firstTokens.map(req);
let nextRepeat = 0;
const repeatReqs = Array.from({ length: BATCH.repeat * (SAMPLES + 2) + WARMUP_ROUNDS + ROUNDS }, () => req(repeatToken));
const ctx = { token: repeatToken, method: 'GET', path: '/documents/d1', headers: { 'user-agent': 'bench' } };

const cases = {
  bare: () => jwtVerify(repeatToken, secret, jwtOpts),
  bareKey: () => jwtVerify(repeatToken, key, jwtOpts),
  first: () => authorizer.authorize(firstReqs[nextFirst++], opts),
  repeat: () => authorizer.authorize(repeatReqs[nextRepeat++], opts),
  repeatCtx: () => authorizer.authorize({ ...ctx }, opts),
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Steady state: each sample runs one batch of every row in turn (load drift on a shared machine
// hits all rows alike); per row, the median of the batch means; ratios are medians of per-sample
// ratios. This is how bench/claims.mjs measures too.
const batches = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let s = -2; s < SAMPLES; s++) {
  for (const [k, fn] of Object.entries(cases)) {
    await yieldNow(); // the audit logger prepares what the previous batch logged, off the clock
    const n = BATCH[k];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(i);
    if (s >= 0) batches[k].push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
}
const ratio = (k, base) => median(batches[k].map((v, i) => v / batches[base][i]));

// Cold: round-robin single operations (one of each row per round), so every decision runs right
// after unrelated work, as in a server handling mixed traffic; medians of per-operation times.
const per = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
  if ((r & 63) === 0) await yieldNow();
  for (const [k, fn] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint();
    await fn(r);
    if (r >= WARMUP_ROUNDS) per[k].push(Number(process.hrtime.bigint() - t0) / 1000);
  }
}

const bare = median(batches.bare);
const bareKey = median(batches.bareKey);
add('jose jwtVerify HS256 (bare, raw secret)', bare);
add('jose jwtVerify HS256 (bare, CryptoKey)', bareKey);
add('authorize, first-sight token (Request, memory store)', median(batches.first));
add('authorize, repeat token (Request, memory store)', median(batches.repeat));
add('authorize, repeat token (context object)', median(batches.repeatCtx));
const firstRatio = ratio('first', 'bare');
const repeatRatio = ratio('repeat', 'bare');
const cold = {
  bare: median(per.bare),
  first: median(per.first) / median(per.bare),
  repeat: median(per.repeat) / median(per.bare),
  repeatCtx: median(per.repeatCtx) / median(per.bare),
};

// 3. Breakdown
const coldVerifier = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret }, cache: false });
await coldVerifier.ready();
add('  verify cold (no cache)', await bench(() => coldVerifier.verify(repeatToken), { iterations: 2000 }));
add('  verify cached', await bench(() => verifier.verify(repeatToken), { iterations: 50_000 }));
add('  MemoryStore.get', await bench(() => store.get(session.id), { iterations: 50_000 }));
let evalNs = 0n;
const policy = await loadAccordPolicy(wasm, { now: () => evalNs });
const input = {
  subject: { ...claims, sid: undefined, roles: ['admin'], kind: 'user' },
  session: { id: 'a'.repeat(64), kind: 'user', created_at: 1, expires_at: 4_000_000_000, revoked: false, version: 1, auth_time: 1 },
  request: { method: 'GET', path: '/documents/d1', time: Math.floor(Date.now() / 1000), headers: { 'user-agent': 'bench' } },
  action: 'read',
  resource,
  layer: 'route',
};
const enc = new TextEncoder();
add(
  '  evaluate (serialise + wasm + result)',
  await bench(
    () => {
      evalNs = BigInt(Date.now()) * 1_000_000n;
      return policy.evaluate(enc.encode(JSON.stringify(input)).buffer, 'app/authz/decision');
    },
    { iterations: 20_000 },
  ),
);
const sample = { decision_id: crypto.randomUUID(), layer: 'route', outcome: 'allow', path: 'app/authz/decision', input, result: { allow: true } };
add('  audit log() enqueue', await bench(() => audit.log(sample), { iterations: 1000, warmup: 200 }));
{
  // What the logger does later, off the request path: defaults, masking, one JSON serialisation,
  // the sink's format + queue. Measured as flush() time per event logged.
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    await audit.flush();
    for (let i = 0; i < 1000; i++) audit.log({ ...sample, decision_id: crypto.randomUUID() });
    const t0 = process.hrtime.bigint();
    await audit.flush();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / 1000);
  }
  add('  audit preparation per event (background)', median(samples));
}

await audit.close({ timeoutMs: 2000 });

const w = Math.max(...rows.map((r) => r.name.length));
console.log(`engine bench (µs per op, medians of ${SAMPLES} batches; node ${process.version})`);
for (const r of rows) {
  console.log(`${r.name.padEnd(w)}  ${r.us.toFixed(2).padStart(9)} µs  ${(r.us / bare).toFixed(3)}× bare  ${(r.us / bareKey).toFixed(3)}× bare(key)`);
}
console.log(`\ntarget first sight ≤ 1.2× bare jwtVerify: ${firstRatio.toFixed(3)}× ${firstRatio <= 1.2 ? 'OK' : 'MISSED'}  (cold single ops: ${cold.first.toFixed(3)}×)`);
console.log(`target repeat ≤ 0.2× bare jwtVerify:      ${repeatRatio.toFixed(3)}× ${repeatRatio <= 0.2 ? 'OK' : 'MISSED'}  (cold single ops: ${cold.repeat.toFixed(3)}×; context object ${ratio('repeatCtx', 'bare').toFixed(3)}×, cold ${cold.repeatCtx.toFixed(3)}×)`);
const st = authorizer.stats();
const am = audit.metrics();
console.log(`decisions ${st.decisions} (allowed ${st.allowed}, denied ${st.denied}, errors ${st.errors}); audit logged ${am.logged}, errors ${am.errors}`);
