// The React Router example, end to end: real requests through its server build (`react-router
// build` output) via createRequestHandler — loaders, actions, single-fetch `.data` requests,
// cookies, redirects — with the policy compiled from policies/authz.rego. No mocks.
import { SignJWT } from 'jose';
import { createRequestHandler } from 'react-router';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildExample, compilePolicy, importServerBuild, writePolicy } from './helpers.js';

// What the example keeps on globalThis (see examples/react-router-app/app/accord.server.ts).
interface Doc {
  id: string;
  tenant: string;
  owner: string;
  title: string;
  body: string;
  updatedBy: string;
  version: number;
}
interface DecisionEvent {
  decision_id: string;
  request_id?: string;
  layer: string;
  outcome: string;
  reason?: string;
  subject_id?: string;
  input?: { request?: { path?: string }; action?: string };
}
interface Services {
  sessions: {
    create(input: { subject: string; kind?: 'user' | 'service'; ttlMs: number; metadata?: Record<string, unknown> }): Promise<{ id: string }>;
    revoke(id: string): Promise<boolean>;
    revokeSubject(subject: string, before: Date): Promise<void>;
    revokeServiceAccount(subject: string): Promise<void>;
    get(id: string): Promise<{ revoked: boolean } | null>;
  };
  documents: { get(id: string): Doc | undefined; reset(): void };
  audit: { flush(): Promise<boolean> };
  accord: { authorizer: { ready(): Promise<void> } };
  recentDecisions: DecisionEvent[];
}

const BASE = 'http://app.test';
const PASSWORD = 'accord-demo';
const JWT_SECRET = 'rr-example-test-secret-0123456789abcdef';
const JWT = { issuer: 'accord-example', audience: 'accord-react-router-app' };

// Every protected string of the seed data. A denied response must contain none of the ones the
// caller may not see.
const ROADMAP = ['Acme roadmap', 'ACME-ROADMAP-7f3a'];
const BOARD = ['Acme board minutes', 'ACME-BOARD-91c2'];
const PRICING = ['Globex pricing', 'GLOBEX-PRICING-44d8'];
const ACME = [...ROADMAP, ...BOARD];

let handler: (request: Request) => Promise<Response>;
let svc: Services;
const env = { ...process.env };
let policy: ReturnType<typeof writePolicy> | undefined;

beforeAll(async () => {
  policy = writePolicy(compilePolicy());
  process.env.ACCORD_POLICY_WASM = policy.file;
  process.env.ACCORD_JWT_SECRET = JWT_SECRET;
  process.env.ACCORD_DEMO_PASSWORD = PASSWORD;
  const build = await importServerBuild(await buildExample());
  const h = createRequestHandler(build as never, 'production');
  handler = (request) => h(request);
  await handler(new Request(`${BASE}/`)); // creates the app's services
  svc = (globalThis as Record<symbol, unknown>)[Symbol.for('accord.example.react-router')] as Services;
  expect(svc).toBeDefined();
  await svc.accord.authorizer.ready(); // the app starts loading the policy at startup; wait for it
}, 300_000);

afterAll(() => {
  process.env = env;
  policy?.remove();
});

beforeEach(() => {
  svc.documents.reset();
});

interface Call {
  method?: string;
  cookie?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

function call(path: string, { method = 'GET', cookie, form, headers = {} }: Call = {}): Promise<Response> {
  const h = new Headers(headers);
  if (cookie) h.set('cookie', cookie);
  let body: URLSearchParams | undefined;
  if (form) {
    body = new URLSearchParams(form);
    h.set('content-type', 'application/x-www-form-urlencoded');
  }
  // A browser sends Origin on form posts; React Router checks it against the request URL.
  if (method !== 'GET' && method !== 'HEAD' && !h.has('origin')) h.set('origin', BASE);
  return handler(new Request(`${BASE}${path}`, { method, headers: h, body }));
}

function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie');
  expect(set).toMatch(/^accord_session=[A-Za-z0-9_-]{43};/);
  return set!.split(';')[0];
}

async function login(user: string): Promise<string> {
  const res = await call('/login', { method: 'POST', form: { username: user, password: PASSWORD } });
  expect(res.status).toBe(302);
  return cookieOf(res);
}

function sessionId(cookie: string): string {
  return cookie.slice('accord_session='.length);
}

function expectNone(text: string, secrets: string[]): void {
  for (const s of secrets) expect(text, `response leaks "${s}"`).not.toContain(s);
}

async function decisions(): Promise<DecisionEvent[]> {
  await svc.audit.flush();
  return svc.recentDecisions;
}

async function lastDecision(): Promise<DecisionEvent> {
  const all = await decisions();
  return all[all.length - 1];
}

function edit(id: string, cookie: string | undefined, title = 'Edited title', body = 'edited body') {
  return call(`/documents/${id}/edit`, { method: 'POST', cookie, form: { title, body } });
}

describe('no session', () => {
  it('a loader redirects to the login page with a safe next, and returns no data', async () => {
    const res = await call('/documents');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdocuments');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expectNone(await res.text(), [...ACME, ...PRICING]);
    const d = await lastDecision();
    expect(d).toMatchObject({ layer: 'loader', outcome: 'deny', reason: 'no_credentials' });
  });

  it('a client navigation (.data request) gets the redirect, not the data', async () => {
    const res = await call('/documents/roadmap.data?_routes=routes%2Fdocument');
    const text = await res.text();
    expect(text).toContain('SingleFetchRedirect');
    expect(text).toContain('/login?next=%2Fdocuments%2Froadmap');
    expectNone(text, [...ACME, ...PRICING]);
  });

  it('keeps the query string in next', async () => {
    const res = await call('/documents?sort=title&q=a%20b');
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/documents?sort=title&q=a+b')}`);
  });

  it('an action redirects (303) to login and does not run', async () => {
    const res = await edit('roadmap', undefined);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdocuments%2Froadmap%2Fedit');
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Acme roadmap', version: 1 });
    expect(await lastDecision()).toMatchObject({ layer: 'action', outcome: 'deny', reason: 'no_credentials' });
  });

  it('an unknown or garbage session cookie is a login redirect that clears the cookie', async () => {
    for (const cookie of ['accord_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'accord_session=not%20a%20session', 'accord_session=a.b.c']) {
      const res = await call('/documents', { cookie });
      expect(res.status, cookie).toBe(302);
      expect(res.headers.get('location')).toBe('/login?next=%2Fdocuments');
      expect(res.headers.get('set-cookie')).toMatch(/^accord_session=; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=0/);
      expectNone(await res.text(), ACME);
    }
  });

  it('public pages stay public', async () => {
    const res = await call('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Log in');
  });
});

describe('login and next', () => {
  it('logs in with an opaque session cookie and goes back to next', async () => {
    const res = await call('/login', { method: 'POST', form: { username: 'bob', password: PASSWORD, next: '/documents/roadmap?x=1' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/documents/roadmap?x=1');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^accord_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=28800$/);
    const page = await call('/documents/roadmap', { cookie: cookieOf(res) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ACME-ROADMAP-7f3a');
  });

  it('a wrong password creates no session', async () => {
    const res = await call('/login', { method: 'POST', form: { username: 'bob', password: 'nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  const HOSTILE = [
    'https://evil.example/documents',
    '//evil.example/documents',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%252F%252Fevil.example',
    'javascript:alert(1)',
    'http:evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' /documents',
    '/a/../..//evil.example',
    'evil.example',
    '',
  ];

  it.each(HOSTILE)('rejects next=%j after login (falls back to /documents)', async (next) => {
    const res = await call('/login', { method: 'POST', form: { username: 'carol', password: PASSWORD, next } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/documents');
  });

  it('never echoes a hostile next into the login form', async () => {
    for (const next of HOSTILE) {
      const res = await call(`/login?next=${encodeURIComponent(next)}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('name="next" value="/documents"');
      expect(html).not.toContain('evil.example');
    }
  });

  it('logout revokes the server-side session: the old cookie no longer works', async () => {
    const cookie = await login('bob');
    expect((await call('/documents', { cookie })).status).toBe(200);
    const out = await call('/logout', { method: 'POST', cookie });
    expect(out.status).toBe(302);
    expect(out.headers.get('set-cookie')).toMatch(/^accord_session=;.*Max-Age=0/);
    expect(await svc.sessions.get(sessionId(cookie))).toMatchObject({ revoked: true });
    // Replaying the cookie (a copy kept by an attacker) is refused.
    const replay = await call('/documents', { cookie });
    expect(replay.status).toBe(302);
    expectNone(await replay.text(), ACME);
    expect(await lastDecision()).toMatchObject({ layer: 'loader', reason: 'session_revoked' });
  });

  it('a new login revokes the session the browser presented (fixation)', async () => {
    const first = await login('carol');
    const res = await call('/login', { method: 'POST', cookie: first, form: { username: 'carol', password: PASSWORD } });
    expect(res.status).toBe(302);
    expect(cookieOf(res)).not.toBe(first);
    expect(await svc.sessions.get(sessionId(first))).toMatchObject({ revoked: true });
  });
});

describe('role gating', () => {
  it('viewer: reads documents, gets 403 on the edit form, without the document in the body', async () => {
    const carol = await login('carol');
    const list = await call('/documents', { cookie: carol });
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Acme roadmap');
    expect(html).toContain('Acme board minutes');
    expectNone(html, PRICING);

    const form = await call('/documents/roadmap/edit', { cookie: carol });
    expect(form.status).toBe(403);
    expectNone(await form.text(), ['ACME-ROADMAP-7f3a', 'name="title"']);
    const d = await lastDecision();
    expect(d).toMatchObject({ layer: 'loader', outcome: 'deny', reason: 'policy_denied', subject_id: 'carol' });
  });

  it('viewer: the edit action is refused and does not run', async () => {
    const carol = await login('carol');
    const res = await edit('roadmap', carol, 'Pwned by carol');
    expect(res.status).toBe(403);
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Acme roadmap', updatedBy: 'bob', version: 1 });
    expect(await lastDecision()).toMatchObject({ layer: 'action', outcome: 'deny', reason: 'policy_denied' });
  });

  it('viewer: the edit action is refused through single fetch too', async () => {
    const carol = await login('carol');
    const res = await call('/documents/roadmap/edit.data', { method: 'POST', cookie: carol, form: { title: 'Pwned', body: 'x' } });
    expect(res.status).toBe(403);
    expectNone(await res.text(), ['ACME-ROADMAP-7f3a']);
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Acme roadmap', version: 1 });
  });

  it('editor: edits their own document (the action runs after the decision)', async () => {
    const bob = await login('bob');
    const res = await edit('roadmap', bob, 'Roadmap v2', 'new plan');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/documents/roadmap');
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Roadmap v2', body: 'new plan', updatedBy: 'bob', version: 2 });
    expect(await lastDecision()).toMatchObject({ layer: 'action', outcome: 'allow', subject_id: 'bob' });
  });

  it("editor: cannot edit someone else's document", async () => {
    const bob = await login('bob');
    const res = await edit('board', bob, 'Pwned by bob');
    expect(res.status).toBe(403);
    expect(svc.documents.get('board')).toMatchObject({ title: 'Acme board minutes', version: 1 });
  });

  it("admin: edits any document of the tenant", async () => {
    const alice = await login('alice');
    const res = await edit('roadmap', alice, 'Roadmap (admin)');
    expect(res.status).toBe(302);
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Roadmap (admin)', updatedBy: 'alice' });
  });

  it('the admin page is for admins only', async () => {
    const bob = await login('bob');
    const denied = await call('/admin', { cookie: bob });
    expect(denied.status).toBe(403);
    expectNone(await denied.text(), ['Revoke sessions']);

    const alice = await login('alice');
    const ok = await call('/admin', { cookie: alice });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain('carol');
    expect(html).not.toContain('dave'); // another tenant's users are not listed
  });

  it('the edit link is shown from the same policy (update decision)', async () => {
    const bob = await login('bob');
    expect(await (await call('/documents/roadmap', { cookie: bob })).text()).toContain('href="/documents/roadmap/edit"');
    expect(await (await call('/documents/board', { cookie: bob })).text()).not.toContain('/edit"');
  });
});

describe('tenant isolation', () => {
  it("a globex editor sees only globex documents", async () => {
    const dave = await login('dave');
    const res = await call('/documents', { cookie: dave });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Globex pricing');
    expectNone(html, ACME);
  });

  it("another tenant's document: 404 like a missing one, with none of its data in the page or the .data payload", async () => {
    const dave = await login('dave');
    const page = await call('/documents/roadmap', { cookie: dave });
    expect(page.status).toBe(404);
    expectNone(await page.text(), ACME);
    const data = await call('/documents/roadmap.data?_routes=routes%2Fdocument', { cookie: dave });
    expect(data.status).toBe(404);
    expectNone(await data.text(), ACME);
    // The decision log keeps the truth: a policy deny for tenant mismatch.
    const d = await lastDecision();
    expect(d).toMatchObject({ layer: 'loader', outcome: 'deny', reason: 'policy_denied', subject_id: 'dave' });
    expect(JSON.stringify(d)).toContain('tenant mismatch');
    // Indistinguishable from a document that does not exist.
    expect((await call('/documents/no-such-doc', { cookie: dave })).status).toBe(404);
  });

  it("another tenant's document cannot be edited, even by an editor", async () => {
    const dave = await login('dave');
    const res = await edit('roadmap', dave, 'Pwned by globex');
    expect(res.status).toBe(404);
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Acme roadmap', version: 1 });
    expect(await lastDecision()).toMatchObject({ layer: 'action', outcome: 'deny', reason: 'policy_denied' });
  });

  it('an admin is admin of their own tenant only', async () => {
    const alice = await login('alice');
    const page = await call('/documents/pricing', { cookie: alice });
    expect(page.status).toBe(404);
    expectNone(await page.text(), PRICING);

    const dave = await login('dave');
    const res = await call('/admin', { method: 'POST', cookie: alice, form: { user: 'dave' } });
    expect(res.status).toBe(403);
    expect(await svc.sessions.get(sessionId(dave))).toMatchObject({ revoked: false });
    expect((await call('/documents', { cookie: dave })).status).toBe(200);
  });
});

describe('revocation applies to the very next request', () => {
  it('an admin revokes a user: the next loader request is refused', async () => {
    const bob = await login('bob');
    const before = await call('/documents', { cookie: bob });
    expect(before.status).toBe(200);
    expect(await before.text()).toContain('Acme roadmap');

    const alice = await login('alice');
    const revoke = await call('/admin', { method: 'POST', cookie: alice, form: { user: 'bob' } });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toContain('Sessions of <!-- -->bob<!-- --> revoked');

    const after = await call('/documents', { cookie: bob });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/login?next=%2Fdocuments');
    expect(after.headers.get('set-cookie')).toMatch(/^accord_session=;.*Max-Age=0/);
    expectNone(await after.text(), ACME);
    expect(await lastDecision()).toMatchObject({ layer: 'loader', outcome: 'deny', reason: 'session_revoked', subject_id: 'bob' });

    // Other users are unaffected.
    expect((await call('/documents', { cookie: alice })).status).toBe(200);
  });

  it('revoked between loading the form and submitting it: the action does not run', async () => {
    const bob = await login('bob');
    expect((await call('/documents/roadmap/edit', { cookie: bob })).status).toBe(200);
    await svc.sessions.revoke(sessionId(bob));
    const res = await edit('roadmap', bob, 'Too late');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdocuments%2Froadmap%2Fedit');
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Acme roadmap', version: 1 });
    expect(await lastDecision()).toMatchObject({ layer: 'action', reason: 'session_revoked' });
  });

  it('a JWT cookie naming the session (sid) is revoked through the session record', async () => {
    const session = await svc.sessions.create({ subject: 'bob', ttlMs: 3_600_000, metadata: { roles: ['editor'], tenant: 'acme' } });
    const token = await new SignJWT({ sid: session.id, roles: ['editor'], tenant: 'acme' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bob')
      .setIssuer(JWT.issuer)
      .setAudience(JWT.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const cookie = `accord_session=${token}`;
    const ok = await call('/documents', { cookie });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Acme roadmap');

    await svc.sessions.revoke(session.id);
    // The token is still cryptographically valid (and cached by the verifier): the record decides.
    const res = await call('/documents', { cookie });
    expect(res.status).toBe(302);
    expectNone(await res.text(), ACME);
    expect(await lastDecision()).toMatchObject({ reason: 'session_revoked' });
  });

  it('a forged JWT (wrong key) is refused', async () => {
    const session = await svc.sessions.create({ subject: 'alice', ttlMs: 3_600_000, metadata: { roles: ['admin'], tenant: 'acme' } });
    const token = await new SignJWT({ sid: session.id, roles: ['admin'], tenant: 'acme' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(JWT.issuer)
      .setAudience(JWT.audience)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('another-secret-another-secret-0123456789'));
    const res = await call('/admin', { cookie: `accord_session=${token}` });
    expect(res.status).toBe(302);
    expectNone(await res.text(), ['Revoke sessions']);
  });

  it('an API key (bearer): 200, then 401 JSON (no redirect) right after revocation', async () => {
    const key = await svc.sessions.create({ subject: 'svc:ci', kind: 'service', ttlMs: 3_600_000, metadata: { roles: ['ci'], tenant: 'acme' } });
    const headers = { authorization: `Bearer ${key.id}` };
    const ok = await call('/api/documents', { headers });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { documents: { id: string }[] };
    expect(body.documents.map((d) => d.id).sort()).toEqual(['board', 'roadmap']);

    await svc.sessions.revokeServiceAccount('svc:ci');
    const res = await call('/api/documents', { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('location')).toBeNull();
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'unauthorized', reason: 'session_revoked' });
    expectNone(text, ACME);
  });
});

describe('decision log', () => {
  it('labels loader and action decisions, and correlates the decisions of one request', async () => {
    const bob = await login('bob');
    const start = (await decisions()).length;
    await call('/documents/roadmap', { cookie: bob }); // read (authorize) + update (check for the UI)
    await edit('roadmap', bob, 'Logged');
    const events = (await decisions()).slice(start);
    expect(events.map((e) => [e.layer, e.input?.action, e.outcome])).toEqual([
      ['loader', 'read', 'allow'],
      ['loader', 'update', 'allow'],
      ['action', 'update', 'allow'],
    ]);
    expect(events[0].request_id).toBe(events[1].request_id);
    expect(events[2].request_id).not.toBe(events[0].request_id);
    expect(events.every((e) => e.input?.request?.path?.startsWith('/documents/roadmap'))).toBe(true);
  });

  it('the 403 page names the decision, not the policy reasons', async () => {
    const bob = await login('bob');
    const res = await call('/documents/board/edit', { cookie: bob });
    expect(res.status).toBe(403);
    const html = await res.text();
    const d = await lastDecision();
    expect(JSON.stringify(d)).toContain('not the owner');
    expect(html).toContain(d.decision_id);
    expect(html).not.toContain('not the owner');
  });
});

describe('cross-site form posts', () => {
  it('an action posted from another origin is refused before it runs', async () => {
    const bob = await login('bob');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined); // React Router logs the refusal
    const res = await call('/documents/roadmap/edit', {
      method: 'POST',
      cookie: bob,
      form: { title: 'CSRF', body: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(400);
    expect(svc.documents.get('roadmap')).toMatchObject({ title: 'Acme roadmap', version: 1 });
    expect(String(logged.mock.calls[0]?.[0])).toContain('origin');
    logged.mockRestore();
  });
});
