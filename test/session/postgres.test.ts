// PostgresStore + migrate() against the shared Postgres (DATABASE_URL or 127.0.0.1:5432/test).
// One schema per run, dropped afterwards. Skips loudly when absent (fails under ACCORD_REQUIRE_SERVICES=1).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedStore, SessionStoreError } from '../../src/session/index.js';
import { MIGRATIONS } from '../../src/session/migrations.js';
import { PostgresStore, migrate } from '../../src/session/postgres.js';
import { detectPostgres, runId } from '../helpers/services.js';
import { sleep, storeContract, subscribed, until } from './contract.js';

const url = await detectPostgres();
const id = runId();
const schema = `accord_test_${id}`;
const app = `accord_t_${id}`;
let pool: pg.Pool;
let admin: pg.Pool;

function make(extra: Partial<ConstructorParameters<typeof PostgresStore>[0]> = {}): PostgresStore {
  return new PostgresStore({ pool, schema, maxLifetimeMs: 120_000, listenRetryMs: { min: 20, max: 200 }, ...extra });
}

async function terminate(applicationName: string): Promise<number> {
  const r = await admin.query('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return r.rows[0].n;
}

beforeAll(async () => {
  if (!url) return;
  pool = new pg.Pool({ connectionString: url, application_name: app, max: 4, connectionTimeoutMillis: 1000 });
  pool.on('error', () => {});
  admin = new pg.Pool({ connectionString: url, max: 2 });
  admin.on('error', () => {});
  await migrate(pool, { schema });
});

afterAll(async () => {
  if (!url) return;
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}_m" CASCADE`);
  await pool.end();
  await admin.end();
});

describe.skipIf(!url)('PostgresStore', () => {
  storeContract('PostgresStore', async () => make(), { maxLifetimeMs: 120_000, hasFeed: true });
  storeContract('CachedStore(PostgresStore)', async () => new CachedStore(make()), { maxLifetimeMs: 120_000, hasFeed: true });

  describe('migrate()', () => {
    it('the embedded SQL is byte-identical to migrations/001_sessions.sql', () => {
      const file = readFileSync(new URL('../../migrations/001_sessions.sql', import.meta.url), 'utf8');
      expect(MIGRATIONS[0].sql).toBe(file);
    });

    it('is idempotent and safe to run concurrently', async () => {
      const target = `${schema}_m`;
      const results = await Promise.all([migrate(pool, { schema: target }), migrate(pool, { schema: target }), migrate(pool, { schema: target })]);
      expect(results.flatMap((r) => r.applied)).toEqual([1]);
      expect(await migrate(pool, { schema: target })).toEqual({ schema: target, applied: [], current: 1 });
      const v = await admin.query(`SELECT version, name FROM "${target}".accord_migrations`);
      expect(v.rows).toEqual([{ version: 1, name: '001_sessions.sql' }]);
    });

    it('refuses unsafe schema names', async () => {
      await expect(migrate(pool, { schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(TypeError);
      expect(() => new PostgresStore({ pool, schema: 'Robert); --' })).toThrow(TypeError);
    });
  });

  it('an unmigrated schema reads as unavailable, never as "no session"', async () => {
    const s = new PostgresStore({ pool, schema: 'accord_nonexistent_schema' });
    try {
      await expect(s.get('A'.repeat(43))).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    } finally {
      await s.close();
    }
  });

  it('an unreachable server fails fast with ERR_STORE_UNAVAILABLE', async () => {
    const s = new PostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none', timeoutMs: 2000 });
    try {
      const t0 = performance.now();
      const err = await s.get('A'.repeat(43)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SessionStoreError);
      expect((err as SessionStoreError).code).toBe('ERR_STORE_UNAVAILABLE');
      expect(performance.now() - t0).toBeLessThan(1500);
    } finally {
      await s.close();
    }
  });

  it('a blocked write hits ERR_STORE_TIMEOUT at its deadline', async () => {
    const s = make({ timeoutMs: 150 });
    const r = await s.create({ subject: 'lock', ttlMs: 60_000 });
    const locker = await admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM "${schema}".accord_sessions WHERE id = $1 FOR UPDATE`, [r.id]);
      const t0 = performance.now();
      await expect(s.revoke(r.id)).rejects.toMatchObject({ code: 'ERR_STORE_TIMEOUT' });
      expect(performance.now() - t0).toBeLessThan(400);
      // Reads are not blocked by the row lock (MVCC).
      expect((await s.get(r.id))!.revoked).toBe(false);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
      await s.close();
    }
  });

  it('connection drop (pg_terminate_backend) mid-operation: typed error, then recovery', async () => {
    const s = make({ timeoutMs: 5000 });
    const r = await s.create({ subject: 'drop', ttlMs: 60_000 });
    const locker = await admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM "${schema}".accord_sessions WHERE id = $1 FOR UPDATE`, [r.id]);
      const pending = s.revoke(r.id).catch((e: unknown) => e); // waits on the row lock
      await sleep(100);
      expect(await terminate(app)).toBeGreaterThan(0);
      const err = await pending;
      expect(err).toBeInstanceOf(SessionStoreError);
      expect((err as SessionStoreError).code).toBe('ERR_STORE_UNAVAILABLE');
      await locker.query('ROLLBACK');
      // Recovery: the pool replaces the dead connections.
      await until(() => true);
      let ok = false;
      for (let i = 0; i < 20 && !ok; i++) {
        ok = await s.revoke(r.id).then(
          () => true,
          () => false,
        );
        if (!ok) await sleep(50);
      }
      expect(ok).toBe(true);
      expect((await s.get(r.id))!.revoked).toBe(true);
    } finally {
      locker.release();
      await s.close();
    }
  });

  it('NOTIFY evicts another instance cache; LISTEN drop disables the cache, then recovers', async () => {
    const writer = make();
    const reader = new CachedStore(make(), { maxStaleness: 60_000 });
    try {
      await subscribed(reader);
      await until(() => reader.stats().feedConnected);
      const r = await writer.create({ subject: 'n', ttlMs: 60_000 });
      await reader.get(r.id);
      await reader.get(r.id);
      expect(reader.stats()).toMatchObject({ hits: 1, size: 1 });
      const t0 = performance.now();
      await writer.revoke(r.id);
      await until(() => reader.stats().size === 0, 1000);
      expect(performance.now() - t0).toBeLessThan(100);
      expect((await reader.get(r.id))!.revoked).toBe(true);

      // Kill the LISTEN connection: the cache must stop serving until LISTEN is re-established.
      const s2 = await writer.create({ subject: 'n2', ttlMs: 60_000 });
      await reader.get(s2.id);
      expect(await terminate(`${app}_listen`)).toBeGreaterThan(0);
      await until(() => !reader.stats().feedConnected, 2000);
      expect(reader.stats().size).toBe(0);
      await until(() => reader.stats().feedConnected, 5000);
      await reader.get(s2.id);
      expect(reader.stats().size).toBe(1);
      await writer.revoke(s2.id);
      await until(() => reader.stats().size === 0, 1000);
      expect((await reader.get(s2.id))!.revoked).toBe(true);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('purgeExpired removes dead rows', async () => {
    let now = Date.now();
    const s = make({ clock: () => now });
    try {
      await s.create({ subject: 'old', ttlMs: 1000 });
      await s.revokeSubject('old', new Date(now));
      now += 200_000;
      const res = await s.purgeExpired();
      expect(res.sessions).toBeGreaterThanOrEqual(1);
      expect(res.cutoffs).toBeGreaterThanOrEqual(1);
    } finally {
      await s.close();
    }
  });
});
