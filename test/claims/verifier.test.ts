import { CompactEncrypt, SignJWT, exportJWK, generateKeyPair, generateSecret } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClaimsError, CLAIMS_PUBLIC_MESSAGE, createClaimsVerifier } from '../../src/claims/index.js';
import type { ClaimsErrorCode, ClaimsVerifier, ClaimsVerifierOptions } from '../../src/claims/index.js';
import { AUD, ISS, SECRET, b64json, forgeHS256, keyPair, nowSec, signHS, signWith, validPayload } from './helpers.js';
import type { KeyPairInfo } from './helpers.js';

function hsVerifier(extra: Partial<ClaimsVerifierOptions> = {}): ClaimsVerifier {
  return createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { secret: SECRET }, cache: false, ...extra });
}

async function rejects(v: ClaimsVerifier, token: unknown, code: ClaimsErrorCode): Promise<ClaimsError> {
  const err = await v.verify(token as string).then(
    () => {
      throw new Error(`expected ${code}, token was accepted`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClaimsError);
  expect((err as ClaimsError).code).toBe(code);
  expect((err as ClaimsError).publicMessage).toBe(CLAIMS_PUBLIC_MESSAGE);
  return err as ClaimsError;
}

let rsa: KeyPairInfo;
let ec: KeyPairInfo;
beforeAll(async () => {
  rsa = await keyPair('RS256', 'rsa-1');
  ec = await keyPair('ES256', 'ec-1');
});

describe('valid tokens', () => {
  it('verifies HS256 and returns frozen claims', async () => {
    const v = hsVerifier();
    const c = await v.verify(await signHS({ sid: 'abc' }));
    expect(c.subject).toBe('user-1');
    expect(c.sessionId).toBe('abc');
    expect(c.cached).toBe(false);
    expect(c.expiresAt).toBeGreaterThan(nowSec());
    expect(Object.isFrozen(c.payload)).toBe(true);
    expect(() => {
      (c.payload as Record<string, unknown>).sub = 'admin';
    }).toThrow();
  });

  it('verifies RS256 from PEM and ES256 from JWK', async () => {
    const v = createClaimsVerifier({
      issuer: ISS,
      audience: AUD,
      algorithms: ['RS256', 'ES256'],
      keys: [{ publicKey: rsa.pem, kid: 'rsa-1' }, { jwk: ec.jwk }],
    });
    await expect(v.verify(await signWith(rsa.privateKey, 'RS256', {}, { kid: 'rsa-1' }))).resolves.toMatchObject({ subject: 'user-1' });
    await expect(v.verify(await signWith(ec.privateKey, 'ES256', {}, { kid: 'ec-1' }))).resolves.toMatchObject({ subject: 'user-1' });
    // No kid: every key of the right algorithm is tried.
    await expect(v.verify(await signWith(rsa.privateKey, 'RS256'))).resolves.toMatchObject({ subject: 'user-1' });
  });

  it('verifies EdDSA', async () => {
    const ed = await keyPair('EdDSA');
    const v = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['EdDSA'], keys: { publicKey: ed.pem } });
    await expect(v.verify(await signWith(ed.privateKey, 'EdDSA'))).resolves.toMatchObject({ subject: 'user-1' });
  });

  it('selects among rotated shared secrets by kid', async () => {
    const oldS = new TextEncoder().encode('o'.repeat(32));
    const newS = new TextEncoder().encode('n'.repeat(32));
    const v = hsVerifier({ keys: [{ secret: newS, kid: 'v2' }, { secret: oldS, kid: 'v1' }] });
    await expect(v.verify(await signHS({}, { kid: 'v1' }, oldS))).resolves.toBeTruthy();
    await expect(v.verify(await signHS({}, { kid: 'v2' }, newS))).resolves.toBeTruthy();
    await rejects(v, await signHS({}, { kid: 'v2' }, oldS), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('accepts a listed crit extension', async () => {
    const v = hsVerifier({ crit: ['x-bind'] });
    const t = await new SignJWT(validPayload())
      .setProtectedHeader({ alg: 'HS256', crit: ['x-bind'], 'x-bind': 'tls' })
      .sign(SECRET, { crit: { 'x-bind': true } });
    await expect(v.verify(t)).resolves.toBeTruthy();
  });

  it('checks typ and maxTokenAge when configured', async () => {
    const v = hsVerifier({ typ: 'at+jwt', maxTokenAge: 60 });
    await expect(v.verify(await signHS({}, { typ: 'at+jwt' }))).resolves.toBeTruthy();
    const e1 = await rejects(v, await signHS({}, { typ: 'JWT' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(e1.claim).toBe('typ');
    const e2 = await rejects(v, await signHS({ iat: nowSec() - 3600 }, { typ: 'at+jwt' }), 'ERR_JWT_EXPIRED');
    expect(e2.claim).toBe('iat');
  });

  it('keeps its own copy of the issuer and audience lists', async () => {
    const audience = [AUD];
    const issuer = [ISS];
    const v = createClaimsVerifier({ issuer, audience, algorithms: ['HS256'], keys: { secret: SECRET } });
    audience.push('another-app');
    issuer.push('https://another-issuer.test');
    await expect(v.verify(await signHS())).resolves.toBeTruthy();
    await rejects(v, await signHS({ aud: 'another-app' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    await rejects(v, await signHS({ iss: 'https://another-issuer.test' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  });
});

describe('attacks', () => {
  it('alg none (any case, with or without a signature)', async () => {
    const v = hsVerifier();
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await rejects(v, `${b64json({ alg, typ: 'JWT' })}.${b64json(validPayload())}.`, 'ERR_JOSE_ALG_NOT_ALLOWED');
      await rejects(v, `${b64json({ alg })}.${b64json(validPayload())}.c2ln`, 'ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('algorithm confusion: HS256 signed with the RSA public key when only RS256 is allowed', async () => {
    const v = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['RS256'], keys: { publicKey: rsa.pem } });
    for (const keyText of [rsa.pem, rsa.pem.trim(), JSON.stringify(rsa.jwk)]) {
      const forged = forgeHS256({ alg: 'HS256', typ: 'JWT' }, validPayload(), Buffer.from(keyText));
      await rejects(v, forged, 'ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('algorithm confusion: even with HS256 allowed for a secret, the RSA key never acts as an HMAC key', async () => {
    const v = createClaimsVerifier({
      issuer: ISS,
      audience: AUD,
      algorithms: ['RS256', 'HS256'],
      keys: [{ publicKey: rsa.pem }, { secret: SECRET }],
    });
    const forged = forgeHS256({ alg: 'HS256' }, validPayload(), Buffer.from(rsa.pem));
    await rejects(v, forged, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(() =>
      createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['HS256'], keys: { publicKey: rsa.pem, algorithms: ['HS256' as never] } }),
    ).toThrow(TypeError);
  });

  it('RS256 token presented to an ES256 key, and ES256 to an RSA key', async () => {
    const v = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { jwk: ec.jwk } });
    await rejects(v, await signWith(rsa.privateKey, 'RS256'), 'ERR_JOSE_ALG_NOT_ALLOWED');
    const v2 = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['RS256', 'ES256'], keys: { publicKey: rsa.pem } });
    await rejects(v2, await signWith(ec.privateKey, 'ES256'), 'ERR_JWKS_NO_MATCHING_KEY');
  });

  it('unknown kid', async () => {
    const v = hsVerifier({ keys: { secret: SECRET, kid: 'k1' } });
    await rejects(v, await signHS({}, { kid: 'k2' }), 'ERR_JWKS_NO_MATCHING_KEY');
  });

  it('kid path / URL / injection payloads are refused before lookup, without echoing the kid', async () => {
    const v = hsVerifier({ keys: { secret: SECRET, kid: 'k1' } });
    const kids: unknown[] = [
      '../../../../dev/null',
      '/etc/passwd',
      'keys/../../secret',
      'http://evil.example/jwks.json',
      'file:///etc/passwd',
      "k1' OR '1'='1",
      'k1\u0000',
      '%2e%2e%2fetc',
      'k1 ',
      'a'.repeat(300),
      '',
      42,
      ['k1'],
    ];
    for (const kid of kids) {
      const err = await rejects(v, forgeHS256({ alg: 'HS256', kid }, validPayload()), 'ERR_JWS_INVALID');
      if (typeof kid === 'string' && kid.length > 3) expect(err.reason).not.toContain(kid);
    }
  });

  it('crit headers that are not listed', async () => {
    const v = hsVerifier();
    await rejects(v, forgeHS256({ alg: 'HS256', crit: ['x-unknown'], 'x-unknown': 1 }, validPayload()), 'ERR_JWS_INVALID');
    await rejects(v, forgeHS256({ alg: 'HS256', crit: ['b64'], b64: false }, validPayload()), 'ERR_JWS_INVALID');
    await rejects(v, forgeHS256({ alg: 'HS256', crit: [] }, validPayload()), 'ERR_JWS_INVALID');
    await rejects(v, forgeHS256({ alg: 'HS256', crit: 'exp' }, validPayload()), 'ERR_JWS_INVALID');
    const listed = hsVerifier({ crit: ['x-bind'] });
    // Listed but absent from the header.
    await rejects(listed, forgeHS256({ alg: 'HS256', crit: ['x-bind'] }, validPayload()), 'ERR_JWS_INVALID');
  });

  it('embedded key references (jwk, jku, x5u) are refused', async () => {
    const v = hsVerifier();
    await rejects(v, forgeHS256({ alg: 'HS256', jku: 'https://evil.example/jwks' }, validPayload()), 'ERR_JWS_INVALID');
    await rejects(v, forgeHS256({ alg: 'HS256', x5u: 'https://evil.example/cert' }, validPayload()), 'ERR_JWS_INVALID');
    const attacker = await generateKeyPair('RS256');
    const rv = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['RS256'], keys: { publicKey: rsa.pem } });
    const t = await signWith(attacker.privateKey, 'RS256', {}, { jwk: await exportJWK(attacker.publicKey) });
    await rejects(rv, t, 'ERR_JWS_INVALID');
  });

  it('wrong issuer and audience', async () => {
    const v = hsVerifier();
    expect((await rejects(v, await signHS({ iss: 'https://evil.test' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED')).claim).toBe('iss');
    expect((await rejects(v, await signHS({ aud: 'other-app' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED')).claim).toBe('aud');
    expect((await rejects(v, await signHS({ iss: undefined }), 'ERR_JWT_CLAIM_VALIDATION_FAILED')).claim).toBe('iss');
    expect((await rejects(v, await signHS({ aud: undefined }), 'ERR_JWT_CLAIM_VALIDATION_FAILED')).claim).toBe('aud');
  });

  it('expired, within tolerance, nbf in the future, missing exp', async () => {
    const v = hsVerifier({ clockTolerance: 5 });
    const e = await rejects(v, await signHS({ exp: nowSec() - 60 }), 'ERR_JWT_EXPIRED');
    expect(e.claim).toBe('exp');
    await expect(v.verify(await signHS({ exp: nowSec() - 2 }))).resolves.toBeTruthy();
    expect((await rejects(v, await signHS({ nbf: nowSec() + 120 }), 'ERR_JWT_CLAIM_VALIDATION_FAILED')).claim).toBe('nbf');
    const missing = await rejects(v, await signHS({ exp: undefined }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(missing.claim).toBe('exp');
    const bad = await rejects(v, await signHS({ exp: 'tomorrow' as never }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(bad.claim).toBe('exp');
  });

  it('requiredClaims', async () => {
    const v = hsVerifier({ requiredClaims: ['sid', 'jti'] });
    expect((await rejects(v, await signHS({}), 'ERR_JWT_CLAIM_VALIDATION_FAILED')).claim).toBe('jti');
    await expect(v.verify(await signHS({ jti: 'j1' }))).resolves.toBeTruthy();
  });

  it('a 100 KB token is refused before parsing, quickly', async () => {
    const v = hsVerifier();
    const big = await signHS({ pad: 'x'.repeat(100 * 1024) });
    const t0 = performance.now();
    const err = await rejects(v, big, 'ERR_TOKEN_TOO_LARGE');
    expect(performance.now() - t0).toBeLessThan(20);
    expect(err.reason).toMatch(/8192/);
    // Garbage of the same size is refused the same way (no base64/JSON work first).
    await rejects(v, '!'.repeat(100 * 1024), 'ERR_TOKEN_TOO_LARGE');
    // The bound is configurable.
    await expect(hsVerifier({ maxTokenBytes: 200 * 1024 }).verify(big)).resolves.toBeTruthy();
  });

  it('malformed base64 / JSON / shape', async () => {
    const v = hsVerifier();
    const good = await signHS();
    const [h, p, s] = good.split('.');
    const cases: unknown[] = [
      '',
      42,
      null,
      'abc',
      'a.b',
      `${h}.${p}`,
      `${h}.${p}.${s}.x`,
      `${h}+.${p}.${s}`,
      `${h}.${p}=.${s}`,
      `${h}.${p}.${s}/`,
      `.${p}.${s}`,
      `${h}..${s}`,
      `bm90IGpzb24.${p}.${s}`, // header "not json"
      `${b64json([1, 2])}.${p}.${s}`, // header is an array
      `${b64json('str')}.${p}.${s}`,
      `${Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url')}.${p}.${s}`, // invalid UTF-8
    ];
    for (const t of cases) await rejects(v, t, 'ERR_JWT_INVALID');
    // Correctly signed but the payload is not JSON / not an object.
    await rejects(v, forgeHS256({ alg: 'HS256' }, Buffer.from('not json').toString('base64url')), 'ERR_JWT_INVALID');
    await rejects(v, forgeHS256({ alg: 'HS256' }, b64json([1, 2, 3])), 'ERR_JWT_INVALID');
    // Header without alg.
    await rejects(v, forgeHS256({ typ: 'JWT' }, validPayload()), 'ERR_JWS_INVALID');
  });

  it('tampered payload and signature', async () => {
    const v = hsVerifier();
    const [h, , s] = (await signHS()).split('.');
    await rejects(v, `${h}.${b64json(validPayload({ sub: 'admin' }))}.${s}`, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    await rejects(v, `${h}.${b64json(validPayload())}.${s.slice(0, -4)}AAAA`, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    await rejects(v, await signHS({}, {}, new TextEncoder().encode('w'.repeat(32))), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('JWE where a JWS is expected', async () => {
    const v = hsVerifier();
    const key = await generateSecret('A256GCM');
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(validPayload())))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(key);
    expect(jwe.split('.')).toHaveLength(5);
    const err = await rejects(v, jwe, 'ERR_JWT_INVALID');
    expect(err.reason).toMatch(/JWE/);
  });
});

describe('errors and configuration', () => {
  it('ClaimsError serialises without cause or payload; the public message is constant', async () => {
    const v = hsVerifier();
    const err = await rejects(v, await signHS({ aud: 'other', email: 'secret@example.com' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    const json = JSON.stringify(err);
    expect(json).not.toContain('secret@example.com');
    expect(JSON.parse(json)).toEqual({ name: 'ClaimsError', code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', reason: err.reason, claim: 'aud' });
    expect(err.publicMessage).toBe('Unauthorized');
    expect(ClaimsError.is(err, 'ERR_JWT_CLAIM_VALIDATION_FAILED')).toBe(true);
  });

  it('rejects unsafe configurations', () => {
    const base = { issuer: ISS, audience: AUD, algorithms: ['HS256' as const], keys: { secret: SECRET } };
    expect(() => createClaimsVerifier({ ...base, issuer: '' })).toThrow(/issuer/);
    expect(() => createClaimsVerifier({ ...base, audience: [] })).toThrow(/audience/);
    expect(() => createClaimsVerifier({ ...base, algorithms: [] })).toThrow(/algorithms/);
    expect(() => createClaimsVerifier({ ...base, algorithms: ['none' as never] })).toThrow(/none/);
    expect(() => createClaimsVerifier({ ...base, keys: { secret: 'short' } })).toThrow(/at least 32 bytes/);
    expect(() => createClaimsVerifier({ ...base, keys: { secret: 'x'.repeat(40) }, algorithms: ['HS512'] })).toThrow(/64 bytes/);
    expect(() => createClaimsVerifier({ ...base, keys: [] })).toThrow(/key source/);
    expect(() =>
      createClaimsVerifier({ ...base, algorithms: ['RS256'], keys: { publicKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' } }),
    ).toThrow(/private key/);
    expect(() => createClaimsVerifier({ ...base, algorithms: ['HS256', 'RS256'] })).toThrow(/no key can verify RS256/);
    expect(() => createClaimsVerifier({ ...base, algorithms: ['ES256'], keys: { jwk: { ...ec.jwk, d: 'x' } } })).toThrow(/private/);
  });

  it('ready() surfaces a key that does not fit its declared algorithm', async () => {
    const v = createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { publicKey: rsa.pem, algorithms: ['ES256'] } });
    await expect(v.ready()).rejects.toThrow(TypeError);
  });
});
