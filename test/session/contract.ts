// One behavioural contract, run against every SessionStore implementation.
import { describe, expect, it } from 'vitest';
import { SessionRecordSchema, SessionStoreError, isSessionId } from '../../src/session/index.js';
import type { RevocationEvent, SessionStore } from '../../src/session/index.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Subscribe and wait until the feed reports up. */
export async function subscribed(store: SessionStore, events: RevocationEvent[] = []): Promise<{ events: RevocationEvent[]; stop: () => void }> {
  let up!: () => void;
  const ready = new Promise<void>((r) => (up = r));
  const stop = store.subscribe!({
    onEvent: (e) => events.push(e),
    onStatus: (s) => {
      if (s) up();
    },
  });
  await Promise.race([ready, sleep(3000).then(() => Promise.reject(new Error('feed did not come up')))]);
  return { events, stop };
}

export async function until(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}

export interface ContractOptions {
  /** maxLifetimeMs the factory configured. */
  maxLifetimeMs: number;
  hasFeed: boolean;
}

export function storeContract(name: string, make: () => Promise<SessionStore>, opts: ContractOptions): void {
  describe(`${name}: SessionStore contract`, () => {
    it('create / get round-trip a valid record with a 256-bit id', async () => {
      const store = await make();
      try {
        const r = await store.create({ subject: 'alice', ttlMs: 60_000, amr: ['pwd', 'otp'], metadata: { tenant: 't1', n: 1.25, nested: { a: [] } } });
        expect(SessionRecordSchema.parse(r)).toEqual(r);
        expect(isSessionId(r.id)).toBe(true);
        expect(r).toMatchObject({ subject: 'alice', kind: 'user', version: 1, revoked: false, amr: ['pwd', 'otp'] });
        expect(r.expires_at - r.created_at).toBe(60_000);
        const got = await store.get(r.id);
        expect(got).toEqual(r);
        const ids = new Set(await Promise.all(Array.from({ length: 20 }, () => store.create({ subject: 'bob', ttlMs: 1000 }).then((x) => x.id))));
        expect(ids.size).toBe(20);
      } finally {
        await store.close();
      }
    });

    it('unknown, malformed and expired ids read as null', async () => {
      const store = await make();
      try {
        expect(await store.get('A'.repeat(43))).toBeNull();
        for (const bad of ['', 'short', '../../etc/passwd', 'A'.repeat(44), 'A'.repeat(42) + '*', 42 as never]) {
          expect(await store.get(bad)).toBeNull();
        }
        const r = await store.create({ subject: 'carol', ttlMs: 80 });
        expect(await store.get(r.id)).not.toBeNull();
        await sleep(120);
        expect(await store.get(r.id)).toBeNull();
        expect(await store.revoke(r.id)).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('revoke is authoritative, idempotent and reports existence', async () => {
      const store = await make();
      try {
        const r = await store.create({ subject: 'dave', ttlMs: 60_000 });
        const other = await store.create({ subject: 'dave', ttlMs: 60_000 });
        expect(await store.revoke(r.id)).toBe(true);
        const got = await store.get(r.id);
        expect(got).toMatchObject({ id: r.id, revoked: true, version: 2 });
        expect(got!.revoked_at).toBeGreaterThanOrEqual(r.created_at);
        expect(await store.revoke(r.id)).toBe(true);
        expect((await store.get(r.id))!.version).toBe(2);
        expect((await store.get(other.id))!.revoked).toBe(false);
        expect(await store.revoke('B'.repeat(43))).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('revokeSubject revokes sessions created before T, not after, and never moves back', async () => {
      const store = await make();
      try {
        const s = `erin-${Math.random()}`;
        const a = await store.create({ subject: s, ttlMs: 60_000 });
        const b = await store.create({ subject: s, ttlMs: 60_000, kind: 'service' });
        const bystander = await store.create({ subject: `${s}-other`, ttlMs: 60_000 });
        await sleep(5);
        const cutoff = new Date();
        await sleep(5);
        const c = await store.create({ subject: s, ttlMs: 60_000 });
        await store.revokeSubject(s, cutoff);
        expect((await store.get(a.id))!.revoked).toBe(true);
        expect((await store.get(b.id))!.revoked).toBe(true);
        expect((await store.get(a.id))!.revoked_at).toBeGreaterThanOrEqual(cutoff.getTime());
        expect((await store.get(c.id))!.revoked).toBe(false);
        expect((await store.get(bystander.id))!.revoked).toBe(false);
        // An older cutoff does not un-revoke anything.
        await store.revokeSubject(s, new Date(0));
        expect((await store.get(a.id))!.revoked).toBe(true);
        // A newer one catches c.
        await sleep(2);
        await store.revokeSubject(s, new Date());
        expect((await store.get(c.id))!.revoked).toBe(true);
        // Sessions created after the cutoff (new login after a password change) are fine.
        await sleep(2);
        const d = await store.create({ subject: s, ttlMs: 60_000 });
        expect((await store.get(d.id))!.revoked).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('a subject cutoff includes its own millisecond: nothing created before the call escapes it', async () => {
      const store = await make();
      try {
        const s = `frank-${Math.random()}`;
        // Many sessions in quick succession: several share the revocation's millisecond.
        const made = [];
        for (let i = 0; i < 40; i++) made.push(await store.create({ subject: s, ttlMs: 60_000 }));
        await store.revokeSubject(s, new Date(made.at(-1)!.created_at));
        const acct = `svc:gen-${Math.random()}`;
        const keys = [];
        for (let i = 0; i < 40; i++) keys.push(await store.create({ subject: acct, kind: 'service', ttlMs: 60_000 }));
        await store.revokeServiceAccount(acct, { before: new Date(keys.at(-1)!.created_at) });
        const survivors = [];
        for (const r of [...made, ...keys]) if (!(await store.get(r.id))!.revoked) survivors.push(r.id);
        expect(survivors).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('revokeServiceAccount revokes every API key (service session) of the account', async () => {
      const store = await make();
      try {
        const acct = `svc:ci-${Math.random()}`;
        const k1 = await store.create({ subject: acct, kind: 'service', ttlMs: 60_000, metadata: { label: 'deploy' } });
        const k2 = await store.create({ subject: acct, kind: 'service', ttlMs: 60_000 });
        await sleep(2);
        await store.revokeServiceAccount(acct);
        expect((await store.get(k1.id))!).toMatchObject({ revoked: true, kind: 'service' });
        expect((await store.get(k2.id))!.revoked).toBe(true);
        // One key alone:
        await sleep(2);
        const k3 = await store.create({ subject: acct, kind: 'service', ttlMs: 60_000 });
        const k4 = await store.create({ subject: acct, kind: 'service', ttlMs: 60_000 });
        await store.revoke(k3.id);
        expect((await store.get(k3.id))!.revoked).toBe(true);
        expect((await store.get(k4.id))!.revoked).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('touch slides expiry, bounded by maxLifetime, never on revoked sessions', async () => {
      const store = await make();
      try {
        const r = await store.create({ subject: 'frank', ttlMs: 1000 });
        const t = await store.touch(r.id, 5000);
        expect(t!.expires_at).toBeGreaterThanOrEqual(r.created_at + 5000);
        expect(t!.version).toBe(2);
        // Never shortens.
        const t2 = await store.touch(r.id, 10);
        expect(t2!.expires_at).toBe(t!.expires_at);
        // Capped at created_at + maxLifetime.
        const t3 = await store.touch(r.id, opts.maxLifetimeMs * 10);
        expect(t3!.expires_at).toBe(r.created_at + opts.maxLifetimeMs);
        await store.revoke(r.id);
        const before = (await store.get(r.id))!;
        const t4 = await store.touch(r.id, opts.maxLifetimeMs);
        expect(t4!.revoked).toBe(true);
        expect(t4!.expires_at).toBe(before.expires_at);
        expect(await store.touch('C'.repeat(43), 1000)).toBeNull();
        // A subject cutoff also stops sliding.
        const s = await store.create({ subject: 'frank2', ttlMs: 1000 });
        await sleep(2);
        await store.revokeSubject('frank2', new Date());
        const t5 = await store.touch(s.id, 5000);
        expect(t5).toMatchObject({ revoked: true, expires_at: s.expires_at });
      } finally {
        await store.close();
      }
    });

    it('create caps ttl at maxLifetime', async () => {
      const store = await make();
      try {
        const r = await store.create({ subject: 'gina', ttlMs: opts.maxLifetimeMs * 100 });
        expect(r.expires_at - r.created_at).toBe(opts.maxLifetimeMs);
      } finally {
        await store.close();
      }
    });

    if (opts.hasFeed) {
      it('broadcasts revocation events', async () => {
        const store = await make();
        try {
          const { events, stop } = await subscribed(store);
          const r = await store.create({ subject: 'hank', ttlMs: 60_000 });
          await store.revoke(r.id);
          await store.revokeSubject('hank', new Date(1234));
          await store.revokeServiceAccount('svc:x', { before: new Date(5678) });
          await until(() => events.length >= 3);
          expect(events).toEqual([
            { type: 'session', id: r.id },
            { type: 'subject', subject: 'hank', before: 1234 },
            { type: 'subject', subject: 'svc:x', before: 5678, kind: 'service' },
          ]);
          stop();
        } finally {
          await store.close();
        }
      });
    }

    it('fails typed after close and on an aborted signal', async () => {
      const store = await make();
      const r = await store.create({ subject: 'ivy', ttlMs: 60_000 });
      const ac = new AbortController();
      ac.abort();
      await expect(store.get(r.id, { signal: ac.signal })).rejects.toMatchObject({ code: 'ERR_STORE_TIMEOUT' });
      await store.close();
      const err = await store.get(r.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SessionStoreError);
      expect((err as SessionStoreError).code).toBe('ERR_STORE_UNAVAILABLE');
    });
  });
}
