// The synchronous HS256/384/512 path (the default; @noble/hashes HMAC) against jose's own path
// (syncHmac: false): the same claims for every valid token, the same error (code, reason, claim)
// for every invalid one, and no WebCrypto call at all.
import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, base64url } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClaimsError, createClaimsVerifier } from '../../src/claims/index.js';
import type { ClaimsVerifier, ClaimsVerifierOptions, HmacAlgorithm, KeySource } from '../../src/claims/index.js';
import { AUD, ISS, SECRET, b64json, forgeHS256, nowSec, validPayload } from './helpers.js';

afterEach(() => vi.restoreAllMocks());

const SECRETS: Record<HmacAlgorithm, Uint8Array> = {
  HS256: SECRET,
  HS384: new TextEncoder().encode('0123456789abcdef0123456789abcdef0123456789abcdef'),
  HS512: new TextEncoder().encode('0123456789abcdef'.repeat(4)),
};

function pair(extra: Partial<ClaimsVerifierOptions> = {}): { sync: ClaimsVerifier; jose: ClaimsVerifier } {
  const base: ClaimsVerifierOptions = {
    issuer: ISS,
    audience: AUD,
    algorithms: ['HS256', 'HS384', 'HS512'],
    keys: [{ secret: SECRETS.HS256, algorithms: ['HS256'] }, { secret: SECRETS.HS384, algorithms: ['HS384'] }, { secret: SECRETS.HS512, algorithms: ['HS512'] }],
    cache: false,
    ...extra,
  };
  return { sync: createClaimsVerifier({ ...base, syncHmac: true }), jose: createClaimsVerifier({ ...base, syncHmac: false }) };
}

/** A compact JWS with an HMAC over exactly these segments, computed by node:crypto. */
function forge(alg: HmacAlgorithm, header: unknown, payload: unknown, secret: Uint8Array = SECRETS[alg]): string {
  const h = typeof header === 'string' ? header : b64json(header);
  const p = typeof payload === 'string' ? payload : b64json(payload);
  const sig = createHmac(`sha${alg.slice(2)}`, secret).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${sig}`;
}

type Outcome = { ok: true; payload: unknown; header: unknown; subject: unknown; sessionId: unknown; expiresAt: unknown } | { ok: false; name: string; code: string; reason: string; claim: string | undefined };

async function outcome(v: ClaimsVerifier, token: string): Promise<Outcome> {
  try {
    const c = await v.verify(token);
    return { ok: true, payload: c.payload, header: c.header, subject: c.subject, sessionId: c.sessionId, expiresAt: c.expiresAt };
  } catch (err) {
    expect(err).toBeInstanceOf(ClaimsError);
    const e = err as ClaimsError;
    return { ok: false, name: e.name, code: e.code, reason: e.reason, claim: e.claim };
  }
}

async function same(v: { sync: ClaimsVerifier; jose: ClaimsVerifier }, token: string): Promise<Outcome> {
  const a = await outcome(v.jose, token);
  const b = await outcome(v.sync, token);
  expect(b, token).toEqual(a);
  return a;
}

describe('synchronous HMAC verification', () => {
  it('accepts exactly what jose accepts, with the same claims (HS256/384/512, typ, kid, extra claims)', async () => {
    const v = pair();
    await v.sync.ready();
    await v.jose.ready();
    const subtle = vi.spyOn(crypto.subtle, 'verify');
    for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
      for (const header of [{ alg }, { alg, typ: 'JWT' }, { alg, typ: 'at+jwt', cty: 'x' }, { alg, kid: 'k-1' }]) {
        const payload = validPayload({ sid: 'sess', roles: ['a', 'b'], nested: { deep: [1, { x: 'é€😀' }] }, n: 1.5 });
        const r = await outcome(v.sync, forge(alg, header, payload));
        expect(r).toMatchObject({ ok: true, payload, header, subject: 'user-1', sessionId: 'sess' });
        await same(v, forge(alg, header, payload));
      }
    }
    // jose's own SignJWT output too
    const t = await new SignJWT(validPayload()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(SECRETS.HS256);
    expect((await same(v, t)).ok).toBe(true);
    const webCryptoCalls = subtle.mock.calls.length;
    // Only the jose verifier went through WebCrypto.
    expect(webCryptoCalls).toBeGreaterThan(0);
    subtle.mockClear();
    await v.sync.verify(forge('HS512', { alg: 'HS512' }, validPayload()));
    expect(subtle).not.toHaveBeenCalled();
  });

  it('refuses exactly what jose refuses, with the same code, reason and claim', async () => {
    const now = nowSec();
    const v = pair({ requiredClaims: ['sid'] });
    const typed = pair({ typ: 'at+jwt' });
    const aged = pair({ maxTokenAge: 60, clockTolerance: 0 });
    const ok = validPayload({ sid: 's' });
    const cases: Array<[string, { sync: ClaimsVerifier; jose: ClaimsVerifier }, string]> = [
      ['wrong secret', v, forge('HS256', { alg: 'HS256' }, ok, randomBytes(32))],
      ['secret of another alg', v, forge('HS256', { alg: 'HS256' }, ok, SECRETS.HS384)],
      ['expired', v, forge('HS256', { alg: 'HS256' }, { ...ok, exp: now - 60 })],
      ['exp exactly now - tolerance', v, forge('HS256', { alg: 'HS256' }, { ...ok, exp: now - 5 })],
      ['not yet valid', v, forge('HS256', { alg: 'HS256' }, { ...ok, nbf: now + 60 })],
      ['wrong issuer', v, forge('HS256', { alg: 'HS256' }, { ...ok, iss: 'https://evil.test' })],
      ['wrong audience', v, forge('HS256', { alg: 'HS256' }, { ...ok, aud: ['x', 'y'] })],
      ['exp missing', v, forge('HS256', { alg: 'HS256' }, { iss: ISS, aud: AUD, sub: 'u', sid: 's' })],
      ['exp not a number', v, forge('HS256', { alg: 'HS256' }, { ...ok, exp: String(now + 60) })],
      ['required claim missing', v, forge('HS256', { alg: 'HS256' }, validPayload())],
      ['payload is an array', v, forge('HS256', { alg: 'HS256' }, [1, 2])],
      ['payload is not JSON', v, forge('HS256', { alg: 'HS256' }, base64url.encode('not json'))],
      ['payload is not UTF-8', v, forge('HS256', { alg: 'HS256' }, base64url.encode(new Uint8Array([0x7b, 0xff, 0x7d])))],
      ['typ missing', typed, forge('HS256', { alg: 'HS256' }, ok)],
      ['typ wrong', typed, forge('HS256', { alg: 'HS256', typ: 'JWT' }, ok)],
      ['typ not a string', typed, forge('HS256', { alg: 'HS256', typ: 7 }, ok)],
      ['too old (maxTokenAge)', aged, forge('HS256', { alg: 'HS256' }, { ...ok, iat: now - 600 })],
      ['iat in the future', aged, forge('HS256', { alg: 'HS256' }, { ...ok, iat: now + 600 })],
      ['iat missing with maxTokenAge', aged, forge('HS256', { alg: 'HS256' }, { iss: ISS, aud: AUD, sub: 'u', exp: now + 60 })],
      ['b64: false extension', v, forge('HS256', { alg: 'HS256', b64: false, crit: ['b64'] }, ok)],
      ['unknown crit', v, forge('HS256', { alg: 'HS256', crit: ['exp'], exp: 1 }, ok)],
      ['signature of 4n+1 characters', v, `${forge('HS256', { alg: 'HS256' }, ok)}A`],
      ['signature truncated', v, forge('HS256', { alg: 'HS256' }, ok).slice(0, -4)],
      ['payload of 4n+1 characters', v, forge('HS256', { alg: 'HS256' }, `${b64json(ok)}${'A'.repeat(((1 - b64json(ok).length) % 4 + 4) % 4)}`)],
      ['empty payload segment', v, forge('HS256', { alg: 'HS256' }, '')],
    ];
    for (const [name, pairOf, token] of cases) {
      const r = await same(pairOf, token);
      expect(r.ok, name).toBe(false);
    }
    // …and the expected typ is accepted (validateClaimsSet reads it from the header: it is carried over).
    for (const typ of ['at+jwt', 'application/at+jwt', 'AT+JWT']) {
      expect((await same(typed, forge('HS256', { alg: 'HS256', typ }, ok))).ok, typ).toBe(true);
    }
  });

  it('every single-character change of a token is refused, as jose refuses it', async () => {
    const v = pair();
    const token = forge('HS256', { alg: 'HS256', typ: 'JWT' }, validPayload({ sid: 's', roles: ['admin'] }));
    const alphabet = 'AQgw-_09';
    for (let i = 0; i < token.length; i += 3) {
      if (token[i] === '.') continue;
      for (const ch of alphabet) {
        if (token[i] === ch) continue;
        const mutated = token.slice(0, i) + ch + token.slice(i + 1);
        const r = await same(v, mutated);
        // A change in the unused low bits of the last signature character decodes to the same MAC: jose accepts it too.
        if (r.ok) expect(i).toBe(token.length - 1);
      }
    }
  });

  it('tries the candidate keys like jose: a kid selects its key, keys without a kid are the fallback', async () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const keys: KeySource[] = [{ secret: a, kid: 'a' }, { secret: b }, { secret: SECRETS.HS256 }];
    const v = pair({ algorithms: ['HS256'], keys });
    expect((await same(v, forge('HS256', { alg: 'HS256', kid: 'a' }, validPayload(), a))).ok).toBe(true);
    expect((await same(v, forge('HS256', { alg: 'HS256', kid: 'a' }, validPayload(), b))).ok).toBe(false); // kid "a" names key a only
    expect((await same(v, forge('HS256', { alg: 'HS256' }, validPayload(), SECRETS.HS256))).ok).toBe(true); // third key, no kid
    expect((await same(v, forge('HS256', { alg: 'HS256', kid: 'zz' }, validPayload(), b))).ok).toBe(true); // unknown kid: anonymous keys
    expect((await same(v, forge('HS256', { alg: 'HS256', kid: 'zz' }, validPayload(), a))).ok).toBe(false);
  });

  it('is the default for local secrets: no WebCrypto call unless syncHmac is false', async () => {
    const subtle = vi.spyOn(crypto.subtle, 'verify');
    const v = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret: SECRET }, cache: false });
    await v.ready();
    const token = forgeHS256({ alg: 'HS256' }, validPayload());
    expect(v.verifySync!(token)).toMatchObject({ subject: 'user-1', cached: false });
    await expect(v.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
    expect(subtle).not.toHaveBeenCalled();
    const off = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret: SECRET }, cache: false, syncHmac: false });
    await expect(off.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
    expect(subtle).toHaveBeenCalledTimes(1);
  });

  it('verifySync answers synchronously: claims, a thrown ClaimsError, or undefined for what needs WebCrypto', async () => {
    const v = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret: SECRET }, syncHmac: true });
    const token = forgeHS256({ alg: 'HS256' }, validPayload({ sid: 's' }));
    expect(v.verifySync!(token)).toBeUndefined(); // keys not imported yet
    await v.ready();
    const c = v.verifySync!(token);
    expect(c).toMatchObject({ subject: 'user-1', sessionId: 's', cached: false });
    expect(v.verifySync!(token)).toMatchObject({ subject: 'user-1', cached: true });
    expect(() => v.verifySync!(forgeHS256({ alg: 'HS256' }, validPayload(), 'another-secret-another-secret-32'))).toThrow(
      expect.objectContaining({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }),
    );
    expect(() => v.verifySync!('not.a.jwt.at.all')).toThrow(ClaimsError);
    expect(v.stats()).toMatchObject({ hits: 1, misses: 2, failures: 2 });
    const off = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret: SECRET }, syncHmac: false });
    await off.ready();
    expect(off.verifySync!(token)).toBeUndefined(); // signature through WebCrypto: verify() answers
    await off.verify(token);
    expect(off.verifySync!(token)).toMatchObject({ cached: true }); // the cache answers synchronously either way
  });

  it('tokens signed by node:crypto with random secrets and payload sizes verify, and only with their secret', async () => {
    for (let i = 0; i < 40; i++) {
      const alg = (['HS256', 'HS384', 'HS512'] as const)[i % 3];
      const secret = randomBytes(64 + (i % 7) * 20); // also longer than the hash block (hashed first)
      const v = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: [alg], keys: { secret }, cache: false });
      const payload = validPayload({ pad: 'x'.repeat(i * 37) });
      await expect(v.verify(forge(alg, { alg }, payload, secret))).resolves.toMatchObject({ subject: 'user-1' });
      const other = Uint8Array.from(secret);
      other[i % other.length] ^= 1;
      await expect(v.verify(forge(alg, { alg }, payload, other))).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    }
  });
});
