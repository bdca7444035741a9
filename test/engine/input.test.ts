// The input schema (exported, extensible), the per-decision clock, and the strict readers.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AuthzInputSchema,
  ResourceSchema,
  classifyCredential,
  createAuthorizer,
  isForbiddenHeader,
  readCookie,
  type AuthzInput,
} from '../../src/engine/index.js';
import { MemoryStore } from '../../src/session/index.js';
import { CLAIMS, bearer, canonicalPolicy, captureAudit, compilePolicy, doc, makeWorld } from './helpers.js';

beforeAll(() => {
  canonicalPolicy();
});

describe('AuthzInputSchema', () => {
  it('is the single definition; the TypeScript type is derived from it', () => {
    const input: AuthzInput = {
      request: { method: 'GET', path: '/', time: 1, headers: {} },
      action: 'read',
      resource: { type: 'page' },
      layer: 'route',
    };
    expect(AuthzInputSchema.parse(input)).toEqual(input);
    expect(AuthzInputSchema.safeParse({ ...input, session: { id: 'a'.repeat(64), unverified: true } }).success).toBe(true);
    expect(AuthzInputSchema.safeParse({ ...input, session: { id: 'raw-session-id', unverified: true } }).success).toBe(false);
    expect(AuthzInputSchema.safeParse({ ...input, request: { ...input.request, headers: { cookie: 1 } } }).success).toBe(false);
  });

  it('can be extended by the application (custom resource fields, extra top-level input)', async () => {
    const MyInput = AuthzInputSchema.extend({
      resource: ResourceSchema.extend({ classification: z.enum(['public', 'secret']) }),
      context: z.object({ mfa: z.boolean() }),
    });
    const policy = compilePolicy(`package app.authz
import rego.v1
default decision := {"allow": false, "reasons": ["nope"]}
decision := {"allow": true, "reasons": []} if {
  input.resource.classification == "public"
  input.context.mfa == true
}
`);
    const audit = captureAudit();
    const a = createAuthorizer({ policy, claims: CLAIMS, sessions: new MemoryStore(), audit, inputSchema: MyInput });
    const ask = (resource: Record<string, unknown>, input?: Record<string, unknown>) =>
      a.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'doc', ...resource }, layer: 'route', input });
    expect((await ask({ classification: 'public' }, { context: { mfa: true } })).allow).toBe(true);
    expect((await ask({ classification: 'public' }, { context: { mfa: false } })).allow).toBe(false);
    expect((await ask({ classification: 'top' }, { context: { mfa: true } })).reason).toBe('ERR_INPUT_INVALID');
    expect((await ask({ classification: 'public' })).reason).toBe('ERR_INPUT_INVALID'); // context required
    // extra input can never replace what the engine computed
    const d = await ask({ classification: 'public' }, { context: { mfa: true }, subject: { sub: 'root', roles: ['admin'], kind: 'user' }, layer: 'proxy' });
    expect((audit.last().input as Record<string, unknown>).subject).toBeUndefined();
    expect(d.layer).toBe('route');
  });

  it('builds the same input whether the token is verified now (session read started early) or cached', async () => {
    const fixed = Date.now();
    const w = makeWorld({ clock: () => fixed });
    const { token } = await w.login('alice');
    const a = await w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    const first = w.audit.last().input;
    const b = await w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    const second = w.audit.last().input;
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect([a.reason, b.reason]).toEqual(['allowed', 'allowed']);
  });

  it('refined and strict schemas work as the one schema too', async () => {
    const NoDeletes = AuthzInputSchema.refine((i) => i.action !== 'delete', { message: 'no deletes here' });
    const w = makeWorld({ inputSchema: NoDeletes });
    const { token } = await w.login('alice');
    expect((await w.authorizer.authorize(bearer(token), { action: 'delete', resource: doc('acme', 'x'), layer: 'route' })).reason).toBe('ERR_INPUT_INVALID');
    expect((await w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).allow).toBe(true);
    const Strict = AuthzInputSchema.strict();
    const v = makeWorld({ inputSchema: Strict });
    const t2 = (await v.login('alice')).token;
    expect((await v.authorizer.authorize(bearer(t2), { action: 'read', resource: doc('acme', 'x'), layer: 'route', input: { debug: 1 } })).reason).toBe('ERR_INPUT_INVALID');
    expect((await v.authorizer.authorize(bearer(t2), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).allow).toBe(true);
  });

  it('strips unknown top-level keys with the default schema', async () => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    await w.authorizer.authorize(bearer(token), { action: 'read', resource: doc('acme', 'x'), layer: 'route', input: { debug: true } });
    expect(Object.keys(w.audit.last().input as object).sort()).toEqual(['action', 'layer', 'request', 'resource', 'session', 'subject']);
  });
});

describe('time', () => {
  const clockPolicy = `package app.authz
import rego.v1
decision := {"allow": true, "reasons": [], "obligations": {"now": time.now_ns(), "t": input.request.time}}
`;
  it('time.now_ns is the decision clock, recorded in nd_builtin_cache, one value per decision', async () => {
    let n = 0;
    const base = Date.now();
    const audit = captureAudit();
    const a = createAuthorizer({ policy: compilePolicy(clockPolicy), claims: CLAIMS, sessions: new MemoryStore(), audit, clock: () => base + 1000 * n++ });
    const ask = () => a.authorize(new Request('https://app.test/x'), { action: 'read', resource: { type: 'x' }, layer: 'route' });
    // concurrent decisions: each sees its own clock, never the other's
    const ds = await Promise.all([ask(), ask(), ask()]);
    const nows = ds.map((d) => d.obligations!.now as number);
    expect(new Set(nows).size).toBe(3);
    for (const d of ds) {
      const e = audit.events.find((x) => x.decision_id === d.decision_id)!;
      expect(e.nd_builtin_cache?.['time.now_ns']?.['[]']).toBe(d.obligations!.now);
      expect(Math.floor((d.obligations!.now as number) / 1e9)).toBe(d.obligations!.t);
      expect(e.timestamp).toBe(Math.round((d.obligations!.now as number) / 1e6));
    }
  });
});

describe('strict readers', () => {
  it('readCookie: exact name, duplicates refused, quotes removed, nothing decoded', () => {
    expect(readCookie('a=1; accord_session=tok; b=2', 'accord_session')).toBe('tok');
    expect(readCookie('xaccord_session=1; accord_sessionx=2', 'accord_session')).toBeUndefined();
    expect(readCookie('accord_session=1;accord_session=2', 'accord_session')).toBeNull();
    expect(readCookie('accord_session="tok"', 'accord_session')).toBe('tok');
    expect(readCookie('accord_session=a%2Eb', 'accord_session')).toBe('a%2Eb');
    expect(readCookie('', 'accord_session')).toBeUndefined();
    expect(readCookie(';;=;accord_session=;', 'accord_session')).toBe('');
    // only space and tab around names and values (RFC 6265), so a name that differs by another
    // kind of space is another cookie: "\u00a0__Host-s" may be set by any subdomain
    expect(readCookie(' \t__Host-s=tok \t; b=2', '__Host-s')).toBe('tok');
    expect(readCookie('\u00a0__Host-s=planted', '__Host-s')).toBeUndefined();
    expect(readCookie('__Host-s=genuine; \u2003__Host-s=planted; x\u00a0=1', '__Host-s')).toBe('genuine');
    expect(readCookie('__Host-s=\u00a0tok\u00a0', '__Host-s')).toBe('\u00a0tok\u00a0');
  });

  it('classifyCredential: JWT shape, session-id shape, or invalid', () => {
    expect(classifyCredential('eyJh.eyJz.sig', 'bearer', 8192).kind).toBe('jwt');
    expect(classifyCredential('A'.repeat(43), 'bearer', 8192).kind).toBe('opaque');
    expect(classifyCredential('A'.repeat(42), 'bearer', 8192).kind).toBe('invalid');
    expect(classifyCredential('a.b.c.d.e', 'cookie', 8192).kind).toBe('invalid'); // JWE: not accepted
    expect(classifyCredential('', 'cookie', 8192).kind).toBe('invalid');
    expect(classifyCredential('x'.repeat(9000), 'cookie', 8192)).toMatchObject({ kind: 'invalid', code: 'ERR_CREDENTIAL_TOO_LARGE' });
  });

  it('isForbiddenHeader', () => {
    for (const h of ['authorization', 'Cookie', 'x-accord-anything', 'X-ACCORD-DECISION', 'x-middleware-subrequest']) expect(isForbiddenHeader(h)).toBe(true);
    for (const h of ['user-agent', 'origin', 'x-accordion']) expect(isForbiddenHeader(h)).toBe(false);
  });

  it('a context with both token and a different sessionId is ambiguous', async () => {
    const w = makeWorld();
    const { token } = await w.login('alice');
    const d = await w.authorizer.authorize({ token, sessionId: 'B'.repeat(43), method: 'GET', path: '/' }, { action: 'read', resource: doc('acme', 'x'), layer: 'server_component' });
    expect(d.reason).toBe('ERR_CREDENTIAL_AMBIGUOUS');
  });

  it('the ip function supplies input.request.ip; a throwing one is ignored', async () => {
    const w = makeWorld({ ip: (r) => r.headers.get('x-real-ip') ?? undefined });
    const { token } = await w.login('alice');
    await w.authorizer.authorize(bearer(token, '/', { headers: { 'x-real-ip': '203.0.113.7' } }), { action: 'read', resource: doc('acme', 'x'), layer: 'route' });
    expect((w.audit.last().input as { request: { ip?: string } }).request.ip).toBe('203.0.113.7');
    const v = makeWorld({ ip: () => { throw new Error('boom'); } });
    const t2 = (await v.login('alice')).token;
    expect((await v.authorizer.authorize(bearer(t2), { action: 'read', resource: doc('acme', 'x'), layer: 'route' })).allow).toBe(true);
  });
});
