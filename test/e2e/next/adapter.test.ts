// Unit tests of the Next.js adapter (adapters/next) against the real engine and the compiled
// policy (dist/policy.wasm, built by `node build.mjs`). Part of the default suite: no Next build,
// no browser. next/headers and next/navigation are mocked for the server-component helpers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { NextRequest } from 'next/server';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthorizer, createEdgeAuthorizer, type Authorizer } from '../../../src/engine/index.js';
import { MemoryStore } from '../../../src/session/index.js';
import {
  createAccordMiddleware,
  createAccordProxy,
  createRouteAuthorization,
  deferredAudit,
  edgeAuditForwarder,
  isRequestId,
  loginLocation,
  requestIdFrom,
  safeNextPath,
} from '../../../adapters/next/index.js';

// ── mocks for next/headers and next/navigation (server.ts) ────────────────────────────────────
const requestState = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>(), readError: undefined as Error | undefined }));
vi.mock('next/headers', () => ({
  headers: async () => {
    if (requestState.readError) throw requestState.readError;
    return requestState.headers;
  },
  cookies: async () => ({
    get: (name: string) => (requestState.cookies.has(name) ? { name, value: requestState.cookies.get(name)! } : undefined),
  }),
}));
class Interrupt extends Error {
  constructor(readonly kind: string, readonly arg?: string) {
    super(kind);
  }
}
vi.mock('next/navigation', () => ({
  redirect: (to: string) => {
    throw new Interrupt('redirect', to);
  },
  forbidden: () => {
    throw new Interrupt('forbidden');
  },
  unauthorized: () => {
    throw new Interrupt('unauthorized');
  },
}));

const root = join(__dirname, '..', '..', '..');
const SECRET = 'unit-test-secret-unit-test-secret-0123456789';
const claims = { issuer: 'iss', audience: 'aud', algorithms: ['HS256' as const], keys: { secret: SECRET } };
const ORIGIN = 'http://app.test';

let policy: Uint8Array;
let store: MemoryStore;
let events: Array<Record<string, unknown>>;
let authorizer: Authorizer;

async function token(sub: string, sid: string, extra: Record<string, unknown> = {}) {
  return new SignJWT({ sid, ...extra })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('iss')
    .setAudience('aud')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));
}

async function session(sub: string, roles: string[], tenant: string) {
  const r = await store.create({ subject: sub, ttlMs: 60_000, metadata: { roles, tenant } });
  return { sid: r.id, token: await token(sub, r.id, { roles, tenant }) };
}

beforeAll(() => {
  policy = readFileSync(join(root, 'dist', 'policy.wasm'));
});
beforeEach(() => {
  store = new MemoryStore();
  events = [];
  authorizer = createAuthorizer({ policy, claims, sessions: store, audit: { log: (e) => events.push(e as unknown as Record<string, unknown>) } });
  requestState.headers = new Headers();
  requestState.cookies = new Map();
  requestState.readError = undefined;
});

describe('safeNextPath: same-origin relative paths only', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/t/acme/docs?x=1#h', '/t/acme/docs?x=1#h'],
    ['/a/../b', '/b'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('keeps %s', (input, out) => expect(safeNextPath(input)).toBe(out));

  it.each([
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    'data:text/html,x',
    'evil.example',
    '',
    '/..//evil.example',
    '/a/../..//evil.example',
    `/${'a'.repeat(3000)}`,
    42,
    null,
    undefined,
  ])('refuses %j', (input) => expect(safeNextPath(input, '/home')).toBe('/home'));

  it('loginLocation drops unsafe or self-referencing next values', () => {
    expect(loginLocation('/login', '/t/acme?a=b')).toBe('/login?next=%2Ft%2Facme%3Fa%3Db');
    expect(loginLocation('/login', '//evil')).toBe('/login');
    expect(loginLocation('/login', '/login?next=/x')).toBe('/login');
    expect(loginLocation('/login', undefined)).toBe('/login');
  });
});

describe('request ids: correlation only', () => {
  it('accepts well-formed UUIDs and replaces anything else', () => {
    const id = crypto.randomUUID();
    expect(requestIdFrom(new Headers({ 'x-accord-request-id': id }))).toBe(id);
    for (const bad of ['', 'forged', `${id}x`, '../../etc', 'a'.repeat(36)]) {
      const got = requestIdFrom(new Headers({ 'x-accord-request-id': bad }));
      expect(got).not.toBe(bad);
      expect(isRequestId(got)).toBe(true);
    }
    expect(isRequestId(requestIdFrom(null))).toBe(true);
  });
});

describe('proxy / middleware gate', () => {
  const resolve = (req: NextRequest) => {
    const p = req.nextUrl.pathname;
    if (p.startsWith('/internal/')) return null;
    if (p.startsWith('/api/t/')) return { action: 'read', resource: { type: 'document', tenant: p.split('/')[3] } };
    if (p === '/boom') throw new Error('resolver bug');
    return { action: 'read', resource: { type: 'page' } };
  };

  it('redirects a page request without a session to the login page with a safe next, without touching cookies', async () => {
    const proxy = createAccordProxy({ authorizer, resolve });
    const res = await proxy(new NextRequest(`${ORIGIN}/dashboard?tab=2`));
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${ORIGIN}/login?next=%2Fdashboard%3Ftab%3D2`);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ layer: 'proxy', outcome: 'deny', reason: 'no_credentials' });
  });

  it('answers API requests with JSON 401/403 carrying the decision and request ids', async () => {
    const proxy = createAccordProxy({ authorizer, resolve });
    let res = await proxy(new NextRequest(`${ORIGIN}/api/t/acme/documents`));
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ error: 'unauthorized', reason: 'no_credentials' });
    expect(body.decision_id).toBe(events[0].decision_id);
    expect(body.request_id).toBe(res.headers.get('x-accord-request-id'));

    const dave = await session('dave', ['editor'], 'globex');
    res = await proxy(new NextRequest(`${ORIGIN}/api/t/acme/documents`, { headers: { cookie: `accord_session=${dave.token}` } }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'forbidden', reason: 'policy_denied' });
    expect(JSON.stringify(await proxy(new NextRequest(`${ORIGIN}/api/t/acme/documents`, { headers: { cookie: `accord_session=${dave.token}` } })).then((r) => r.text()))).not.toContain('tenant mismatch');
  });

  it('answers a denied page with a 403 page, and strips every incoming x-accord-* header when passing on', async () => {
    const proxy = createAccordProxy({ authorizer, resolve: (req) => (req.nextUrl.pathname === '/admin' ? { action: 'read', resource: { type: 'user' } } : resolve(req)) });
    const bob = await session('bob', ['editor'], 'acme');
    const denied = await proxy(new NextRequest(`${ORIGIN}/admin`, { headers: { cookie: `accord_session=${bob.token}` } }));
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('text/html');
    expect(await denied.text()).toContain(String(events.at(-1)!.decision_id));

    const ok = await proxy(
      new NextRequest(`${ORIGIN}/dashboard`, {
        headers: { cookie: `accord_session=${bob.token}`, 'x-accord-request-id': 'forged', 'x-accord-allow': 'yes', 'x-middleware-subrequest': 'middleware' },
      }),
    );
    expect(ok.status).toBe(200);
    const rid = ok.headers.get('x-accord-request-id')!;
    expect(isRequestId(rid)).toBe(true);
    // NextResponse.next({ request: { headers } }) encodes the downstream request headers.
    const overridden = (ok.headers.get('x-middleware-override-headers') ?? '').split(',');
    expect(overridden).toContain('x-accord-request-id');
    expect(overridden).not.toContain('x-accord-allow');
    expect(overridden).not.toContain('x-middleware-subrequest');
    expect(ok.headers.get('x-middleware-request-x-accord-request-id')).toBe(rid);
    expect(ok.headers.get('x-middleware-request-x-accord-allow')).toBeNull();
  });

  it('a custom denied page with immutable headers (a redirect, a fetched page) is answered as it is', async () => {
    const proxy = createAccordProxy({
      authorizer,
      resolve: () => ({ action: 'read', resource: { type: 'user' } }),
      deniedPage: (_d, req) => Response.redirect(new URL('/denied', req.url), 303),
    });
    const bob = await session('bob', ['editor'], 'acme');
    const res = await proxy(new NextRequest(`${ORIGIN}/admin`, { headers: { cookie: `accord_session=${bob.token}` } }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${ORIGIN}/denied`);
    expect(events.at(-1)).toMatchObject({ layer: 'proxy', outcome: 'deny', reason: 'policy_denied' });
  });

  it('sees a revocation at once (authoritative proxy)', async () => {
    const proxy = createAccordProxy({ authorizer, resolve });
    const bob = await session('bob', ['editor'], 'acme');
    const req = () => new NextRequest(`${ORIGIN}/api/t/acme/documents`, { headers: { cookie: `accord_session=${bob.token}` } });
    expect((await proxy(req())).status).toBe(200);
    await store.revoke(bob.sid);
    const res = await proxy(req());
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: 'session_revoked' });
  });

  it('fails closed when the resolver or the authorizer factory throws; null targets pass with a request id', async () => {
    const proxy = createAccordProxy({ authorizer, resolve });
    expect((await proxy(new NextRequest(`${ORIGIN}/boom`))).status).toBe(500);
    const broken = createAccordProxy({
      authorizer: () => {
        throw new Error('no secret');
      },
      resolve,
    });
    expect((await broken(new NextRequest(`${ORIGIN}/dashboard`))).status).toBe(503);
    const pass = await proxy(new NextRequest(`${ORIGIN}/internal/x`));
    expect(pass.status).toBe(200);
    expect(isRequestId(pass.headers.get('x-accord-request-id'))).toBe(true);
    expect(events).toHaveLength(0);
  });

  it('Edge middleware: precheck only (cannot see revocations), API keys deferred, audit delivered in waitUntil', async () => {
    const forwarded: unknown[] = [];
    const audit = edgeAuditForwarder({ write: (l) => forwarded.push(JSON.parse(l)) });
    const edge = createEdgeAuthorizer({ policy: await WebAssembly.compile(policy as BufferSource), revision: 'rev-1', claims, audit });
    const middleware = createAccordMiddleware({ authorizer: edge, audit, resolve });
    const bob = await session('bob', ['editor'], 'acme');
    await store.revoke(bob.sid);
    const waits: Promise<unknown>[] = [];
    const event = { waitUntil: (p: Promise<unknown>) => waits.push(p) } as never;
    const res = await middleware(new NextRequest(`${ORIGIN}/api/t/acme/documents`, { headers: { cookie: `accord_session=${bob.token}` } }), event);
    expect(res.status).toBe(200); // routing only: the Node layers deny (see the route test below)
    const key = (await store.create({ subject: 'svc:ci', kind: 'service', ttlMs: 60_000, metadata: { roles: ['ci'] } })).id;
    const keyed = await middleware(new NextRequest(`${ORIGIN}/api/t/acme/documents`, { headers: { authorization: `Bearer ${key}` } }), event);
    expect(keyed.status).toBe(200);
    expect(forwarded).toHaveLength(0); // nothing delivered before the response
    await Promise.all(waits);
    expect(forwarded).toMatchObject([
      { layer: 'middleware', outcome: 'allow', bundles: { accord: { revision: 'rev-1' } } },
      { layer: 'middleware', reason: 'deferred' },
    ]);
  });
});

describe('withAuthorization (route handlers)', () => {
  it('authorises before the handler runs, on every call, and passes decision and subject', async () => {
    const withAuthorization = createRouteAuthorization({ authorizer });
    const handler = vi.fn(async (_req: Request, ctx: { decision: { allow: boolean }; subject?: string }) => Response.json({ who: ctx.subject, allow: ctx.decision.allow }));
    const GET = withAuthorization(handler, {
      action: 'read',
      resource: async (_req, { params }: { params: Promise<{ tenant: string }> }) => ({ type: 'document', tenant: (await params).tenant }),
    });
    const bob = await session('bob', ['editor'], 'acme');
    const rid = crypto.randomUUID();
    const req = (tenant: string) => [new Request(`${ORIGIN}/api/t/${tenant}/documents`, { headers: { cookie: `accord_session=${bob.token}`, 'x-accord-request-id': rid } }), { params: Promise.resolve({ tenant }) }] as const;

    const ok = await GET(...req('acme'));
    expect(await ok.json()).toEqual({ who: 'bob', allow: true });
    expect(events.at(-1)).toMatchObject({ layer: 'route', request_id: rid });

    const other = await GET(...req('globex'));
    expect(other.status).toBe(403);
    expect(handler).toHaveBeenCalledTimes(1);

    await store.revoke(bob.sid);
    const revoked = await GET(...req('acme'));
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: 'unauthorized', reason: 'session_revoked' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('plain values and promises alike: a sync resource, an async authorizer factory, an async action', async () => {
    const withAuthorization = createRouteAuthorization({ authorizer: async () => authorizer });
    const handler = vi.fn(async (_req: Request, ctx: { subject?: string }) => Response.json({ who: ctx.subject }));
    const bob = await session('bob', ['editor'], 'acme');
    const req = () => new Request(`${ORIGIN}/api/t/acme/documents`, { headers: { cookie: `accord_session=${bob.token}` } });
    type Ctx = { params: Promise<Record<string, string>> };
    const sync = withAuthorization<Request, Ctx>(handler, { action: 'read', resource: { type: 'document', tenant: 'acme' } });
    const asyncAction = withAuthorization<Request, Ctx>(handler, { action: async () => 'delete', resource: () => ({ type: 'document', tenant: 'acme', owner: 'alice' }) });
    expect(await (await sync(req(), { params: Promise.resolve({}) })).json()).toEqual({ who: 'bob' });
    expect((await asyncAction(req(), { params: Promise.resolve({}) })).status).toBe(403);
    expect(events.map((e) => [e.layer, e.outcome])).toEqual([
      ['route', 'allow'],
      ['route', 'deny'],
    ]);
    // Each call asks the store again: the revocation applies to the very next request.
    await store.revoke(bob.sid);
    expect((await sync(req(), { params: Promise.resolve({}) })).status).toBe(401);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('a resource loader that throws authorises nothing', async () => {
    const withAuthorization = createRouteAuthorization({ authorizer });
    const handler = vi.fn(async () => new Response('secret'));
    const GET = withAuthorization(handler, {
      action: 'read',
      resource: () => {
        throw new Error('db down');
      },
    });
    const res = await GET(new Request(`${ORIGIN}/x`), { params: Promise.resolve({}) });
    expect(res.status).toBe(500);
    expect(handler).not.toHaveBeenCalled();
    const rejecting = withAuthorization(handler, { action: 'read', resource: () => Promise.reject(new Error('db down')) });
    expect((await rejecting(new Request(`${ORIGIN}/x`), { params: Promise.resolve({}) })).status).toBe(500);
    expect(handler).not.toHaveBeenCalled();
  });

  it('an authorizer that throws or rejects authorises nothing, whatever the resource loader did', async () => {
    const handler = vi.fn(async () => new Response('secret'));
    const throwing = {
      authorize: () => {
        throw new Error('engine bug');
      },
      revision: 'r',
      mode: authorizer.mode,
    };
    const rejecting = { authorize: () => Promise.reject(new Error('engine bug')), revision: 'r', mode: authorizer.mode };
    for (const broken of [throwing, rejecting]) {
      const withAuthorization = createRouteAuthorization({ authorizer: broken as never });
      for (const resource of [{ type: 'document', tenant: 'acme' }, async () => ({ type: 'document', tenant: 'acme' })]) {
        const GET = withAuthorization(handler, { action: 'read', resource });
        const res = await GET(new Request(`${ORIGIN}/x`), { params: Promise.resolve({}) });
        expect(res.status).toBe(500);
        expect(await res.json()).toMatchObject({ error: 'unavailable' });
      }
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("the handler's own errors propagate as rejections (sync or async), never as a denial", async () => {
    const withAuthorization = createRouteAuthorization({ authorizer });
    const bob = await session('bob', ['editor'], 'acme');
    const req = () => new Request(`${ORIGIN}/api/t/acme/documents`, { headers: { cookie: `accord_session=${bob.token}` } });
    const resource = { type: 'document', tenant: 'acme' };
    const boom = new Error('handler bug');
    const throwsSync = withAuthorization(
      () => {
        throw boom;
      },
      { action: 'read', resource },
    );
    const rejects = withAuthorization(async () => Promise.reject(boom), { action: 'read', resource: async () => resource });
    // After an awaited resource, a synchronous throw still propagates (it is not the loader's).
    const throwsAfterLoader = withAuthorization(
      () => {
        throw boom;
      },
      { action: 'read', resource: async () => resource },
    );
    const result = throwsSync(req(), { params: Promise.resolve({}) });
    expect(result).toBeInstanceOf(Promise); // a promise even when the handler throws synchronously
    await expect(result).rejects.toBe(boom);
    await expect(rejects(req(), { params: Promise.resolve({}) })).rejects.toBe(boom);
    await expect(throwsAfterLoader(req(), { params: Promise.resolve({}) })).rejects.toBe(boom);
    expect(events.map((e) => e.outcome)).toEqual(['allow', 'allow', 'allow']);
  });

  it('works with an authorizer that has only authorize() (no decide), and sets the request id on the response', async () => {
    const only = { authorize: authorizer.authorize.bind(authorizer), revision: authorizer.revision, mode: authorizer.mode };
    const withAuthorization = createRouteAuthorization({ authorizer: only });
    const bob = await session('bob', ['editor'], 'acme');
    const rid = crypto.randomUUID();
    const GET = withAuthorization(async () => new Response('ok'), { action: 'read', resource: { type: 'document', tenant: 'acme' } });
    const res = await GET(new Request(`${ORIGIN}/x`, { headers: { cookie: `accord_session=${bob.token}`, 'x-accord-request-id': rid } }), { params: Promise.resolve({}) });
    expect(await res.text()).toBe('ok');
    expect(res.headers.get('x-accord-request-id')).toBe(rid);
  });

  it('asks the audit sink whether to drain only once the decision is logged, sync or async', async () => {
    const pendingAtClaim: number[] = [];
    let pending = 0;
    const sink = {
      log: () => void pending++,
      claimDrain: () => {
        pendingAtClaim.push(pending);
        return false;
      },
      drain: async () => {
        pending = 0;
      },
    };
    const audited = createAuthorizer({ policy, claims, sessions: store, audit: sink });
    const withAuthorization = createRouteAuthorization({ authorizer: audited, audit: sink });
    const bob = await session('bob', ['editor'], 'acme');
    const req = () => new Request(`${ORIGIN}/x`, { headers: { cookie: `accord_session=${bob.token}` } });
    const handler = async () => new Response('ok');
    await withAuthorization(handler, { action: 'read', resource: { type: 'document', tenant: 'acme' } })(req(), { params: Promise.resolve({}) });
    await withAuthorization(handler, { action: 'read', resource: async () => ({ type: 'document', tenant: 'acme' }) })(req(), { params: Promise.resolve({}) });
    await withAuthorization(handler, { action: 'read', resource: async () => Promise.reject(new Error('x')) })(req(), { params: Promise.resolve({}) });
    expect(pendingAtClaim).toEqual([1, 2, 2]);
  });
});

describe('server components and server actions (next/headers mocked)', () => {
  it('memoises per (action, resource, path), redirects without a session, forbids with authInterrupts', async () => {
    const { createServerAuthorization } = await import('../../../adapters/next/server.js');
    const s = createServerAuthorization({ authorizer, authInterrupts: true });
    // No session: redirect to the login page, back to the proxy-reported path.
    requestState.headers = new Headers({ 'x-accord-path': '/t/acme/docs' });
    await expect(s.authorize('read', { type: 'document', tenant: 'acme' })).rejects.toMatchObject({ kind: 'redirect', arg: '/login?next=%2Ft%2Facme%2Fdocs' });

    const carol = await session('carol', ['viewer'], 'acme');
    requestState.cookies.set('accord_session', carol.token);
    const d = await s.authorize('read', { type: 'document', tenant: 'acme' }, { path: '/t/acme/docs' });
    expect(d).toMatchObject({ allow: true, layer: 'server_component', subject: 'carol' });
    await expect(s.authorize('update', { type: 'document', tenant: 'acme', owner: 'bob' })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(events.at(-1)).toMatchObject({ layer: 'server_component', outcome: 'deny', input: { request: { path: '/_accord/server_component' } } });

    await store.revoke(carol.sid);
    await expect(s.authorize('read', { type: 'document', tenant: 'globex' })).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('without authInterrupts: an AccordDeniedError with a digest that survives production', async () => {
    const { createServerAuthorization, AccordDeniedError } = await import('../../../adapters/next/server.js');
    const s = createServerAuthorization({ authorizer });
    const dave = await session('dave', ['editor'], 'globex');
    requestState.cookies.set('accord_session', dave.token);
    const err = await s.authorize('read', { type: 'document', tenant: 'acme' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccordDeniedError);
    expect((err as InstanceType<typeof AccordDeniedError>).digest).toMatch(/^ACCORD_FORBIDDEN;[0-9a-f-]{36}$/);
    await store.revoke(dave.sid);
    await expect(s.authorize('read', { type: 'document', tenant: 'globex' })).rejects.toMatchObject({ kind: 'redirect' });
  });

  it('an authorizer that cannot be created renders as unavailable, never as content', async () => {
    const { createServerAuthorization, AccordDeniedError } = await import('../../../adapters/next/server.js');
    const s = createServerAuthorization({
      authorizer: () => {
        throw new Error('ACCORD_JWT_SECRET missing');
      },
      authInterrupts: true,
    });
    const err = await s.authorize('read', { type: 'page' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccordDeniedError);
    expect((err as InstanceType<typeof AccordDeniedError>).digest).toMatch(/^ACCORD_UNAVAILABLE;/);
    const fn = vi.fn(async () => 'ran');
    await expect(s.authorizedAction({ action: 'update', resource: { type: 'document' } }, fn)()).rejects.toBeInstanceOf(AccordDeniedError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('server actions are authorised on every call with the arguments, and never run when denied', async () => {
    const { createServerAuthorization } = await import('../../../adapters/next/server.js');
    const s = createServerAuthorization({ authorizer, authInterrupts: true });
    const bob = await session('bob', ['editor'], 'acme');
    requestState.cookies.set('accord_session', bob.token);
    const body = vi.fn(async (ctx: { subject?: string }, owner: string) => `${ctx.subject} saved ${owner}'s`);
    const save = s.authorizedAction({ action: 'update', resource: (owner: string) => ({ type: 'document', tenant: 'acme', owner }), path: '/t/acme/docs/d1/edit' }, body);
    expect(await save('bob')).toBe("bob saved bob's");
    await expect(save('alice')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(body).toHaveBeenCalledTimes(1);
    expect(events.filter((e) => e.layer === 'server_action')).toHaveLength(2);
    await store.revoke(bob.sid);
    await expect(save('bob')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(body).toHaveBeenCalledTimes(1);
  });

  it("lets Next's own signals from headers() through (dynamic rendering bail-out during prerender), never as a decision", async () => {
    const { createServerAuthorization } = await import('../../../adapters/next/server.js');
    const s = createServerAuthorization({ authorizer, authInterrupts: true });
    const bailout = Object.assign(new Error('Dynamic server usage: headers'), { digest: 'DYNAMIC_SERVER_USAGE' });
    requestState.readError = bailout;
    await expect(s.authorize('read', { type: 'page' })).rejects.toBe(bailout);
    const fn = vi.fn(async () => 'ran');
    await expect(s.authorizedAction({ action: 'update', resource: { type: 'document' } }, fn)()).rejects.toBe(bailout);
    expect(fn).not.toHaveBeenCalled();
    expect(events).toHaveLength(0);
  });

  it("reads the request's own headers (bearer API key, proxy request id) and only the session cookie", async () => {
    const { createServerAuthorization } = await import('../../../adapters/next/server.js');
    const s = createServerAuthorization({ authorizer });
    const key = (await store.create({ subject: 'svc:ci', kind: 'service', ttlMs: 60_000, metadata: { roles: ['ci'], tenant: 'acme' } })).id;
    const rid = crypto.randomUUID();
    requestState.headers = new Headers({ authorization: `Bearer ${key}`, 'x-accord-request-id': rid, 'user-agent': 'ua-test', cookie: 'theme=dark' });
    const d = await s.check('read', { type: 'document', tenant: 'acme' }, { path: '/t/acme/docs' });
    expect(d).toMatchObject({ subject: 'svc:ci', request_id: rid, layer: 'server_component' });
    expect(await s.requestId()).toBe(rid);
    const input = events.at(-1)!.input as { request: { headers: Record<string, string>; path: string } };
    expect(input.request).toMatchObject({ path: '/t/acme/docs', headers: { 'user-agent': 'ua-test' } });
    expect(JSON.stringify(events.at(-1))).not.toContain(key);
    // Revoked between two decisions of the same request: the store is asked every time.
    await store.revoke(key);
    expect(await s.check('read', { type: 'document', tenant: 'acme' }, { path: '/t/acme/docs/d1' })).toMatchObject({ allow: false, reason: 'session_revoked' });
  });

  it('a duplicated session cookie in the raw header is refused even though cookies() shows one', async () => {
    const { createServerAuthorization } = await import('../../../adapters/next/server.js');
    const s = createServerAuthorization({ authorizer });
    const bob = await session('bob', ['editor'], 'acme');
    requestState.cookies.set('accord_session', bob.token);
    requestState.headers = new Headers({ cookie: `accord_session=${bob.token}; accord_session=other` });
    const d = await s.check('read', { type: 'document', tenant: 'acme' });
    expect(d).toMatchObject({ allow: false, reason: 'ERR_CREDENTIAL_AMBIGUOUS' });
  });
});

describe('audit delivery never runs before the response', () => {
  it('deferredAudit holds events until drained (or a short timer), then hands them to the logger', async () => {
    const seen: unknown[] = [];
    const audit = deferredAudit({ log: (e) => seen.push(e) }, { maxDelayMs: 10_000, delivery: 'after' });
    audit.log({ layer: 'route' } as never);
    audit.log({ layer: 'proxy' } as never);
    expect(seen).toHaveLength(0);
    expect(audit.pending()).toBe(2);
    await audit.drain();
    expect(seen).toHaveLength(2);
    // One scheduled drain covers every event logged before it runs (one after() under load, not one per decision).
    audit.log({ layer: 'route' } as never);
    expect(audit.claimDrain()).toBe(true);
    audit.log({ layer: 'server_component' } as never);
    expect(audit.claimDrain()).toBe(false);
    await audit.drain();
    expect(seen).toHaveLength(4);
    expect(audit.claimDrain()).toBe(false); // nothing waiting
    const timed = deferredAudit({ log: (e) => seen.push(e) }, { maxDelayMs: 5 });
    timed.log({ layer: 'route' } as never);
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toHaveLength(5);
  });

  it("delivery 'auto': after() only where the platform keeps functions alive (Next's request context has waitUntil), else the in-process timer", async () => {
    const seen: unknown[] = [];
    const auto = deferredAudit({ log: (e) => seen.push(e) }, { maxDelayMs: 5 });
    const timer = deferredAudit({ log: (e) => seen.push(e) }, { maxDelayMs: 5, delivery: 'timer' });
    auto.log({ layer: 'route' } as never);
    timer.log({ layer: 'route' } as never);
    expect(auto.claimDrain()).toBe(false); // `next start`: no after() per request
    expect(timer.claimDrain()).toBe(false);
    const slot = Symbol.for('@next/request-context');
    const g = globalThis as unknown as Record<symbol, unknown>;
    g[slot] = { get: () => ({ waitUntil: () => undefined }) };
    try {
      expect(auto.claimDrain()).toBe(true); // serverless: one after() per batch
      expect(auto.claimDrain()).toBe(false);
      expect(timer.claimDrain()).toBe(false);
    } finally {
      delete g[slot];
    }
    expect(seen).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 30)); // the timer delivers either way
    expect(seen).toHaveLength(2);
    expect(() => deferredAudit({ log: () => undefined }, { delivery: 'never' as never })).toThrow(TypeError);
  });

  it('close() hands the batch over at once and closes the logger; later events go straight through', async () => {
    const seen: unknown[] = [];
    const calls: string[] = [];
    const audit = deferredAudit(
      { log: (e) => seen.push(e), flush: async () => void calls.push('flush'), close: async () => void calls.push('close') },
      { maxDelayMs: 60_000 },
    );
    audit.log({ layer: 'route' } as never);
    audit.log({ layer: 'proxy' } as never);
    const closing = audit.close();
    expect(seen).toHaveLength(2); // synchronously, before Next's shutdown exits the process
    await closing;
    expect(calls).toEqual(['close']);
    audit.log({ layer: 'route' } as never);
    expect(seen).toHaveLength(3);
    expect(audit.pending()).toBe(0);
  });

  it('edgeAuditForwarder POSTs batches with the token and falls back to console NDJSON on failure', async () => {
    const posted: Array<{ url: string; auth: string | null; n: number }> = [];
    const lines: string[] = [];
    const ok = edgeAuditForwarder({
      url: 'http://127.0.0.1:9/ingest',
      token: 't0ken',
      batchEvents: 2,
      write: (l) => lines.push(l),
      fetch: (async (url: string, init: RequestInit) => {
        posted.push({ url, auth: new Headers(init.headers).get('authorization'), n: (JSON.parse(String(init.body)) as unknown[]).length });
        return new Response('{}', { status: posted.length === 2 ? 500 : 200 });
      }) as typeof fetch,
    });
    for (let i = 0; i < 3; i++) ok.log({ layer: 'middleware', i } as never);
    await ok.drain();
    expect(posted).toEqual([
      { url: 'http://127.0.0.1:9/ingest', auth: 'Bearer t0ken', n: 2 },
      { url: 'http://127.0.0.1:9/ingest', auth: 'Bearer t0ken', n: 1 },
    ]);
    expect(lines).toHaveLength(1); // the failed batch, not lost
  });

  it('edgeAuditForwarder masks what it writes to the console, and overflow goes there too, never nowhere', async () => {
    const lines: string[] = [];
    const fwd = edgeAuditForwarder({ write: (l) => lines.push(l) });
    const secretEvent = (i: number) =>
      ({
        decision_id: `d${i}`,
        layer: 'middleware',
        outcome: 'allow',
        input: { resource: { type: 'doc', api_key: 'sk_live_SECRET' }, request: { headers: { 'x-note': 'Bearer abc.def.ghi' } } },
        result: { allow: true, obligations: { refresh_token: 'rt_SECRET' } },
      }) as never;
    fwd.log(secretEvent(0));
    await fwd.drain();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('sk_live_SECRET');
    expect(lines[0]).not.toContain('rt_SECRET');
    expect(JSON.parse(lines[0]!)).toMatchObject({ decision_id: 'd0', outcome: 'allow' });
    // 10,000 wait at most; the ones pushed out are written (masked) at once
    lines.length = 0;
    for (let i = 0; i < 10_005; i++) fwd.log(secretEvent(i));
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => (JSON.parse(l) as { decision_id: string }).decision_id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(lines.join('\n')).not.toContain('sk_live_SECRET');
    expect(fwd.pending()).toBe(10_000);
  });
});
