// Decision-log delivery that never delays a response. The engine calls `audit.log(event)`
// synchronously inside authorize(); these wrappers only remember the event, and the adapter's
// layers hand the remembered events to the real logger after the response (`after()` on Node,
// `event.waitUntil()` on Edge). Edge-safe.
import type { AuditLike } from '../../src/engine/index.js';
import type { DecisionEventInput } from '../../src/audit/index.js';
import type { DeferredAuditLike } from './shared.js';

type Timer = ReturnType<typeof setTimeout> & { unref?: () => void };

export interface DeferredAudit extends AuditLike, DeferredAuditLike {
  claimDrain(): boolean;
  /** Events remembered and not yet handed to the sink. */
  pending(): number;
}

export interface DeferredAuditOptions {
  /** Hand events over inline once this many wait (a layer that never drains; default 2048). */
  maxPending?: number;
  /** Fallback: events are handed over at most this long after they were logged (default 50 ms). */
  maxDelayMs?: number;
  /** Also `flush()` the sink on every drain (serverless platforms; default false). */
  flush?: boolean;
  /**
   * `after` (default): the layers schedule a drain with after() once the response is done — right
   * for serverless platforms, where work after the response needs after()/waitUntil to survive.
   * `timer`: only the maxDelayMs timer drains, in batches — cheaper on a long-lived server
   * (`next start`): no after() callback per request.
   */
  delivery?: 'after' | 'timer';
}

/**
 * Wraps a logger (`createAuditLogger(...)` or anything with `log`) for use as the authorizer's
 * `audit`: `log()` only pushes to an array; `drain()` — called by the adapter after the
 * response — passes the events on. A timer bounds the delay when nothing drains.
 */
export function deferredAudit(
  sink: { log(event: DecisionEventInput): void; flush?: () => Promise<unknown> },
  options: DeferredAuditOptions = {},
): DeferredAudit {
  const maxPending = Math.max(1, options.maxPending ?? 2048);
  const maxDelayMs = Math.max(0, options.maxDelayMs ?? 50);
  const timerOnly = options.delivery === 'timer';
  let queue: DecisionEventInput[] = [];
  let timer: Timer | undefined;
  let claimed = false;

  const handOver = (): void => {
    claimed = false;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
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
      if (timerOnly || claimed || queue.length === 0) return false;
      claimed = true;
      return true;
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

  const toConsole = (events: DecisionEventInput[]) => {
    for (const e of events) {
      try {
        write(JSON.stringify(e));
      } catch {
        // unserialisable event: nothing more to do
      }
    }
  };

  return {
    log(event) {
      queue.push(event);
      if (queue.length > 10_000) queue.splice(0, queue.length - 10_000); // bounded: drop oldest
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
