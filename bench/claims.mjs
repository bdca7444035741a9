// Claims + session micro-benchmarks. Medians of several timed batches, sequential awaits (one
// request at a time, as a handler would do). Run: node bench/claims.mjs
// Redis/Postgres rows are skipped when the service is not reachable (REDIS_URL / DATABASE_URL or
// the machine defaults).
import { tsImport } from 'tsx/esm/api';
import { SignJWT, generateKeyPair, jwtVerify } from 'jose';

const load = (p) => tsImport(p, import.meta.url);
const { createClaimsVerifier } = await load('../src/claims/index.ts');
const { MemoryStore, CachedStore } = await load('../src/session/index.ts');

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 9);
const ISS = 'https://issuer.bench';
const AUD = 'bench';
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const es = await generateKeyPair('ES256');
const claims = { iss: ISS, aud: AUD, sub: 'user-1', sid: 'x', exp: Math.floor(Date.now() / 1000) + 3600 };
const hsToken = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(secret);
const esToken = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().sign(es.privateKey);
const jwtOpts = (alg) => ({ issuer: ISS, audience: AUD, algorithms: [alg], requiredClaims: ['exp'] });

async function bench(fn, { iterations, warmup = Math.ceil(iterations / 5) }) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn(i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [];
const add = (name, us, base) => rows.push({ name, us, base });

// 1. bare jose
const bareHS = await bench(() => jwtVerify(hsToken, secret, jwtOpts('HS256')), { iterations: 2000 });
add('jose jwtVerify HS256 (bare)', bareHS, 'hs');
const bareES = await bench(() => jwtVerify(esToken, es.publicKey, jwtOpts('ES256')), { iterations: 1000 });
add('jose jwtVerify ES256 (bare)', bareES, 'es');

// 2. Accord verifier, cold (cache off) and cached
const hsCold = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret }, cache: false });
await hsCold.ready();
add('verifier HS256 cold (no cache)', await bench(() => hsCold.verify(hsToken), { iterations: 2000 }), 'hs');
const esCold = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { jwk: await (await import('jose')).exportJWK(es.publicKey) }, cache: false });
await esCold.ready();
add('verifier ES256 cold (no cache)', await bench(() => esCold.verify(esToken), { iterations: 1000 }), 'es');
const hsHot = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret } });
await hsHot.verify(hsToken);
add('verifier HS256 cached', await bench(() => hsHot.verify(hsToken), { iterations: 50_000 }), 'hs');
const esHot = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { publicKey: await (await import('jose')).exportSPKI(es.publicKey) } });
await esHot.verify(esToken);
add('verifier ES256 cached', await bench(() => esHot.verify(esToken), { iterations: 50_000 }), 'es');

// 3. Session stores
const mem = new MemoryStore();
const memRec = await mem.create({ subject: 'user-1', ttlMs: 3_600_000 });
add('MemoryStore.get', await bench(() => mem.get(memRec.id), { iterations: 50_000 }), 'hs');

let redisStore;
try {
  const { RedisStore } = await load('../src/session/redis.ts');
  redisStore = await RedisStore.connect({ url: process.env.REDIS_URL, keyPrefix: `accord-bench:${process.pid}:` });
  const rec = await redisStore.create({ subject: 'user-1', ttlMs: 3_600_000 });
  add('RedisStore.get (1 Lua round trip)', await bench(() => redisStore.get(rec.id), { iterations: 2000 }), 'hs');
  const cached = new CachedStore(redisStore, { maxStaleness: 1000 });
  const t0 = Date.now();
  while (!cached.stats().feedConnected && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
  await cached.get(rec.id);
  add('CachedStore(Redis).get hit', await bench(() => cached.get(rec.id), { iterations: 50_000, warmup: 100 }), 'hs');
  await redisStore.destroyAll();
  await cached.close();
} catch (err) {
  console.warn(`(redis rows skipped: ${err.message})`);
  await redisStore?.close();
}

try {
  const pg = (await import('pg')).default;
  const { PostgresStore, migrate } = await load('../src/session/postgres.ts');
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 1000 });
  pool.on('error', () => {});
  const schema = `accord_bench_${process.pid}`;
  try {
    await migrate(pool, { schema });
    const store = new PostgresStore({ pool, schema });
    const rec = await store.create({ subject: 'user-1', ttlMs: 3_600_000 });
    add('PostgresStore.get (prepared)', await bench(() => store.get(rec.id), { iterations: 1000 }), 'hs');
    await store.close();
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await pool.end();
  }
} catch (err) {
  console.warn(`(postgres row skipped: ${err.message})`);
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nnode ${process.version}, median of ${SAMPLES} batches\n`);
console.log(`${pad('case', 38)}${lpad('µs/op', 10)}${lpad('× bare HS256', 14)}${lpad('× bare ES256', 14)}`);
console.log('-'.repeat(76));
for (const r of rows) {
  const esRatio = r.base === 'es' ? (r.us / bareES).toFixed(3) : '';
  console.log(`${pad(r.name, 38)}${lpad(r.us.toFixed(2), 10)}${lpad((r.us / bareHS).toFixed(3), 14)}${lpad(esRatio, 14)}`);
}
const cachedHS = rows.find((r) => r.name === 'verifier HS256 cached').us;
console.log(`\ntarget: cached ≤ 0.2× bare HS256 → ${(cachedHS / bareHS).toFixed(3)}× ${cachedHS / bareHS <= 0.2 ? 'OK' : 'MISSED'}`);
process.exit(0);
