// Accord wiring for the example: ONE authorizer (one compiled policy, one claims verifier, one
// session store, one decision log) used by every loader and action. Server-only.
//
// Configuration (environment):
//   ACCORD_POLICY_WASM    compiled policy (default: <cwd>/../../dist/policy.wasm, i.e. `node build.mjs`)
//   ACCORD_JWT_SECRET     HS256 secret (≥ 32 bytes) for JWT session cookies carrying `sid`
//                         (default: random per process; the example itself issues opaque cookies)
//   ACCORD_AUDIT_CONSOLE  "1" to also print every decision event to stdout
//   ACCORD_INSECURE_COOKIES "1" to drop `Secure` from the session cookie (plain-http development)
import { createReactRouterAccord, type ReactRouterAccord } from 'accord/react-router';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { consoleSink, createAuditLogger, type AuditLogger, type AuditSink, type DecisionEvent } from '../../../src/audit/index.js';
import { MemoryStore, type SessionStore } from '../../../src/session/index.js';
import { DocumentStore } from './data.server';

export const JWT_ISSUER = 'accord-example';
export const JWT_AUDIENCE = 'accord-react-router-app';
export const SESSION_TTL_MS = 8 * 3600 * 1000;

export interface Services {
  accord: ReactRouterAccord;
  sessions: SessionStore;
  documents: DocumentStore;
  audit: AuditLogger;
  /** The most recent decision events as exported by the audit logger (masked), newest last. */
  recentDecisions: DecisionEvent[];
  secureCookies: boolean;
}

const RECENT_MAX = 500;

function memorySink(into: DecisionEvent[]): AuditSink {
  return {
    name: 'memory',
    delivery: { flushIntervalMs: 20 },
    format: (p) => p.json,
    encode: (units) => `[${units.join(',')}]`,
    async send(req) {
      try {
        for (const e of JSON.parse(req.body as string) as DecisionEvent[]) into.push(e);
        if (into.length > RECENT_MAX) into.splice(0, into.length - RECENT_MAX);
        return { ok: true };
      } catch (err) {
        return { ok: false, retryable: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

function policyPath(): string {
  return process.env.ACCORD_POLICY_WASM ?? resolve(process.cwd(), '../../dist/policy.wasm');
}

function createServices(): Services {
  const recentDecisions: DecisionEvent[] = [];
  const sinks: AuditSink[] = [memorySink(recentDecisions)];
  if (process.env.ACCORD_AUDIT_CONSOLE === '1') sinks.push(consoleSink());
  const audit = createAuditLogger({ sinks, labels: { app: 'react-router-example' } });

  // Production would use RedisStore / PostgresStore behind CachedStore (docs/sessions.md).
  const sessions = new MemoryStore();
  const secret = process.env.ACCORD_JWT_SECRET ?? randomBytes(32).toString('base64url');

  const accord = createReactRouterAccord({
    // Read lazily: a missing or broken policy is a fail-closed 500 on every protected route.
    policy: () => readFile(policyPath()),
    claims: { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithms: ['HS256'], keys: { secret } },
    sessions,
    // The cookie is an opaque handle to a user session; roles and tenant come from the record.
    opaqueSessions: 'any',
    audit,
    loginPath: '/login',
    cookie: { secure: process.env.ACCORD_INSECURE_COOKIES !== '1' },
  });

  // Load the policy and keys now, not on the first request (a load slower than the decision
  // deadline would fail that request closed). A broken policy still fails closed later on.
  accord.authorizer.ready().catch((err: unknown) => console.error('accord: not ready:', err));

  return {
    accord,
    sessions,
    documents: new DocumentStore(),
    audit,
    recentDecisions,
    secureCookies: process.env.ACCORD_INSECURE_COOKIES !== '1',
  };
}

// One instance per server process (and per test run that loads this build): kept on globalThis
// so a re-imported module (dev HMR) does not create a second store with different sessions.
const KEY = Symbol.for('accord.example.react-router');

export function services(): Services {
  const g = globalThis as { [KEY]?: Services };
  return (g[KEY] ??= createServices());
}
