// Fault injection on a PRIVATE redis-server started by this test on its own loopback port
// (the shared 6379 server is never touched): crash mid-run, slow server, restart and recovery.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CachedStore, SessionStoreError } from '../../src/session/index.js';
import { RedisStore } from '../../src/session/redis.js';
import { findRedisServer } from '../helpers/services.js';
import { sleep, until } from './contract.js';

const bin = findRedisServer();
const dir = mkdtempSync(join(tmpdir(), 'accord-redis-'));
let server: ChildProcess | undefined;

async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 6390 + Math.floor(Math.random() * 2000);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port');
}

async function startServer(port: number): Promise<void> {
  server = spawn(
    bin!,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--enable-debug-command', 'local'],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  const t0 = Date.now();
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      if (Date.now() - t0 > 5000) throw new Error('private redis-server did not start');
      await sleep(25);
    }
  }
}

async function stopServer(): Promise<void> {
  const s = server;
  server = undefined;
  if (!s || s.exitCode !== null) return;
  const exited = new Promise((r) => s.once('exit', r));
  s.kill('SIGKILL'); // a crash, not a clean shutdown
  await exited;
}

afterAll(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!bin)('RedisStore faults (private redis-server)', () => {
  it('server stopped mid-run: lookups fail typed and fast, then recover after restart', async () => {
    const port = await freePort();
    await startServer(port);
    const store = await RedisStore.connect({ url: `redis://127.0.0.1:${port}`, timeoutMs: 250 });
    const cached = new CachedStore(store, { maxStaleness: 60_000 });
    try {
      await until(() => cached.stats().feedConnected, 3000);
      const r = await store.create({ subject: 'f', ttlMs: 60_000 });
      expect((await cached.get(r.id))!.id).toBe(r.id);

      await stopServer();
      // Every lookup now fails with a typed error, bounded by the deadline; never a stale "valid".
      const codes: string[] = [];
      let worst = 0;
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        const err = await store.get(r.id).catch((e: unknown) => e);
        worst = Math.max(worst, performance.now() - t);
        expect(err).toBeInstanceOf(SessionStoreError);
        codes.push((err as SessionStoreError).code);
        await sleep(20);
      }
      expect(worst).toBeLessThan(250 + 100);
      expect(codes.at(-1)).toBe('ERR_STORE_UNAVAILABLE');
      expect(codes.every((c) => c === 'ERR_STORE_UNAVAILABLE' || c === 'ERR_STORE_TIMEOUT')).toBe(true);
      // Once the disconnect is known, failing is immediate (no offline queue).
      const t1 = performance.now();
      await expect(store.get(r.id)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      expect(performance.now() - t1).toBeLessThan(50);
      // The cache does not paper over the outage: its feed is down, so it asks the store and fails.
      expect(cached.stats().feedConnected).toBe(false);
      await expect(cached.get(r.id)).rejects.toBeInstanceOf(SessionStoreError);
      void t0;

      // Restart (nothing was persisted): the store answers again, and authoritative "unknown" is null.
      await startServer(port);
      const tRestart = performance.now();
      let recovered = false;
      while (!recovered && performance.now() - tRestart < 5000) {
        recovered = await store.get(r.id).then(
          (v) => v === null,
          () => false,
        );
        if (!recovered) await sleep(25);
      }
      expect(recovered).toBe(true);
      const r2 = await store.create({ subject: 'f', ttlMs: 60_000 });
      expect((await store.get(r2.id))!.id).toBe(r2.id);
      await until(() => cached.stats().feedConnected, 5000);
      console.info(`[faults] redis recovery after restart: ${(performance.now() - tRestart).toFixed(0)} ms`);
    } finally {
      await cached.close();
      await stopServer();
    }
  });

  it('a slow server (DEBUG SLEEP) yields ERR_STORE_TIMEOUT at the deadline', async () => {
    const port = await freePort();
    await startServer(port);
    const store = await RedisStore.connect({ url: `redis://127.0.0.1:${port}`, timeoutMs: 100 });
    const blocker = new Redis(port, '127.0.0.1');
    blocker.on('error', () => {});
    try {
      const r = await store.create({ subject: 's', ttlMs: 60_000 });
      const sleeping = blocker.call('DEBUG', 'SLEEP', '0.5').catch(() => undefined);
      await sleep(30);
      const t0 = performance.now();
      const err = await store.get(r.id).catch((e: unknown) => e);
      const ms = performance.now() - t0;
      expect(err).toBeInstanceOf(SessionStoreError);
      expect((err as SessionStoreError).code).toBe('ERR_STORE_TIMEOUT');
      expect(ms).toBeGreaterThanOrEqual(95);
      expect(ms).toBeLessThan(250);
      await sleeping;
      expect((await store.get(r.id))!.id).toBe(r.id);
    } finally {
      blocker.disconnect();
      await store.close();
      await stopServer();
    }
  });

  it('a store that never connected fails with ERR_STORE_UNAVAILABLE', async () => {
    const port = await freePort();
    await expect(RedisStore.connect({ url: `redis://127.0.0.1:${port}`, readyTimeoutMs: 300 })).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
    });
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}` });
    try {
      const t0 = performance.now();
      await expect(store.get('A'.repeat(43))).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      expect(performance.now() - t0).toBeLessThan(100);
    } finally {
      await store.close();
    }
  });
});
