// RedisStore against the shared Redis (REDIS_URL or 127.0.0.1:6379). Unique key prefix per run,
// deleted afterwards. Skips loudly when Redis is absent (fails when ACCORD_REQUIRE_SERVICES=1).
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CachedStore } from '../../src/session/index.js';
import { RedisStore } from '../../src/session/redis.js';
import { detectRedis, runId } from '../helpers/services.js';
import { sleep, storeContract, subscribed, until } from './contract.js';

const url = await detectRedis();
const root = `accord-test:${runId()}:`;
let n = 0;

async function make(extra: Partial<ConstructorParameters<typeof RedisStore>[0]> = {}): Promise<RedisStore> {
  return RedisStore.connect({ url, keyPrefix: `${root}${n++}:`, maxLifetimeMs: 120_000, ...extra });
}

afterAll(async () => {
  if (!url) return;
  const c = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await c.scan(cursor, 'MATCH', `${root}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await c.del(...keys);
  } while (cursor !== '0');
  c.disconnect();
});

describe.skipIf(!url)('RedisStore', () => {
  storeContract('RedisStore', () => make(), { maxLifetimeMs: 120_000, hasFeed: true });
  storeContract('CachedStore(RedisStore)', async () => new CachedStore(await make()), { maxLifetimeMs: 120_000, hasFeed: true });

  it('keys live under the prefix, expire with the session, and prefixes isolate stores', async () => {
    const a = await make();
    const b = await make();
    try {
      const r = await a.create({ subject: 'p', ttlMs: 5000 });
      expect(await b.get(r.id)).toBeNull();
      const ttl = await a.client.pttl(`${a.keyPrefix}s:${r.id}`);
      expect(ttl).toBeGreaterThan(4000);
      expect(ttl).toBeLessThanOrEqual(5000);
      await a.revokeSubject('p', new Date());
      expect(await a.client.pttl(`${a.keyPrefix}c:p`)).toBeGreaterThan(100_000);
      expect(await a.destroyAll()).toBe(2);
      expect(await a.get(r.id)).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('corrupt data is reported as ERR_STORE_CORRUPT, not as a session', async () => {
    const s = await make();
    try {
      const r = await s.create({ subject: 'q', ttlMs: 5000 });
      await s.client.hset(`${s.keyPrefix}s:${r.id}`, 'd', '{not json');
      await expect(s.get(r.id)).rejects.toMatchObject({ code: 'ERR_STORE_CORRUPT' });
      await s.client.hset(`${s.keyPrefix}s:${r.id}`, 'd', JSON.stringify({ kind: 'robot', auth_time: 1, metadata: {} }));
      await expect(s.get(r.id)).rejects.toMatchObject({ code: 'ERR_STORE_CORRUPT' });
      for (const d of ['null', '42', '"text"', '[]']) {
        await s.client.hset(`${s.keyPrefix}s:${r.id}`, 'd', d);
        await expect(s.get(r.id), d).rejects.toMatchObject({ code: 'ERR_STORE_CORRUPT' });
      }
    } finally {
      await s.close();
    }
  });

  it('subject revocations work through a client with its own ioredis keyPrefix', async () => {
    // ioredis prefixes the keys a script is given, not the ones it builds from the session's
    // subject: the cutoff must be written and read under the same name.
    const s = await make({ redisOptions: { keyPrefix: `${root}io${n++}:` } });
    try {
      const a = await s.create({ subject: 'mallory', ttlMs: 60_000 });
      const k = await s.create({ subject: 'svc:m', kind: 'service', ttlMs: 60_000 });
      expect((await s.get(a.id))!.revoked).toBe(false);
      await s.revokeSubject('mallory', new Date(a.created_at));
      await s.revokeServiceAccount('svc:m', { before: new Date(k.created_at) });
      expect((await s.get(a.id))!.revoked).toBe(true);
      expect((await s.get(k.id))!.revoked).toBe(true);
      expect(await s.touch(a.id, 60_000)).toMatchObject({ revoked: true });
      expect(await s.destroyAll()).toBe(4); // two sessions, two cutoffs, all under both prefixes
    } finally {
      await s.close();
    }
  });

  it('reloads scripts after SCRIPT FLUSH', async () => {
    const s = await make();
    try {
      const r = await s.create({ subject: 'r', ttlMs: 5000 });
      await s.client.script('FLUSH');
      expect((await s.get(r.id))!.id).toBe(r.id);
    } finally {
      await s.close();
    }
  });

  it('a revocation by one instance evicts another instance cache via pub/sub', async () => {
    const prefix = `${root}shared:`;
    const writer = await make({ keyPrefix: prefix });
    const reader = new CachedStore(await make({ keyPrefix: prefix }), { maxStaleness: 60_000 });
    try {
      await subscribed(reader); // waits until the reader's feed is up
      await until(() => reader.stats().feedConnected);
      const r = await writer.create({ subject: 'x', ttlMs: 60_000 });
      expect((await reader.get(r.id))!.revoked).toBe(false);
      expect((await reader.get(r.id))!.revoked).toBe(false);
      expect(reader.stats().hits).toBe(1);
      const t0 = performance.now();
      await writer.revoke(r.id);
      await until(() => reader.stats().size === 0, 1000);
      const ms = performance.now() - t0;
      expect((await reader.get(r.id))!.revoked).toBe(true);
      expect(ms).toBeLessThan(100);
      // Subject-level, too.
      const s = await writer.create({ subject: 'y', ttlMs: 60_000 });
      await reader.get(s.id);
      const size = reader.stats().size;
      await sleep(2);
      await writer.revokeSubject('y', new Date());
      await until(() => reader.stats().size === size - 1, 1000);
      expect((await reader.get(s.id))!.revoked).toBe(true);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
