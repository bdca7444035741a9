// The Node process's Accord state, created once and shared by proxy.ts, route handlers, server
// components and server actions (they are separate bundles, so it lives on globalThis): the
// session store, the claims verifier, the decision log and the one authorizer.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  consoleSink,
  createAuditLogger,
  createAuthorizer,
  createClaimsVerifier,
  MemoryStore,
  type AuditLogger,
  type AuditSink,
  type Authorizer,
  type ClaimsVerifier,
  type SessionStore,
} from '@accord/core';
import { deferredAudit, type DeferredAudit } from '@accord/next';
import { BENCH_ABLATION, claimsOptions, COOKIE_NAME } from './config';
import { ringSink, type Ring } from './ring';
import { SERVICE_ACCOUNT } from './users';

export interface AccordState {
  sessions: SessionStore & MemoryStore;
  verifier: ClaimsVerifier;
  logger: AuditLogger;
  audit: DeferredAudit;
  ring: Ring;
  authorizer: Authorizer;
  /** The CI job's API key (a service session id), created at start-up. */
  ciKey: Promise<string>;
}

const g = globalThis as typeof globalThis & { __accordExample?: AccordState };

/** Where the Node layers read the compiled policy (the same file the Edge build imports). */
function readPolicy(): Promise<Buffer> {
  const override = process.env.ACCORD_POLICY_PATH;
  return override ? readFile(/*turbopackIgnore: true*/ override) : readFile(join(process.cwd(), 'generated', 'policy.wasm'));
}

function create(): AccordState {
  const sessions = new MemoryStore();
  const verifier = createClaimsVerifier(claimsOptions());
  const ring = ringSink(2000);
  const format = process.env.ACCORD_LOG_FORMAT ?? 'pretty';
  const sinks: AuditSink[] = [ring.sink];
  if (format === 'pretty' || format === 'ndjson') {
    sinks.push(consoleSink({ mode: format, ...(process.env.ACCORD_LOG_COLOR === '1' ? { color: true } : {}) }));
  }
  const logger = createAuditLogger({ sinks, labels: { app: 'accord-next-example' } });
  // Decision events are handed to the logger in batches, never on the request path: from an
  // in-process timer under `next start`, with after() where the platform freezes functions after
  // the response (delivery 'auto', see docs/nextjs.md). ACCORD_AUDIT_DELIVERY=after|timer forces one
  // (the load benchmark compares them).
  const forced = process.env.ACCORD_AUDIT_DELIVERY;
  const audit = deferredAudit(logger, { delivery: forced === 'after' || forced === 'timer' ? forced : 'auto' });
  // Shutdown: `next start` answers SIGTERM/SIGINT by closing the server, waiting for open
  // requests, then exiting; meanwhile the batch is handed over and the logger flushed and closed.
  // Without Next's handler (NEXT_MANUAL_SIG_HANDLE), the signal is re-raised once that is done.
  const onSignal = (signal: NodeJS.Signals) => {
    void audit.close().finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const authorizer = createAuthorizer({
    policy: readPolicy,
    claims: verifier,
    sessions,
    // The benchmark's no-audit ablation only (lib/config.ts): never without a decision log otherwise.
    ...(BENCH_ABLATION === 'no-audit' ? {} : { audit }),
    cookieName: COOKIE_NAME,
  });
  const ciKey = sessions
    .create({
      subject: SERVICE_ACCOUNT.id,
      kind: 'service',
      ttlMs: 24 * 3600 * 1000,
      metadata: { roles: [...SERVICE_ACCOUNT.roles], tenant: SERVICE_ACCOUNT.tenant },
    })
    .then((r) => r.id);
  return { sessions, verifier, logger, audit, ring, authorizer, ciKey };
}

/** The state, created on first use (the first request, or instrumentation.ts at start-up). */
export function accordState(): AccordState {
  return (g.__accordExample ??= create());
}
