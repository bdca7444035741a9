// A local JWKS endpoint (127.0.0.1, random port) whose key set rotates under the verifier.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClaimsVerifier } from '../../src/claims/index.js';
import type { ClaimsVerifierOptions } from '../../src/claims/index.js';
import { AUD, ISS, keyPair, signHS, signWith } from './helpers.js';
import type { KeyPairInfo } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: Server;
let url: string;
let served: { keys: unknown[] } = { keys: [] };
let status = 200;
let fetches = 0;
let a: KeyPairInfo;
let b: KeyPairInfo;
let c: KeyPairInfo;

beforeAll(async () => {
  [a, b, c] = await Promise.all([keyPair('RS256', 'key-a'), keyPair('ES256', 'key-b'), keyPair('RS256', 'key-c')]);
  server = createServer((req, res) => {
    fetches++;
    if (req.url !== '/.well-known/jwks.json' || status !== 200) {
      res.writeHead(status === 200 ? 404 : status).end('nope');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  vi.restoreAllMocks();
  status = 200;
});

function jwksVerifier(remote: Partial<{ cooldownDuration: number; cacheMaxAge: number; timeoutDuration: number }>, extra: Partial<ClaimsVerifierOptions> = {}) {
  return createClaimsVerifier({
    issuer: ISS,
    audience: AUD,
    algorithms: ['RS256', 'ES256'],
    keys: { jwksUrl: url, ...remote },
    ...extra,
  });
}

describe('remote JWKS', () => {
  it('rotation: old-kid tokens fail after rotation + cooldown, new-kid tokens succeed, cache invalidated', async () => {
    served = { keys: [a.jwk] };
    fetches = 0;
    const v = jwksVerifier({ cooldownDuration: 600, cacheMaxAge: 60_000 });
    const oldTok = await signWith(a.privateKey, 'RS256', {}, { kid: 'key-a' });
    const newTok = await signWith(b.privateKey, 'ES256', {}, { kid: 'key-b' });

    await expect(v.verify(oldTok)).resolves.toMatchObject({ cached: false });
    await expect(v.verify(oldTok)).resolves.toMatchObject({ cached: true });
    expect(fetches).toBe(1);
    const version0 = v.keysVersion;

    served = { keys: [b.jwk] }; // rotate: a removed, b added
    // Inside the cooldown (600 ms: wide enough for a loaded CI machine) an unknown kid does not refetch.
    await expect(v.verify(newTok)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(fetches).toBe(1);

    await sleep(650);
    await expect(v.verify(newTok)).resolves.toMatchObject({ cached: false });
    expect(fetches).toBe(2);
    expect(v.keysVersion).toBe(version0 + 1); // set changed -> cache invalidated

    // The old token was cached; invalidation means it is verified again, and key-a is gone.
    await expect(v.verify(oldTok)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await sleep(650);
    await expect(v.verify(oldTok)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await expect(v.verify(newTok)).resolves.toBeTruthy();
  });

  it('a cached token stops being accepted once the key set goes stale and the key is gone', async () => {
    served = { keys: [a.jwk] };
    const v = jwksVerifier({ cooldownDuration: 0, cacheMaxAge: 200 });
    const tok = await signWith(a.privateKey, 'RS256', {}, { kid: 'key-a' });
    await v.verify(tok);
    await expect(v.verify(tok)).resolves.toMatchObject({ cached: true });
    served = { keys: [c.jwk] }; // key-a revoked at the IdP
    await sleep(250);
    await expect(v.verify(tok)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('an unchanged refetch keeps the cache', async () => {
    served = { keys: [a.jwk, b.jwk] };
    const v = jwksVerifier({ cooldownDuration: 0, cacheMaxAge: 60_000 });
    const tok = await signWith(a.privateKey, 'RS256', {}, { kid: 'key-a' });
    await v.verify(tok);
    const version = v.keysVersion;
    await v.reloadKeys();
    expect(v.keysVersion).toBe(version);
    await expect(v.verify(tok)).resolves.toMatchObject({ cached: true });
    served = { keys: [b.jwk] };
    await v.reloadKeys();
    expect(v.keysVersion).toBe(version + 1);
    await expect(v.verify(tok)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('a key removed by a refetch that finishes in the same millisecond as the last one is still seen', async () => {
    served = { keys: [a.jwk, b.jwk] };
    const v = jwksVerifier({ cooldownDuration: 0, cacheMaxAge: 60_000 });
    const tok = await signWith(a.privateKey, 'RS256', {}, { kid: 'key-a' });
    vi.spyOn(Date, 'now').mockReturnValue(Date.now()); // every fetch "finishes" at the same instant
    await v.verify(tok);
    const version = v.keysVersion;
    served = { keys: [b.jwk] }; // key-a revoked at the IdP
    await v.reloadKeys();
    expect(v.keysVersion).toBe(version + 1);
    await expect(v.verify(tok)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('plain http only on loopback, or when allowed explicitly', () => {
    const at = (jwksUrl: string, allowHttp?: boolean) => () =>
      createClaimsVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { jwksUrl, ...(allowHttp ? { allowHttp } : {}) } });
    expect(at('http://idp.internal/jwks.json')).toThrow(/must be https/);
    expect(at('http://10.0.0.5:8080/jwks.json')).toThrow(/must be https/);
    expect(at('http://127.0.0.1.evil.example/jwks.json')).toThrow(/must be https/);
    expect(at('http://localhost.evil.example/jwks.json')).toThrow(/must be https/);
    expect(at('ftp://idp.example/jwks.json')).toThrow(/http\(s\)/);
    for (const ok of ['https://idp.example/jwks.json', 'http://127.0.0.1:9/jwks.json', 'http://localhost:8080/jwks.json', 'http://[::1]:8080/jwks.json']) {
      expect(at(ok), ok).not.toThrow();
    }
    expect(at('http://idp.internal/jwks.json', true)).not.toThrow();
  });

  it('unknown-kid floods are bounded by the cooldown', async () => {
    served = { keys: [a.jwk] };
    const v = jwksVerifier({ cooldownDuration: 60_000 });
    await v.ready({ prefetchJwks: true });
    fetches = 0;
    const forged = await signWith(c.privateKey, 'RS256', {}, { kid: 'key-zzz' });
    for (let i = 0; i < 50; i++) await expect(v.verify(forged)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(fetches).toBe(0);
  });

  it('a token signed by a key not in the set, claiming a known kid, fails the signature', async () => {
    served = { keys: [a.jwk] };
    const v = jwksVerifier({});
    const forged = await signWith(c.privateKey, 'RS256', {}, { kid: 'key-a' });
    await expect(v.verify(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('HS256 tokens never reach a JWKS verifier', async () => {
    served = { keys: [a.jwk] };
    const v = jwksVerifier({});
    await expect(v.verify(await signHS({}, { kid: 'key-a' }))).rejects.toMatchObject({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  });

  it('endpoint errors fail closed with a typed code', async () => {
    served = { keys: [a.jwk] };
    const tok = await signWith(a.privateKey, 'RS256', {}, { kid: 'key-a' });
    status = 500;
    await expect(jwksVerifier({}).verify(tok)).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE' });
    status = 200;
    const dead = createClaimsVerifier({
      issuer: ISS,
      audience: AUD,
      algorithms: ['RS256'],
      keys: { jwksUrl: 'http://127.0.0.1:9/jwks.json', timeoutDuration: 500 },
    });
    await expect(dead.verify(tok)).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_JWKS_(UNAVAILABLE|TIMEOUT)$/) });
    served = { keys: 'not-an-array' } as never;
    await expect(jwksVerifier({}).verify(tok)).rejects.toMatchObject({ code: 'ERR_JWKS_INVALID' });
  });

  it('a slow endpoint times out', async () => {
    const slow = createServer((_req, res) => {
      setTimeout(() => res.writeHead(200).end(JSON.stringify({ keys: [a.jwk] })), 1000);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const v = createClaimsVerifier({
        issuer: ISS,
        audience: AUD,
        algorithms: ['RS256'],
        keys: { jwksUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, timeoutDuration: 100 },
      });
      const t0 = performance.now();
      await expect(v.verify(await signWith(a.privateKey, 'RS256', {}, { kid: 'key-a' }))).rejects.toMatchObject({ code: 'ERR_JWKS_TIMEOUT' });
      expect(performance.now() - t0).toBeLessThan(800);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});
