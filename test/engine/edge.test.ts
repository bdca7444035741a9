// The Edge/Node split. createEdgeAuthorizer is the honest middleware precheck (token verified,
// session id shape checked, same policy, `session: {unverified: true}`, `authoritative: false`);
// createAuthorizer is authoritative and always reads the store. The engine runs inside
// @edge-runtime/vm with wasm code generation disabled, the policy passed as a WebAssembly.Module.
import { build } from 'esbuild';
import { EdgeVM } from '@edge-runtime/vm';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_BYTES_MESSAGE, createAuthorizer, createEdgeAuthorizer } from '../../src/engine/index.js';
import { MemoryStore, type SessionStore, type StoreOpOptions } from '../../src/session/index.js';
import { CLAIMS, PEOPLE, SECRET, bearer, canonicalPolicy, captureAudit, doc, makeWorld, sign } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(entry: string): Promise<string> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'accord',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

beforeAll(() => {
  canonicalPolicy();
});

describe('createEdgeAuthorizer (Node-side semantics)', () => {
  it('verifies the token, evaluates the same policy with an unverified session, and says it is not authoritative', async () => {
    const w = makeWorld();
    const { token, sid } = await w.login('bob');
    const audit = captureAudit();
    const edge = createEdgeAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, audit });
    expect(edge.mode).toBe('edge-precheck');
    const ok = await edge.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x') });
    expect(ok).toMatchObject({ allow: true, layer: 'middleware', authoritative: false, subject: 'bob' });
    expect((audit.last().input as { session: unknown }).session).toEqual({ id: ok.session_id, unverified: true });
    // the same policy answers the same: tenant isolation holds at the edge too
    const other = await edge.authorize(bearer(token), { action: 'read', resource: doc('globex', 'x') });
    expect(other).toMatchObject({ allow: false, reasons: ['tenant mismatch'] });

    // What the edge cannot know: a revocation. The Node layers see it on the next decision.
    await w.store.revoke(sid);
    expect((await edge.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x') })).allow).toBe(true);
    const node = await w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect(node).toMatchObject({ allow: false, reason: 'session_revoked', authoritative: true });
  });

  it('still fails closed on a bad token and on a malformed session id', async () => {
    const edge = createEdgeAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS });
    const forged = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: 'A'.repeat(43) }, new TextEncoder().encode('x'.repeat(32)));
    expect((await edge.authorize(bearer(forged), { action: 'read', resource: doc('acme', 'x') })).reason).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const badSid = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: 'not-a-session-id' });
    expect(await edge.authorize(bearer(badSid), { action: 'read', resource: doc('acme', 'x') })).toMatchObject({ allow: false, reason: 'session_not_found' });
    const noSid = await sign({ ...PEOPLE.alice, roles: ['admin'] });
    expect(await edge.authorize(bearer(noSid), { action: 'read', resource: doc('acme', 'x') })).toMatchObject({ allow: false, reasons: ['no session'] });
  });

  it('serves the middleware layer only', async () => {
    const edge = createEdgeAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS });
    const token = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: 'A'.repeat(43) });
    for (const layer of ['route', 'server_component', 'proxy', 'loader']) {
      const d = await edge.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer } as never);
      expect(d).toMatchObject({ allow: false, reason: 'ERR_INPUT_INVALID' });
    }
    expect(() => createEdgeAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: new MemoryStore() } as never)).toThrow(/sessions/);
  });

  it('API keys: a well-formed key is deferred to the Node layers (or refused with apiKeys: "deny")', async () => {
    const key = 'K'.repeat(43);
    const defer = createEdgeAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS });
    expect(await defer.authorize(bearer(key), { action: 'read', resource: doc('acme', 'x') })).toMatchObject({ allow: true, reason: 'deferred', authoritative: false });
    expect((await defer.authorize(bearer('short-key'), { action: 'read', resource: doc('acme', 'x') })).reason).toBe('ERR_CREDENTIAL_INVALID');
    const deny = createEdgeAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, apiKeys: 'deny' });
    expect(await deny.authorize(bearer(key), { action: 'read', resource: doc('acme', 'x') })).toMatchObject({ allow: false, reason: 'ERR_EDGE_UNVERIFIABLE', status: 403 });
  });
});

describe('Edge runtime (@edge-runtime/vm)', () => {
  let code: string;
  beforeAll(async () => {
    code = await bundle(`
      import { createEdgeAuthorizer, createAuthorizer } from './src/engine/index.ts';
      import { MemoryStore } from './src/session/index.ts';
      export async function run(policy, policyBytes, token, secretB64, revision) {
        const secret = Uint8Array.from(atob(secretB64), (c) => c.charCodeAt(0));
        const claims = { issuer: 'https://issuer.test', audience: 'accord-app', algorithms: ['HS256'], keys: { secret } };
        const events = [];
        const audit = { log: (e) => events.push(e) };
        const out = {};
        const edge = createEdgeAuthorizer({ policy, revision, claims, audit });
        const req = (t, path = '/documents/d1') => new Request('https://app.test' + path, { headers: { cookie: 'accord_session=' + t } });
        const a = await edge.authorize(req(token), { action: 'read', resource: { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' } });
        const b = await edge.authorize(req(token), { action: 'delete', resource: { type: 'document', id: 'd1', tenant: 'acme', owner: 'alice' } });
        const c = await edge.authorize(req(token.slice(0, -2) + 'xx'), { action: 'read', resource: { type: 'page' } });
        out.edge = [a, b, c].map((d) => ({ allow: d.allow, reason: d.reason, reasons: d.reasons, authoritative: d.authoritative, revision: d.policy_revision }));
        out.events = events.map((e) => ({ outcome: e.outcome, reason: e.reason, nd: e.nd_builtin_cache !== undefined, total: e.metrics.timer_total_ns > 0 }));

        // bytes cannot be compiled on Edge: a clear error, and a deny
        const fromBytes = createEdgeAuthorizer({ policy: policyBytes, claims, audit });
        const d = await fromBytes.authorize(req(token), { action: 'read', resource: { type: 'document' } });
        out.bytes = { reason: d.reason, message: events[events.length - 1].error.message };
        try { await fromBytes.ready(); out.ready = 'resolved'; } catch (e) { out.ready = e.code + ': ' + e.message; }

        // an authoritative authorizer with an Edge-compatible store also runs here
        const store = new MemoryStore();
        const s = await store.create({ subject: 'svc:ci', kind: 'service', ttlMs: 60000, metadata: { roles: ['ci'], tenant: 'acme' } });
        const node = createAuthorizer({ policy, revision, claims, sessions: store });
        const k1 = await node.authorize(new Request('https://app.test/api/docs', { headers: { authorization: 'Bearer ' + s.id } }), { action: 'read', resource: { type: 'document', tenant: 'acme' }, layer: 'route' });
        await store.revoke(s.id);
        const k2 = await node.authorize(new Request('https://app.test/api/docs', { headers: { authorization: 'Bearer ' + s.id } }), { action: 'read', resource: { type: 'document', tenant: 'acme' }, layer: 'route' });
        out.apiKey = [k1.allow, k2.reason];
        return JSON.stringify(out);
      }
    `);
  });

  it('the engine bundle has no node: imports', () => {
    expect(code).not.toMatch(/require\(["']node:/);
    expect(code).not.toMatch(/from ["']node:/);
  });

  it('authorizes inside EdgeVM (no wasm code generation) with the policy as a WebAssembly.Module', async () => {
    const vm = new EdgeVM({ codeGeneration: { strings: false, wasm: false } });
    vm.evaluate(code);
    const bytes = canonicalPolicy();
    const module = await WebAssembly.compile(bytes as BufferSource);
    vm.context.policyModule = module;
    vm.context.policyBytes = new Uint8Array(bytes);
    const w = makeWorld();
    const { token } = await w.login('bob');
    const secretB64 = Buffer.from(SECRET).toString('base64');
    const out = JSON.parse(
      await vm.evaluate(`accord.run(policyModule, policyBytes, ${JSON.stringify(token)}, ${JSON.stringify(secretB64)}, 'rev-123')`),
    );
    expect(out.edge).toEqual([
      { allow: true, reason: 'allowed', reasons: [], authoritative: false, revision: 'rev-123' },
      { allow: false, reason: 'policy_denied', reasons: ['not the owner'], authoritative: false, revision: 'rev-123' },
      { allow: false, reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', reasons: [], authoritative: false, revision: 'rev-123' },
    ]);
    expect(out.events).toEqual([
      // the policy never calls time.now_ns: no nd_builtin_cache (as OPA records only builtins called)
      { outcome: 'allow', reason: 'allowed', nd: false, total: true },
      { outcome: 'deny', reason: 'policy_denied', nd: false, total: true },
      { outcome: 'error', reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', nd: false, total: true },
    ]);
    expect(out.bytes).toEqual({ reason: 'ERR_POLICY_LOAD', message: EDGE_BYTES_MESSAGE });
    expect(out.ready).toBe(`ERR_POLICY_LOAD: ${EDGE_BYTES_MESSAGE}`);
    expect(out.apiKey).toEqual([true, 'session_revoked']);
  });
});

describe('Node layers always consult the store', () => {
  it('every authoritative decision reads the session, even with a cached token and a per-request memo', async () => {
    const store = new MemoryStore();
    const reads = { get: 0, getSync: 0 };
    // Counts the store's reads, asynchronous (get) and synchronous (getSync, used when it answers).
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'get') return (...args: Parameters<MemoryStore['get']>) => (reads.get++, target.get(...args));
        if (prop === 'getSync') return (...args: Parameters<MemoryStore['getSync']>) => (reads.getSync++, target.getSync(...args));
        return Reflect.get(target, prop, receiver);
      },
    });
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: counting });
    const s = await store.create({ subject: 'alice', ttlMs: 60_000 });
    const token = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: s.id });
    const req = bearer(token);
    for (let i = 0; i < 5; i++) await a.authorize(req, { action: 'read', resource: doc('acme', 'x'), layer: 'server_component' });
    expect(reads.get + reads.getSync).toBe(5);
    expect(reads.getSync).toBe(5); // a MemoryStore always answers synchronously
    // Revocation shows on the very next decision of the same request.
    await store.revoke(s.id);
    expect((await a.authorize(req, { action: 'read', resource: doc('acme', 'x'), layer: 'server_component' })).reason).toBe('session_revoked');
  });

  it('a store without getSync is read with get() on every decision', async () => {
    const store = new MemoryStore();
    let reads = 0;
    const asyncOnly = { name: 'async-only', get: (id: string, opts?: StoreOpOptions) => (reads++, store.get(id, opts)) } as unknown as SessionStore;
    const a = createAuthorizer({ policy: canonicalPolicy(), claims: CLAIMS, sessions: asyncOnly });
    const s = await store.create({ subject: 'alice', ttlMs: 60_000 });
    const token = await sign({ ...PEOPLE.alice, roles: ['admin'], sid: s.id });
    for (let i = 0; i < 4; i++) expect((await a.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).allow).toBe(true);
    expect(reads).toBe(4);
    await store.revoke(s.id);
    expect((await a.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('session_revoked');
  });
});
