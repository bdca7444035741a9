// Contracts shared by the logger, the delivery machinery and the sinks. Edge-safe.

import type { DecisionEvent } from './event.js';

/**
 * One event after defaults, hashing, masking and the drop policy — what sinks format. Produced once
 * per `log()` off the hot path and shared by every sink.
 */
export interface PreparedEvent {
  /** The exported event (OPA fields + Accord fields). Treat as read-only. */
  readonly event: DecisionEvent;
  /** `event` serialised as JSON (OPA fields first, then Accord fields). */
  readonly json: string;
  /** Only the OPA fields serialised as JSON (for receivers that want the exact OPA shape). */
  readonly opaJson: string;
  /** Nanoseconds since the Unix epoch as a decimal string. */
  readonly ns: string;
  /** Milliseconds since the Unix epoch (integer). */
  readonly ms: number;
}

/** What a sink's `send` reports for one request. */
export type SendResult =
  | {
      ok: true;
      /** Indices (into the batch) of units the receiver asked to retry (e.g. Elastic per-item 429). */
      retryItems?: number[];
      /** Units the receiver rejected for good (e.g. Elastic per-item 400, OTLP partial success). */
      rejectedItems?: number;
    }
  | {
      ok: false;
      /** Network errors, timeouts, 408, 429 and 5xx are retryable; other 4xx are not. */
      retryable: boolean;
      status?: number;
      /** From `Retry-After` (seconds or HTTP date), in milliseconds. */
      retryAfterMs?: number;
      /** The request may have reached the receiver (timeout, reset): a retry may duplicate it. */
      maybeDelivered?: boolean;
      error: string;
    };

export interface SendRequest {
  /**
   * The encoded body, gzip-compressed when the sink sets `gzip`. Uncompressed, it is UTF-8 bytes
   * when the sink declares `framing`, else the string `encode(units)` returned.
   */
  body: string | Uint8Array;
  /** Number of events (units) in the body. */
  count: number;
  /** Whether `body` is gzip-compressed. */
  gzip: boolean;
  /** Aborted on request timeout and on `close()` past its deadline. */
  signal: AbortSignal;
  /** `delivery.fetch`, when configured: HTTP sinks use it unless they were given their own. */
  fetch?: typeof fetch;
}

/** Delivery tuning, per sink (defaults in `DEFAULT_DELIVERY`). */
export interface DeliveryOptions {
  /** Bound of the in-memory queue (queued + in flight), in bytes of formatted events. */
  queueBytes: number;
  /** Maximum events per request. */
  batchEvents: number;
  /** Maximum formatted (uncompressed) bytes per request. */
  batchBytes: number;
  /** A non-empty queue is sent at the latest this long after its first event arrived. */
  flushIntervalMs: number;
  /** Retry backoff: full jitter over `min(maxMs, baseMs * 2^attempt)`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Upper bound applied to a server's `Retry-After`. */
  retryAfterMaxMs: number;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** Requests in flight at once (1 keeps events in order). */
  concurrency: number;
  /**
   * gzip implementation for sinks with `gzip: true`; receives the UTF-8 body. Default: the
   * Compression Streams API (Edge-safe, constructed only when a batch is compressed). On Node,
   * `nodeDelivery()` (or `nodeGzip(1)`) from `accord/audit/node` takes less than half the CPU.
   */
  compress?: (data: Uint8Array) => Promise<Uint8Array>;
  /**
   * `fetch` for the HTTP sinks that were not given their own. Default: the global `fetch`. On Node,
   * `nodeDelivery()` sets a keep-alive `node:http` client (`nodeFetch()`).
   */
  fetch?: typeof fetch;
}

/**
 * How a sink's request body is built from its units: `open + units.join(separator) + close`. A sink
 * that declares it lets the delivery write the body straight into UTF-8 bytes, with no
 * intermediate string (joining a megabyte of JSON costs more than compressing it). It must
 * describe exactly what `encode` returns.
 */
export interface Framing {
  readonly open: string;
  readonly separator: string;
  readonly close: string;
}

/**
 * A destination for decision events. The logger gives each sink its own delivery queue, so a slow or
 * failing sink never holds back the others.
 */
export interface AuditSink {
  /** Unique among a logger's sinks; used in metrics and warnings. */
  readonly name: string;
  /** Serialise one event into this sink's unit (one JSON document, no trailing newline). */
  format(event: PreparedEvent): string;
  /** Join a batch of units into a request body (before compression). */
  encode(units: readonly string[]): string;
  /** The body as `open + units.join(separator) + close` (see `Framing`); read once per batch. */
  readonly framing?: Framing;
  /** Deliver one body. Must not throw; report failures in the result. */
  send(request: SendRequest): Promise<SendResult>;
  /** Compress bodies with gzip (`Content-Encoding: gzip`). */
  readonly gzip?: boolean;
  /** Upper bound on one request's final body size in bytes; larger batches are split. */
  readonly maxBodyBytes?: number;
  /** Per-sink overrides of the logger's delivery options. */
  readonly delivery?: Partial<DeliveryOptions>;
  /** Release resources (file handles). Called once by `close()` after the last send. */
  close?(): Promise<void> | void;
}

/** Counters for one sink. `enqueued = delivered + dropped + rejected + oversize + abandoned + queued + inflight`. */
export interface SinkMetrics {
  /** Events handed to this sink's queue. */
  enqueued: number;
  /** Events the receiver acknowledged (2xx). Re-sent batches count again: see `duplicatesPossible`. */
  delivered: number;
  /** Events dropped because the queue was full (drop-oldest). */
  dropped: number;
  /** Events refused for good by the receiver (4xx other than 408/429, per-item rejections). */
  rejected: number;
  /** Events too large to fit one request (`maxBodyBytes`) or the queue. */
  oversize: number;
  /** Events still queued or in flight when `close()` reached its deadline. */
  abandoned: number;
  /** Events whose unit could not be formatted by this sink. */
  formatErrors: number;
  /** Requests retried (network error, timeout, 408, 429, 5xx, per-item retry). */
  retries: number;
  /** Requests that may have been received but were re-sent (timeouts, lost responses). */
  duplicatesPossible: number;
  /** Requests sent (including retries). */
  requests: number;
  /** Body bytes sent (after compression). */
  bytesSent: number;
  queuedEvents: number;
  queuedBytes: number;
  inflightEvents: number;
  lastError?: string;
}

/** Something the operator should know about; rate-limited per sink and kind. */
export interface AuditWarning {
  kind: 'overflow' | 'rejected' | 'oversize' | 'abandoned' | 'error';
  sink?: string;
  /** Events affected since the last warning of this kind for this sink. */
  count: number;
  message: string;
}
