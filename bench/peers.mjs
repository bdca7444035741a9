// Accord against the engines users would pick instead, measured in one run.
//
// The scenario is policies/authz.rego (RBAC + tenant isolation + revoked/expired-session deny +
// public paths + owner rule), written for each peer:
//   floor   a hand-written TypeScript function (bench/peers/handwritten.ts)
//   Cedar   @cedar-policy/cedar-wasm, schema-less entities (bench/peers/cedar/)
//   Casbin  RBAC with domains (= tenants) + keyMatch2, ABAC checks in the matcher (bench/peers/casbin/)
//   Cerbos  the sidecar PDP: the Cerbos binary on 127.0.0.1, CheckResources over HTTP (bench/peers/cerbos/)
// Every peer answers the case table of bench/peers/cases.mjs; the script aborts before timing
// anything if one answer differs from Accord's (allow for all; the reasons too for the floor and
// Cedar, whose forbid @ids are the Rego deny reasons).
//
// Measured in this process, interleaved (each round times one batch of every row, in rotating
// order), after warm-up; per row the median and p10–p90 of the batch means (µs per call), and
// × Accord as the median of per-round ratios to the Accord row of the same stage:
//   (1) decision only: each engine's own request, prepared beforehand
//   (2) from the app's input object: mapping to the engine's request + the call (Accord's
//       evaluate(obj) includes JSON serialisation; its ArrayBuffer path is row (1))
//   (3) full request: jose HS256 verification + memory session lookup + decision + log enqueue
//       (Accord: the real createAuthorizer with a MemoryStore and the audit logger with a no-op
//       sink; peers: the same store, the same logger, jose jwtVerify around their decision call)
//   (4) cold start in fresh processes (import, load, first decision) and artefact sizes
// then Accord scaling: policy size (generated rules), roles in data (setData), input size.
//
// Run: npm run bench:peers   (BENCH_ROUNDS=21 by default; BENCH_QUICK=1 for a smoke run)
//
// V8 flag: --no-turbo-inline-js-wasm-calls, set below before anything is optimised. With JS→Wasm
// call inlining on, Node 20.20's V8 sometimes dies (Fatal "unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when it lazily deoptimises optimised code that
// inlined a call into cedar-wasm; about one full run in three crashed here. The flag costs each
// JS→Wasm call a wrapper (nanoseconds; Accord's evaluate and Cedar's calls alike).
import { setFlagsFromString } from 'node:v8';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transformSync } from 'esbuild';
import { SignJWT, jwtVerify } from 'jose';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../dist/compiler.js';
import { MemoryStore, createAuditLogger, createAuthorizer, createClaimsVerifier, hostBuiltins } from '../dist/index.js';
import { CASES, USERS, padInput } from './peers/cases.mjs';
import { loadCedar, POLICY_FILE as CEDAR_POLICY, WASM_FILE as CEDAR_WASM } from './peers/cedar/cedar.mjs';
import { loadCasbin, toCasbinRequest, MODEL_FILE, POLICY_FILE as CASBIN_POLICY } from './peers/casbin/casbin.mjs';
import { binarySize, policyFiles, POLICY_DIR as CERBOS_DIR, startCerbos, toCerbosRequest } from './peers/cerbos/cerbos.mjs';

setFlagsFromString('--no-turbo-inline-js-wasm-calls');
const QUICK = !!process.env.BENCH_QUICK;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 5 : 21));
const BATCH_MS = QUICK ? 5 : 25; // target duration of one batch
const COLD_RUNS = QUICK ? 2 : 7;
const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'accord-peers-'));
process.once('exit', () => rmSync(tmp, { recursive: true, force: true })); // also on a throw
const tStart = performance.now();
const load0 = loadavg();

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p10 = (xs) => sorted(xs)[Math.floor(xs.length * 0.1)];
const p90 = (xs) => sorted(xs)[Math.ceil(xs.length * 0.9) - 1];
const yieldNow = () => new Promise((r) => setImmediate(r));
const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Interleaved measurement. rows: [{ key, fn(i), async?, n? }]; fn performs ONE call. Each round
 * times one batch of n calls per row, the row order rotating per round; n is calibrated in the
 * warm-up to ~BATCH_MS unless given. Returns Map key → batch means (µs per call).
 */
async function measure(rows, { rounds = ROUNDS } = {}) {
  const n = new Map();
  for (const row of rows) {
    const target = row.n;
    let calls = 0;
    const t0 = performance.now();
    // warm-up: at least 50 calls and 30 ms (or the fixed batch size)
    while (calls < (target ?? 50) || (!target && performance.now() - t0 < 30)) {
      if (row.async) await row.fn(calls);
      else row.fn(calls);
      calls++;
    }
    const per = (performance.now() - t0) / calls;
    n.set(row.key, target ?? Math.max(5, Math.min(200_000, Math.ceil(BATCH_MS / per))));
  }
  const out = new Map(rows.map((r) => [r.key, []]));
  let offset = 1_000_000;
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < rows.length; j++) {
      const row = rows[(j + r) % rows.length];
      const k = n.get(row.key);
      await yieldNow(); // the audit logger prepares what the previous batch logged, off the clock
      const base = offset;
      offset += k;
      const t0 = process.hrtime.bigint();
      if (row.async) for (let i = 0; i < k; i++) await row.fn(base + i);
      else for (let i = 0; i < k; i++) row.fn(base + i);
      out.get(row.key).push(Number(process.hrtime.bigint() - t0) / 1e3 / k);
    }
  }
  return out;
}

/** Table rows: { stage, name, samples, ref (samples of the Accord row of that stage), note } */
const table = [];
function add(stage, name, samples, ref, note = '') {
  table.push({ stage, name, samples, ref, note });
}
const fmt = (x, d = 2) => (x >= 1000 ? x.toFixed(0) : x >= 100 ? x.toFixed(1) : x.toFixed(d));

function printTable() {
  const w = Math.max(...table.map((r) => r.name.length));
  console.log(`\n${'stage'.padEnd(26)} ${'engine / path'.padEnd(w)}  ${'median µs'.padStart(10)}  ${'p10–p90'.padStart(17)}  ${'× Accord'.padStart(9)}`);
  let last = '';
  for (const r of table) {
    if (r.samples.some(Number.isNaN)) {
      console.log(`${(r.stage === last ? '' : r.stage).padEnd(26)} ${r.name}`);
      last = r.stage;
      continue;
    }
    const m = median(r.samples);
    const ratio = r.ref ? median(r.samples.map((v, i) => v / r.ref[i])) : 1;
    const stage = r.stage === last ? '' : r.stage;
    last = r.stage;
    const spread = `${fmt(p10(r.samples))}–${fmt(p90(r.samples))}`;
    console.log(`${stage.padEnd(26)} ${r.name.padEnd(w)}  ${fmt(m).padStart(10)}  ${spread.padStart(17)}  ${(r.ref ? `${ratio.toFixed(ratio < 0.1 ? 3 : 2)}×` : '1 (ref)').padStart(9)}${r.note ? `  ${r.note}` : ''}`);
  }
}

// ── Machine ──────────────────────────────────────────────────────────────────────────────────
const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
})();
console.log(`Accord vs peers — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} CPUs (${cpuModel}), load average ${load0.map((x) => x.toFixed(2)).join(' ')}`);
console.log(`${ROUNDS} interleaved rounds per measurement, ~${BATCH_MS} ms batches${QUICK ? ' (BENCH_QUICK)' : ''}`);

// ── Load every engine ────────────────────────────────────────────────────────────────────────
const regoSrc = readFileSync(join(root, 'policies/authz.rego'), 'utf8');
const ENTRYPOINTS = ['app/authz/decision', 'app/authz/allow'];
let t = performance.now();
const wasm = compile({ modules: { 'authz.rego': regoSrc }, entrypoints: ENTRYPOINTS }).wasm;
const compileMs = performance.now() - t;
const wasmPath = join(tmp, 'authz.wasm');
writeFileSync(wasmPath, wasm);
const accord = await loadPolicy(new WebAssembly.Module(wasm), undefined, hostBuiltins);
const accordDecide = (x) => accord.evaluate(x, 'app/authz/decision')[0].result;

// The floor: esbuild strips the types (nothing else) into an .mjs next to the compiled policy.
const floorSrc = readFileSync(join(root, 'bench/peers/handwritten.ts'), 'utf8');
const floorJs = transformSync(floorSrc, { loader: 'ts', format: 'esm', target: 'node20' }).code;
const floorPath = join(tmp, 'handwritten.mjs');
writeFileSync(floorPath, floorJs);
const { decide: floorDecide } = await import(pathToFileURL(floorPath).href);

const cedar = await loadCedar();
const casbin = await loadCasbin();

let cerbos;
let cerbosWhy = '';
try {
  cerbos = await startCerbos();
} catch (err) {
  cerbosWhy = err instanceof Error ? err.message : String(err);
  console.log(`Cerbos sidecar skipped: ${cerbosWhy}`);
}

// Whatever happens from here on, the sidecar and the temp dir go away.
let audit;
async function cleanup() {
  await cerbos?.stop().catch(() => undefined);
  cerbos = undefined;
  await audit?.close({ timeoutMs: 2000 }).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
}
async function abort(message) {
  console.error(`\nABORT: ${message}`);
  await cleanup();
  process.exit(1);
}

// ── Cross-check: every engine gives Accord's answer on every case, before any timing ─────────
{
  const problems = [];
  // Casbin reads roles from its own g table: it must say what the tokens say.
  for (const u of Object.values(USERS)) {
    const g = sorted(await casbin.rolesIn(u.sub, u.tenant));
    if (!sameJson(g, sorted(u.roles))) problems.push(`casbin g table: ${u.sub}@${u.tenant} has ${g}, tokens say ${u.roles}`);
  }
  for (const c of CASES) {
    const a = accordDecide(c.input);
    if (a.allow !== c.expect) problems.push(`Accord: "${c.name}" allow=${a.allow}, the table expects ${c.expect}`);
    const f = floorDecide(c.input);
    if (!sameJson(f, a)) problems.push(`floor: "${c.name}" ${JSON.stringify(f)} ≠ Accord ${JSON.stringify(a)}`);
    for (const [label, got] of [
      ['Cedar statefulIsAuthorized', cedar.check(c.input)],
      ['Cedar isAuthorized', cedar.checkOnce(c.input)],
    ]) {
      if (!sameJson(got, a)) problems.push(`${label}: "${c.name}" ${JSON.stringify(got)} ≠ Accord ${JSON.stringify(a)}`);
    }
    const cb = casbin.enforce(toCasbinRequest(c.input));
    if (cb !== a.allow) problems.push(`Casbin: "${c.name}" allow=${cb} ≠ Accord ${a.allow}`);
    if (accord.evaluate(c.input, 'app/authz/allow')[0].result !== a.allow) problems.push(`Accord allow entrypoint disagrees on "${c.name}"`);
    if (cerbos) {
      const cr = await cerbos.check(c.input);
      if (cr !== a.allow) problems.push(`Cerbos: "${c.name}" allow=${cr} ≠ Accord ${a.allow}`);
    }
  }
  if (problems.length) await abort(`peers disagree with Accord:\n  ${problems.join('\n  ')}`);
  const allowed = CASES.filter((c) => c.expect).length;
  console.log(
    `cross-check: ${CASES.length} cases (${allowed} allow, ${CASES.length - allowed} deny) — floor and Cedar equal to Accord incl. reasons; Casbin${cerbos ? ', Cerbos' : ''} equal on allow`,
  );
}

// ── (1) + (2) In-process decisions ──────────────────────────────────────────────────────────
const N = CASES.length;
const inputs = CASES.map((c) => c.input);
const enc = new TextEncoder();
const buffers = inputs.map((x) => enc.encode(JSON.stringify(x)).buffer);
const cedarCalls = inputs.map((x) => cedar.prepare(x));
const cedarOnceCalls = inputs.map((x) => cedar.prepareOnce(x));
const casbinArgs = inputs.map(toCasbinRequest);
{
  const s = await measure([
    { key: 'a.buf', fn: (i) => accord.evaluate(buffers[i % N], 'app/authz/decision') },
    { key: 'a.allow', fn: (i) => accord.evaluate(buffers[i % N], 'app/authz/allow') },
    { key: 'floor', fn: (i) => floorDecide(inputs[i % N]) },
    { key: 'cedar', fn: (i) => cedar.decideCall(cedarCalls[i % N]) },
    { key: 'cedar.once', fn: (i) => cedar.decideOnce(cedarOnceCalls[i % N]) },
    { key: 'casbin', fn: (i) => casbin.enforce(casbinArgs[i % N]) },
    { key: 'a.obj', fn: (i) => accord.evaluate(inputs[i % N], 'app/authz/decision') },
    { key: 'cedar.map', fn: (i) => cedar.decideCall(cedar.prepare(inputs[i % N])) },
    { key: 'casbin.map', fn: (i) => casbin.enforce(toCasbinRequest(inputs[i % N])) },
  ]);
  const S1 = '(1) decision only';
  const ref1 = s.get('a.buf');
  add(S1, 'Accord evaluate(ArrayBuffer) {allow, reasons}', ref1, null);
  add(S1, 'Accord evaluate(ArrayBuffer) allow (boolean)', s.get('a.allow'), ref1);
  add(S1, 'floor: hand-written TS function', s.get('floor'), ref1);
  add(S1, 'Cedar statefulIsAuthorized (pre-parsed set)', s.get('cedar'), ref1);
  add(S1, 'Cedar isAuthorized (parses policies per call)', s.get('cedar.once'), ref1);
  add(S1, 'Casbin enforceSync', s.get('casbin'), ref1);
  const S2 = '(2) from the input object';
  const ref2 = s.get('a.obj');
  add(S2, 'Accord evaluate(obj) (incl. JSON boundary)', ref2, null);
  add(S2, 'floor: hand-written TS function', s.get('floor'), ref2, '(no boundary: same as (1))');
  add(S2, 'Cedar: map to entities + stateful call', s.get('cedar.map'), ref2);
  add(S2, 'Casbin: map to request + enforceSync', s.get('casbin.map'), ref2);
}

// ── (3) Full request authorisation ──────────────────────────────────────────────────────────
const ISS = 'https://issuer.bench';
const AUD = 'bench';
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const hmacKey = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
const jwtOpts = { issuer: ISS, audience: AUD, algorithms: ['HS256'], requiredClaims: ['exp'] };
const store = new MemoryStore();
const nullSink = { name: 'null', format: (e) => e.json, encode: (u) => u.join('\n'), send: async () => ({ ok: true }) };
audit = createAuditLogger({ sinks: [nullSink], labels: { app: 'bench', env: 'bench' } });
const verifier = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret } });
const authorizer = createAuthorizer({ policy: wasm, claims: verifier, sessions: store, audit });
await authorizer.ready();

const sessions = {};
for (const u of ['alice', 'bob', 'carol', 'erin']) sessions[u] = (await store.create({ subject: u, ttlMs: 3_600_000 })).id;
const revokedSid = (await store.create({ subject: 'bob', ttlMs: 3_600_000 })).id;
await store.revoke(revokedSid);
const expiredSid = (await store.create({ subject: 'bob', ttlMs: 1 })).id;
await new Promise((r) => setTimeout(r, 5));

const sign = (u, sid, jti) => {
  const { sub, roles, tenant } = USERS[u];
  const claims = { sub, roles, tenant };
  if (sid) claims.sid = sid;
  if (jti !== undefined) claims.jti = String(jti);
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISS).setAudience(AUD).setIssuedAt().setExpirationTime('1h').sign(hmacKey);
};

/** The request every pipeline row makes: bob (editor) updates his own document. */
const REQ = { method: 'PUT', path: '/documents/d-1', action: 'update', resource: { type: 'document', id: 'd-1', tenant: 'acme', owner: 'bob' } };

/** A peer's request pipeline around its decision call (what Accord's engine does, by hand). */
function peerPipeline(label, decideInput, verify) {
  return async (token, req = REQ) => {
    const now = Date.now();
    const { payload } = await verify(token);
    const record = typeof payload.sid === 'string' ? await store.get(payload.sid) : null;
    const input = {
      subject: { sub: payload.sub, roles: payload.roles ?? [], tenant: payload.tenant, kind: 'user' },
      request: { method: req.method, path: req.path, time: Math.floor(now / 1000) },
      action: req.action,
      resource: req.resource,
    };
    if (record) input.session = { revoked: record.revoked, expires_at: Math.floor(record.expires_at / 1000) };
    const allow = await decideInput(input);
    const id = crypto.randomUUID();
    audit.log({
      decision_id: id,
      request_id: id,
      layer: 'route',
      outcome: allow ? 'allow' : 'deny',
      reason: allow ? 'allowed' : 'policy_denied',
      path: label,
      input,
      result: { allow },
      timestamp: now,
      subject_id: payload.sub,
    });
    return allow;
  };
}
const joseVerify = (token) => jwtVerify(token, hmacKey, jwtOpts);
/** The "same simple cache": token → verified payload, until the token's exp. */
function cachedVerify() {
  const cache = new Map();
  return async (token) => {
    const hit = cache.get(token);
    if (hit && hit.exp * 1000 > Date.now()) return hit.result;
    const result = await joseVerify(token);
    if (cache.size >= 10_000) cache.clear();
    cache.set(token, { result, exp: result.payload.exp });
    return result;
  };
}
const accordAuthorize = (token, req = REQ) =>
  authorizer.authorize({ token, method: req.method, path: req.path }, { action: req.action, resource: req.resource, layer: 'route' }).then((d) => d.allow);

const peerDecisions = {
  floor: (x) => floorDecide(x).allow,
  cedar: (x) => cedar.decideCall(cedar.prepare(x)),
  casbin: (x) => casbin.enforce(toCasbinRequest(x)),
};

// Cross-check the pipelines on requests whose answer depends on the token and the store.
{
  const reqs = [
    ['bob updates own document', 'bob', sessions.bob, REQ, true],
    ['bob updates carol’s document', 'bob', sessions.bob, { ...REQ, resource: { ...REQ.resource, owner: 'carol' } }, false],
    ['alice (admin) updates bob’s document', 'alice', sessions.alice, REQ, true],
    ['carol (viewer) reads', 'carol', sessions.carol, { ...REQ, method: 'GET', action: 'read' }, true],
    ['erin (globex) reads an acme document', 'erin', sessions.erin, { ...REQ, method: 'GET', action: 'read' }, false],
    ['revoked session', 'bob', revokedSid, REQ, false],
    ['expired session (gone from the store)', 'bob', expiredSid, REQ, false],
    ['token without a session', 'bob', undefined, REQ, false],
  ];
  const problems = [];
  for (const [name, u, sid, req, expect] of reqs) {
    const token = await sign(u, sid);
    const a = await accordAuthorize(token, req);
    if (a !== expect) problems.push(`Accord engine: "${name}" allow=${a}, expected ${expect}`);
    for (const [k, d] of Object.entries(peerDecisions)) {
      const p = await peerPipeline(`peer/${k}`, d, joseVerify)(token, req);
      if (p !== a) problems.push(`${k} pipeline: "${name}" allow=${p} ≠ Accord ${a}`);
    }
    if (cerbos) {
      const p = await peerPipeline('peer/cerbos', (x) => cerbos.check(x), joseVerify)(token, req);
      if (p !== a) problems.push(`cerbos pipeline: "${name}" allow=${p} ≠ Accord ${a}`);
    }
  }
  if (problems.length) await abort(`pipelines disagree:\n  ${problems.join('\n  ')}`);
  console.log(`pipeline cross-check: ${reqs.length} requests, every pipeline equal to Accord's engine`);
}

// First-sight tokens: each used once, by one row, ever.
const FIRST_N = QUICK ? 20 : 60;
const firstRows = 4 + (cerbos ? 2 : 0);
const poolSize = firstRows * FIRST_N * (ROUNDS + 1) + 100;
const pool = [];
{
  const t0 = performance.now();
  for (let i = 0; i < poolSize; i++) pool.push(await sign('bob', sessions.bob, `first-${i}`));
  console.log(`signed ${poolSize} first-sight tokens in ${(performance.now() - t0).toFixed(0)} ms`);
}
let nextToken = 0;
const firstToken = () => {
  if (nextToken >= pool.length) throw new Error('first-sight token pool exhausted');
  return pool[nextToken++];
};
const repeatToken = await sign('bob', sessions.bob, 'repeat');
{
  const rows = [
    { key: 'a.first', async: true, n: FIRST_N, fn: () => accordAuthorize(firstToken()) },
    { key: 'a.repeat', async: true, fn: () => accordAuthorize(repeatToken) },
  ];
  for (const [k, d] of Object.entries(peerDecisions)) {
    const plain = peerPipeline(`peer/${k}`, d, joseVerify);
    const cached = peerPipeline(`peer/${k}`, d, cachedVerify());
    rows.push({ key: `${k}.first`, async: true, n: FIRST_N, fn: () => plain(firstToken()) });
    rows.push({ key: `${k}.repeat`, async: true, fn: () => plain(repeatToken) });
    rows.push({ key: `${k}.cache`, async: true, fn: () => cached(repeatToken) });
  }
  const s = await measure(rows);
  const S3 = '(3) full request';
  const refF = s.get('a.first');
  const refR = s.get('a.repeat');
  add(S3, 'Accord authorize(), first-sight token', refF, null);
  add(S3, 'Accord authorize(), repeat token (cached verify)', refR, null);
  const names = { floor: 'floor', cedar: 'Cedar', casbin: 'Casbin' };
  for (const k of Object.keys(peerDecisions)) {
    add(S3, `${names[k]} + jose, first-sight token`, s.get(`${k}.first`), refF, 'vs Accord first-sight');
    add(S3, `${names[k]} + jose, repeat token (no cache)`, s.get(`${k}.repeat`), refR, 'vs Accord repeat');
    add(S3, `${names[k]} + jose + simple cache, repeat token`, s.get(`${k}.cache`), refR, 'vs Accord repeat');
  }
}

// ── Sidecar PDP: Cerbos over HTTP on loopback ───────────────────────────────────────────────
let cerbosStartupMs;
if (cerbos) {
  cerbosStartupMs = cerbos.startupMs;
  try {
    const bodies = inputs.map((x) => JSON.stringify(toCerbosRequest(x)));
    const plain = peerPipeline('peer/cerbos', (x) => cerbos.check(x), joseVerify);
    const cached = peerPipeline('peer/cerbos', (x) => cerbos.check(x), cachedVerify());
    // Accord rows again in this phase, so the ratios compare like with like (same minutes, same load).
    const s = await measure([
      { key: 'a.buf', async: true, fn: async (i) => accord.evaluate(buffers[i % N], 'app/authz/decision') },
      { key: 'a.obj', async: true, fn: async (i) => accord.evaluate(inputs[i % N], 'app/authz/decision') },
      { key: 'c.body', async: true, fn: (i) => cerbos.checkBody(bodies[i % N], inputs[i % N].action) },
      { key: 'c.obj', async: true, fn: (i) => cerbos.check(inputs[i % N]) },
      { key: 'a.first', async: true, n: FIRST_N, fn: () => accordAuthorize(firstToken()) },
      { key: 'a.repeat', async: true, fn: () => accordAuthorize(repeatToken) },
      { key: 'c.first', async: true, n: FIRST_N, fn: () => plain(firstToken()) },
      { key: 'c.cache', async: true, fn: () => cached(repeatToken) },
    ]);
    add('(1) decision only', 'Cerbos sidecar: HTTP CheckResources (body ready)', s.get('c.body'), s.get('a.buf'), 'vs Accord (1) in the same phase');
    add('(2) from the input object', 'Cerbos sidecar: map + JSON + HTTP', s.get('c.obj'), s.get('a.obj'), 'vs Accord (2) in the same phase');
    add('(3) full request', 'Cerbos + jose, first-sight token', s.get('c.first'), s.get('a.first'), 'vs Accord first-sight, same phase');
    add('(3) full request', 'Cerbos + jose + simple cache, repeat token', s.get('c.cache'), s.get('a.repeat'), 'vs Accord repeat, same phase');
  } finally {
    await cerbos.stop();
    cerbos = undefined;
  }
} else {
  add('(1) decision only', `Cerbos sidecar: not run (${cerbosWhy.slice(0, 60)})`, [NaN], null);
}
// Group the rows by stage for printing (the Cerbos rows were measured last).
const stageOrder = ['(1) decision only', '(2) from the input object', '(3) full request'];
table.sort((a, b) => stageOrder.indexOf(a.stage) - stageOrder.indexOf(b.stage));
printTable();

// ── (4) Cold start and artefact size ────────────────────────────────────────────────────────
function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench/peers/coldstart.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`coldstart ${args[0]} exited ${code}: ${err.slice(0, 400)}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}
const coldInput = JSON.stringify(CASES[4].input); // editor updates own document
const coldEngines = [
  ['Accord', 'accord', wasmPath],
  ['Accord (bare SDK)', 'accord-sdk', wasmPath],
  ['floor', 'floor', pathToFileURL(floorPath).href],
  ['Cedar', 'cedar', '-'],
  ['Casbin', 'casbin', '-'],
];
const cold = Object.fromEntries(coldEngines.map(([name]) => [name, []]));
for (let r = 0; r < COLD_RUNS; r++) {
  for (const [name, engine, artefact] of coldEngines) cold[name].push(await runChild([engine, artefact, coldInput]));
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
async function bundleSize(contents) {
  const r = await build({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, minify: true, write: false, platform: 'node', format: 'esm', logLevel: 'silent' });
  const code = r.outputFiles[0].contents;
  return { raw: code.length, gz: gz(code) };
}
const kb = (b) => (b >= 1e6 ? `${(b / 2 ** 20).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
const sizes = {
  Accord: {
    artefact: `policy .wasm ${kb(wasm.length)} (${kb(gz(wasm))} gz)`,
    code: await bundleSize(`export { loadAccordPolicy } from './dist/index.js';`),
    codeNote: 'dist/index.js (loadAccordPolicy: SDK + host builtins), bundled min',
  },
  'Accord (bare SDK)': {
    artefact: 'the same .wasm',
    code: await bundleSize(`export { loadPolicy } from '@open-policy-agent/opa-wasm';`),
    codeNote: '@open-policy-agent/opa-wasm alone, no host builtins (none needed here), bundled min',
  },
  floor: { artefact: `the function itself (${kb(floorJs.length)} JS)`, code: { raw: floorJs.length, gz: gz(Buffer.from(floorJs)) }, codeNote: 'transpiled handwritten.ts' },
  Cedar: (() => {
    const w = readFileSync(CEDAR_WASM);
    const p = readFileSync(CEDAR_POLICY);
    return { artefact: `policies.cedar ${kb(p.length)}`, code: { raw: w.length, gz: gz(w) }, codeNote: 'cedar_wasm_bg.wasm (+ JS glue)' };
  })(),
  Casbin: {
    artefact: `model.conf + policy.csv ${kb(statSync(MODEL_FILE).size + statSync(CASBIN_POLICY).size)}`,
    code: await bundleSize(`export { newEnforcer } from 'casbin';`),
    codeNote: 'casbin (newEnforcer), bundled min',
  },
};
const cerbosYaml = policyFiles().reduce((s, f) => s + statSync(join(CERBOS_DIR, f)).size, 0);

console.log(`\n(4) cold start in a fresh Node process (median of ${COLD_RUNS}, ms) and artefact size`);
console.log(`${'engine'.padEnd(18)} ${'import'.padStart(8)} ${'load'.padStart(8)} ${'first'.padStart(8)} ${'total'.padStart(8)} ${'× Accord'.padStart(9)} ${'RSS MiB'.padStart(8)}  ${'engine code (min / gz)'.padEnd(24)} policy artefact`);
const accTotal = median(cold.Accord.map((x) => x.totalMs));
for (const [name] of coldEngines) {
  const xs = cold[name];
  const m = (k) => median(xs.map((x) => x[k]));
  const z = sizes[name];
  console.log(
    `${name.padEnd(18)} ${m('importMs').toFixed(1).padStart(8)} ${m('loadMs').toFixed(1).padStart(8)} ${m('firstMs').toFixed(2).padStart(8)} ${m('totalMs').toFixed(1).padStart(8)} ${`${(m('totalMs') / accTotal).toFixed(2)}×`.padStart(9)} ${m('rssMB').toFixed(0).padStart(8)}  ${`${kb(z.code.raw)} / ${kb(z.code.gz)}`.padEnd(24)} ${z.artefact}   [${z.codeNote}]`,
  );
}
console.log(
  `${'Cerbos'.padEnd(18)} ${cerbosStartupMs === undefined ? `not run: ${cerbosWhy}` : `process start → healthy ${cerbosStartupMs.toFixed(0)} ms (one start; includes policy compile)`}; binary ${kb(binarySize())}; ${policyFiles().length} policy YAML files ${kb(cerbosYaml)}`,
);
console.log(`Accord compile (canonical policy, parse → wasm): ${compileMs.toFixed(0)} ms in this process`);

// ── Scaling (Accord) ─────────────────────────────────────────────────────────────────────────
const SCALE_ROUNDS = QUICK ? 3 : 9;
const allowCase = CASES[4].input;

// (a) Policy size: N generated rules (half `deny contains`, half `permitted`) next to the canonical ones.
function generated(n) {
  let s = '';
  for (let i = 0; i < n; i++) {
    s +=
      i % 2 === 0
        ? `\ndeny contains "generated rule ${i}" if {\n\tinput.resource.type == "type_${i}"\n\tinput.action in {"read", "update"}\n\tinput.request.path == "/generated/${i}"\n}\n`
        : `\npermitted if {\n\t"role_${i}" in input.subject.roles\n\tinput.resource.type == "type_${i}"\n\tinput.action == "read"\n}\n`;
  }
  return s;
}
const ruleCounts = [0, 10, 100, 1000];
const bySize = [];
for (const n of ruleCounts) {
  const t0 = performance.now();
  const w = n === 0 ? wasm : compile({ modules: { 'authz.rego': regoSrc + generated(n) }, entrypoints: ENTRYPOINTS }).wasm;
  const ms = n === 0 ? compileMs : performance.now() - t0;
  const p = await loadPolicy(new WebAssembly.Module(w), undefined, hostBuiltins);
  for (const c of CASES) {
    if (!sameJson(p.evaluate(c.input, 'app/authz/decision')[0].result, accordDecide(c.input))) await abort(`generated policy (${n} rules) changes "${c.name}"`);
  }
  bySize.push({ n, ms, bytes: w.length, p });
}
const sizeS = await measure(
  bySize.map(({ n, p }) => ({ key: n, fn: (i) => p.evaluate(inputs[i % N], 'app/authz/decision') })),
  { rounds: SCALE_ROUNDS },
);

// (b) Roles in data: the same policy reading role_permissions from data, set with setData.
const dataSrc = regoSrc.replace('input.action in role_permissions[role][input.resource.type]', 'input.action in data.role_permissions[role][input.resource.type]');
if (dataSrc === regoSrc) await abort('could not derive the data-driven policy (permitted rule changed?)');
const dataWasm = compile({ modules: { 'authz.rego': dataSrc }, entrypoints: ENTRYPOINTS }).wasm;
const dataModule = new WebAssembly.Module(dataWasm);
const canonicalRoles = {
  admin: { document: ['read', 'create', 'update', 'delete'], audit: ['read'], user: ['read', 'revoke'], page: ['read'] },
  editor: { document: ['read', 'create', 'update', 'delete'], page: ['read'] },
  viewer: { document: ['read'], page: ['read'] },
  ci: { document: ['read'] },
};
const roleCounts = [10, 100, 1000, 10_000];
const byRoles = [];
for (const count of roleCounts) {
  const rp = { ...canonicalRoles };
  for (let i = 0; Object.keys(rp).length < count; i++) rp[`role-${i}`] = { document: ['read'], [`type-${i % 50}`]: ['read', 'update'] };
  const p = await loadPolicy(dataModule, undefined, hostBuiltins);
  const times = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    p.setData({ role_permissions: rp });
    times.push(performance.now() - t0);
  }
  for (const c of CASES) {
    if (!sameJson(p.evaluate(c.input, 'app/authz/decision')[0].result, accordDecide(c.input))) await abort(`data-driven policy (${count} roles) changes "${c.name}"`);
  }
  byRoles.push({ count, setDataMs: median(times), json: JSON.stringify(rp).length, p });
}
const rolesS = await measure(
  byRoles.map(({ count, p }) => ({ key: count, fn: (i) => p.evaluate(inputs[i % N], 'app/authz/decision') })),
  { rounds: SCALE_ROUNDS },
);

// (c) Input size: the allowed case padded with headers no rule reads.
const inputSizes = [1024, 10 * 1024, 100 * 1024, 1024 * 1024];
const padded = inputSizes.map((b) => {
  const x = padInput(allowCase, b);
  return { b, x, buf: enc.encode(JSON.stringify(x)).buffer, len: JSON.stringify(x).length };
});
for (const { x, b } of padded) if (accordDecide(x).allow !== true) await abort(`padded input ${b} B not allowed`);
const inputS = await measure(
  padded.flatMap(({ b, x, buf }) => [
    { key: `obj${b}`, fn: () => accord.evaluate(x, 'app/authz/decision') },
    { key: `buf${b}`, fn: () => accord.evaluate(buf, 'app/authz/decision') },
    { key: `json${b}`, fn: () => enc.encode(JSON.stringify(x)) },
  ]),
  { rounds: SCALE_ROUNDS },
);

const sp = (xs) => `${fmt(median(xs)).padStart(9)} µs  (${fmt(p10(xs))}–${fmt(p90(xs))})`;
console.log(`\nAccord scaling (µs per decision over the case table unless noted; ${SCALE_ROUNDS} interleaved rounds)`);
console.log('policy size      compile     .wasm        decision');
for (const { n, ms, bytes } of bySize) {
  console.log(`${`${n === 0 ? 'canonical' : `+${n} rules`}`.padEnd(16)} ${`${ms.toFixed(0)} ms`.padStart(8)}  ${kb(bytes).padStart(10)}  ${sp(sizeS.get(n))}  ${(median(sizeS.get(n)) / median(sizeS.get(0))).toFixed(2)}×`);
}
console.log('roles in data    setData     data JSON    decision');
for (const { count, setDataMs, json } of byRoles) {
  console.log(`${`${count} roles`.padEnd(16)} ${`${setDataMs.toFixed(1)} ms`.padStart(8)}  ${kb(json).padStart(10)}  ${sp(rolesS.get(count))}  ${(median(rolesS.get(count)) / median(rolesS.get(roleCounts[0]))).toFixed(2)}×`);
}
console.log('input size       evaluate(obj)                 evaluate(ArrayBuffer)         JSON.stringify + encode (floor)');
for (const { b, len } of padded) {
  console.log(`${kb(len).padEnd(16)} ${sp(inputS.get(`obj${b}`))}  ${sp(inputS.get(`buf${b}`))}  ${sp(inputS.get(`json${b}`))}`);
}

const load1 = loadavg();
console.log(`\ndone in ${((performance.now() - tStart) / 1000).toFixed(0)} s; load average at the end ${load1.map((x) => x.toFixed(2)).join(' ')}`);
await cleanup();
