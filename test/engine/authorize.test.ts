// authorize() against the real compiled policies/authz.rego, a MemoryStore and HS256 tokens.
import { beforeAll, describe, expect, it } from 'vitest';
import { DecisionEventSchema } from '../../src/audit/index.js';
import { createRequestMemo, type Decision, type Layer } from '../../src/engine/index.js';
import { MemoryStore } from '../../src/session/index.js';
import { createClaimsVerifier } from '../../src/claims/index.js';
import { sha256Hex } from '../../src/engine/sha256.js';
import { AUD, CLAIMS, ENTRYPOINT, ISS, PEOPLE, bearer, canonicalPolicy, cookie, doc, makeWorld, sign, type Person, type World } from './helpers.js';

beforeAll(() => {
  canonicalPolicy();
});

const LAYERS: Layer[] = ['proxy', 'middleware', 'route', 'server_component', 'server_action', 'loader', 'action'];

describe('roles and tenants (canonical policy)', () => {
  let w: World;
  const tokens = {} as Record<Person, string>;
  beforeAll(async () => {
    w = makeWorld();
    for (const p of Object.keys(PEOPLE) as Person[]) tokens[p] = (await w.login(p)).token;
  });

  const table: Array<[Person, string, ReturnType<typeof doc> | { type: string }, boolean, string[]]> = [
    ['alice', 'read', doc('acme', 'bob'), true, []],
    ['alice', 'delete', doc('acme', 'bob'), true, []],
    ['alice', 'read', { type: 'audit' }, true, []],
    ['alice', 'read', doc('globex', 'dave'), false, ['tenant mismatch']],
    ['bob', 'update', doc('acme', 'bob'), true, []],
    ['bob', 'update', doc('acme', 'alice'), false, ['not the owner']],
    ['bob', 'read', { type: 'audit' }, false, []],
    ['carol', 'read', doc('acme', 'bob'), true, []],
    ['carol', 'create', doc('acme', 'carol'), false, []],
    ['dave', 'update', doc('globex', 'dave'), true, []],
    ['dave', 'read', doc('acme', 'bob'), false, ['tenant mismatch']],
  ];

  it.each(table)('%s %s %j → allow=%s', async (who, action, resource, allow, reasons) => {
    const d = await w.authorizer.authorize(bearer(tokens[who]), { action, resource, layer: 'route' });
    expect(d.reason, JSON.stringify(w.audit.last().error)).toBe(allow ? 'allowed' : 'policy_denied');
    expect(d.allow).toBe(allow);
    expect(d.reasons).toEqual(reasons);
    expect(d.status).toBe(allow ? 200 : 403);
    expect(d.subject).toBe(PEOPLE[who].sub);
    expect(d.authoritative).toBe(true);
  });

  it('gives the same answer in every layer (the layer is only a label)', async () => {
    const answers: Decision[] = [];
    for (const layer of LAYERS) {
      answers.push(await w.authorizer.authorize(bearer(tokens.bob), { action: 'update', resource: doc('acme', 'alice'), layer }));
      answers.push(await w.authorizer.authorize(bearer(tokens.bob), { action: 'update', resource: doc('acme', 'bob'), layer }));
    }
    expect(answers.map((d) => d.allow)).toEqual(LAYERS.flatMap(() => [false, true]));
    expect(answers.map((d) => d.layer)).toEqual(LAYERS.flatMap((l) => [l, l]));
    expect(w.audit.events.slice(-answers.length).map((e) => e.layer)).toEqual(LAYERS.flatMap((l) => [l, l]));
  });

  it('reads the credential from the session cookie as well as from Authorization: Bearer', async () => {
    const d = await w.authorizer.authorize(cookie(tokens.carol), { action: 'read', resource: doc('acme', 'x'), layer: 'loader' });
    expect(d).toMatchObject({ allow: true, subject: 'carol' });
    const quoted = new Request('https://app.test/d', { headers: { cookie: `accord_session="${tokens.carol}"` } });
    expect((await w.authorizer.authorize(quoted, { action: 'read', resource: doc('acme', 'x'), layer: 'loader' })).allow).toBe(true);
  });

  it('accepts a plain context (server components that read cookies() themselves)', async () => {
    const d = await w.authorizer.authorize(
      { token: tokens.alice, method: 'get', path: '/documents/d1', headers: { 'User-Agent': 'rsc' } },
      { action: 'read', resource: doc('acme', 'bob'), layer: 'server_component' },
    );
    expect(d.allow).toBe(true);
    const input = w.audit.last().input as { request: Record<string, unknown> };
    expect(input.request).toMatchObject({ method: 'GET', path: '/documents/d1', headers: { 'user-agent': 'rsc' } });
  });

  it('public paths are allowed without credentials; anything else is no_credentials', async () => {
    const pub = await w.authorizer.authorize(new Request('https://app.test/login'), { action: 'read', resource: { type: 'page', id: '/login' }, layer: 'middleware' });
    expect(pub).toMatchObject({ allow: true, reason: 'allowed' });
    expect(pub.subject).toBeUndefined();
    const priv = await w.authorizer.authorize(new Request('https://app.test/admin'), { action: 'read', resource: { type: 'page', id: '/admin' }, layer: 'middleware' });
    expect(priv).toMatchObject({ allow: false, reason: 'no_credentials', status: 401 });
    expect(w.audit.last()).toMatchObject({ outcome: 'deny', reason: 'no_credentials' });
  });

  it('a signed-in user still gets the public pages', async () => {
    const d = await w.authorizer.authorize(bearer(tokens.dave, '/login'), { action: 'read', resource: { type: 'page', id: '/login' }, layer: 'route' });
    expect(d.allow).toBe(true);
  });
});

describe('revocation is seen on the very next decision', () => {
  it('one session (logout)', async () => {
    const w = makeWorld();
    const { token, sid } = await w.login('alice');
    const ask = () => w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'bob'), layer: 'server_component' });
    expect((await ask()).allow).toBe(true);
    await w.store.revoke(sid);
    const d = await ask();
    expect(d).toMatchObject({ allow: false, reason: 'session_revoked', reasons: ['session revoked'], status: 401 });
    expect(d.subject).toBe('alice'); // who it was is still reported
    expect(d.identity).toBeUndefined(); // but no identity reached the policy
    // …and the identity is not given to the policy any more
    const input = w.audit.last().input as Record<string, unknown>;
    expect(input.subject).toBeUndefined();
    expect(input.session).toMatchObject({ revoked: true });
    expect(w.audit.last()).toMatchObject({ outcome: 'deny', reason: 'session_revoked' });
  });

  it('a revoked session keeps access to public pages only', async () => {
    const w = makeWorld();
    const { token, sid } = await w.login('alice');
    await w.store.revoke(sid);
    const login = await w.authorizer.authorize(bearer(token, '/login'), { action: 'read', resource: { type: 'page', id: '/login' }, layer: 'route' });
    expect(login.allow).toBe(true);
  });

  it('subject-wide (password change): every older session of the subject, not the new one', async () => {
    const w = makeWorld();
    const a = await w.login('bob');
    const b = await w.login('bob');
    const c = await w.login('carol');
    await w.store.revokeSubject('bob', new Date(Date.now() + 1));
    await new Promise((r) => setTimeout(r, 5));
    const fresh = await w.login('bob');
    const ask = (t: string) => w.authorizer.authorize(bearer(t), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect((await ask(a.token)).reason).toBe('session_revoked');
    expect((await ask(b.token)).reason).toBe('session_revoked');
    expect((await ask(c.token)).allow).toBe(true);
    expect((await ask(fresh.token)).allow).toBe(true);
  });

  it('an unknown or expired session is session_not_found; a token without sid gets no session', async () => {
    const store = new MemoryStore();
    const w = makeWorld({ sessions: store });
    const ghost = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: 'A'.repeat(43) });
    const d = await w.authorizer.authorize(bearer(ghost), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect(d).toMatchObject({ allow: false, reason: 'session_not_found' });
    const malformed = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: '../../etc' });
    expect((await w.authorizer.authorize(bearer(malformed), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('session_not_found');
    const noSid = await sign({ ...PEOPLE.alice, roles: ['admin'] });
    const n = await w.authorizer.authorize(bearer(noSid), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect(n).toMatchObject({ allow: false, reason: 'policy_denied', reasons: ['no session'] });
  });

  it('a token whose sid names another subject\'s session is refused', async () => {
    const w = makeWorld();
    const { sid } = await w.login('alice');
    const forged = await sign({ ...PEOPLE.dave, roles: ['editor'], sid });
    const d = await w.authorizer.authorize(bearer(forged), { action: 'read', resource: doc('globex', 'dave'), layer: 'route' });
    expect(d).toMatchObject({ allow: false, reason: 'ERR_SESSION_MISMATCH' });
    expect(w.audit.last().outcome).toBe('error');
  });
});

describe('service accounts (API keys)', () => {
  async function setup() {
    const w = makeWorld();
    const key = await w.store.create({ subject: 'svc:ci', kind: 'service', ttlMs: 3_600_000, metadata: { roles: ['ci'], tenant: 'acme' } });
    return { w, key: key.id };
  }

  it('an API key may read documents, nothing else', async () => {
    const { w, key } = await setup();
    const read = await w.authorizer.authorize(bearer(key), { action: 'read', resource: doc('acme', 'bob'), layer: 'route' });
    expect(read).toMatchObject({ allow: true, subject: 'svc:ci', session_id: sha256Hex(key) });
    const input = w.audit.last().input as { subject: Record<string, unknown>; session: Record<string, unknown> };
    expect(input.subject).toEqual({ sub: 'svc:ci', roles: ['ci'], kind: 'service', tenant: 'acme' });
    expect(input.session.kind).toBe('service');
    const write = await w.authorizer.authorize(bearer(key), { action: 'update', resource: doc('acme', 'svc:ci'), layer: 'route' });
    expect(write.allow).toBe(false);
    const page = await w.authorizer.authorize(bearer(key, '/dashboard'), { action: 'read', resource: { type: 'page', id: '/dashboard' }, layer: 'route' });
    expect(page.reasons).toContain('service accounts cannot use pages');
  });

  it('is denied on the next decision after revoke(key) and after revokeServiceAccount', async () => {
    const { w, key } = await setup();
    const ask = (k: string) => w.authorizer.authorize(bearer(k), { action: 'read', resource: doc('acme', 'bob'), layer: 'loader' });
    expect((await ask(key)).allow).toBe(true);
    await w.store.revoke(key);
    expect(await ask(key)).toMatchObject({ allow: false, reason: 'session_revoked' });

    const k2 = (await w.store.create({ subject: 'svc:ci', kind: 'service', ttlMs: 60_000, metadata: { roles: ['ci'], tenant: 'acme' } })).id;
    expect((await ask(k2)).allow).toBe(true);
    await new Promise((r) => setTimeout(r, 5)); // the cutoff is "issued before now" (ms resolution)
    await w.store.revokeServiceAccount('svc:ci');
    expect(await ask(k2)).toMatchObject({ allow: false, reason: 'session_revoked' });
    await new Promise((r) => setTimeout(r, 5));
    const k3 = (await w.store.create({ subject: 'svc:ci', kind: 'service', ttlMs: 60_000, metadata: { roles: ['ci'], tenant: 'acme' } })).id;
    expect((await ask(k3)).allow).toBe(true); // a replacement issued after the cutoff works
  });

  it('an unknown key is session_not_found; a bare user session id is not an API key', async () => {
    const { w } = await setup();
    expect((await w.authorizer.authorize(bearer('B'.repeat(43)), { action: 'read', resource: doc('acme', 'b'), layer: 'route' })).reason).toBe('session_not_found');
    const { sid } = await w.login('alice');
    const d = await w.authorizer.authorize(bearer(sid), { action: 'read', resource: doc('acme', 'b'), layer: 'route' });
    expect(d).toMatchObject({ allow: false, reason: 'ERR_CREDENTIAL_INVALID' });
  });

  it('opaqueSessions: "any" lets an opaque cookie name a user session (subject from the record)', async () => {
    const store = new MemoryStore();
    const w = makeWorld({ sessions: store, opaqueSessions: 'any' });
    const s = await store.create({ subject: 'carol', ttlMs: 60_000, metadata: { roles: ['viewer'], tenant: 'acme' } });
    const d = await w.authorizer.authorize(cookie(s.id), { action: 'read', resource: doc('acme', 'x'), layer: 'server_component' });
    expect(d).toMatchObject({ allow: true, subject: 'carol' });
  });
});

describe('hostile headers', () => {
  it('ignores every x-accord-* header and never copies cookies or authorization into the input', async () => {
    const w = makeWorld();
    const { token } = await w.login('carol');
    const req = bearer(token, '/documents/d1', {
      headers: {
        'x-accord-subject': 'alice',
        'x-accord-roles': 'admin',
        'x-accord-decision': 'allow',
        'x-accord-session': 'revoked=false',
        'x-middleware-subrequest': 'middleware:middleware:middleware',
        'x-forwarded-for': '10.0.0.1',
        cookie: 'accord_session=whatever',
        'user-agent': 'UA',
        origin: 'https://app.test',
      },
    });
    const d = await w.authorizer.authorize(req, { action: 'delete', resource: doc('acme', 'bob'), layer: 'route' });
    expect(d).toMatchObject({ allow: false, subject: 'carol', reason: 'policy_denied' });
    const input = w.audit.last().input as { request: { headers: Record<string, string> } };
    expect(input.request.headers).toEqual({ 'user-agent': 'UA', origin: 'https://app.test' });
    expect(JSON.stringify(w.audit.last())).not.toContain(token);
  });

  it('refuses to put forbidden headers in the allow-list', () => {
    for (const h of ['Cookie', 'authorization', 'X-Accord-Subject', 'proxy-authorization', 'set-cookie']) {
      expect(() => makeWorld({ headers: [h] })).toThrow(TypeError);
    }
  });

  it('a malformed Bearer header is an error, not a fall-back to the cookie; other schemes are not ours', async () => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    // HTTP Basic from a staging proxy: not Accord's credential, the session cookie is used
    const basic = new Request('https://app.test/x', { headers: { authorization: 'Basic YWxpY2U6cGFzcw==', cookie: `accord_session=${token}` } });
    expect(await w.authorizer.authorize(basic, { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).toMatchObject({ allow: true, subject: 'alice' });
    const mixed = new Request('https://app.test/x', { headers: [['authorization', 'Basic YWxpY2U6cGFzcw=='], ['authorization', `Bearer ${token}`]] });
    expect((await w.authorizer.authorize(mixed, { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('ERR_CREDENTIAL_INVALID');
    const bad = new Request('https://app.test/x', { headers: { authorization: 'Bearer', cookie: `accord_session=${token}` } });
    expect((await w.authorizer.authorize(bad, { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('ERR_CREDENTIAL_INVALID');
    const two = new Request('https://app.test/x', { headers: [['authorization', `Bearer ${token}`], ['authorization', `Bearer ${token}`]] });
    expect((await w.authorizer.authorize(two, { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('ERR_CREDENTIAL_INVALID');
    const junk = new Request('https://app.test/x', { headers: { authorization: 'Bearer not a token' } });
    expect((await w.authorizer.authorize(junk, { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('ERR_CREDENTIAL_INVALID');
  });

  it('a duplicated session cookie (cookie tossing) is refused', async () => {
    const w = makeWorld();
    const a = await w.login('alice');
    const c = await w.login('carol');
    const req = new Request('https://app.test/x', { headers: { cookie: `accord_session=${c.token}; accord_session=${a.token}` } });
    const d = await w.authorizer.authorize(req, { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect(d).toMatchObject({ allow: false, reason: 'ERR_CREDENTIAL_AMBIGUOUS' });
  });

  it('bounds credential and cookie sizes', async () => {
    const w = makeWorld();
    const huge = `${'a'.repeat(9000)}.${'b'.repeat(10)}.c`;
    expect((await w.authorizer.authorize(bearer(huge), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('ERR_CREDENTIAL_TOO_LARGE');
    const big = new Request('https://app.test/x', { headers: { cookie: `junk=${'x'.repeat(20_000)}` } });
    expect((await w.authorizer.authorize(big, { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('ERR_CREDENTIAL_TOO_LARGE');
  });

  it('a dot-segment path is resolved before the policy sees it', async () => {
    const w = makeWorld();
    const d = await w.authorizer.authorize(new Request('https://app.test/public/../admin'), { action: 'read', resource: { type: 'page' }, layer: 'middleware' });
    expect(d.allow).toBe(false);
    expect((w.audit.last().input as { request: { path: string } }).request.path).toBe('/admin');
  });
});

describe('the decision and its audit event', () => {
  it('has every field, in OPA decision-log shape, and validates against the audit schema', async () => {
    const t = Date.now() + 0.25; // a fixed decision clock (sessions are created on the real clock)
    const w = makeWorld({ clock: () => t, labels: { app: 'docs', env: 'test', instance: 'i-1' } });
    const { token, sid } = await w.login('alice', { exp: Math.floor(Date.now() / 1000) + 300 });
    const d = await w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'bob'), layer: 'server_action', requestId: 'req-42' });
    expect(d).toMatchObject({ allow: true, reason: 'allowed', request_id: 'req-42', layer: 'server_action', subject: 'alice', session_id: sha256Hex(sid) });
    expect(d.identity).toEqual({ sub: 'alice', roles: ['admin'], tenant: 'acme', kind: 'user', iss: 'https://issuer.test', aud: 'accord-app', iat: expect.any(Number), exp: expect.any(Number) });
    expect(Object.isFrozen(d.identity) && Object.isFrozen(d.identity!.roles)).toBe(true);
    expect(d.policy_revision).toMatch(/^[0-9a-f]{64}$/);
    expect(d.policy_revision).toBe(w.authorizer.revision);
    expect(Object.isFrozen(d)).toBe(true);

    const e = w.audit.last();
    expect(e).toMatchObject({
      decision_id: d.decision_id,
      request_id: 'req-42',
      layer: 'server_action',
      outcome: 'allow',
      reason: 'allowed',
      path: ENTRYPOINT,
      result: { allow: true, reasons: [] },
      bundles: { accord: { revision: d.policy_revision } },
      labels: { app: 'docs', env: 'test', instance: 'i-1' },
      subject_id: 'alice',
      session_id_hash: sha256Hex(sid),
      timestamp: t,
    });
    // This policy never calls time.now_ns: nothing nondeterministic to record (OPA records only the
    // builtins a query called; test/engine/input.test.ts covers a policy that reads the clock).
    expect(e.nd_builtin_cache).toBeUndefined();
    expect(e.decision_id).toMatch(/^[0-9a-f-]{36}$/);
    for (const k of ['timer_verify_ns', 'timer_session_ns', 'timer_eval_ns', 'timer_total_ns']) {
      expect(e.metrics?.[k], k).toBeGreaterThan(0);
    }
    expect(e.metrics!.timer_total_ns).toBeGreaterThanOrEqual(e.metrics!.timer_eval_ns);
    const input = e.input as Record<string, any>;
    expect(input.request.time).toBe(Math.floor(t / 1000));
    expect(input.session.id).toBe(sha256Hex(sid));
    expect(input.subject.sid).toBeUndefined();
    // the raw session id appears nowhere
    expect(JSON.stringify(e)).not.toContain(sid);
    expect(JSON.stringify(d)).not.toContain(sid);
    // what the audit module exports after its defaults is a valid OPA/Accord event
    const exported = { ...e, timestamp: new Date(t).toISOString(), labels: e.labels, bundles: e.bundles, decision_id: e.decision_id };
    expect(DecisionEventSchema.safeParse(exported).success).toBe(true);
  });

  it('one event per decision, correlated by request id through a per-request memo', async () => {
    const w = makeWorld();
    const { token } = await w.login('bob');
    const memo = createRequestMemo();
    const req = bearer(token);
    const a = await w.authorizer.authorize(req, { action: 'read', resource: doc('acme', 'x'), layer: 'proxy', memo });
    const b = await w.authorizer.authorize({ token, method: 'GET', path: '/documents/d1' }, { action: 'update', resource: doc('acme', 'bob'), layer: 'server_action', memo });
    expect(a.request_id).toBe(b.request_id);
    expect(a.decision_id).not.toBe(b.decision_id);
    expect(w.audit.events).toHaveLength(2);
    // without a memo, the same Request object gets the same memo automatically…
    const other = bearer(token);
    const c1 = await w.authorizer.authorize(other, { action: 'read', resource: doc('acme', 'x'), layer: 'proxy' });
    const c2 = await w.authorizer.authorize(other, { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect(c2.request_id).toBe(c1.request_id);
    // …and a fresh request a fresh id
    expect(c1.request_id).not.toBe(a.request_id);
  });

  it('memoises verified claims per request only, and reads the session on every decision', async () => {
    const w = makeWorld();
    const { token, sid } = await w.login('alice');
    const memo = createRequestMemo();
    const opts = { action: 'read', resource: doc('acme', 'x'), layer: 'route' as const, memo };
    await w.authorizer.authorize({ token, method: 'GET', path: '/' }, opts);
    expect(memo.claims?.size).toBe(1);
    await w.store.revoke(sid);
    // same request, claims memoised — but the session is read again: the revocation shows
    expect((await w.authorizer.authorize({ token, method: 'GET', path: '/' }, opts)).reason).toBe('session_revoked');
  });

  it('reuses memoised claims only while the verifier would still accept them (expiry, key changes)', async () => {
    // A memo that outlives its request (a shared loader context, say) must not skip what the
    // verification cache re-checks on every use. The wrapper hides verifySync, so every decision
    // after the first takes its claims from the memo or from a fresh verify().
    let now = Date.now();
    const real = createClaimsVerifier({ ...CLAIMS, clock: () => now });
    let verifications = 0;
    const verifier = {
      verify: (t: string) => (verifications++, real.verify(t)),
      ready: () => real.ready(),
      invalidate: () => real.invalidate(),
      reloadKeys: () => real.reloadKeys(),
      stats: () => real.stats(),
      get keysVersion() {
        return real.keysVersion;
      },
    };
    const w = makeWorld({ claims: verifier, clock: () => now });
    const { token } = await w.login('alice'); // exp: five minutes from now
    const memo = createRequestMemo();
    const ask = () => w.authorizer.authorize({ token, method: 'GET', path: '/' }, { action: 'read', resource: doc('acme', 'x'), layer: 'route', memo });
    expect((await ask()).allow).toBe(true);
    expect((await ask()).allow).toBe(true);
    expect(verifications).toBe(1); // the second decision used the memo
    real.invalidate(); // a key-set change
    expect((await ask()).allow).toBe(true);
    expect(verifications).toBe(2); // verified again, not taken from the memo
    now += 10 * 60_000; // the token expired five minutes ago
    const late = await ask();
    expect(late).toMatchObject({ allow: false, reason: 'ERR_JWT_EXPIRED' });
    expect(verifications).toBe(3);
  });

  it('a memo never serves a token the verifier now refuses (token age, asymmetric keys)', async () => {
    // Asymmetric signatures are verified asynchronously, so the memo holds the verification;
    // later decisions must still get the verification cache's full re-check (here maxTokenAge).
    const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    let now = Date.now();
    const clock = () => now;
    const w = makeWorld({
      clock,
      claims: { issuer: ISS, audience: AUD, algorithms: ['ES256'], keys: { jwk: await exportJWK(publicKey) }, clock, clockTolerance: 0, maxTokenAge: 60 },
    });
    const s = await w.store.create({ subject: 'alice', ttlMs: 3_600_000 });
    const iat = Math.floor(now / 1000);
    const token = await new SignJWT({ ...PEOPLE.alice, roles: [...PEOPLE.alice.roles], sid: s.id, iat, exp: iat + 3600 })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ISS)
      .setAudience(AUD)
      .sign(privateKey);
    const memo = createRequestMemo();
    const ask = (m?: ReturnType<typeof createRequestMemo>) =>
      w.authorizer.authorize({ token, method: 'GET', path: '/' }, { action: 'read', resource: doc('acme', 'x'), layer: 'route', ...(m ? { memo: m } : {}) });
    expect((await ask(memo)).allow).toBe(true);
    expect(memo.claims?.size).toBe(1);
    expect((await ask(memo)).allow).toBe(true);
    now += 120_000; // iat is 120 s old; maxTokenAge is 60 s
    expect((await ask()).reason).toBe('ERR_JWT_EXPIRED');
    expect((await ask(memo)).reason).toBe('ERR_JWT_EXPIRED');
  });

  it('uses a trusted request-id header only when configured, and only if well-formed', async () => {
    const w = makeWorld({ requestIdHeader: 'x-vercel-id' });
    const { token } = await w.login('alice');
    const ok = await w.authorizer.authorize(bearer(token, '/', { headers: { 'x-vercel-id': 'fra1::abc-123' } }), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect(ok.request_id).toBe('fra1::abc-123');
    const bad = await w.authorizer.authorize(bearer(token, '/', { headers: { 'x-vercel-id': 'a b<script>' } }), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect(bad.request_id).not.toContain('script');
  });

  it('a logger that throws never breaks the decision', async () => {
    const w = makeWorld({ audit: { log: () => { throw new Error('sink down'); } } });
    const { token } = await w.login('alice');
    expect((await w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).allow).toBe(true);
  });
});
