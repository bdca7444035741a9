// Engine benchmark: a full authorize() against the canonical policy, next to a bare jose
// jwtVerify of the same kind of token. Medians of several timed batches (sequential awaits, one
// decision at a time, as a handler would make them). Run: node bench/engine.mjs
//
// Rows:
//   bare jwtVerify HS256            jose, raw secret (what the claims bench calls "bare"), and with
//                                   a pre-imported CryptoKey (the stricter baseline)
//   authorize, first-sight token    a token never seen before (signature verified) + memory store
//   authorize, repeat token         the same token again (verification cache hit) + memory store
//   breakdown                       verify cold / cached, MemoryStore.get, policy evaluation
//                                   (serialise + wasm + result), audit log() enqueue
//
// Targets (issue "The authorization engine"): first sight ≤ 1.2× bare jwtVerify; repeat ≤ 0.2×.
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

const firstTokens = [];
for (let i = 0; i < 200 * (SAMPLES + 2) + 1; i++) firstTokens.push(await sign(i));

// Audit: the real logger with a sink that accepts everything (measures enqueue + preparation).
const nullSink = { name: 'null', format: (e) => e.json, encode: (u) => u.join('\n'), send: async () => ({ ok: true }) };
const audit = createAuditLogger({ sinks: [nullSink], labels: { app: 'bench', env: 'bench' } });

const verifier = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret } });
const authorizer = createAuthorizer({ policy: wasm, claims: verifier, sessions: store, audit: process.env.NOAUDIT ? undefined : audit });
await authorizer.ready();

const resource = { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' };
const opts = { action: 'read', resource, layer: 'route' };
const req = (token) => new Request('https://app.test/documents/d1', { headers: { authorization: `Bearer ${token}`, 'user-agent': 'bench' } });

const rows = [];
const add = (name, us, note = '') => rows.push({ name, us, note });

// 1 + 2. Baselines and full decisions, interleaved: every sample runs one batch of each row in
// turn, so load drift on a shared machine hits them alike; ratios are taken per sample.
const jwtOpts = { issuer: ISS, audience: AUD, algorithms: ['HS256'], requiredClaims: ['exp'] };
const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const check = await authorizer.authorize(req(repeatToken), opts);
if (!check.allow) throw new Error(`bench setup: expected allow, got ${check.reason}`);

// Requests are built before timing (constructing a Request is the app's cost); a fresh Request
// per decision, so the per-request memo never helps.
const FIRST = 200;
const REPEAT = 1000;
let nextFirst = 0;
const firstReqs = firstTokens.map(req);
const repeatReqs = Array.from({ length: 1024 }, () => req(repeatToken));
const ctx = { token: repeatToken, method: 'GET', path: '/documents/d1', headers: { 'user-agent': 'bench' } };

const cases = {
  bare: { n: FIRST, fn: () => jwtVerify(repeatToken, secret, jwtOpts) },
  bareKey: { n: FIRST, fn: () => jwtVerify(repeatToken, key, jwtOpts) },
  first: { n: FIRST, fn: () => authorizer.authorize(firstReqs[nextFirst++], opts) },
  repeat: { n: REPEAT, fn: (i) => authorizer.authorize(repeatReqs[i & 1023], opts) },
  repeatCtx: { n: REPEAT, fn: () => authorizer.authorize({ ...ctx }, opts) },
};
async function batch(c) {
  await yieldNow(); // let the audit logger prepare what the previous batch logged, off the clock
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < c.n; i++) await c.fn(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / c.n;
}
for (const c of Object.values(cases)) for (let w = 0; w < 2; w++) await batch(c); // warm-up
const per = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let s = 0; s < SAMPLES; s++) for (const [k, c] of Object.entries(cases)) per[k].push(await batch(c));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = (k, base) => median(per[k].map((v, i) => v / per[base][i]));
const bare = median(per.bare);
const bareKey = median(per.bareKey);
add('jose jwtVerify HS256 (bare, raw secret)', bare);
add('jose jwtVerify HS256 (bare, CryptoKey)', bareKey);
add('authorize, first-sight token (Request, memory store)', median(per.first), `${ratio('first', 'bare').toFixed(3)}× bare per sample`);
add('authorize, repeat token (Request, memory store)', median(per.repeat), `${ratio('repeat', 'bare').toFixed(3)}× bare per sample`);
add('authorize, repeat token (context object)', median(per.repeatCtx), `${ratio('repeatCtx', 'bare').toFixed(3)}× bare per sample`);
const firstRatio = ratio('first', 'bare');
const repeatRatio = ratio('repeat', 'bare');

// 3. Breakdown
const cold = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret }, cache: false });
await cold.ready();
add('  verify cold (no cache)', await bench(() => cold.verify(repeatToken), { iterations: 2000 }));
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
console.log(`engine bench (medians of ${SAMPLES} batches, µs per op; node ${process.version})`);
for (const r of rows) {
  console.log(`${r.name.padEnd(w)}  ${r.us.toFixed(2).padStart(9)} µs  ${(r.us / bare).toFixed(3)}× bare  ${(r.us / bareKey).toFixed(3)}× bare(key)  ${r.note}`);
}
console.log(`\ntarget first sight ≤ 1.2× bare jwtVerify: ${firstRatio.toFixed(3)}× ${firstRatio <= 1.2 ? 'OK' : 'MISSED'}`);
console.log(`target repeat ≤ 0.2× bare jwtVerify:      ${repeatRatio.toFixed(3)}× ${repeatRatio <= 0.2 ? 'OK' : 'MISSED'}`);
const st = authorizer.stats();
const am = audit.metrics();
console.log(`decisions ${st.decisions} (allowed ${st.allowed}, denied ${st.denied}, errors ${st.errors}); audit logged ${am.logged}, errors ${am.errors}`);
