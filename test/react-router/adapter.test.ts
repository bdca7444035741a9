// The React Router adapter on its own: safe `next`, cookies, and what authorize() throws or
// returns for each kind of decision (real engine, real policy, MemoryStore; no React Router build).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clearSessionCookie,
  createReactRouterAccord,
  hasCookie,
  isSafeNext,
  normalizeNext,
  readSessionCookie,
  safeNext,
  serializeSessionCookie,
  type ReactRouterAccord,
  type ReactRouterAccordOptions,
} from '../../adapters/react-router/index.js';
import { MemoryStore, SessionStoreError, type SessionStore } from '../../src/session/index.js';
import { compilePolicy } from './helpers.js';

const BASE = 'http://app.test';
const SECRET = 'adapter-test-secret-0123456789abcdef01';

let policy: Uint8Array;
beforeAll(() => {
  policy = compilePolicy();
});

describe('safe next', () => {
  it.each([
    ['/documents', '/documents'],
    ['/documents?x=1&y=%2F#top', '/documents?x=1&y=%2F#top'],
    ['/a/b/../c', '/a/c'],
    ['/', '/'],
    ['/caf%C3%A9', '/caf%C3%A9'],
  ])('accepts %j', (input, expected) => {
    expect(normalizeNext(input)).toBe(expected);
    expect(isSafeNext(input)).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'HTTP://evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/%2F%2Fevil.example',
    '/%2f/evil.example',
    '/%5Cevil.example',
    '/%255Cevil.example',
    '/%25252F%25252Fevil.example',
    '/%E0%A4%A',
    'javascript:alert(1)',
    'data:text/html,x',
    'http:evil.example',
    '/\t/evil.example',
    '/\r\n/evil.example',
    '/\u0000x',
    '/\u2028x',
    '/\u00a0x',
    ' /documents',
    '/documents ',
    '/a/../..//evil.example',
    '/./\\/evil.example',
    // dot segments hiding an encoded slash: "/./%2Fhost" normalises to "/%2Fhost" ("//host" decoded)
    '/./%2Fevil.example',
    '/%2e/%2Fevil.example',
    '/a/../%2Fevil.example',
    '/./%2f%2fevil.example',
    'evil.example',
    '',
    42,
    null,
    undefined,
    ['/documents'],
  ])('rejects %j', (input) => {
    expect(normalizeNext(input)).toBeUndefined();
    expect(isSafeNext(input)).toBe(false);
    expect(safeNext(input, '/home')).toBe('/home');
  });

  it('every value it returns passes it again unchanged', () => {
    const inputs = ['/a/./b', '/a/../b?c=%2F', '/%2e%2e/x', '/./x#%2F', '/caf%C3%A9/./', '/a/%2e%2e/%2Fb', '/%2e/x'];
    for (const input of inputs) {
      const out = normalizeNext(input);
      if (out !== undefined) expect(normalizeNext(out), input).toBe(out);
    }
  });

  it('rejects values longer than MAX_NEXT_LENGTH', () => {
    expect(normalizeNext(`/${'a'.repeat(2047)}`)).toHaveLength(2048);
    expect(normalizeNext(`/${'a'.repeat(2048)}`)).toBeUndefined();
  });
});

describe('session cookie helpers', () => {
  it('serialises a handle with safe attributes', () => {
    expect(serializeSessionCookie('abc_DEF-123', { maxAge: 60 })).toBe('accord_session=abc_DEF-123; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=60');
    expect(serializeSessionCookie('a.b.c', { secure: false, sameSite: 'Strict', name: 'sid' })).toBe('sid=a.b.c; Path=/; HttpOnly; SameSite=Strict');
    expect(clearSessionCookie()).toBe('accord_session=; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('refuses header injection and bad options', () => {
    for (const v of ['', 'a;b', 'a b', 'a\r\nSet-Cookie: x=1', 'a=b', 'ä']) expect(() => serializeSessionCookie(v), v).toThrow(TypeError);
    expect(() => serializeSessionCookie('a', { name: 'bad name' })).toThrow(TypeError);
    expect(() => serializeSessionCookie('a', { path: '/x; Domain=evil' })).toThrow(TypeError);
    expect(() => serializeSessionCookie('a', { maxAge: -1 })).toThrow(TypeError);
    expect(() => serializeSessionCookie('a', { maxAge: 1.5 })).toThrow(TypeError);
  });

  it('reads the cookie strictly (absent, duplicated)', () => {
    const req = (cookie?: string) => new Request(BASE, cookie ? { headers: { cookie } } : {});
    expect(readSessionCookie(req('a=1; accord_session=xyz; b=2'))).toBe('xyz');
    expect(readSessionCookie(req())).toBeUndefined();
    expect(readSessionCookie(req('accord_session='))).toBeUndefined();
    expect(readSessionCookie(req('accord_session=one; accord_session=two'))).toBeUndefined();
    expect(hasCookie(req('accord_session=one; accord_session=two'))).toBe(true);
    expect(hasCookie(req('other=1'))).toBe(false);
  });
});

interface Setup {
  accord: ReactRouterAccord;
  sessions: MemoryStore;
  events: Array<Record<string, unknown>>;
  login(roles: string[], tenant?: string, subject?: string): Promise<string>;
}

/** Without the load step: a decision may have to load the policy itself (tested for failure). */
function setupCold(overrides: Partial<ReactRouterAccordOptions> = {}): Setup {
  const sessions = new MemoryStore();
  const events: Array<Record<string, unknown>> = [];
  const accord = createReactRouterAccord({
    policy,
    claims: { issuer: 'test', audience: 'test', algorithms: ['HS256'], keys: { secret: SECRET } },
    sessions,
    opaqueSessions: 'any',
    audit: { log: (e) => void events.push(e as Record<string, unknown>) },
    ...overrides,
  });
  return {
    accord,
    sessions,
    events,
    async login(roles, tenant = 'acme', subject = 'u1') {
      const s = await sessions.create({ subject, ttlMs: 60_000, metadata: { roles, tenant } });
      return `accord_session=${s.id}`;
    },
  };
}

function get(path: string, cookie?: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
}

function post(path: string, cookie?: string): Request {
  return new Request(`${BASE}${path}`, { method: 'POST', headers: cookie ? { cookie } : {}, body: 'x=1' });
}

async function thrown(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
  throw new Error('expected a thrown Response');
}

const DOC = { type: 'document', tenant: 'acme', owner: 'u1' };

/** Loads the policy first, as an app does at startup (the first decision must not race the load). */
async function setup(overrides: Partial<ReactRouterAccordOptions> = {}): Promise<Setup> {
  const t = setupCold(overrides);
  await t.accord.authorizer.ready();
  return t;
}

describe('authorize()', () => {
  it('allows with the subject the policy saw (roles, tenant), frozen', async () => {
    const t = await setup();
    const cookie = await t.login(['viewer']);
    const { subject, decision } = await t.accord.authorize(get('/documents/d1', cookie), { action: 'read', resource: DOC });
    expect(subject).toMatchObject({ sub: 'u1', roles: ['viewer'], tenant: 'acme', kind: 'user' });
    expect(Object.isFrozen(subject) && Object.isFrozen(subject.roles)).toBe(true);
    expect(decision).toMatchObject({ allow: true, reason: 'allowed', layer: 'loader', subject: 'u1' });
  });

  it('labels GET/HEAD as loader and mutations as action (unless told)', async () => {
    const t = await setup();
    const cookie = await t.login(['editor']);
    for (const [method, layer] of [['GET', 'loader'], ['HEAD', 'loader'], ['POST', 'action'], ['PUT', 'action'], ['PATCH', 'action'], ['DELETE', 'action']]) {
      const req = new Request(`${BASE}/documents/d1`, { method, headers: { cookie } });
      const { decision } = await t.accord.authorize(req, { action: 'read', resource: DOC });
      expect(decision.layer, method).toBe(layer);
    }
    const { decision } = await t.accord.authorize(get('/x', cookie), { action: 'read', resource: DOC, layer: 'action' });
    expect(decision.layer).toBe('action');
    expect(t.events.map((e) => e.layer)).toEqual(['loader', 'loader', 'action', 'action', 'action', 'action', 'action']);
  });

  it('no credential: login redirect with a safe next (302 for loaders, 303 for actions)', async () => {
    const t = await setup();
    let res = await thrown(t.accord.authorize(get('/documents?page=2'), { action: 'read', resource: DOC }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/documents?page=2')}`);
    expect(res.headers.get('set-cookie')).toBeNull();
    res = await thrown(t.accord.authorize(post('/documents/d1/edit'), { action: 'update', resource: DOC }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdocuments%2Fd1%2Fedit');
  });

  it('maps single-fetch URLs back to the page for next', async () => {
    const t = await setup();
    const cases: Array<[string, string]> = [
      ['/documents.data?_routes=routes%2Fdocuments', '/login?next=%2Fdocuments'],
      ['/_root.data', '/login?next=%2F'],
      ['/documents/_.data', '/login?next=%2Fdocuments'],
    ];
    for (const [path, location] of cases) {
      const res = await thrown(t.accord.authorize(get(path), { action: 'read', resource: DOC }));
      expect(res.headers.get('location'), path).toBe(location);
    }
  });

  it('does not offer an unsafe or looping next', async () => {
    const t = await setup();
    for (const path of ['//evil.example/x', '/login', '/login?next=%2Fx']) {
      const res = await thrown(t.accord.authorize(get(path), { action: 'read', resource: DOC }));
      expect(res.headers.get('location'), path).toBe('/login');
    }
    expect(t.accord.loginUrl('https://evil.example')).toBe('/login');
    expect(t.accord.loginUrl('/documents')).toBe('/login?next=%2Fdocuments');
  });

  it('a revoked or unknown session: login redirect that clears the cookie', async () => {
    const t = await setup();
    const cookie = await t.login(['viewer']);
    await t.accord.authorize(get('/documents', cookie), { action: 'read', resource: DOC });
    await t.sessions.revoke(cookie.slice('accord_session='.length));
    const res = await thrown(t.accord.authorize(get('/documents', cookie), { action: 'read', resource: DOC }));
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(/^accord_session=; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=0/);
    expect(t.events.at(-1)).toMatchObject({ outcome: 'deny', reason: 'session_revoked' });
  });

  it('a duplicated session cookie (cookie tossing) is refused and neither cookie is cleared', async () => {
    // A sibling subdomain can plant `accord_session=<its session>; Domain=.example.com`; the
    // browser then sends both. A host-only Set-Cookie that clears "the" cookie would delete only
    // the genuine one and leave the planted session for the next request.
    const t = await setup();
    const genuine = await t.login(['editor'], 'acme', 'victim');
    const planted = await t.login(['editor'], 'acme', 'attacker');
    const res = await thrown(t.accord.authorize(get('/documents', `${genuine}; ${planted}`), { action: 'read', resource: DOC }));
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(t.events.at(-1)).toMatchObject({ outcome: 'error', reason: 'ERR_CREDENTIAL_AMBIGUOUS' });
  });

  it('a context reused across requests never stretches a verification past the token expiry', async () => {
    // getLoadContext returning one shared object is a mistake, but it must not keep a token alive:
    // the claims remembered for a context are re-checked as the verification cache does.
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = () => now;
    const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'k1' };
    const sessions = new MemoryStore({ clock });
    const accord = createReactRouterAccord({
      policy,
      clock,
      claims: { issuer: 'test', audience: 'test', algorithms: ['ES256'], keys: { jwk }, clock },
      sessions,
    });
    await accord.authorizer.ready();
    const s = await sessions.create({ subject: 'u1', ttlMs: 3_600_000, metadata: { roles: ['viewer'], tenant: 'acme' } });
    const token = await new SignJWT({ sid: s.id, roles: ['viewer'], tenant: 'acme' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('u1')
      .setIssuer('test')
      .setAudience('test')
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign(privateKey);
    const shared = {};
    const ask = () => accord.check({ request: get('/documents', `accord_session=${token}`), context: shared }, { action: 'read', resource: DOC });
    expect((await ask()).allow).toBe(true);
    expect((await ask()).allow).toBe(true);
    now += 10 * 60_000; // the token expired nine minutes ago
    const late = await ask();
    expect(late.allow).toBe(false);
    expect(late.decision.reason).toBe('ERR_JWT_EXPIRED');
  });

  it('a bearer client gets 401 JSON, not a redirect', async () => {
    const t = await setup();
    const res = await thrown(
      t.accord.authorize(get('/api/documents', undefined, { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), { action: 'read', resource: DOC }),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toMatchObject({ error: 'unauthorized', reason: 'session_not_found' });
  });

  it('a policy deny is a 403 with the decision id and no policy reasons', async () => {
    const t = await setup();
    const cookie = await t.login(['viewer'], 'globex');
    const res = await thrown(t.accord.authorize(get('/documents/d1', cookie), { action: 'read', resource: DOC }));
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ error: 'forbidden', reason: 'policy_denied', decision_id: t.events.at(-1)!.decision_id });
  });

  it('a custom forbidden response', async () => {
    const t = await setup({ forbidden: (d) => new Response(`no (${d.decision_id})`, { status: 403 }) });
    const cookie = await t.login(['viewer'], 'globex');
    const res = await thrown(t.accord.authorize(get('/d', cookie), { action: 'read', resource: DOC }));
    expect(await res.text()).toMatch(/^no \(/);
  });

  it('fails closed: store down → 503, broken policy → 500 (never a redirect, never an allow)', async () => {
    const down: SessionStore = Object.assign(Object.create(MemoryStore.prototype) as MemoryStore, {
      name: 'down',
      get: () => Promise.reject(new SessionStoreError('ERR_STORE_UNAVAILABLE', 'down')),
    });
    const t = await setup({ sessions: down });
    const res = await thrown(t.accord.authorize(get('/d', 'accord_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), { action: 'read', resource: DOC }));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'unavailable', reason: 'ERR_STORE_UNAVAILABLE' });

    const broken = setupCold({ policy: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 42]) });
    const cookie = await broken.login(['admin']);
    const res2 = await thrown(broken.accord.authorize(get('/d', cookie), { action: 'read', resource: DOC }));
    expect(res2.status).toBe(500);
  });

  it('an anonymous allow needs `anonymous: true`; otherwise it asks for a login', async () => {
    const t = await setup();
    const page = { type: 'page' };
    const ok = await t.accord.authorize(get('/'), { action: 'read', resource: page, anonymous: true });
    expect(ok.subject).toBeUndefined();
    expect(ok.decision.allow).toBe(true);
    const res = await thrown(t.accord.authorize(get('/'), { action: 'read', resource: page }));
    expect(res.status).toBe(302);
  });

  it('check() returns the refusal instead of throwing', async () => {
    const t = await setup();
    const r = await t.accord.check(get('/documents'), { action: 'read', resource: DOC });
    expect(r.allow).toBe(false);
    if (!r.allow) expect(r.response.status).toBe(302);
    const cookie = await t.login(['viewer']);
    const ok = await t.accord.check(get('/documents', cookie), { action: 'read', resource: DOC });
    expect(ok.allow && ok.subject?.sub).toBe('u1');
  });

  it('loader args: decisions sharing a context share one request_id', async () => {
    const t = await setup();
    const cookie = await t.login(['editor']);
    const context = {};
    await t.accord.authorize({ request: get('/d', cookie), context }, { action: 'read', resource: DOC });
    await t.accord.check({ request: get('/d', cookie), context }, { action: 'update', resource: DOC });
    await t.accord.authorize({ request: get('/d', cookie), context: {} }, { action: 'read', resource: DOC });
    const ids = t.events.map((e) => e.request_id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('validates its options', () => {
    expect(() => setupCold({ loginPath: 'https://evil.example/login' })).toThrow(TypeError);
    expect(() => setupCold({ loginPath: '//evil.example' })).toThrow(TypeError);
    expect(() => setupCold({ loginPath: '/login?x=1' })).toThrow(TypeError);
    expect(() => setupCold({ nextParam: 'a b' })).toThrow(TypeError);
    expect(() => setupCold({ loginPath: '/sign-in', nextParam: 'returnTo' })).not.toThrow();
  });

  it('rejects a call without a request', async () => {
    const t = await setup();
    await expect(t.accord.authorize({} as Request, { action: 'read', resource: DOC })).rejects.toThrow(TypeError);
  });
});
