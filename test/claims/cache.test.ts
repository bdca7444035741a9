import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClaimsError, LruCache, createClaimsVerifier } from '../../src/claims/index.js';
import type { ClaimsVerifierOptions } from '../../src/claims/index.js';
import { AUD, ISS, SECRET, signHS } from './helpers.js';

function verifier(extra: Partial<ClaimsVerifierOptions> = {}) {
  return createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret: SECRET }, ...extra });
}

/** Counts signature computations: jose verifies through crypto.subtle.verify. */
function spyVerify() {
  return vi.spyOn(crypto.subtle, 'verify');
}

afterEach(() => vi.restoreAllMocks());

describe('verification cache', () => {
  it('a hit skips the signature and is flagged cached', async () => {
    const v = verifier();
    const t = await signHS();
    const spy = spyVerify();
    const a = await v.verify(t);
    expect(spy).toHaveBeenCalledTimes(1);
    const b = await v.verify(t);
    const c = await v.verify(t);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(a.cached).toBe(false);
    expect(b.cached).toBe(true);
    expect(c.payload).toBe(b.payload);
    expect(v.stats()).toMatchObject({ hits: 2, misses: 1, failures: 0, size: 1 });
  });

  it('the key is the exact token string', async () => {
    const v = verifier();
    const t = await signHS();
    await v.verify(t);
    const spy = spyVerify();
    // Same claims, different signature bytes => not a hit and rejected.
    const other = t.slice(0, -2) + (t.endsWith('AA') ? 'BA' : 'AA');
    await expect(v.verify(other)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    expect(spy).toHaveBeenCalledTimes(1);
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
    const spy = spyVerify();
    const err = await v.verify(t).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClaimsError);
    expect(err).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });
    expect(v.stats().size).toBe(0);
    // Still rejected on the slow path.
    await expect(v.verify(t)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    expect(spy).toHaveBeenCalledTimes(1);
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
    const spy = spyVerify();
    now += 999;
    await v.verify(t);
    expect(spy).toHaveBeenCalledTimes(0);
    now += 2;
    await expect(v.verify(t)).resolves.toMatchObject({ cached: false });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('failures are never cached as success', async () => {
    let now = Date.now();
    const v = verifier({ clock: () => now, clockTolerance: 0 });
    const spy = spyVerify();
    const bad = (await signHS()).slice(0, -3) + 'xyz';
    for (let i = 0; i < 3; i++) await expect(v.verify(bad)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    expect(spy).toHaveBeenCalledTimes(3);
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
    const spy = spyVerify();
    await expect(v.verify(t)).resolves.toMatchObject({ cached: false });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('is bounded (LRU eviction)', async () => {
    const v = verifier({ cache: { size: 2 } });
    const [a, b, c] = await Promise.all([signHS({ jti: 'a' }), signHS({ jti: 'b' }), signHS({ jti: 'c' })]);
    await v.verify(a);
    await v.verify(b);
    await v.verify(a); // a is now most recent
    await v.verify(c); // evicts b
    expect(v.stats().size).toBe(2);
    const spy = spyVerify();
    await expect(v.verify(a)).resolves.toMatchObject({ cached: true });
    await expect(v.verify(b)).resolves.toMatchObject({ cached: false });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('concurrent verifications of one token compute one signature', async () => {
    const v = verifier();
    const t = await signHS();
    const spy = spyVerify();
    const all = await Promise.all(Array.from({ length: 20 }, () => v.verify(t)));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(new Set(all.map((r) => r.subject))).toEqual(new Set(['user-1']));
  });

  it('cache: false disables caching', async () => {
    const v = verifier({ cache: false });
    const t = await signHS();
    const spy = spyVerify();
    await v.verify(t);
    await v.verify(t);
    expect(spy).toHaveBeenCalledTimes(2);
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
