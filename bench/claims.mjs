// Claims + session micro-benchmarks, in ONE process in interleaved rounds: every row runs one
// batch per round, in an order that rotates from round to round (load bursts from other
// processes hit every row alike); two warm-up rounds are dropped. Per batch: the median and the
// mean of per-operation times (sequential awaits: one request at a time, as a handler does).
// Reported: medians over rounds; ratios are medians over rounds of per-round ratios against the
// bare jose rows measured in the same round. Run: npm run bench:claims
// Redis/Postgres rows are skipped when the service is not reachable (REDIS_URL / DATABASE_URL or
// the machine defaults). Env: BENCH_ROUNDS (15).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, jwtVerify } from 'jose';

const load = (p) => tsImport(p, import.meta.url);
// What ships: the built entry points (npm run bench:claims builds them first); BENCH_SRC=1 runs
// the TypeScript sources through tsx instead.
const fromDist = !process.env.BENCH_SRC && existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));
const { createClaimsVerifier, MemoryStore, CachedStore } = fromDist ? await import('../dist/index.js') : await load('../src/index.ts');
const sessionModule = (name) => (fromDist ? import(`../dist/session-${name}.js`) : load(`../src/session/${name}.ts`));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP_ROUNDS = 2;
const ISS = 'https://issuer.bench';
const AUD = 'bench';
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const es = await generateKeyPair('ES256');
const claims = { iss: ISS, aud: AUD, sub: 'user-1', sid: 'x', exp: Math.floor(Date.now() / 1000) + 3600 };
const hsToken = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(secret);
const esToken = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().sign(es.privateKey);
const jwtOpts = (alg) => ({ issuer: ISS, audience: AUD, algorithms: [alg], requiredClaims: ['exp'] });
const hsKey = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
// A token read from a request is a new string every time (the verification cache hashes it).
const fresh = (t) => (' ' + t).slice(1);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = {};
const add = (name, n, fn, base = 'hs') => {
  rows[name] = { n, fn, base };
};

// 1. bare jose
add('jose jwtVerify HS256 (bare, raw secret)', 100, () => jwtVerify(hsToken, secret, jwtOpts('HS256')));
add('jose jwtVerify HS256 (bare, CryptoKey)', 100, () => jwtVerify(hsToken, hsKey, jwtOpts('HS256')));
add('jose jwtVerify ES256 (bare)', 50, () => jwtVerify(esToken, es.publicKey, jwtOpts('ES256')), 'es');

// 2. Accord verifier: cold (cache off) and cached
const verifier = (algorithms, keys, extra = {}) => createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms, keys, ...extra });
const hsCold = verifier(['HS256'], { secret }, { cache: false });
const hsColdWebCrypto = verifier(['HS256'], { secret }, { cache: false, syncHmac: false });
const esCold = verifier(['ES256'], { jwk: await exportJWK(es.publicKey) }, { cache: false });
const hsHot = verifier(['HS256'], { secret });
const esHot = verifier(['ES256'], { publicKey: await exportSPKI(es.publicKey) });
for (const v of [hsCold, hsColdWebCrypto, esCold, hsHot, esHot]) await v.ready();
await hsHot.verify(hsToken);
await esHot.verify(esToken);
add('verifier HS256 cold (synchronous HMAC)', 200, () => hsCold.verify(hsToken));
add('verifier HS256 cold (WebCrypto, syncHmac: false)', 100, () => hsColdWebCrypto.verify(hsToken));
add('verifier ES256 cold', 50, () => esCold.verify(esToken), 'es');
add('verifier HS256 cached, verify()', 2000, () => hsHot.verify(fresh(hsToken)));
add('verifier HS256 cached, verifySync()', 2000, () => hsHot.verifySync(fresh(hsToken)));
add('verifier ES256 cached, verifySync()', 2000, () => esHot.verifySync(fresh(esToken)), 'es');

// 3. Session stores
const mem = new MemoryStore();
const memRec = await mem.create({ subject: 'user-1', ttlMs: 3_600_000 });
add('MemoryStore.get', 2000, () => mem.get(memRec.id));
add('MemoryStore.getSync', 2000, () => mem.getSync(memRec.id));

const cleanup = [];
try {
  const { RedisStore } = await sessionModule('redis');
  const redisStore = await RedisStore.connect({ url: process.env.REDIS_URL, keyPrefix: `accord-bench:${process.pid}:` });
  const rec = await redisStore.create({ subject: 'user-1', ttlMs: 3_600_000 });
  const cached = new CachedStore(redisStore, { maxStaleness: 60_000 });
  const t0 = Date.now();
  while (!cached.stats().feedConnected && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
  await cached.get(rec.id);
  add('RedisStore.get (1 Lua round trip)', 100, () => redisStore.get(rec.id));
  add('CachedStore(Redis).get hit', 2000, () => cached.get(rec.id));
  add('CachedStore(Redis).getSync hit', 2000, () => cached.getSync(rec.id));
  cleanup.push(async () => {
    await redisStore.destroyAll();
    await cached.close();
  });
} catch (err) {
  console.warn(`(redis rows skipped: ${err.message})`);
}

try {
  const pg = (await import('pg')).default;
  const { PostgresStore, migrate } = await sessionModule('postgres');
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 1000 });
  pool.on('error', () => {});
  const schema = `accord_bench_${process.pid}`;
  try {
    await migrate(pool, { schema });
    const store = new PostgresStore({ pool, schema });
    const rec = await store.create({ subject: 'user-1', ttlMs: 3_600_000 });
    add('PostgresStore.get (prepared)', 50, () => store.get(rec.id));
    cleanup.push(async () => {
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
      await pool.end();
    });
  } catch (err) {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await pool.end();
    throw err;
  }
} catch (err) {
  console.warn(`(postgres row skipped: ${err.message})`);
}

// Interleaved rounds.
const names = Object.keys(rows);
const m = Object.fromEntries(names.map((k) => [k, { p50: [], mean: [] }]));
for (let r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
  const k = ((r % names.length) + names.length) % names.length;
  for (const name of [...names.slice(k), ...names.slice(0, k)]) {
    const { n, fn } = rows[name];
    await new Promise((res) => setImmediate(res));
    const per = new Float64Array(n);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const a = process.hrtime.bigint();
      await fn(i);
      per[i] = Number(process.hrtime.bigint() - a) / 1000;
    }
    const mean = Number(process.hrtime.bigint() - t0) / 1000 / n;
    if (r < 0) continue;
    per.sort();
    m[name].p50.push(per[n >> 1]);
    m[name].mean.push(mean);
  }
}
const BASE = { hs: 'jose jwtVerify HS256 (bare, raw secret)', es: 'jose jwtVerify ES256 (bare)' };
const ratio = (name, base, field) => median(m[name][field].map((v, i) => v / m[base][field][i]));

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const w = Math.max(...names.map((n) => n.length)) + 2;
console.log(`\nnode ${process.version}, ${fromDist ? 'dist/' : 'src/ (tsx)'}, ${ROUNDS} interleaved rounds (+${WARMUP_ROUNDS} warm-up); medians over rounds of batch medians / means\n`);
console.log(`${pad('case', w)}${lpad('p50 µs', 10)}${lpad('mean µs', 10)}${lpad('× bare HS256', 14)}${lpad('× bare ES256', 14)}`);
console.log('-'.repeat(w + 48));
for (const name of names) {
  const es256 = rows[name].base === 'es' ? ratio(name, BASE.es, 'p50').toFixed(3) : '';
  console.log(`${pad(name, w)}${lpad(median(m[name].p50).toFixed(2), 10)}${lpad(median(m[name].mean).toFixed(2), 10)}${lpad(ratio(name, BASE.hs, 'p50').toFixed(3), 14)}${lpad(es256, 14)}`);
}
const cachedRatio = ratio('verifier HS256 cached, verify()', BASE.hs, 'p50');
console.log(`\ntarget: cached ≤ 0.2× bare HS256 → ${cachedRatio.toFixed(3)}× ${cachedRatio <= 0.2 ? 'OK' : 'MISSED'} (verify(); verifySync() ${ratio('verifier HS256 cached, verifySync()', BASE.hs, 'p50').toFixed(3)}×)`);
for (const c of cleanup) await c();
process.exit(0);
