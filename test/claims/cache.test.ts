import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClaimsError, LruCache, createClaimsVerifier } from '../../src/claims/index.js';
import type { ClaimsVerifierOptions } from '../../src/claims/index.js';
import { AUD, ISS, SECRET, signHS } from './helpers.js';

// The synchronous HMAC path computes MACs with the shared digest module's keyed HMAC: every MAC
// computation is counted through a wrapper around the functions it returns.
const { macCalls } = vi.hoisted(() => ({ macCalls: vi.fn() }));
vi.mock('../../src/builtins/digest/index.js', async (original) => {
  const m = await original<typeof import('../../src/builtins/digest/index.js')>();
  return {
    ...m,
    keyedHmac: (d: Parameters<typeof m.keyedHmac>[0], key: Uint8Array) => {
      const mac = m.keyedHmac(d, key);
      return (message: Uint8Array) => {
        macCalls();
        return mac(message);
      };
    },
  };
});

afterEach(() => {
  vi.restoreAllMocks();
  macCalls.mockClear();
});

// The cache behaves the same whichever way an HS256 signature is checked: through WebCrypto
// (jose → crypto.subtle.verify) or synchronously (the shared HMAC). Every case runs against both.
const MODES = [
  ['WebCrypto (syncHmac: false)', false],
  ['synchronous HMAC', true],
] as const;

describe.each(MODES)('verification cache, %s', (_name, syncHmac) => {
  function verifier(extra: Partial<ClaimsVerifierOptions> = {}) {
    return createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret: SECRET }, syncHmac, ...extra });
  }

  /** Counts signature computations from now on (and checks the other path is never taken). */
  function signatures(): { expectCalls(n: number): void } {
    const subtle = vi.spyOn(crypto.subtle, 'verify');
    const mac = macCalls;
    mac.mockClear();
    return {
      expectCalls: (n) => {
        expect(syncHmac ? mac : subtle).toHaveBeenCalledTimes(n);
        expect(syncHmac ? subtle : mac).not.toHaveBeenCalled();
      },
    };
  }

  it('a hit skips the signature and is flagged cached', async () => {
    const v = verifier();
    const t = await signHS();
    const spy = signatures();
    const a = await v.verify(t);
    spy.expectCalls(1);
    const b = await v.verify(t);
    const c = await v.verify(t);
    spy.expectCalls(1);
    expect(a.cached).toBe(false);
    expect(b.cached).toBe(true);
    expect(c.payload).toBe(b.payload);
    expect(v.stats()).toMatchObject({ hits: 2, misses: 1, failures: 0, size: 1 });
  });

  it('the key is the exact token string', async () => {
    const v = verifier();
    const t = await signHS();
    await v.verify(t);
    const spy = signatures();
    // Same claims, different signature bytes => not a hit and rejected.
    const other = t.slice(0, -2) + (t.endsWith('AA') ? 'BA' : 'AA');
    await expect(v.verify(other)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    spy.expectCalls(1);
  });

  it('a token sharing the cached token\'s signature (tail) is not a hit and does not evict it', async () => {
    const v = verifier();
    const t = await signHS({ jti: 'victim' });
    await v.verify(t);
    const [h, , sig] = t.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: ISS, aud: AUD, sub: 'admin', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url')}.${sig}`;
    const spy = signatures();
    await expect(v.verify(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    await expect(v.verify(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    spy.expectCalls(2); // verified (and refused) every time, never served from the entry it shares a tail with
    await expect(v.verify(t)).resolves.toMatchObject({ cached: true, subject: 'user-1' });
    spy.expectCalls(2);
    expect(v.stats().size).toBe(1);
  });

  it('expired after caching is rejected on the hit path, and the entry is dropped', async () => {
    let now = Date.now();
    const v = verifier({ clock: () => now, clockTolerance: 5 });
    const exp = Math.floor(now / 1000) + 10;
    const t = await signHS({ exp });
    await v.verify(t);
    now += 8_000;
    await expect(v.verify(t)).resolves.toMatchObject({ cached: true });
    now = (exp + 5) * 1000; // exactly exp + tolerance: jose rejects exp <= now - tolerance
    const spy = signatures();
    const err = await v.verify(t).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClaimsError);
    expect(err).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });
    expect(v.stats().size).toBe(0);
    // Still rejected on the slow path.
    await expect(v.verify(t)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    spy.expectCalls(1);
  });

  it('maxTokenAge is re-checked on a hit', async () => {
    let now = Date.now();
    const v = verifier({ clock: () => now, maxTokenAge: 30, clockTolerance: 0 });
    const t = await signHS({ iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 });
    await v.verify(t);
    now += 20_000;
    await expect(v.verify(t)).resolves.toMatchObject({ cached: true });
    now += 15_000;
    await expect(v.verify(t)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'iat' });
  });

  it('entries go stale after maxEntryAgeMs and are verified again', async () => {
    let now = Date.now();
    const v = verifier({ clock: () => now, cache: { maxEntryAgeMs: 1000 } });
    const t = await signHS();
    await v.verify(t);
    const spy = signatures();
    now += 999;
    await v.verify(t);
    spy.expectCalls(0);
    now += 2;
    await expect(v.verify(t)).resolves.toMatchObject({ cached: false });
    spy.expectCalls(1);
  });

  it('failures are never cached as success', async () => {
    let now = Date.now();
    const v = verifier({ clock: () => now, clockTolerance: 0 });
    const spy = signatures();
    const bad = (await signHS()).slice(0, -3) + 'xyz';
    for (let i = 0; i < 3; i++) await expect(v.verify(bad)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    spy.expectCalls(3);
    const wrongAud = await signHS({ aud: 'x' });
    for (let i = 0; i < 2; i++) await expect(v.verify(wrongAud)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
    expect(v.stats().size).toBe(0);
    // A not-yet-valid token that fails now succeeds later: the failure was not remembered.
    const nbf = Math.floor(now / 1000) + 60;
    const early = await signHS({ nbf, exp: nbf + 300 });
    await expect(v.verify(early)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' });
    now += 61_000;
    await expect(v.verify(early)).resolves.toMatchObject({ cached: false });
  });

  it('invalidate() drops every entry and bumps keysVersion', async () => {
    const v = verifier();
    const t = await signHS();
    await v.verify(t);
    const before = v.keysVersion;
    v.invalidate();
    expect(v.keysVersion).toBe(before + 1);
    const spy = signatures();
    await expect(v.verify(t)).resolves.toMatchObject({ cached: false });
    spy.expectCalls(1);
  });

  it('is bounded (LRU eviction)', async () => {
    const v = verifier({ cache: { size: 2 } });
    const [a, b, c] = await Promise.all([signHS({ jti: 'a' }), signHS({ jti: 'b' }), signHS({ jti: 'c' })]);
    await v.verify(a);
    await v.verify(b);
    await v.verify(a); // a is now most recent
    await v.verify(c); // evicts b
    expect(v.stats().size).toBe(2);
    const spy = signatures();
    await expect(v.verify(a)).resolves.toMatchObject({ cached: true });
    await expect(v.verify(b)).resolves.toMatchObject({ cached: false });
    spy.expectCalls(1);
  });

  it('concurrent verifications of one token compute one signature', async () => {
    const v = verifier();
    const t = await signHS();
    const spy = signatures();
    const all = await Promise.all(Array.from({ length: 20 }, () => v.verify(t)));
    spy.expectCalls(1);
    expect(new Set(all.map((r) => r.subject))).toEqual(new Set(['user-1']));
  });

  it('cache: false disables caching', async () => {
    const v = verifier({ cache: false });
    const t = await signHS();
    const spy = signatures();
    await v.verify(t);
    await v.verify(t);
    spy.expectCalls(2);
  });

  it('LruCache basics', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.get('a');
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.size).toBe(2);
    expect(() => new LruCache(-1)).toThrow(TypeError);
  });
});

describe('LruCache', () => {
  it('keeps exactly the most recently used entries (random operations against a reference model)', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (const capacity of [1, 2, 3, 8, 50]) {
      const c = new LruCache<number, number>(capacity);
      const model: Array<[number, number]> = []; // least recently used first
      for (let i = 0; i < 5000; i++) {
        const key = rand(capacity * 3);
        const op = rand(10);
        const at = model.findIndex(([k]) => k === key);
        if (op < 5) {
          const got = c.get(key);
          if (at < 0) expect(got).toBeUndefined();
          else {
            const [entry] = model.splice(at, 1);
            model.push(entry!);
            expect(got).toBe(entry![1]);
          }
        } else if (op < 9) {
          c.set(key, i);
          if (at >= 0) model.splice(at, 1);
          model.push([key, i]);
          if (model.length > capacity) model.shift();
        } else {
          expect(c.delete(key)).toBe(at >= 0);
          if (at >= 0) model.splice(at, 1);
        }
        expect(c.size).toBe(model.length);
      }
      for (const [k, v] of [...model]) expect(c.get(k)).toBe(v);
      c.clear();
      expect(c.size).toBe(0);
      expect(c.get(model[0]![0])).toBeUndefined();
    }
  });

  it('a hit does not re-insert the key (constant time at any size)', () => {
    const c = new LruCache<string, number>(1000);
    for (let i = 0; i < 1000; i++) c.set(`k${i}`, i);
    const set = vi.spyOn(Map.prototype, 'set');
    const del = vi.spyOn(Map.prototype, 'delete');
    for (let i = 0; i < 100; i++) expect(c.get(`k${i}`)).toBe(i);
    expect(set).not.toHaveBeenCalled();
    expect(del).not.toHaveBeenCalled();
    c.set('new', 1); // evicts the least recently used: k100
    expect(c.get('k100')).toBeUndefined();
    expect(c.get('k0')).toBe(0);
  });
});
