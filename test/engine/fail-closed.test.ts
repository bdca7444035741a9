// Every failure is a deny with a stable reason code and an error-level audit event.
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClaimsVerifier } from '../../src/claims/index.js';
import { PolicyLoadError, createAuthorizer, type Decision } from '../../src/engine/index.js';
import { MemoryStore, SessionStoreError, type SessionStore } from '../../src/session/index.js';
import {
  AUD,
  CLAIMS,
  ENTRYPOINT,
  ISS,
  PEOPLE,
  bearer,
  canonicalPolicy,
  captureAudit,
  compilePolicy,
  doc,
  makeWorld,
  nowSec,
  sign,
  unsignedToken,
} from './helpers.js';

const STABLE_REASON = /^(?:[a-z_]+|ERR_[A-Z_]+)$/;

function expectError(d: Decision, event: { outcome: string; reason?: string; error?: { code: string; message: string } }, code: string) {
  expect(d.allow).toBe(false);
  expect(d.reason).toBe(code);
  expect(d.reason).toMatch(STABLE_REASON);
  expect(event.outcome).toBe('error');
  expect(event.reason).toBe(code);
  expect(event.error?.code).toBe(code);
  expect(typeof event.error?.message).toBe('string');
}

const read = { action: 'read', resource: doc('acme', 'bob'), layer: 'route' as const };

beforeAll(() => {
  canonicalPolicy();
});

describe('tokens', () => {
  it('bad signature, expired, alg none, wrong issuer, wrong audience, made-up and tampered tokens', async () => {
    const w = makeWorld();
    const { sid } = await w.login('alice');
    const claims = { ...PEOPLE.alice, roles: ['admin'], sid };
    const cases: Array<[string, string]> = [
      [await sign(claims, new TextEncoder().encode('another-secret-another-secret-32')), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
      [await sign({ ...claims, exp: nowSec() - 60 }), 'ERR_JWT_EXPIRED'],
      [unsignedToken(claims), 'ERR_JOSE_ALG_NOT_ALLOWED'],
      [await sign({ ...claims, iss: 'https://evil.test' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
      [await sign({ ...claims, aud: 'another-app' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
      ['eyJhbGciOiJIUzI1NiJ9.e30.AAAA', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'], // a made-up signature
    ];
    const original = await sign(claims);
    // tampered payload (role escalation) with the original signature
    const [h, , s] = original.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ iss: ISS, aud: AUD, exp: nowSec() + 60, sub: 'carol', roles: ['admin'], sid })).toString('base64url');
    cases.push([`${h}.${forgedPayload}.${s}`, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED']);

    for (const [token, code] of cases) {
      const d = await w.authorizer.authorize(bearer(token), read);
      expectError(d, w.audit.last(), code);
      expect(d.status).toBe(401);
      expect(d.subject).toBeUndefined();
      expect(JSON.stringify(w.audit.last().error)).not.toContain(token);
    }
    expect(w.authorizer.stats().errors).toBe(cases.length);
  });

  it('a token without "sub" is refused even when correctly signed', async () => {
    const w = makeWorld();
    const token = await new SignJWT({ iss: ISS, aud: AUD, exp: nowSec() + 60, roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).sign(CLAIMS.keys.secret);
    const d = await w.authorizer.authorize(bearer(token), read);
    expectError(d, w.audit.last(), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('a roles claim that is not a string array is invalid input, not an allow', async () => {
    const w = makeWorld();
    const { sid } = await w.login('alice');
    const token = await sign({ sub: 'alice', tenant: 'acme', roles: 'admin', sid });
    const d = await w.authorizer.authorize(bearer(token), read);
    expectError(d, w.audit.last(), 'ERR_INPUT_INVALID');
    expect(w.audit.last().error?.message).toContain('subject.roles');
  });

  it('a verifier that never answers hits the decision deadline', async () => {
    const hanging = { verify: () => new Promise(() => {}), ready: async () => {}, invalidate() {}, reloadKeys: async () => {}, keysVersion: 0, stats: () => ({}) } as unknown as ClaimsVerifier;
    const audit = captureAudit();
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: hanging, sessions: new MemoryStore(), audit, timeoutMs: 50 });
    const t0 = Date.now();
    const d = await a.authorize(bearer(await sign({ sub: 'x' })), read);
    expect(Date.now() - t0).toBeLessThan(1000);
    expectError(d, audit.last(), 'ERR_JWKS_TIMEOUT');
    expect(d.status).toBe(503);
  });
});

describe('session store', () => {
  async function withStore(store: Partial<SessionStore>, timeoutMs = 200) {
    const real = new MemoryStore();
    const s = await real.create({ subject: 'alice', ttlMs: 60_000 });
    const token = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: s.id });
    const audit = captureAudit();
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: { ...store, name: 'fake' } as SessionStore, audit, timeoutMs });
    return { a, audit, token, record: s };
  }

  it('ERR_STORE_UNAVAILABLE when the store throws (typed or not) or is closed', async () => {
    for (const get of [
      async () => {
        throw new SessionStoreError('ERR_STORE_UNAVAILABLE', 'redis: connection refused');
      },
      async () => {
        throw new Error('ECONNRESET 10.0.0.3:6379');
      },
      () => {
        throw new Error('sync throw');
      },
    ]) {
      const { a, audit, token } = await withStore({ get: get as SessionStore['get'] });
      const d = await a.authorize(bearer(token), read);
      expectError(d, audit.last(), 'ERR_STORE_UNAVAILABLE');
      expect(d.status).toBe(503);
      expect(JSON.stringify(d)).not.toContain('ECONNRESET');
    }
    const w = makeWorld();
    const { token } = await w.login('alice');
    await w.store.close();
    expectError(await w.authorizer.authorize(bearer(token), read), w.audit.last(), 'ERR_STORE_UNAVAILABLE');
  });

  it('ERR_STORE_TIMEOUT when the store is slower than timeoutMs (a slow fake store ignoring its deadline)', async () => {
    // 250 ms: long enough that a loaded CI machine still verifies the token within it.
    const { a, audit, token, record } = await withStore({ get: () => new Promise((r) => setTimeout(() => r(record), 5000)) }, 250);
    const t0 = Date.now();
    const d = await a.authorize(bearer(token), read);
    expect(Date.now() - t0).toBeLessThan(2500);
    expectError(d, audit.last(), 'ERR_STORE_TIMEOUT');
    expect(audit.last().metrics!.timer_total_ns).toBeGreaterThanOrEqual(240e6); // one deadline for the whole decision
  });

  it('a token that fails verification reports the token error, even when the store is down', async () => {
    const real = new MemoryStore();
    const s = await real.create({ subject: 'alice', ttlMs: 60_000 });
    const audit = captureAudit();
    const failing = { name: 'down', get: async () => { throw new SessionStoreError('ERR_STORE_UNAVAILABLE', 'down'); } } as unknown as SessionStore;
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: failing, audit });
    const forged = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: s.id }, new TextEncoder().encode('y'.repeat(32)));
    const d = await a.authorize(bearer(forged), read);
    expectError(d, audit.last(), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('passes the remaining deadline and the request signal to the store', async () => {
    let seen: { timeoutMs?: number; signal?: AbortSignal } | undefined;
    const { a, token, record } = await withStore({
      get: async (_id, opts) => {
        seen = opts;
        return record;
      },
    });
    const ac = new AbortController();
    await a.authorize(bearer(token), { ...read, signal: ac.signal });
    expect(seen?.timeoutMs).toBeGreaterThan(0);
    expect(seen?.timeoutMs).toBeLessThanOrEqual(200);
    expect(seen?.signal).toBe(ac.signal);
  });

  it('ERR_STORE_CORRUPT when the store answers with something that is not the record asked for', async () => {
    const bad = [
      { hello: 'world' },
      (r: Record<string, unknown>) => ({ ...r, id: 'B'.repeat(43) }),
      (r: Record<string, unknown>) => ({ ...r, revoked: 'no' }),
      (r: Record<string, unknown>) => ({ ...r, kind: 'root' }),
    ];
    for (const b of bad) {
      const ref: { r?: Record<string, unknown> } = {};
      const { a, audit, token, record } = await withStore({ get: async () => (typeof b === 'function' ? b(ref.r!) : b) as never });
      ref.r = record as unknown as Record<string, unknown>;
      expectError(await a.authorize(bearer(token), read), audit.last(), 'ERR_STORE_CORRUPT');
    }
  });
});

describe('policy', () => {
  const conflict = `package app.authz
import rego.v1
default decision := {"allow": false, "reasons": ["default"]}
decision := {"allow": true, "reasons": []} if input.resource.type == "boom"
decision := {"allow": false, "reasons": ["boom"]} if input.resource.type == "boom"
decision := {"allow": true, "reasons": []} if input.resource.type == "document"
`;
  let conflictWasm: Uint8Array;
  beforeAll(() => {
    conflictWasm = compilePolicy(conflict);
  });

  it('a policy that aborts (eval_conflict_error) denies with ERR_EVAL; a fresh instance replaces the trapped one', async () => {
    const audit = captureAudit();
    const a = createAuthorizer({ policy: conflictWasm, claims: CLAIMS, sessions: new MemoryStore(), audit });
    const ok = () => a.authorize(new Request('https://app.test/d'), { action: 'read', resource: { type: 'document' }, layer: 'route' });
    expect((await ok()).allow).toBe(true);
    expect(a.stats()).toMatchObject({ instances: 1, replaced: 0 });

    const d = await a.authorize(new Request('https://app.test/d'), { action: 'read', resource: { type: 'boom' }, layer: 'route' });
    expectError(d, audit.last(), 'ERR_EVAL');
    expect(audit.last().error?.message).toMatch(/conflict/);
    expect(d.status).toBe(500);
    expect(a.stats().replaced).toBe(1);

    // the next decision runs on a new instance
    expect((await ok()).allow).toBe(true);
    expect(a.stats()).toMatchObject({ instances: 2, replaced: 1 });
    // and trapping again replaces again
    await a.authorize(new Request('https://app.test/d'), { action: 'read', resource: { type: 'boom' }, layer: 'route' });
    expect((await ok()).allow).toBe(true);
    expect(a.stats()).toMatchObject({ instances: 3, replaced: 2 });
  });

  it('policy load failures: garbage bytes, missing entrypoint, rejected promise', async () => {
    const sources: Array<[unknown, RegExp]> = [
      [new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255]), /load failed/],
      [compilePolicy('package other\nimport rego.v1\nx := 1\n', ['other/x']), /entrypoint "app\/authz\/decision"/],
      [() => Promise.reject(new Error('ENOENT dist/policy.wasm')), /ENOENT/],
      ['not a policy', /must be a WebAssembly.Module/],
    ];
    for (const [policy, detail] of sources) {
      const audit = captureAudit();
      const a = createAuthorizer({ policy: policy as Uint8Array, claims: CLAIMS, sessions: new MemoryStore(), audit });
      const d = await a.authorize(new Request('https://app.test/login'), { action: 'read', resource: { type: 'page' }, layer: 'route' });
      expectError(d, audit.last(), 'ERR_POLICY_LOAD');
      expect(audit.last().error?.message).toMatch(detail);
      expect(d.policy_revision).toBeTypeOf('string');
      await expect(a.ready()).rejects.toBeInstanceOf(PolicyLoadError);
      // still failing closed on the next decision
      expect((await a.authorize(new Request('https://app.test/login'), { action: 'read', resource: { type: 'page' }, layer: 'route' })).reason).toBe('ERR_POLICY_LOAD');
    }
  });

  it('a decision that is undefined or not {allow: boolean} is ERR_POLICY_RESULT', async () => {
    for (const src of [
      'package app.authz\nimport rego.v1\ndecision := 42\n',
      'package app.authz\nimport rego.v1\ndecision := {"allow": "yes"}\n',
      'package app.authz\nimport rego.v1\ndecision := {"allow": true} if input.never\n',
    ]) {
      const audit = captureAudit();
      const a = createAuthorizer({ policy: compilePolicy(src), claims: CLAIMS, sessions: new MemoryStore(), audit });
      const d = await a.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'x' }, layer: 'route' });
      expectError(d, audit.last(), 'ERR_POLICY_RESULT');
    }
  });

  it('a boolean entrypoint is accepted (allow rules)', async () => {
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: new MemoryStore(), entrypoint: 'app/authz/allow' });
    await expect(a.ready()).rejects.toThrow(/entrypoint "app\/authz\/allow"/); // not compiled as an entrypoint
    const wasm = compilePolicy('package app.authz\nimport rego.v1\ndefault allow := false\nallow if input.action == "read"\n', ['app/authz/allow']);
    const b = createAuthorizer({ policy: wasm, claims: CLAIMS, sessions: new MemoryStore(), entrypoint: 'app/authz/allow' });
    expect((await b.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'x' }, layer: 'route' })).allow).toBe(true);
    expect((await b.authorize(new Request('https://app.test/x'), { action: 'write', resource: { type: 'x' }, layer: 'route' })).reason).toBe('no_credentials');
  });
});

describe('invalid input', () => {
  const bad: Array<[string, Record<string, unknown>]> = [
    ['resource is a string', { action: 'read', resource: 'document:d1', layer: 'route' }],
    ['resource is an array', { action: 'read', resource: [1, 2], layer: 'route' }],
    ['resource without type', { action: 'read', resource: { id: 'd1' }, layer: 'route' }],
    ['resource is null', { action: 'read', resource: null, layer: 'route' }],
    ['action missing', { resource: { type: 'document' }, layer: 'route' }],
    ['action with spaces', { action: 'read everything', resource: { type: 'document' }, layer: 'route' }],
    ['unknown layer', { action: 'read', resource: { type: 'document' }, layer: 'edge-magic' }],
  ];
  it.each(bad)('%s → ERR_INPUT_INVALID, never a throw', async (_name, opts) => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    const d = await w.authorizer.authorize(bearer(token), opts as never);
    expectError(d, w.audit.last(), 'ERR_INPUT_INVALID');
    expect(d.status).toBe(500);
  });

  it('missing options, a non-object request, an oversized input', async () => {
    const w = makeWorld({ maxInputBytes: 512 });
    const { token } = await w.login('alice');
    expect((await w.authorizer.authorize(bearer(token), undefined as never)).reason).toBe('ERR_INPUT_INVALID');
    expect((await w.authorizer.authorize(null as never, read)).reason).toBe('ERR_INPUT_INVALID');
    expect((await w.authorizer.authorize('GET /' as never, read)).reason).toBe('ERR_INPUT_INVALID');
    const big = await w.authorizer.authorize(bearer(token), { ...read, resource: { ...doc('acme', 'bob'), note: 'x'.repeat(200) } });
    expect(big.reason).toBe('ERR_INPUT_INVALID');
    expect(w.audit.last().error?.message).toMatch(/bytes/);
  });

  it('a request path that is not a path (context input) is refused', async () => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    for (const path of ['documents', 'https://evil.test/x', '/a?b=c', '/a b']) {
      expect((await w.authorizer.authorize({ token, method: 'GET', path }, read)).reason).toBe('ERR_INPUT_INVALID');
    }
  });
});

describe('construction', () => {
  it('createAuthorizer insists on a session store (authoritative layers always consult it)', () => {
    expect(() => createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS } as never)).toThrow(/sessions/);
    expect(() => createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: 'edge-precheck' } as never)).toThrow(/createEdgeAuthorizer/);
    expect(() => createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: new MemoryStore(), cookieName: 'bad name' })).toThrow(TypeError);
    expect(() => createAuthorizer({ policy: canonicalPolicy(), claims: { ...CLAIMS, algorithms: ['none' as never] }, sessions: new MemoryStore() })).toThrow();
  });

  it('entrypoint default is app/authz/decision', async () => {
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: new MemoryStore() });
    await a.ready();
    expect(a.mode).toBe('authoritative');
    expect(a.revision).toMatch(/^[0-9a-f]{64}$/);
    const audit = captureAudit();
    const b = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: new MemoryStore(), audit });
    await b.authorize(new Request('https://app.test/'), { action: 'read', resource: { type: 'page' }, layer: 'route' });
    expect(audit.last().path).toBe(ENTRYPOINT);
  });
});
