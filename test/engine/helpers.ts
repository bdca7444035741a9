// Shared fixtures for the engine tests: the canonical policy compiled once per worker, HS256
// tokens signed with jose, a MemoryStore, and an audit sink that keeps events.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SignJWT, base64url } from 'jose';
import type { JWTPayload } from 'jose';
import type { DecisionEventInput } from '../../src/audit/index.js';
import { compile } from '../../src/compiler/index.js';
import { createAuthorizer, type AuthorizerOptions } from '../../src/engine/index.js';
import { MemoryStore } from '../../src/session/index.js';

export const ISS = 'https://issuer.test';
export const AUD = 'accord-app';
export const SECRET = new TextEncoder().encode('0123456789abcdef0123456789abcdef'); // 32 bytes
export const CLAIMS = { issuer: ISS, audience: AUD, algorithms: ['HS256' as const], keys: { secret: SECRET } };
export const ENTRYPOINT = 'app/authz/decision';

export const nowSec = () => Math.floor(Date.now() / 1000);

const root = fileURLToPath(new URL('../..', import.meta.url));
export const canonicalSource = readFileSync(`${root}policies/authz.rego`, 'utf8');

let canonical: Uint8Array | undefined;
/** policies/authz.rego compiled with the project's compiler (once per worker). */
export function canonicalPolicy(): Uint8Array {
  canonical ??= compile({ modules: { 'authz.rego': canonicalSource }, entrypoints: [ENTRYPOINT] }).wasm;
  return canonical;
}

export function compilePolicy(source: string, entrypoints = [ENTRYPOINT]): Uint8Array {
  return compile({ modules: { 'policy.rego': source }, entrypoints }).wasm;
}

export async function sign(claims: JWTPayload, secret: Uint8Array = SECRET): Promise<string> {
  return new SignJWT({ iss: ISS, aud: AUD, iat: nowSec(), exp: nowSec() + 300, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(secret);
}

/** An unsigned token (`alg: none`), as an attacker would craft it. */
export function unsignedToken(claims: JWTPayload): string {
  const enc = (v: unknown) => base64url.encode(JSON.stringify(v));
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: ISS, aud: AUD, exp: nowSec() + 300, ...claims })}.`;
}

export interface CapturedAudit {
  events: DecisionEventInput[];
  log(event: DecisionEventInput): void;
  last(): DecisionEventInput;
}

export function captureAudit(): CapturedAudit {
  const events: DecisionEventInput[] = [];
  return {
    events,
    log: (e) => void events.push(e),
    last: () => events[events.length - 1],
  };
}

/** The example app's identities (see policies/authz_test.rego). */
export const PEOPLE = {
  alice: { sub: 'alice', roles: ['admin'], tenant: 'acme' },
  bob: { sub: 'bob', roles: ['editor'], tenant: 'acme' },
  carol: { sub: 'carol', roles: ['viewer'], tenant: 'acme' },
  dave: { sub: 'dave', roles: ['editor'], tenant: 'globex' },
} as const;

export type Person = keyof typeof PEOPLE;

export interface World {
  store: MemoryStore;
  audit: CapturedAudit;
  authorizer: ReturnType<typeof createAuthorizer>;
  /** A live session + signed token for one of PEOPLE. */
  login(who: Person, extra?: JWTPayload): Promise<{ token: string; sid: string }>;
}

export function makeWorld(overrides: Partial<AuthorizerOptions> = {}): World {
  const store = (overrides.sessions as MemoryStore | undefined) ?? new MemoryStore();
  const audit = captureAudit();
  const authorizer = createAuthorizer({
    policy: canonicalPolicy(),
    claims: CLAIMS,
    sessions: store,
    audit,
    ...overrides,
  });
  return {
    store,
    audit,
    authorizer,
    async login(who, extra = {}) {
      const p = PEOPLE[who];
      const s = await store.create({ subject: p.sub, ttlMs: 3_600_000 });
      const token = await sign({ ...p, roles: [...p.roles], sid: s.id, ...extra });
      return { token, sid: s.id };
    },
  };
}

export function bearer(token: string, path = '/documents/d1', init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return new Request(`https://app.test${path}`, { ...init, headers });
}

export function cookie(value: string, path = '/documents/d1', name = 'accord_session'): Request {
  return new Request(`https://app.test${path}`, { headers: { cookie: `theme=dark; ${name}=${value}; other=1` } });
}

export const doc = (tenant: string, owner: string) => ({ type: 'document', id: 'd1', tenant, owner });
