// End-to-end: the example app built with `next build`, served by `next start`, driven by Chromium.
// The same flows run against each build variant: Node proxy.ts with /api behind it too
// (Turbopack), Edge middleware.ts (Turbopack), and with webpack (ACCORD_E2E_WEBPACK=0 skips
// them) Edge middleware.ts and Node proxy.ts; except in the first, route handlers alone guard /api.
//
// "Stale allow" = after a revocation, an authoritative layer (proxy, route, server component,
// server action) allowing the revoked session, or a response that served protected content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import {
  b64url,
  buildVariant,
  decodePayload,
  launchBrowser,
  signToken,
  startApp,
  type BrowserHandle,
  type RunningApp,
  type Variant,
} from './harness.js';

const ALL_VARIANTS: Variant[] = [
  { name: 'e2e-proxy', gate: 'proxy', bundler: 'turbopack', typecheck: true, apiGate: true },
  { name: 'e2e-middleware', gate: 'middleware', bundler: 'turbopack' },
  ...(process.env.ACCORD_E2E_WEBPACK === '0'
    ? []
    : ([
        { name: 'e2e-middleware-webpack', gate: 'middleware', bundler: 'webpack' },
        { name: 'e2e-proxy-webpack', gate: 'proxy', bundler: 'webpack' },
      ] as Variant[])),
];
// ACCORD_E2E_ONLY=e2e-proxy,e2e-middleware runs a subset (local iteration).
const ONLY = process.env.ACCORD_E2E_ONLY?.split(',').filter(Boolean);
const VARIANTS = ONLY ? ALL_VARIANTS.filter((v) => ONLY.includes(v.name)) : ALL_VARIANTS;
const SKIP_BUILD = process.env.ACCORD_E2E_SKIP_BUILD === '1';
const log = (m: string) => console.log(`[e2e] ${m}`);

let browserP: Promise<BrowserHandle> | undefined;
const browser = () => (browserP ??= launchBrowser());
afterAll(async () => {
  if (browserP) await (await browserP).close();
});

// ── Decision log (the server prints one NDJSON event per decision) ─────────────────────────────

interface Event {
  decision_id: string;
  request_id?: string;
  layer: string;
  outcome: 'allow' | 'deny' | 'error';
  reason?: string;
  subject_id?: string;
  session_id_hash?: string;
  timestamp: string;
  bundles: { accord?: { revision: string } };
  input?: { request?: { method?: string; path?: string }; action?: string; resource?: Record<string, unknown> };
}

function events(app: RunningApp): Event[] {
  const out: Event[] = [];
  for (const line of app.lines) {
    if (line[0] !== '{' || !line.includes('"decision_id"')) continue;
    try {
      out.push(JSON.parse(line) as Event);
    } catch {
      // a partial line: ignore
    }
  }
  return out;
}

async function eventsFor(app: RunningApp, requestId: string, atLeast: number, settleMs = 400): Promise<Event[]> {
  const end = Date.now() + 5000;
  let found: Event[] = [];
  while (Date.now() < end) {
    found = events(app).filter((e) => e.request_id === requestId);
    if (found.length >= atLeast) break;
    await sleep(50);
  }
  await sleep(settleMs); // late layers (after()) of the same request
  return events(app).filter((e) => e.request_id === requestId);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PASSWORD = (u: string) => `${u}-demo`;

// ── Browser helpers ──────────────────────────────────────────────────────────────────────────

async function login(ctx: BrowserContext, app: RunningApp, user: string, next?: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${app.url}/login${next !== undefined ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', PASSWORD(user));
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20_000 }), page.click('button[type=submit]')]);
  return page;
}

async function cookieOf(ctx: BrowserContext): Promise<string> {
  const c = (await ctx.cookies()).find((x) => x.name === 'accord_session');
  if (!c) throw new Error('no session cookie');
  return c.value;
}

/** A request with exactly this cookie (or none), outside any browser context. */
async function raw(app: RunningApp, path: string, init: { cookie?: string; headers?: Record<string, string>; method?: string; body?: string } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie !== undefined) headers.cookie = `accord_session=${init.cookie}`;
  const res = await fetch(`${app.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location'), requestId: res.headers.get('x-accord-request-id'), text };
}

async function ciGetDoc(app: RunningApp, id: string, tenant = 'acme') {
  const r = await raw(app, `/api/t/${tenant}/documents/${id}`, { headers: { authorization: `Bearer ${app.ciKey}` } });
  expect(r.status).toBe(200);
  return (JSON.parse(r.text) as { document: { title: string; body: string } }).document;
}

const PROTECTED_MARKERS = ['data-testid="dashboard"', 'data-testid="doc-body"', 'data-testid="doc-list"', '"documents":[', 'Ship Accord', '<svg'];
const servedProtected = (r: { status: number; text: string }) => r.status === 200 && PROTECTED_MARKERS.some((m) => r.text.includes(m));

// ─────────────────────────────────────────────────────────────────────────────────────────────

describe.each(VARIANTS)('example app, $name', (variant) => {
  let app: RunningApp;
  const gateLayer = variant.gate === 'proxy' ? 'proxy' : 'middleware';

  beforeAll(async () => {
    if (!SKIP_BUILD) await buildVariant(variant, log);
    app = await startApp(variant);
    log(`${variant.name} on ${app.url}`);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('turns unauthenticated requests away in every layer: login redirect for pages, JSON 401 with the decision id for APIs', async () => {
    const page = await raw(app, '/t/acme/docs/d1?tab=1');
    expect(page.status).toBe(307);
    expect(page.location).toMatch(/\/login\?next=%2Ft%2Facme%2Fdocs%2Fd1%3Ftab%3D1$/);

    const api = await raw(app, '/api/t/acme/documents');
    expect(api.status).toBe(401);
    const body = JSON.parse(api.text) as Record<string, string>;
    expect(body).toMatchObject({ error: 'unauthorized', reason: 'no_credentials' });
    expect(body.decision_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.request_id).toBe(api.requestId);

    // Outside the matcher: the server component and the route handler decide alone.
    const embed = await raw(app, '/embed/t/acme/docs/d1');
    expect(embed.status).toBe(307);
    expect(embed.location).toContain('/login');
    const badge = await raw(app, '/t/acme/docs/d1/badge.svg');
    expect(badge.status).toBe(401);
    expect(JSON.parse(badge.text)).toMatchObject({ error: 'unauthorized' });

    // Public pages stay public.
    expect((await raw(app, '/')).status).toBe(200);
    expect((await raw(app, '/login')).status).toBe(200);
    expect((await raw(app, '/api/health')).status).toBe(200);
  });

  it('sign-in sets the cookie and redirects at once; the next server render already sees the session', async () => {
    const ctx = await (await browser()).context();
    const page = await ctx.newPage();
    const documents: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'document' || r.request().method() === 'POST') documents.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
    });
    await page.goto(`${app.url}/t/acme/docs/d1`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=username]', 'bob');
    await page.fill('input[name=password]', PASSWORD('bob'));
    await Promise.all([page.waitForURL(`${app.url}/t/acme/docs/d1`), page.click('button[type=submit]')]);
    expect(await page.textContent('[data-testid=doc-title]')).toBeTruthy();
    // One sign-in POST, no bounce back to /login (no redirect loop).
    expect(documents.filter((d) => d.startsWith('GET /login')).length).toBe(1);
    expect(documents.filter((d) => d.startsWith('POST /login')).length).toBe(1);
    const cookie = (await ctx.cookies()).find((c) => c.name === 'accord_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(decodePayload(cookie!.value)).toMatchObject({ sub: 'bob', tenant: 'acme', iss: 'accord-example' });
    // A full navigation right after works too.
    await page.goto(`${app.url}/dashboard`);
    expect(await page.textContent('[data-testid=whoami]')).toContain('Bob');
    await ctx.close();
  });

  it('never redirects off-site after sign-in (next = //evil, /\\evil, schemes, encoded tricks)', async () => {
    const ctx = await (await browser()).context();
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\t/evil.example', '/%2F%2Fevil.example', '/..//evil.example']) {
      const page = await login(ctx, app, 'carol', bad);
      const u = new URL(page.url());
      expect(u.origin).toBe(app.url);
      expect(u.hostname).not.toContain('evil');
      await page.close();
    }
    await ctx.close();
  });

  it('role gating and tenant isolation: pages, server components, route handlers (users and the CI key)', async () => {
    const b = await browser();
    const [bob, carol, dave, alice] = await Promise.all([b.context(), b.context(), b.context(), b.context()]);
    await Promise.all([login(bob, app, 'bob'), login(carol, app, 'carol'), login(dave, app, 'dave'), login(alice, app, 'alice')]);
    const [cb, cc, cd, ca] = await Promise.all([cookieOf(bob), cookieOf(carol), cookieOf(dave), cookieOf(alice)]);

    // Pages (gate + server components).
    expect((await raw(app, '/admin', { cookie: cb })).status).toBe(403); // not an admin
    expect((await raw(app, '/audit', { cookie: cc })).status).toBe(403);
    expect((await raw(app, '/t/acme/docs', { cookie: cd })).status).toBe(403); // other tenant
    expect((await raw(app, '/admin', { cookie: ca })).status).toBe(200);
    expect((await raw(app, '/audit', { cookie: ca })).status).toBe(200);
    const carolEdit = await raw(app, '/t/acme/docs/d1/edit', { cookie: cc }); // viewer: server component says no
    expect(carolEdit.status).toBe(403);
    expect(servedProtected(carolEdit)).toBe(false);
    expect((await raw(app, '/t/acme/docs/d1/edit', { cookie: cb })).status).toBe(200); // bob owns d1
    expect((await raw(app, '/t/acme/docs/d2/edit', { cookie: cb })).status).toBe(403); // alice's
    expect((await raw(app, '/t/acme/docs/d2/edit', { cookie: ca })).status).toBe(200); // admin

    // Server components outside the gate (embed) still isolate tenants.
    const daveEmbed = await raw(app, '/embed/t/acme/docs/d1', { cookie: cd });
    expect(daveEmbed.status).toBe(403);
    expect(servedProtected(daveEmbed)).toBe(false);
    expect((await raw(app, '/embed/t/acme/docs/d1', { cookie: cc })).status).toBe(200);

    // Route handlers.
    const bearer = { authorization: `Bearer ${app.ciKey}` };
    const cases: Array<[string, string, { cookie?: string; headers?: Record<string, string> }, number, string?]> = [
      ['GET', '/api/t/acme/documents', { cookie: cc }, 200],
      ['GET', '/api/t/globex/documents', { cookie: cb }, 403],
      ['GET', '/api/t/acme/documents/d1', { cookie: cd }, 403],
      ['GET', '/api/t/globex/documents/g1', { cookie: cd }, 200],
      ['PUT', '/api/t/acme/documents/d1', { cookie: cc }, 403, '{"title":"carol was here"}'],
      ['PUT', '/api/t/acme/documents/d2', { cookie: cb }, 403, '{"title":"bob was here"}'],
      ['PUT', '/api/t/acme/documents/d3', { cookie: ca }, 200, '{"body":"edited by the admin"}'],
      ['DELETE', '/api/t/acme/documents/d2', { cookie: cc }, 403],
      ['POST', '/api/t/acme/documents', { cookie: cb }, 201, '{"title":"from bob"}'],
      ['POST', '/api/t/acme/documents', { cookie: cd }, 403, '{"title":"from dave"}'],
      ['GET', '/api/t/acme/documents', { headers: bearer }, 200],
      ['POST', '/api/t/acme/documents', { headers: bearer }, 403, '{"title":"from ci"}'],
      ['GET', '/api/t/globex/documents', { headers: bearer }, 403],
      ['GET', '/api/audit', { cookie: cb }, 403],
      ['GET', '/api/audit', { cookie: ca }, 200],
      ['GET', '/t/acme/docs/d1/badge.svg', { cookie: cd }, 403],
      ['GET', '/t/acme/docs/d1/badge.svg', { cookie: cc }, 200],
    ];
    for (const [method, path, who, expected, body] of cases) {
      const r = await raw(app, path, { method, ...who, body, headers: { ...who.headers, ...(body ? { 'content-type': 'application/json' } : {}) } });
      expect({ method, path, status: r.status }).toEqual({ method, path, status: expected });
      if (expected === 403 && path.startsWith('/api/')) expect(JSON.parse(r.text)).toMatchObject({ error: 'forbidden' });
    }
    // Service accounts cannot use pages, whichever layer catches it first.
    const ciPage = await raw(app, '/dashboard', { headers: bearer });
    expect(ciPage.status).toBe(403);
    expect((await ciGetDoc(app, 'd2')).title).toBe('Budget');
    await Promise.all([bob.close(), carol.close(), dave.close(), alice.close()]);
  });

  it('server actions are authorised on every call: a viewer replaying an editor\'s save is refused', async () => {
    const b = await browser();
    const [bob, carol] = await Promise.all([b.context(), b.context()]);
    const bobPage = await login(bob, app, 'bob', '/t/acme/docs/d1/edit');
    await login(carol, app, 'carol');
    // Capture bob's real action request (action id + encrypted bound arguments), then replay it as carol.
    await bobPage.fill('input[name=title]', 'Roadmap (bob)');
    const [request] = await Promise.all([
      bobPage.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']),
      bobPage.click('[data-testid=save]'),
    ]);
    await bobPage.waitForURL(`${app.url}/t/acme/docs/d1`);
    expect((await ciGetDoc(app, 'd1')).title).toBe('Roadmap (bob)');

    const headers = { ...request.headers() };
    delete headers.cookie;
    const body = request.postDataBuffer() ?? Buffer.alloc(0);
    const replay = await carol.request.post(request.url(), { headers, data: body, maxRedirects: 0, failOnStatusCode: false });
    expect(replay.status()).not.toBe(200);
    // The replay changed nothing, and the action layer itself said no (the gate let carol in).
    const rid = replay.headers()['x-accord-request-id'];
    const ev = await eventsFor(app, rid, 2);
    expect(ev.find((e) => e.layer === gateLayer)?.outcome).toBe('allow');
    expect(ev.find((e) => e.layer === 'server_action')).toMatchObject({ outcome: 'deny', subject_id: 'carol' });
    await bobPage.goto(`${app.url}/t/acme/docs/d1/edit`);
    await bobPage.fill('input[name=title]', 'Roadmap 2026');
    await Promise.all([bobPage.waitForURL(`${app.url}/t/acme/docs/d1`), bobPage.click('[data-testid=save]')]).catch(() => undefined);
    await Promise.all([bob.close(), carol.close()]);
  });

  it('revocation: same user in two contexts, revoke in one, the very next request of the other is denied in every layer (0 stale allows)', async () => {
    const b = await browser();
    const [ctxA, ctxB] = await Promise.all([b.context(), b.context()]);
    const pageA = await login(ctxA, app, 'bob', '/dashboard');
    const formPage = await login(ctxB, app, 'bob', '/t/acme/docs/d1/edit'); // keeps the edit form loaded
    const navPage = await ctxB.newPage();
    const linkPage = await ctxB.newPage();
    await linkPage.goto(`${app.url}/t/acme/docs`); // has client-side <Link>s to follow later
    const cookieB = await cookieOf(ctxB);
    // B's session, as the decision log names it.
    const probe = await ctxB.request.get(`${app.url}/api/t/acme/documents`);
    expect(probe.status()).toBe(200);
    const [probeEvent] = (await eventsFor(app, probe.headers()['x-accord-request-id'], variant.apiGate ? 2 : 1)).filter((e) => e.layer === 'route');
    const sessionB = probeEvent.session_id_hash;
    expect(sessionB).toMatch(/^[0-9a-f]{64}$/);
    const before = await ciGetDoc(app, 'd1');

    // A revokes all of bob's sessions.
    await Promise.all([pageA.waitForURL(/\/login/), pageA.click('[data-testid=revoke-mine]')]);
    const revokedAt = Date.now();
    const outcomes: Array<{ what: string; status: number; protectedServed: boolean }> = [];

    // 1. navigation (gate, then server component)
    const nav = await navPage.goto(`${app.url}/dashboard`);
    const first = nav?.request().redirectedFrom()?.response() ? await nav!.request().redirectedFrom()!.response() : nav;
    log(`${variant.name}: navigation after revocation answered ${first?.status()} → ${new URL(navPage.url()).pathname}`);
    // The 401 boundary may be streamed after the shell: wait for it (or the login page) to show.
    const refusedShown = await navPage
      .waitForFunction(() => location.pathname === '/login' || !!document.querySelector('[data-testid=unauthenticated]'), null, { timeout: 10_000 })
      .then(() => true, () => false);
    expect(refusedShown, `navigation ended on ${navPage.url()}`).toBe(true);
    outcomes.push({ what: 'navigation', status: 0, protectedServed: (await navPage.locator('[data-testid=dashboard]').count()) > 0 });
    // 2. route handler fetch (gate, then route)
    const api = await ctxB.request.get(`${app.url}/api/t/acme/documents`, { failOnStatusCode: false });
    outcomes.push({ what: 'route handler', status: api.status(), protectedServed: servedProtected({ status: api.status(), text: await api.text() }) });
    // 3. server component render without the gate (/embed is outside the matcher)
    const embed = await raw(app, '/embed/t/acme/docs/d1', { cookie: cookieB });
    outcomes.push({ what: 'server component (no gate)', status: embed.status, protectedServed: servedProtected(embed) });
    // 4. route handler without the gate (.svg is outside the matcher), and with x-middleware-subrequest
    const badge = await raw(app, '/t/acme/docs/d1/badge.svg', { cookie: cookieB });
    outcomes.push({ what: 'route handler (no gate)', status: badge.status, protectedServed: servedProtected(badge) });
    const sub = await raw(app, '/api/t/acme/documents', { cookie: cookieB, headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' } });
    outcomes.push({ what: 'route handler (x-middleware-subrequest)', status: sub.status, protectedServed: servedProtected(sub) });
    // 4b. a route handler on the Edge runtime (session read over HTTP)
    const edgeRoute = await raw(app, '/api/edge/whoami', { cookie: cookieB });
    outcomes.push({ what: 'route handler (Edge runtime)', status: edgeRoute.status, protectedServed: edgeRoute.status === 200 });
    // 5. client-side navigation (RSC fetch through the gate, server component render)
    // The navigation's own RSC request (not a hover prefetch), whatever it answers: a load-state
    // wait returned at once and the check below then looked at the list page it started from.
    const [rsc] = await Promise.all([
      linkPage.waitForResponse((res) => {
        const h = res.request().headers();
        return new URL(res.url()).pathname === '/t/acme/docs/d1' && h['rsc'] === '1' && !h['next-router-prefetch'];
      }),
      linkPage.click('a[href="/t/acme/docs/d1"]'),
    ]);
    const rscText = await rsc.text().catch(() => ''); // a redirect has no body
    log(`${variant.name}: client navigation after revocation answered ${rsc.status()}`);
    await sleep(300);
    const docShown = (await linkPage.locator('[data-testid=doc-body]').count()) > 0;
    outcomes.push({ what: 'client navigation (RSC)', status: 0, protectedServed: servedProtected({ status: rsc.status(), text: rscText }) || docShown });
    // 6. server action: submit the edit form B loaded before the revocation
    await formPage.fill('input[name=title]', 'should never be saved');
    const [actionReq] = await Promise.all([formPage.waitForRequest((r) => r.method() === 'POST'), formPage.click('[data-testid=save]')]);
    const actionRes = await actionReq.response();
    await formPage.waitForLoadState('networkidle').catch(() => undefined);
    log(`${variant.name}: server action after revocation answered ${actionRes?.status()}`);
    outcomes.push({ what: 'server action (form submit)', status: 0, protectedServed: false });
    await sleep(300);
    const after = await ciGetDoc(app, 'd1');
    expect(after.title).toBe(before.title); // the action did not run

    for (const o of outcomes) expect(o, o.what).toMatchObject({ protectedServed: false });
    for (const o of outcomes.filter((x) => x.status !== 0)) expect(o.status, o.what).not.toBe(200);

    // The decision log: no authoritative allow for B's session after the revocation.
    await sleep(500);
    const late = events(app).filter((e) => e.session_id_hash === sessionB && Date.parse(e.timestamp) >= revokedAt);
    // Public pages (/login, /) are allowed to anyone by the policy: not a stale allow.
    const isPublic = (e: Event) => e.input?.action === 'read' && e.input.resource?.type === 'page' && ['/', '/login', '/api/health'].includes(e.input.request?.path ?? '');
    const staleAllows = late.filter((e) => e.outcome === 'allow' && e.layer !== 'middleware' && !isPublic(e));
    log(`${variant.name}: ${late.length} decisions for the revoked session after revocation, stale allows: ${staleAllows.length}`);
    if (staleAllows.length) log(JSON.stringify(staleAllows.map((e) => [e.timestamp, e.layer, e.reason, e.input?.request?.method, e.input?.request?.path, e.request_id]), null, 1));
    expect(staleAllows).toEqual([]);
    const layers = new Set(late.filter((e) => e.outcome !== 'allow').map((e) => e.layer));
    expect(layers.has('route')).toBe(true);
    expect(layers.has('server_component')).toBe(true);
    if (variant.gate === 'proxy') expect(layers.has('proxy')).toBe(true);
    else expect(layers.has('server_action')).toBe(true); // Edge middleware cannot see revocations: the action layer refuses
    await Promise.all([ctxA.close(), ctxB.close()]);
  });

  it('route handlers on the Edge runtime are authoritative too: the policy as a WebAssembly.Module, the session store over HTTP', async () => {
    const ctx = await (await browser()).context();
    const page = await login(ctx, app, 'carol', '/dashboard');
    const cc = await cookieOf(ctx);
    const ok = await raw(app, '/api/edge/whoami', { cookie: cc });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ subject: 'carol', runtime: 'edge', policy_revision: app.policyRevision });
    expect((await raw(app, '/api/edge/whoami')).status).toBe(401);
    expect((await raw(app, '/api/edge/whoami', { headers: { authorization: `Bearer ${app.ciKey}` } })).status).toBe(403); // no pages for services
    const ev = await eventsFor(app, ok.requestId!, 1);
    expect(ev.some((e) => e.layer === 'route' && e.subject_id === 'carol')).toBe(true); // forwarded to the Node log
    await Promise.all([page.waitForURL(/\/login/), page.click('[data-testid=logout]')]);
    const after = await raw(app, '/api/edge/whoami', { cookie: cc });
    expect(after.status).toBe(401);
    expect(JSON.parse(after.text)).toMatchObject({ reason: 'session_revoked' });
    await ctx.close();
  });

  it('admin revocation of another user ends that user\'s sessions; tenant isolation applies to admins', async () => {
    const b = await browser();
    const [alice, carol] = await Promise.all([b.context(), b.context()]);
    const adminPage = await login(alice, app, 'alice', '/admin');
    await login(carol, app, 'carol');
    const cc = await cookieOf(carol);
    expect((await raw(app, '/api/t/acme/documents', { cookie: cc })).status).toBe(200);
    // The action's own response: the page is already network-idle when the click returns, so a
    // load-state wait could let the next request overtake the revocation.
    const [revoked] = await Promise.all([
      adminPage.waitForResponse((res) => res.request().method() === 'POST' && !!res.request().headers()['next-action']),
      adminPage.click('[data-testid=revoke-carol]'),
    ]);
    expect(revoked.status()).toBeLessThan(400);
    const r = await raw(app, '/api/t/acme/documents', { cookie: cc });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)).toMatchObject({ reason: 'session_revoked' });
    // dave (globex) is not on alice's page, and a forged form post for him is refused by the action.
    expect(await adminPage.locator('[data-testid=revoke-dave]').count()).toBe(0);
    await Promise.all([alice.close(), carol.close()]);
  });

  it('skipping the gate skips nothing: x-middleware-subrequest, paths outside the matcher, forged x-accord-* headers', async () => {
    const ctx = await (await browser()).context();
    await login(ctx, app, 'dave');
    const cd = await cookieOf(ctx);
    const bypass = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware', 'x-accord-request-id': 'forged', 'x-accord-path': '/', 'x-accord-decision': 'allow' };
    for (const [path, who] of [
      ['/dashboard', undefined],
      ['/t/acme/docs/d1', undefined],
      ['/t/acme/docs/d1', cd],
      ['/embed/t/acme/docs/d1', undefined],
      ['/embed/t/acme/docs/d1', cd],
      ['/api/t/acme/documents', undefined],
      ['/api/t/acme/documents', cd],
      ['/t/acme/docs/d1/badge.svg', undefined],
      ['/t/acme/docs/d1/badge.svg', cd],
    ] as Array<[string, string | undefined]>) {
      const r = await raw(app, path, { cookie: who, headers: bypass });
      expect({ path, who: !!who, ok: r.status === 200 || servedProtected(r) }).toEqual({ path, who: !!who, ok: false });
      expect(r.requestId).not.toBe('forged');
    }
    await ctx.close();
  });

  it('tampered, expired, alg:none, foreign-key and mismatched tokens are refused by every layer', async () => {
    const ctx = await (await browser()).context();
    await login(ctx, app, 'carol');
    const good = await cookieOf(ctx);
    const claims = decodePayload(good);
    const [h, p, s] = good.split('.');
    const tampered = `${h}.${b64url(JSON.stringify({ ...claims, roles: ['admin'] }))}.${s}`;
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    const expired = await signToken(app.secret, { ...claims, exp: undefined, iat: undefined }, { expSeconds: Math.floor(Date.now() / 1000) - 120 });
    const none = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`;
    const noneUpper = `${b64url(JSON.stringify({ alg: 'NONE' }))}.${b64url(JSON.stringify(claims))}.`;
    const foreign = await signToken('x'.repeat(40), { ...claims, exp: undefined, iat: undefined });
    const mismatch = await signToken(app.secret, { ...claims, sub: 'alice', roles: ['admin'], exp: undefined, iat: undefined }); // carol's sid, alice's name
    const garbage = 'not-a-token';
    for (const [name, token] of Object.entries({ tampered, flipped, expired, none, noneUpper, foreign, mismatch, garbage })) {
      for (const path of ['/dashboard', '/t/acme/docs/d1', '/embed/t/acme/docs/d1', '/api/t/acme/documents', '/t/acme/docs/d1/badge.svg', '/admin']) {
        const r = await raw(app, path, { cookie: token });
        expect({ name, path, refused: r.status !== 200 && !servedProtected(r) }).toEqual({ name, path, refused: true });
        if (path.startsWith('/api/')) expect(r.status, `${name} ${path}`).toBe(401);
      }
    }
    // Two session cookies (cookie tossing): ambiguous, refused.
    const two = await fetch(`${app.url}/api/t/acme/documents`, { headers: { cookie: `accord_session=${good}; accord_session=${tampered}` } });
    expect(two.status).toBe(401);
    // The genuine cookie still works.
    expect((await raw(app, '/api/t/acme/documents', { cookie: good })).status).toBe(200);
    await ctx.close();
  });

  it('one request, one decision per layer, all with the same request id and policy hash', async () => {
    const b = await browser();
    const ctx = await b.context();
    const page = await login(ctx, app, 'bob', '/dashboard');
    const revisions = new Set<string>();

    // A page: gate + server components (getDocument's check is memoised per request).
    const docNav = await page.goto(`${app.url}/t/acme/docs/d3`);
    const rid = docNav!.headers()['x-accord-request-id'];
    expect(rid).toMatch(/^[0-9a-f-]{36}$/);
    const pageEvents = await eventsFor(app, rid, 2);
    const byLayer = (ev: Event[]) => ev.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.layer]: (acc[e.layer] ?? 0) + 1 }), {});
    expect(byLayer(pageEvents)[gateLayer]).toBe(1);
    expect(byLayer(pageEvents).server_component).toBe(2); // read (getDocument, memoised), update (edit link)
    for (const e of pageEvents) revisions.add(e.bundles.accord!.revision);

    // An API request: gate (when /api is behind it) + route handler.
    const apiLayers = variant.apiGate ? [gateLayer, 'route'] : ['route'];
    const api = await ctx.request.get(`${app.url}/api/t/acme/documents/d1`);
    const apiEvents = await eventsFor(app, api.headers()['x-accord-request-id'], apiLayers.length);
    expect(byLayer(apiEvents)).toEqual(Object.fromEntries(apiLayers.map((l) => [l, 1])));
    for (const e of apiEvents) revisions.add(e.bundles.accord!.revision);

    // A server action: gate + server action in one request. (Its redirect target is rendered by an
    // internal fetch Next makes to itself: a new request through the gate, with its own id.)
    await page.goto(`${app.url}/t/acme/docs/d1/edit`);
    const t0 = Date.now();
    await Promise.all([page.waitForURL(`${app.url}/t/acme/docs/d1`), page.click('[data-testid=save]')]);
    await sleep(500);
    const actionEvent = events(app).find((e) => e.layer === 'server_action' && e.subject_id === 'bob' && e.input?.request?.path === '/t/acme/docs/d1/edit' && Date.parse(e.timestamp) >= t0 - 5);
    expect(actionEvent).toBeDefined();
    const actionEvents = await eventsFor(app, actionEvent!.request_id!, 2);
    expect(byLayer(actionEvents)).toEqual({ [gateLayer]: 1, server_action: 1 });
    expect(actionEvents.find((e) => e.layer === gateLayer)?.input?.request).toMatchObject({ method: 'POST', path: '/t/acme/docs/d1/edit' });
    for (const e of actionEvents) revisions.add(e.bundles.accord!.revision);

    // The same events through the app's own audit API (admin only).
    const admin = await b.context();
    await login(admin, app, 'alice');
    const viaApi = await admin.request.get(`${app.url}/api/audit?request_id=${api.headers()['x-accord-request-id']}`);
    expect(((await viaApi.json()) as { events: Event[] }).events.map((e) => e.layer).sort()).toEqual([...apiLayers].sort());

    // Every layer (Node and Edge) evaluated the very same policy module.
    expect([...revisions]).toEqual([app.policyRevision]);
    await Promise.all([ctx.close(), admin.close()]);
  });
});
