// The decision path's cost structure: what runs synchronously, what arms a timer, what is
// validated once and what on every decision — and that none of it weakens a check.
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createClaimsVerifier, type ClaimsVerifier } from '../../src/claims/index.js';
import { AuthzInputSchema, SubjectSchema, createAuthorizer, type Decision } from '../../src/engine/index.js';
import { validatorFor } from '../../src/engine/input.js';
import { InputTooLargeError, PolicyHolder } from '../../src/engine/loader.js';
import { MemoryStore } from '../../src/session/index.js';
import { AUD, CLAIMS, ENTRYPOINT, ISS, PEOPLE, bearer, canonicalPolicy, captureAudit, compilePolicy, doc, makeWorld, sign } from './helpers.js';

beforeAll(() => {
  canonicalPolicy();
});
afterEach(() => vi.restoreAllMocks());

const read = { action: 'read', resource: doc('acme', 'bob'), layer: 'route' as const };

/** True when `p` settles within one microtask turn, i.e. authorize() did not await anything. */
async function settledAtOnce(p: Promise<Decision>): Promise<Decision> {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await Promise.resolve();
  expect(done, 'the decision was not ready synchronously').toBe(true);
  return p;
}

function spiedVerifier(): { verifier: ClaimsVerifier; verify: ReturnType<typeof vi.fn>; verifySync: ReturnType<typeof vi.fn> } {
  const v = createClaimsVerifier(CLAIMS);
  const verify = vi.fn(v.verify);
  const verifySync = vi.fn(v.verifySync!);
  return { verifier: { ...v, verify, verifySync, ready: v.ready, stats: v.stats }, verify, verifySync };
}

describe('synchronous decisions', () => {
  it('a repeat token with a MemoryStore is decided without awaiting, without a timer, without store.get()', async () => {
    const { verifier, verify, verifySync } = spiedVerifier();
    const store = new MemoryStore();
    const get = vi.spyOn(MemoryStore.prototype, 'get');
    const audit = captureAudit();
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: verifier, sessions: store, audit });
    await a.ready();
    const s = await store.create({ subject: 'alice', ttlMs: 60_000 });
    const token = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: s.id });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    get.mockClear();
    // First sight: the HS256 signature is checked synchronously (the default), then the cache answers.
    for (let i = 0; i < 4; i++) expect((await settledAtOnce(a.authorize(bearer(token), read))).allow).toBe(true);
    expect(timers).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();
    expect(verifySync).toHaveBeenCalledTimes(4);
    expect(verifier.stats()).toMatchObject({ misses: 1, hits: 3 });
    expect(verify).not.toHaveBeenCalled();
    // Every decision still read the store and produced its audit event with its timings.
    expect(audit.events).toHaveLength(4);
    for (const e of audit.events) expect(e.metrics?.timer_session_ns).toBeGreaterThan(0);
    // …and a revocation shows on the very next one.
    await store.revoke(s.id);
    expect((await settledAtOnce(a.authorize(bearer(token), read))).reason).toBe('session_revoked');
  });

  it('an ES256 token waits for WebCrypto under one deadline timer, cleared when the decision ends', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const claims = { issuer: ISS, audience: AUD, algorithms: ['ES256' as const], keys: { jwk: await exportJWK(publicKey) } };
    const store = new MemoryStore();
    const a = createAuthorizer({ policy: canonicalPolicy(), claims, sessions: store });
    await a.ready();
    const s = await store.create({ subject: 'alice', ttlMs: 60_000 });
    const token = await new SignJWT({ ...PEOPLE.alice, roles: ['admin'], sid: s.id }).setProtectedHeader({ alg: 'ES256' }).setIssuer(ISS).setAudience(AUD).setExpirationTime('5m').sign(privateKey);
    const set = vi.spyOn(globalThis, 'setTimeout');
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    expect((await a.authorize(bearer(token), read)).allow).toBe(true);
    expect(set).toHaveBeenCalledTimes(1);
    expect(clear).toHaveBeenCalledWith(set.mock.results[0]!.value);
    set.mockClear();
    // Once verified, the same token is a cache hit: synchronous again.
    expect((await settledAtOnce(a.authorize(bearer(token), read))).allow).toBe(true);
    expect(set).not.toHaveBeenCalled();
  });

  it('decide() hands back the Decision itself when nothing had to wait, a promise otherwise; same decisions and events as authorize()', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const store = new MemoryStore();
    const audit = captureAudit();
    const claims = { issuer: ISS, audience: AUD, algorithms: ['ES256' as const], keys: { jwk: await exportJWK(publicKey) } };
    const a = createAuthorizer({ policy: canonicalPolicy(), claims, sessions: store, audit });
    // Before the policy is loaded, even a decision without a credential has to wait.
    const first = a.decide(new Request('https://app.test/login'), { action: 'read', resource: { type: 'page' }, layer: 'route' });
    expect(first).toBeInstanceOf(Promise);
    await first;
    const s = await store.create({ subject: 'alice', ttlMs: 60_000 });
    const token = await new SignJWT({ ...PEOPLE.alice, roles: ['admin'], sid: s.id }).setProtectedHeader({ alg: 'ES256' }).setIssuer(ISS).setAudience(AUD).setExpirationTime('5m').sign(privateKey);
    // First sight of an ES256 token: WebCrypto, so a promise.
    const pending = a.decide(bearer(token), read);
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).allow).toBe(true);
    // Then the verification cache answers: the Decision itself, frozen, as authorize() resolves it.
    const now = a.decide(bearer(token), read);
    expect(now).not.toBeInstanceOf(Promise);
    expect(Object.isFrozen(now)).toBe(true);
    const viaAuthorize = await a.authorize(bearer(token), read);
    const { decision_id: _a, request_id: _b, ...rest } = now as Decision;
    const { decision_id: _c, request_id: _d, ...restAuthorize } = viaAuthorize;
    expect(rest).toEqual(restAuthorize);
    expect(audit.events.map((e) => e.outcome)).toEqual(['allow', 'allow', 'allow', 'allow']);
    // A revocation is seen by the very next synchronous decision.
    await store.revoke(s.id);
    expect(a.decide(bearer(token), read)).toMatchObject({ allow: false, reason: 'session_revoked' });
  });

  it('a request id given by the caller is used as is, and the Request memo still shares one id between decisions that have none', async () => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    const req = bearer(token);
    const given = await w.authorizer.authorize(req, { ...read, requestId: 'layer-given-id' });
    expect(given.request_id).toBe('layer-given-id');
    const a = await w.authorizer.authorize(req, read);
    const b = await w.authorizer.authorize(req, read);
    expect(a.request_id).toBe(b.request_id);
    expect(a.request_id).not.toBe('layer-given-id');
    expect((await w.authorizer.authorize(bearer(token), read)).request_id).not.toBe(a.request_id);
  });

  it('a clock that throws or returns an invalid time denies with ERR_INTERNAL (never a rejected promise)', async () => {
    for (const clock of [
      () => {
        throw new Error('clock down');
      },
      () => Number.NaN,
      () => -1,
    ]) {
      const audit = captureAudit();
      const a = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: new MemoryStore(), audit, clock });
      const d = await a.authorize(new Request('https://app.test/login'), { action: 'read', resource: { type: 'page' }, layer: 'route' });
      expect(d).toMatchObject({ allow: false, reason: 'ERR_INTERNAL', status: 500 });
      expect(audit.last()).toMatchObject({ outcome: 'error', reason: 'ERR_INTERNAL' });
      expect(Number.isFinite(audit.last().timestamp)).toBe(true);
    }
  });

  it('the identity is validated once per token and handed out as the same frozen object', async () => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    const a = await w.authorizer.authorize(bearer(token), read);
    const b = await w.authorizer.authorize(bearer(token), read);
    expect(a.identity).toBeDefined();
    expect(b.identity).toBe(a.identity);
    expect(Object.isFrozen(a.identity) && Object.isFrozen(a.identity!.roles)).toBe(true);
    expect((w.audit.last().input as { subject: unknown }).subject).toBe(a.identity);
  });

  it('an invalid subject is refused on every decision (failures are not remembered)', async () => {
    const w = makeWorld();
    const { sid } = await w.login('alice');
    const token = await sign({ sub: 'alice', tenant: 'acme', roles: 'admin', sid });
    for (let i = 0; i < 3; i++) {
      const d = await w.authorizer.authorize(bearer(token), read);
      expect(d.reason).toBe('ERR_INPUT_INVALID');
      expect(w.audit.last().error?.message).toContain('subject.roles');
    }
  });

  it('a replaced subject schema is applied on every decision', async () => {
    const WithEmail = AuthzInputSchema.extend({ subject: SubjectSchema.extend({ email: z.string().includes('@') }).optional() });
    const w = makeWorld({ inputSchema: WithEmail });
    const plain = (await w.login('alice')).token;
    const withEmail = (await w.login('alice', { email: 'alice@acme.test' })).token;
    for (let i = 0; i < 2; i++) {
      expect((await w.authorizer.authorize(bearer(plain), read)).reason).toBe('ERR_INPUT_INVALID');
      expect((await w.authorizer.authorize(bearer(withEmail), read)).allow).toBe(true);
    }
  });
});

describe('request validation', () => {
  it('an ip that is not a string is refused every time; a path seen valid before does not whitelist another', async () => {
    let ip: unknown = '10.0.0.1';
    const w = makeWorld({ ip: () => ip as string });
    const { token } = await w.login('alice');
    expect((await w.authorizer.authorize(bearer(token), read)).allow).toBe(true);
    expect((await w.authorizer.authorize(bearer(token), read)).allow).toBe(true);
    ip = { toJSON: () => '10.0.0.1' }; // serialises exactly like the valid ip just seen, is not a string
    for (let i = 0; i < 2; i++) expect((await w.authorizer.authorize(bearer(token), read)).reason).toBe('ERR_INPUT_INVALID');
    ip = 12345;
    expect((await w.authorizer.authorize(bearer(token), read)).reason).toBe('ERR_INPUT_INVALID');
    ip = '10.0.0.1';
    expect((await w.authorizer.authorize(bearer(token), read)).allow).toBe(true);
    ip = '10.0.0.1 ';
    expect((await w.authorizer.authorize(bearer(token), read)).reason).toBe('ERR_INPUT_INVALID');
    const ctx = { token, method: 'GET', headers: {} };
    expect((await w.authorizer.authorize({ ...ctx, path: '/documents/d1' }, read)).reason).not.toBe('ERR_INPUT_INVALID');
    expect((await w.authorizer.authorize({ ...ctx, path: '/documents/d1 ' }, read)).reason).toBe('ERR_INPUT_INVALID');
    expect((await w.authorizer.authorize({ ...ctx, path: '/documents/d1' }, read)).reason).not.toBe('ERR_INPUT_INVALID');
  });

  it('input JSON cannot carry (a BigInt in a loose resource) denies with ERR_INPUT_INVALID', async () => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    const d = await w.authorizer.authorize(bearer(token), { ...read, resource: { ...doc('acme', 'bob'), size: 10n } });
    expect(d.reason).toBe('ERR_INPUT_INVALID');
    expect(w.audit.last().error?.message).toContain('resource: not_json');
  });

  it('the validator\'s JSON is exactly JSON.stringify of the validated input, for every kind of schema', () => {
    const subject = Object.freeze({ sub: 'a', roles: Object.freeze(['r']), kind: 'user', iss: 'x', nested: Object.freeze({ é: '€😀' }) });
    const session = Object.freeze({ id: 'a'.repeat(64), kind: 'user', created_at: 1, expires_at: 2, revoked: false, version: 1, auth_time: 1 });
    const request = { method: 'GET', path: '/x', time: 1, headers: { 'user-agent': 'ua "quoted"' } };
    const schemas = [
      AuthzInputSchema,
      AuthzInputSchema.strict(),
      AuthzInputSchema.loose(),
      AuthzInputSchema.extend({ context: z.object({ mfa: z.boolean() }).default({ mfa: false }), note: z.string().optional() }),
      AuthzInputSchema.refine(() => true),
    ];
    for (const schema of schemas) {
      const v = validatorFor(schema);
      const slots = { subject: {}, session: {}, plainRequest: true };
      for (let i = 0; i < 2; i++) {
        for (const extra of [undefined, { note: 'n', other: [1, { a: null }] }]) {
          const r = v.validate({ subject, session, request, action: 'read', resource: { type: 'doc', id: '1', x: undefined }, layer: 'route', extra }, slots);
          if (!r.ok) {
            expect(schema._zod.def.catchall?._zod.def.type, JSON.stringify(r.issues)).toBe('never'); // strict refuses extra keys
            continue;
          }
          expect(r.json).toBe(JSON.stringify(r.value));
          expect(r.subject).toEqual(subject);
        }
      }
    }
  });
});

describe('evaluation', () => {
  const echo = compilePolicy(`package app.authz
import rego.v1
decision := {"allow": true, "reasons": [], "obligations": {"id": input.resource.id, "len": count(input.resource.id)}}
`);

  it('carries multi-byte UTF-8 to the policy and back; maxInputBytes counts bytes, not characters', async () => {
    const a = createAuthorizer({ policy: echo, claims: CLAIMS, sessions: new MemoryStore(), maxInputBytes: 1024 });
    const id = 'é€😀'.repeat(10);
    const d = await a.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'x', id }, layer: 'route' });
    expect(d.obligations).toEqual({ id, len: [...id].length });
    // 100 × '€' is 100 UTF-16 units but 300 bytes of UTF-8: 4 of them exceed 1 KiB.
    const big = await a.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'x', id: '€'.repeat(320) }, layer: 'route' });
    expect(big.reason).toBe('ERR_INPUT_INVALID');
    const small = await a.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'x', id: '€'.repeat(100) }, layer: 'route' });
    expect(small.allow).toBe(true);
    expect(a.stats().replaced).toBe(0); // an input refused for its size never touched the instance
  });

  it('remembered result texts: each input gets its own result, values are deep-frozen, obligations too', async () => {
    const holder = new PolicyHolder({ policy: echo, entrypoint: ENTRYPOINT, now: () => 0n });
    const p = await holder.get();
    const run = (id: string) => holder.evaluateJson(p, JSON.stringify({ resource: { type: 'x', id } }), 1 << 20) as Array<{ result: { obligations: { id: string; len: number } } }>;
    // More distinct results than remembered slots, cycled twice, interleaved with a repeat.
    const ids = Array.from({ length: 20 }, (_, i) => `id-${i}-${'é'.repeat(i % 3)}`);
    for (let round = 0; round < 2; round++) {
      for (const id of ids) {
        const rs = run(id);
        expect(rs).toEqual([{ result: { allow: true, reasons: [], obligations: { id, len: [...id].length } } }]);
        expect(Object.isFrozen(rs[0]!.result.obligations)).toBe(true);
        expect(run('same')[0]!.result.obligations.id).toBe('same');
      }
    }
    // A repeated text is answered with the same frozen value.
    expect(run('same')).toBe(run('same'));
    // A result over the remembered size is parsed every time (and still correct).
    const long = 'l'.repeat(600);
    expect(run(long)[0]!.result.obligations.id).toBe(long);
    expect(run(long)).not.toBe(run(long));
    const a = createAuthorizer({ policy: echo, claims: CLAIMS, sessions: new MemoryStore() });
    const d = await a.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'x', id: 'o' }, layer: 'route' });
    expect(Object.isFrozen(d.obligations)).toBe(true);
    expect(() => {
      (d.obligations as Record<string, unknown>).id = 'changed';
    }).toThrow(TypeError);
  });

  it('evaluateJson gives what the SDK\'s evaluate gives, and grows the memory for a large input', async () => {
    const holder = new PolicyHolder({ policy: echo, entrypoint: ENTRYPOINT, now: () => 0n });
    const p = await holder.get();
    for (const id of ['a', 'é€😀', 'x'.repeat(200_000)]) {
      const json = JSON.stringify({ resource: { type: 'x', id } });
      expect(holder.evaluateJson(p, json, 1 << 20)).toEqual(holder.evaluate(p, new TextEncoder().encode(json).buffer as ArrayBuffer));
    }
    expect(() => holder.evaluateJson(p, JSON.stringify({ resource: { type: 'x', id: 'é'.repeat(600) } }), 1000)).toThrow(InputTooLargeError);
    expect(holder.stats).toMatchObject({ instances: 1, replaced: 0 });
  });
});
