// Decision-log delivery that never delays a response. The engine calls `audit.log(event)`
// synchronously inside authorize(); these wrappers only remember the event and hand the batch to
// the real logger later: on Node, from an in-process timer (a long-lived server) or from `after()`
// (a platform that freezes the function after the response); on Edge, in `event.waitUntil()`.
// Edge-safe.
import type { AuditLike } from '../../src/engine/index.js';
import type { DecisionEventInput } from '../../src/audit/index.js';
import { maskEvent } from '../../src/audit/mask.js';
import type { DeferredAuditLike } from './shared.js';

type Timer = ReturnType<typeof setTimeout> & { unref?: () => void };

export interface DeferredAudit extends AuditLike, DeferredAuditLike {
  claimDrain(): boolean;
  /** Events remembered and not yet handed to the sink. */
  pending(): number;
  /**
   * Shutdown: hands every remembered event to the sink now (synchronously, before the first
   * await), then `close()`s the sink — or `flush()`es it when it has no close. Call it from your
   * SIGTERM handler (see docs/nextjs.md); later `log()` calls go straight to the sink.
   */
  close(): Promise<void>;
}

export interface DeferredAuditOptions {
  /** Hand events over inline once this many wait (default 2048). */
  maxPending?: number;
  /** Events are handed over in batches at most this long after they were logged (default 50 ms). */
  maxDelayMs?: number;
  /** Also `flush()` the sink on every drain (serverless platforms; default false). */
  flush?: boolean;
  /**
   * How the batches reach the sink:
   * - `auto` (default): `after` when Next runs on a platform that keeps the function alive for
   *   work after the response (`waitUntil` in Next's request context, e.g. Vercel), else `timer`.
   *   Decided per request, so one build serves both.
   * - `timer`: only the maxDelayMs timer drains, in batches, inside the process — the cheapest on
   *   a long-lived server (`next start`, containers): no after() callback per request. Events
   *   logged in the last maxDelayMs before a freeze or a crash may be delivered late or lost;
   *   call `close()` on shutdown.
   * - `after`: the layers also schedule a drain with after() once the response is done (one
   *   after() per batch, not per decision: `claimDrain`). Needed where the platform freezes the
   *   function after the response; it costs Next noticeably per request on a busy server.
   */
  delivery?: 'auto' | 'after' | 'timer';
}

/** Next's hook for platforms with waitUntil (Vercel sets it; `next start` does not). */
const REQUEST_CONTEXT = Symbol.for('@next/request-context');

/** True when the current request runs where the platform provides `waitUntil` (serverless). */
export function platformWaitUntil(): boolean {
  try {
    const ctx = (globalThis as Record<symbol, { get?: () => { waitUntil?: unknown } | undefined } | undefined>)[REQUEST_CONTEXT];
    return typeof ctx?.get?.()?.waitUntil === 'function';
  } catch {
    return false;
  }
}

/**
 * Wraps a logger (`createAuditLogger(...)` or anything with `log`) for use as the authorizer's
 * `audit`: `log()` only pushes to an array; the batch is handed to the sink by a timer (at most
 * `maxDelayMs` later), by `drain()` — which the adapter schedules with after() on serverless
 * platforms — or inline once `maxPending` events wait.
 */
export function deferredAudit(
  sink: { log(event: DecisionEventInput): void; flush?: () => Promise<unknown>; close?: () => Promise<unknown> },
  options: DeferredAuditOptions = {},
): DeferredAudit {
  const maxPending = Math.max(1, options.maxPending ?? 2048);
  const maxDelayMs = Math.max(0, options.maxDelayMs ?? 50);
  const delivery = options.delivery ?? 'auto';
  if (delivery !== 'auto' && delivery !== 'after' && delivery !== 'timer') throw new TypeError('deferredAudit: delivery must be "auto", "after" or "timer"');
  let queue: DecisionEventInput[] = [];
  let timer: Timer | undefined;
  let claimed = false;
  let closed = false;

  const handOver = (): void => {
    claimed = false;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    for (const e of batch) {
      try {
        sink.log(e);
      } catch {
        // the logger's problem, never the request's
      }
    }
  };

  return {
    log(event) {
      if (closed) {
        try {
          sink.log(event);
        } catch {
          // idem
        }
        return;
      }
      queue.push(event);
      if (queue.length >= maxPending) {
        handOver();
        return;
      }
      if (timer === undefined) {
        timer = setTimeout(handOver, maxDelayMs) as Timer;
        timer.unref?.();
      }
    },
    async drain() {
      handOver();
      if (options.flush && sink.flush) {
        try {
          await sink.flush();
        } catch {
          // delivery failures are the logger's to count
        }
      }
    },
    claimDrain() {
      if (claimed || queue.length === 0) return false;
      if (delivery === 'timer' || (delivery === 'auto' && !platformWaitUntil())) return false;
      claimed = true;
      return true;
    },
    async close() {
      closed = true;
      handOver();
      try {
        if (sink.close) await sink.close();
        else if (sink.flush) await sink.flush();
      } catch {
        // delivery failures are the logger's to count
      }
    },
    pending: () => queue.length,
  };
}

export interface EdgeAuditForwarderOptions {
  /**
   * Where to POST events (a JSON array), e.g. the Node app's ingest route. Configure it; never
   * derive it from the request (the Host header is the client's). Without it, events are written
   * to the console as NDJSON.
   */
  url?: string;
  /** Bearer token for the ingest endpoint. */
  token?: string;
  /** Request timeout (default 2000 ms). */
  timeoutMs?: number;
  /** Events per POST (default 100). */
  batchEvents?: number;
  /** Replaces fetch (tests). */
  fetch?: typeof fetch;
  /** Replaces console output (tests). */
  write?: (line: string) => void;
}

export interface EdgeAuditForwarder extends AuditLike, DeferredAuditLike {
  pending(): number;
}

/**
 * The audit sink for Edge middleware, which has no file system and no long-lived process: events
 * are kept in memory and POSTed by `drain()` (the middleware helper runs it in `waitUntil`).
 * Failed deliveries fall back to console NDJSON, so no event is lost silently.
 */
export function edgeAuditForwarder(options: EdgeAuditForwarderOptions = {}): EdgeAuditForwarder {
  const batchEvents = Math.max(1, options.batchEvents ?? 100);
  const timeoutMs = options.timeoutMs ?? 2000;
  const write = options.write ?? ((line: string) => console.log(line));
  let queue: DecisionEventInput[] = [];

  // The console is a log drain like any other: what goes there is masked with the default rules
  // (the POSTed batches are masked by the receiving logger). A masking failure keeps the event's
  // ids and outcome and erases the rest, never the raw event.
  const toConsole = (events: DecisionEventInput[]) => {
    for (const e of events) {
      let line: string;
      try {
        line = JSON.stringify(maskEvent(e));
      } catch {
        line = JSON.stringify({
          decision_id: e.decision_id,
          request_id: e.request_id,
          layer: e.layer,
          outcome: e.outcome,
          reason: e.reason,
          timestamp: e.timestamp,
          erased: ['/input', '/result', '/nd_builtin_cache'],
        });
      }
      try {
        write(line);
      } catch {
        // the console itself failed: nothing more to do
      }
    }
  };

  return {
    log(event) {
      queue.push(event);
      // Bounded: past 10,000 waiting events the oldest go to the console now, not nowhere.
      if (queue.length > 10_000) toConsole(queue.splice(0, queue.length - 10_000));
    },
    async drain() {
      while (queue.length > 0) {
        const batch = queue.slice(0, batchEvents);
        queue = queue.slice(batch.length);
        if (!options.url) {
          toConsole(batch);
          continue;
        }
        const ctrl = new AbortController();
        const t = setTimeout(() => ctrl.abort(), timeoutMs);
        try {
          const res = await (options.fetch ?? fetch)(options.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            },
            body: JSON.stringify(batch),
            signal: ctrl.signal,
          });
          if (!res.ok) toConsole(batch);
        } catch {
          toConsole(batch);
        } finally {
          clearTimeout(t);
        }
      }
    },
    pending: () => queue.length,
  };
}
