import { describe, expect, it } from 'vitest';
import {
  CachedStore,
  MemoryStore,
  SessionRecordSchema,
  SessionStoreError,
  isSessionId,
  newSessionId,
  withDeadline,
} from '../../src/session/index.js';
import type { SessionRecord, SessionStore } from '../../src/session/index.js';
import { sleep, storeContract } from './contract.js';

storeContract('MemoryStore', async () => new MemoryStore({ maxLifetimeMs: 120_000 }), { maxLifetimeMs: 120_000, hasFeed: true });
storeContract('CachedStore(MemoryStore)', async () => new CachedStore(new MemoryStore({ maxLifetimeMs: 120_000 })), {
  maxLifetimeMs: 120_000,
  hasFeed: true,
});

/** The store's operations without its revocation feed (a shared store that has none). */
function withoutFeed(inner: SessionStore): SessionStore {
  return {
    name: 'feedless',
    create: (i, o) => inner.create(i, o),
    get: (id, o) => inner.get(id, o),
    touch: (id, t, o) => inner.touch(id, t, o),
    revoke: (id, o) => inner.revoke(id, o),
    revokeSubject: (s, b, o) => inner.revokeSubject(s, b, o),
    revokeServiceAccount: (s, o) => inner.revokeServiceAccount(s, o),
    close: () => inner.close(),
  };
}

/** A store that answers after `delayMs`, ignoring the abort signal (the worst case). */
export function slowStore(inner: SessionStore, delayMs: number): SessionStore {
  const delay = <T>(p: () => Promise<T>) => sleep(delayMs).then(p);
  return {
    name: `slow(${inner.name})`,
    create: (i, o) => delay(() => inner.create(i, o)),
    get: (id) => delay(() => inner.get(id)),
    touch: (id, ttl) => delay(() => inner.touch(id, ttl)),
    revoke: (id) => delay(() => inner.revoke(id)),
    revokeSubject: (s, b) => delay(() => inner.revokeSubject(s, b)),
    revokeServiceAccount: (s, o) => delay(() => inner.revokeServiceAccount(s, o)),
    close: () => inner.close(),
  };
}

describe('session ids and records', () => {
  it('ids are 43-char base64url (256 bits) and distinct', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newSessionId()));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(isSessionId(id)).toBe(true);
    // Every base64url character shows up: the encoding is not truncated or biased to a subset.
    const chars = new Set([...ids].join(''));
    expect(chars.size).toBe(64);
  });

  it('the schema rejects malformed records', () => {
    const ok: SessionRecord = {
      id: newSessionId(),
      subject: 's',
      created_at: 1,
      expires_at: 2,
      version: 1,
      revoked: false,
      auth_time: 1,
      kind: 'user',
      metadata: {},
    };
    expect(SessionRecordSchema.safeParse(ok).success).toBe(true);
    for (const bad of [{ id: 'x' }, { kind: 'robot' }, { version: 0 }, { revoked: 'no' }, { created_at: -1 }, { subject: '' }]) {
      expect(SessionRecordSchema.safeParse({ ...ok, ...bad }).success).toBe(false);
    }
  });
});

describe('MemoryStore specifics', () => {
  it('honours an injected clock for expiry', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const r = await store.create({ subject: 'a', ttlMs: 1000 });
    now += 999;
    expect(await store.get(r.id)).not.toBeNull();
    now += 1;
    expect(await store.get(r.id)).toBeNull();
  });

  it('returns frozen records', async () => {
    const store = new MemoryStore();
    const r = await store.create({ subject: 'a', ttlMs: 1000, amr: ['pwd'] });
    const got = (await store.get(r.id))!;
    expect(() => {
      (got as { revoked: boolean }).revoked = true;
    }).toThrow();
    expect(Object.isFrozen(got.amr)).toBe(true);
    expect(() => got.amr!.push('otp')).toThrow();
  });

  it('keeps its own frozen copy of metadata and amr: what the caller passed can change, the record cannot', async () => {
    const store = new MemoryStore();
    const metadata = { roles: ['viewer'], tenant: 'acme', profile: { team: 'a' } };
    const amr = ['pwd'];
    const r = await store.create({ subject: 'a', ttlMs: 1000, amr, metadata });
    metadata.roles.push('admin');
    metadata.profile.team = 'b';
    amr.push('otp');
    const got = (await store.get(r.id))!;
    expect(got.metadata).toEqual({ roles: ['viewer'], tenant: 'acme', profile: { team: 'a' } });
    expect(got.amr).toEqual(['pwd']);
    expect(() => (got.metadata.roles as string[]).push('admin')).toThrow();
    expect(Object.isFrozen(amr)).toBe(false); // the caller's array is left alone
  });

  it('getSync answers exactly what get answers, synchronously', async () => {
    let now = 2_000_000;
    const store = new MemoryStore({ clock: () => now, maxLifetimeMs: 600_000 });
    const live = await store.create({ subject: 'a', ttlMs: 60_000 });
    const revoked = await store.create({ subject: 'b', ttlMs: 60_000 });
    const short = await store.create({ subject: 'c', ttlMs: 1_000 });
    const cut = await store.create({ subject: 'd', ttlMs: 60_000 });
    await store.revoke(revoked.id);
    now += 10;
    await store.revokeSubject('d', new Date(now));
    now += 1_000; // `short` expired
    for (const id of [live.id, revoked.id, short.id, cut.id, 'A'.repeat(43), 'not-an-id', 42 as never]) {
      const sync = store.getSync(id);
      expect(sync).not.toBeUndefined();
      expect(sync).toEqual(await store.get(id));
    }
    expect(store.getSync(revoked.id)).toMatchObject({ revoked: true });
    expect(store.getSync(cut.id)).toMatchObject({ revoked: true });
    expect(store.getSync(short.id)).toBeNull();
  });

  it('getSync leaves to get() an aborted signal, a closed store, and a get() overridden by a wrapper', async () => {
    const store = new MemoryStore();
    const r = await store.create({ subject: 'a', ttlMs: 60_000 });
    const ac = new AbortController();
    ac.abort();
    expect(store.getSync(r.id, { signal: ac.signal })).toBeUndefined();
    await expect(store.get(r.id, { signal: ac.signal })).rejects.toMatchObject({ code: 'ERR_STORE_TIMEOUT' });
    let reads = 0;
    const wrapped = Object.assign(Object.create(store) as MemoryStore, {
      get: (id: string) => {
        reads++;
        return store.get(id);
      },
    });
    expect(wrapped.getSync(r.id)).toBeUndefined(); // its own get() must see every read
    class Logged extends MemoryStore {
      override async get(id: string) {
        reads++;
        return super.get(id);
      }
    }
    const logged = new Logged();
    const l = await logged.create({ subject: 'a', ttlMs: 60_000 });
    expect(logged.getSync(l.id)).toBeUndefined();
    expect(reads).toBe(0);
    await store.close();
    expect(store.getSync(r.id)).toBeUndefined();
    await expect(store.get(r.id)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });
});

describe('CachedStore', () => {
  it('serves hits within maxStaleness, then re-reads', async () => {
    let now = 5_000_000;
    const inner = new MemoryStore({ clock: () => now });
    let reads = 0;
    const counting: SessionStore = Object.assign(Object.create(inner) as SessionStore, {
      get: (id: string, o?: object) => {
        reads++;
        return inner.get(id, o);
      },
      subscribe: inner.subscribe.bind(inner),
    });
    const cached = new CachedStore(counting, { maxStaleness: 1000, clock: () => now });
    const r = await inner.create({ subject: 'a', ttlMs: 60_000 });
    await cached.get(r.id);
    await cached.get(r.id);
    now += 999;
    await cached.get(r.id);
    expect(reads).toBe(1);
    now += 1;
    await cached.get(r.id);
    expect(reads).toBe(2);
    expect(cached.stats()).toMatchObject({ hits: 2, misses: 2, feedConnected: true });
  });

  it('getSync serves exactly the hits get() would serve, and nothing else', async () => {
    let now = 7_000_000;
    const inner = new MemoryStore({ clock: () => now });
    const cached = new CachedStore(inner, { maxStaleness: 1000, clock: () => now });
    const r = await inner.create({ subject: 'a', ttlMs: 60_000 });
    expect(cached.getSync(r.id)).toBeUndefined(); // miss: only get() reads the shared store
    expect(cached.getSync('nope')).toBeNull(); // malformed: null, as get()
    await cached.get(r.id);
    expect(cached.getSync(r.id)).toEqual(r);
    expect(cached.stats()).toMatchObject({ hits: 1, misses: 1 });
    now += 1000; // stale
    expect(cached.getSync(r.id)).toBeUndefined();
    await cached.get(r.id);
    await inner.revoke(r.id); // the event evicts
    expect(cached.getSync(r.id)).toBeUndefined();
    expect((await cached.get(r.id))!.revoked).toBe(true);
    expect(cached.getSync(r.id)).toMatchObject({ revoked: true });
    const ac = new AbortController();
    ac.abort();
    expect(cached.getSync(r.id, { signal: ac.signal })).toBeUndefined();
  });

  it('a revocation event evicts at once (no staleness window)', async () => {
    const inner = new MemoryStore();
    const cached = new CachedStore(inner, { maxStaleness: 60_000 });
    const r = await inner.create({ subject: 'a', ttlMs: 60_000 });
    expect((await cached.get(r.id))!.revoked).toBe(false);
    await inner.revoke(r.id); // written by "another instance" straight to the shared store
    expect((await cached.get(r.id))!.revoked).toBe(true);
    const s = await inner.create({ subject: 'b', ttlMs: 60_000 });
    await cached.get(s.id);
    await sleep(2);
    await inner.revokeSubject('b', new Date());
    expect((await cached.get(s.id))!.revoked).toBe(true);
  });

  it('without a feed, staleness alone bounds entries', async () => {
    let now = 1_000;
    const inner = new MemoryStore({ clock: () => now });
    const feedless = withoutFeed(inner);
    const cached = new CachedStore(feedless, { maxStaleness: 500, clock: () => now });
    expect(cached.subscribe).toBeUndefined();
    const r = await inner.create({ subject: 'a', ttlMs: 60_000 });
    await cached.get(r.id);
    await inner.revoke(r.id);
    now += 499;
    expect((await cached.get(r.id))!.revoked).toBe(false); // the documented staleness window
    now += 1;
    expect((await cached.get(r.id))!.revoked).toBe(true);
  });

  it('a clock stepping back never stretches the staleness window', async () => {
    let now = 1_000_000;
    const inner = new MemoryStore({ clock: () => now });
    const feedless = withoutFeed(inner);
    const cached = new CachedStore(feedless, { maxStaleness: 1000, clock: () => now });
    const r = await inner.create({ subject: 'a', ttlMs: 3_600_000 });
    await cached.get(r.id);
    await inner.revoke(r.id);
    now -= 60_000; // NTP steps the clock back a minute
    expect(cached.getSync(r.id)).toBeUndefined(); // not a hit: re-read
    expect((await cached.get(r.id))!.revoked).toBe(true);
  });

  it('stops serving while the feed is down and clears on reconnect', async () => {
    const inner = new MemoryStore();
    let status!: (up: boolean) => void;
    let onEvent!: (e: never) => void;
    const feed: SessionStore = Object.assign(Object.create(inner) as SessionStore, {
      get: inner.get.bind(inner),
      subscribe: (l: { onEvent: (e: never) => void; onStatus?: (u: boolean) => void }) => {
        status = (u) => l.onStatus?.(u);
        onEvent = l.onEvent;
        return () => {};
      },
    });
    const cached = new CachedStore(feed, { maxStaleness: 60_000 });
    const r = await inner.create({ subject: 'a', ttlMs: 60_000 });
    await cached.get(r.id);
    expect(cached.stats().size).toBe(0); // feed not up yet: nothing cached
    status(true);
    await cached.get(r.id);
    expect(cached.stats().size).toBe(1);
    status(false);
    expect(cached.stats().size).toBe(0);
    await inner.revoke(r.id);
    expect((await cached.get(r.id))!.revoked).toBe(true);
    status(true);
    expect(cached.stats().feedConnected).toBe(true);
    void onEvent;
  });

  it('a read in flight across an event is not cached', async () => {
    const inner = new MemoryStore();
    const r = await inner.create({ subject: 'a', ttlMs: 60_000 });
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const gated: SessionStore = Object.assign(Object.create(inner) as SessionStore, {
      get: async (id: string) => {
        const v = await inner.get(id);
        await gate;
        return v;
      },
      subscribe: inner.subscribe.bind(inner),
    });
    const cached = new CachedStore(gated, { maxStaleness: 60_000 });
    const pending = cached.get(r.id); // reads "not revoked"...
    await sleep(1);
    await inner.revoke(r.id); // ...then the revocation lands before the read returns
    release();
    expect((await pending)!.revoked).toBe(false); // that answer was already in flight
    expect(cached.stats().size).toBe(0); // but it was not cached
  });

  it('a slow shared store turns into ERR_STORE_TIMEOUT within the deadline', async () => {
    const cached = new CachedStore(slowStore(new MemoryStore(), 500), { timeoutMs: 100 });
    const t0 = performance.now();
    const err = await cached.get(newSessionId()).catch((e: unknown) => e);
    const ms = performance.now() - t0;
    expect(err).toBeInstanceOf(SessionStoreError);
    expect((err as SessionStoreError).code).toBe('ERR_STORE_TIMEOUT');
    expect(ms).toBeGreaterThanOrEqual(95);
    expect(ms).toBeLessThan(300);
    // Per-call deadline and caller abort.
    await expect(cached.get(newSessionId(), { timeoutMs: 20 })).rejects.toMatchObject({ code: 'ERR_STORE_TIMEOUT' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    await expect(cached.get(newSessionId(), { signal: ac.signal, timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ERR_STORE_TIMEOUT' });
  });

  it('withDeadline maps errors and leaves no timer behind', async () => {
    await expect(withDeadline('x', undefined, 50, async () => 7)).resolves.toBe(7);
    await expect(
      withDeadline('x', undefined, 50, async () => Promise.reject(new Error('boom')), (e) => new SessionStoreError('ERR_STORE_UNAVAILABLE', String(e))),
    ).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });
});
