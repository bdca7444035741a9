import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHA256 } from '../../src/builtins/digest/index.js';
import { toHex } from '../../src/builtins/host/util.js';
import { call, expectError, hosts } from './helpers.js';

// The jwt.io example token (HS256, secret "your-256-bit-secret").
const JWT_IO =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const SECRET = 'your-256-bit-secret';
const enc = new TextEncoder();

async function hs(alg: 'HS256' | 'HS384' | 'HS512', claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg, ...header }).sign(enc.encode(secret));
}

const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('io.jwt.decode', () => {
  it('decodes header, payload and the signature as hex', () => {
    const [header, payload, sig] = call('io.jwt.decode', JWT_IO) as [unknown, unknown, string];
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ sub: '1234567890', name: 'John Doe', iat: 1516239022 });
    expect(sig).toBe('49f94ac7044948c78a285d904f87f0a4c7897f7e8f3a4eb2255fda750b2cc397');
  });

  it('decodes unsigned and unicode tokens', () => {
    const t = `${b64url('{"alg":"none"}')}.${b64url(unescape(encodeURIComponent('{"name":"Zoë 😀"}')))}.`;
    expect(call('io.jwt.decode', t)).toEqual([{ alg: 'none' }, { name: 'Zoë 😀' }, '']);
  });

  it('decodes nested tokens (cty JWT)', () => {
    const outer = `${b64url('{"alg":"HS256","cty":"JWT"}')}.${b64url(JWT_IO)}.c2ln`;
    expect((call('io.jwt.decode', outer) as unknown[])[1]).toEqual({ sub: '1234567890', name: 'John Doe', iat: 1516239022 });
  });

  it.each<[unknown, string]>([
    ['abc', 'no period separators'],
    ['a.b', 'must have 3 sections'],
    ['a.b.c.d.e', 'must have 3 sections'],
    [`${b64url('[1]')}.${b64url('{}')}.`, 'must be a JSON object'],
    [`${b64url('{}')}.${b64url('not json')}.`, 'invalid encoding'],
    [`${b64url('{}')}.${b64url('{}')}.***`, 'signature had invalid encoding'],
    [42, 'operand 1 must be string'],
  ])('rejects %j', (t, msg) => expectError('io.jwt.decode', [t], msg));
});

describe('io.jwt.verify_hs256 / hs384 / hs512', () => {
  it('verifies the jwt.io token', () => {
    expect(call('io.jwt.verify_hs256', JWT_IO, SECRET)).toBe(true);
    expect(call('io.jwt.verify_hs256', JWT_IO, 'wrong')).toBe(false);
    expect(call('io.jwt.verify_hs256', JWT_IO.slice(0, -2) + 'AA', SECRET)).toBe(false);
  });

  it.each(['HS256', 'HS384', 'HS512'] as const)('verifies %s tokens signed by jose', async (alg) => {
    const token = await hs(alg, { sub: 'alice', roles: ['admin'] }, 'k€y with unicode');
    const fn = `io.jwt.verify_${alg.toLowerCase()}`;
    expect(call(fn, token, 'k€y with unicode')).toBe(true);
    expect(call(fn, token, 'k€y with unicodf')).toBe(false);
  });

  it('checks only the signature, with the function’s algorithm', async () => {
    const token = await hs('HS512', { a: 1 });
    expect(call('io.jwt.verify_hs256', token, SECRET)).toBe(false);
  });

  it('errors on malformed tokens and non-string secrets', () => {
    expectError('io.jwt.verify_hs256', ['nope', SECRET]);
    expectError('io.jwt.verify_hs256', [JWT_IO, 1], 'operand 2 must be string');
  });
});

describe('io.jwt.decode_verify', () => {
  const now = 1_700_000_000n * 1_000_000_000n; // 2023-11-14T22:13:20Z
  const { call: c, strict: s } = hosts({ now: () => now });
  let rsToken = '';
  let rsJwk = '';

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    rsToken = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    rsJwk = JSON.stringify(await exportJWK(publicKey));
  });

  it('accepts a valid HS256 token and returns header and claims', async () => {
    const token = await hs('HS256', { sub: 'alice', iss: 'accord', aud: 'api', exp: 1_700_000_100, nbf: 1_699_999_000 });
    expect(c('io.jwt.decode_verify', token, { secret: SECRET, iss: 'accord', aud: 'api' })).toEqual([
      true,
      { alg: 'HS256' },
      { sub: 'alice', iss: 'accord', aud: 'api', exp: 1_700_000_100, nbf: 1_699_999_000 },
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['expired (exp <= now)', { exp: 1_700_000_000 }, { secret: SECRET }],
    ['not yet valid (nbf > now)', { nbf: 1_700_000_001 }, { secret: SECRET }],
    ['wrong issuer', { iss: 'other' }, { secret: SECRET, iss: 'accord' }],
    ['missing issuer', {}, { secret: SECRET, iss: 'accord' }],
    ['wrong audience', { aud: 'web' }, { secret: SECRET, aud: 'api' }],
    ['audience claim without aud constraint', { aud: 'api' }, { secret: SECRET }],
    ['aud constraint without audience claim', {}, { secret: SECRET, aud: 'api' }],
    ['wrong secret', {}, { secret: 'nope' }],
    ['alg constraint mismatch', {}, { secret: SECRET, alg: 'HS512' }],
    ['cert for an HMAC token', {}, { cert: '{"kty":"RSA"}' }],
  ])('rejects: %s', async (_name, claims, constraints) => {
    const token = await hs('HS256', claims);
    expect(c('io.jwt.decode_verify', token, constraints)).toEqual([false, {}, {}]);
  });

  it('accepts audience arrays containing the constraint and an explicit time', async () => {
    const token = await hs('HS384', { aud: ['web', 'api'], exp: 100 });
    expect((c('io.jwt.decode_verify', token, { secret: SECRET, aud: 'api', time: 99_000_000_000 }) as unknown[])[0]).toBe(true);
    expect((c('io.jwt.decode_verify', token, { secret: SECRET, aud: 'api', time: 100_000_000_000 }) as unknown[])[0]).toBe(false);
  });

  it('reports asymmetric tokens as not verified (no synchronous RSA/ECDSA)', () => {
    expect(c('io.jwt.decode_verify', rsToken, { cert: rsJwk })).toEqual([false, {}, {}]);
    expect(c('io.jwt.decode_verify', rsToken, { secret: SECRET })).toEqual([false, {}, {}]);
  });

  it('errors on bad constraints and malformed tokens', async () => {
    const token = await hs('HS256', {});
    expect(() => s('io.jwt.decode_verify', token, { secret: SECRET, bogus: 1 })).toThrow('unknown token validation constraint: bogus');
    expect(() => s('io.jwt.decode_verify', token, {})).toThrow('no key constraint');
    expect(() => s('io.jwt.decode_verify', token, { secret: SECRET, cert: 'x' })).toThrow('duplicate key constraints');
    expect(() => s('io.jwt.decode_verify', 'a.b', { secret: SECRET })).toThrow('must have 3 sections');
    const badExp = await hs('HS256', { exp: 'soon' });
    expect(() => s('io.jwt.decode_verify', badExp, { secret: SECRET })).toThrow('exp value must be a number');
    expect(c('io.jwt.decode_verify', token, 'x')).toBeUndefined();
  });
});

describe('crypto.*', () => {
  it.each<[string, unknown[], string]>([
    ['crypto.md5', ['hello'], '5d41402abc4b2a76b9719d911017c592'],
    ['crypto.sha1', ['hello'], 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
    ['crypto.sha256', ['hello'], '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    ['crypto.sha256', [''], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['crypto.hmac.sha256', ['what do ya want for nothing?', 'Jefe'], '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['crypto.hmac.sha512', ['what do ya want for nothing?', 'Jefe'], '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737'],
    ['crypto.hmac.md5', ['what do ya want for nothing?', 'Jefe'], '750c783e6ab0b503eaa86e310a5db738'],
    ['crypto.hmac.sha1', ['what do ya want for nothing?', 'Jefe'], 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
  ])('%s(%j)', (name, args, want) => expect(call(name, ...args)).toBe(want));

  it('hashes the UTF-8 bytes of unicode strings', () => {
    // U+00E9 is hashed as its UTF-8 bytes c3 a9.
    expect(call('crypto.sha256', 'é')).toBe(toHex(SHA256.hash(Uint8Array.of(0xc3, 0xa9))));
    expect(call('crypto.sha256', '😀')).toBe(toHex(SHA256.hash(Uint8Array.of(0xf0, 0x9f, 0x98, 0x80))));
    expect(call('crypto.md5', '日本')).toHaveLength(32);
  });

  it.each<[string, string, boolean]>([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
  ])('crypto.hmac.equal(%j, %j)', (a, b, want) => expect(call('crypto.hmac.equal', a, b)).toBe(want));

  it('rejects non-string input', () => {
    expectError('crypto.sha256', [1]);
    expectError('crypto.hmac.sha256', ['x', null]);
    expectError('crypto.hmac.equal', ['x', 1]);
  });
});
