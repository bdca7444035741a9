// createAuditLogger: the synchronous, cheap `log()` every authorization decision goes through, and
// the background pipeline that turns it into masked events delivered to every sink. Edge-safe.
//
// Hot path (`log`): two array pushes and a timestamp read — no cloning, no hashing, no JSON. The
// event object is referenced, not copied: do not mutate it after logging.
// Background (`prepare`, scheduled with setImmediate/setTimeout(0), or inline once `maxPending`
// events wait): defaults (decision_id, timestamp, labels, bundles), session-id hashing, default
// masking, drop policy, user mask rules, one JSON serialisation, then one formatted unit per sink
// into that sink's bounded delivery queue.

import {
  DecisionEventSchema,
  OPA_FIELDS,
  newDecisionId,
  nsToMs,
  timeFromEpochMs,
  timeFromInput,
  type DecisionEvent,
  type DecisionEventInput,
} from './event.js';
import { Delivery } from './delivery.js';
import {
  applyDefaultMask,
  applyMaskRules,
  applyPolicyRules,
  sensitiveKeyMatcher,
  shouldDrop,
  type CleanMemo,
  type DropPolicy,
  type MaskPolicy,
  type MaskRule,
  type RuleStats,
} from './mask.js';
import { knownJson } from './known-json.js';
import { sha256Hex } from './sha256.js';
import type { AuditSink, AuditWarning, DeliveryOptions, PreparedEvent, SinkMetrics } from './types.js';

export interface AuditLoggerOptions {
  /** Where events go. Each sink gets its own queue; names must be unique (duplicates get `#2`…). */
  sinks: readonly AuditSink[];
  /** OPA `labels`: `app` (default "accord"), `env` (default NODE_ENV, else "production"),
   * `instance` (default a random uuid per logger), plus any extra string labels. */
  labels?: { app?: string; env?: string; instance?: string } & Record<string, string>;
  /** Policy revision (sha256 of the compiled policy) → `bundles.accord.revision`. */
  revision?: string;
  /** Full `bundles` object, if more than the Accord bundle is involved. Overrides `revision`. */
  bundles?: Record<string, { revision: string }>;
  /** Static mask rules (OPA format), or a per-event mask policy. Applied after the default rules. */
  mask?: readonly MaskRule[] | MaskPolicy;
  /** Per-event mask rules — the engine wires this to `data.system.log.mask`. */
  maskPolicy?: MaskPolicy;
  /** `true` drops the event — the engine wires this to `data.system.log.drop`. */
  drop?: DropPolicy;
  /** Alias of `drop`. */
  dropPolicy?: DropPolicy;
  /** Extra key names erased by the default rules. */
  sensitiveKeys?: readonly string[];
  /** Sync hash for raw `session_id`s (default: SHA-256 hex, memoised). */
  hashSessionId?: (sessionId: string) => string;
  /** Per-sink queue bound in bytes (default 16 MiB). */
  queueBytes?: number;
  /** Delivery defaults for every sink (a sink's own `delivery` wins). */
  delivery?: Partial<DeliveryOptions>;
  /** Raw events waiting for preparation before it runs inline in `log()` (default 4096). */
  maxPending?: number;
  /** Validate each prepared event against the zod schema; invalid ones are counted, still sent. */
  validate?: boolean;
  /** Operational warnings (overflow, rejections…). Default: `console.warn`, rate-limited. */
  onWarning?: (warning: AuditWarning) => void;
}

export interface AuditMetrics {
  /** `log()` calls accepted. */
  logged: number;
  /** Events removed by the drop policy. */
  filtered: number;
  /** Events waiting for preparation. */
  pending: number;
  /** Exceptions caught (bad events, throwing hooks, serialisation fallbacks). */
  errors: number;
  /** Events that failed schema validation (only with `validate`). */
  invalid: number;
  /** Mask rules ignored (not a pointer, or outside /input, /result, /nd_builtin_cache). */
  invalidMaskRules: number;
  /** `log()` calls after `close()` (not exported). */
  afterClose: number;
  // Sums over sinks (an event sent to three sinks counts three times).
  enqueued: number;
  delivered: number;
  /** Events dropped by queue overflow (drop-oldest), all sinks. */
  dropped: number;
  rejected: number;
  oversize: number;
  abandoned: number;
  retries: number;
  duplicatesPossible: number;
  queuedEvents: number;
  inflightEvents: number;
  sinks: Record<string, SinkMetrics>;
}

export interface FlushOptions {
  /** Deadline in milliseconds (default 10 s). */
  timeoutMs?: number;
}

export interface AuditLogger {
  /** Records one decision. Synchronous, never throws, never awaits. */
  log(event: DecisionEventInput): void;
  /** Sends everything logged so far; `true` when all sinks acknowledged it before the deadline. */
  flush(options?: FlushOptions): Promise<boolean>;
  /** Stops intake, flushes until the deadline, abandons the rest (counted) and closes sinks. */
  close(options?: FlushOptions): Promise<boolean>;
  metrics(): AuditMetrics;
}

type Defer = (fn: () => void) => void;
/** Longest stretch the background preparation runs before yielding to the event loop. */
const DRAIN_SLICE_MS = 2;

// `setImmediate` is looked up through globalThis (no free reference for Edge bundlers to flag) and
// given up for `setTimeout(0)` the first time it throws (Next.js's Edge sandbox defines it as a
// stub that throws "A Node.js API is used").
let immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
const defer: Defer = (fn) => {
  if (immediate) {
    try {
      immediate(fn);
      return;
    } catch {
      immediate = undefined;
    }
  }
  setTimeout(fn, 0);
};

function defaultWarning(w: AuditWarning): void {
  console.warn(`[accord/audit] ${w.kind}${w.sink ? ` (${w.sink})` : ''}: ${w.message} [${w.count}]`);
}

/** JSON.stringify that survives BigInt and cycles (cycles are already cut by masking's depth cap). */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}

/** A prepared event; the OPA-only JSON is built on first use (only `strictOpa` sinks need it). */
class Prepared implements PreparedEvent {
  private opa?: string;
  constructor(
    readonly event: DecisionEvent,
    readonly json: string,
    readonly ns: string,
  ) {}
  get ms(): number {
    return nsToMs(this.ns);
  }
  get opaJson(): string {
    if (this.opa === undefined) {
      const opa: Record<string, unknown> = {};
      for (const k of OPA_FIELDS) opa[k] = (this.event as Record<string, unknown>)[k];
      try {
        this.opa = JSON.stringify(opa);
      } catch {
        this.opa = safeStringify(opa);
      }
    }
    return this.opa;
  }
}

export function createAuditLogger(options: AuditLoggerOptions): AuditLogger {
  const onWarning = options.onWarning ?? defaultWarning;
  const labels = {
    ...options.labels,
    app: options.labels?.app ?? 'accord',
    env:
      options.labels?.env ??
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV ??
      'production',
    instance: options.labels?.instance ?? crypto.randomUUID(),
  } as DecisionEvent['labels'];
  const bundles = options.bundles ?? { accord: { revision: options.revision ?? 'unknown' } };
  const staticRules = Array.isArray(options.mask) ? (options.mask as readonly MaskRule[]) : undefined;
  const maskPolicy = typeof options.mask === 'function' ? options.mask : options.maskPolicy;
  const drop = options.drop ?? options.dropPolicy;
  const isKey = sensitiveKeyMatcher(options.sensitiveKeys);
  const cleanMemo: CleanMemo = new WeakMap();
  // Where the input goes in an event serialised without it (see prepare). Random per logger: no
  // value from a request can spell it.
  const inputSlot = `\u0000accord-input-${crypto.randomUUID()}`;
  const inputSlotJson = JSON.stringify(inputSlot);
  const maxPending = Math.max(1, options.maxPending ?? 4096);

  const hashCache = new Map<string, string>();
  const hashSession =
    options.hashSessionId ??
    ((id: string): string => {
      let h = hashCache.get(id);
      if (h === undefined) {
        h = sha256Hex(id);
        if (hashCache.size >= 1024) hashCache.clear();
        hashCache.set(id, h);
      }
      return h;
    });

  /** A throwing custom hasher loses the hash, never the event (and never leaks the raw id). */
  const safeHash = (id: string): string | undefined => {
    try {
      return hashSession(id);
    } catch (err) {
      noteError(err);
      return undefined;
    }
  };

  // One delivery queue per sink.
  const deliveryDefaults: Partial<DeliveryOptions> = {
    ...options.delivery,
    ...(options.queueBytes !== undefined ? { queueBytes: options.queueBytes } : {}),
  };
  const used = new Set<string>();
  const deliveries = options.sinks.map((sink) => {
    let name = sink.name;
    for (let i = 2; used.has(name); i++) name = `${sink.name}#${i}`;
    used.add(name);
    return { sink, d: new Delivery(sink, deliveryDefaults, onWarning, name) };
  });

  const c = { logged: 0, filtered: 0, errors: 0, invalid: 0, afterClose: 0 };
  const ruleStats: RuleStats = { invalid: 0 };
  let lastErrorWarn = 0;
  const noteError = (err: unknown): void => {
    c.errors++;
    const now = Date.now();
    if (now - lastErrorWarn >= 5000) {
      lastErrorWarn = now;
      try {
        onWarning({ kind: 'error', count: 1, message: err instanceof Error ? err.message : String(err) });
      } catch {
        /* ignore */
      }
    }
  };

  // Wall clock anchored to the monotonic clock: nanosecond-formatted timestamps at the cost of one
  // performance.now() on the hot path; re-anchored at most once a second.
  let clockBase = Date.now() - performance.now();
  let lastAnchor = Date.now();

  let pendingEvents: DecisionEventInput[] = [];
  let pendingTimes: number[] = [];
  let pendingHead = 0;
  let drainScheduled = false;
  let closed = false;

  function prepare(raw: DecisionEventInput, t: number): PreparedEvent | null {
    const time =
      (raw.timestamp !== undefined ? timeFromInput(raw.timestamp) : undefined) ?? timeFromEpochMs(clockBase + t);
    const ev: Record<string, unknown> & { erased?: string[]; masked?: string[] } = {
      labels: raw.labels ? { ...labels, ...raw.labels } : labels,
      decision_id: raw.decision_id ?? newDecisionId(),
      trace_id: raw.trace_id,
      span_id: raw.span_id,
      bundles: raw.bundles ?? bundles,
      path: raw.path,
      query: raw.query,
      input: raw.input,
      result: raw.result,
      requested_by: raw.requested_by,
      timestamp: time.timestamp,
      metrics: raw.metrics,
      erased: Array.isArray(raw.erased) ? [...raw.erased] : undefined,
      masked: Array.isArray(raw.masked) ? [...raw.masked] : undefined,
      nd_builtin_cache: raw.nd_builtin_cache,
      layer: raw.layer,
      request_id: raw.request_id,
      outcome: raw.outcome,
      reason: raw.reason,
      subject_id: raw.subject_id,
      session_id_hash: raw.session_id_hash ?? (typeof raw.session_id === 'string' ? safeHash(raw.session_id) : undefined),
      error: raw.error,
    };

    try {
      applyDefaultMask(ev, isKey, cleanMemo);
    } catch (err) {
      // Fail closed: if the default rules cannot run, nothing from the request leaves.
      noteError(err);
      ev.input = ev.result = ev.nd_builtin_cache = undefined;
      ev.erased = [...(ev.erased ?? []), '/input', '/result', '/nd_builtin_cache'];
    }
    const event = ev as unknown as DecisionEvent;
    if (shouldDrop(event, drop, noteError)) {
      c.filtered++;
      return null;
    }
    if (staticRules?.length) applyMaskRules(ev, staticRules, ruleStats);
    if (maskPolicy) applyPolicyRules(ev, maskPolicy, noteError, ruleStats);
    if (options.validate && !DecisionEventSchema.safeParse(ev).success) {
      c.invalid++;
      noteError(new Error(`invalid decision event ${String(ev.decision_id)}`));
    }

    // `ev` already has the OPA fields first, then the Accord fields: one serialisation suffices.
    // An input no rule changed (the same object) whose JSON the engine already has is not
    // serialised again: the event is serialised with a placeholder there, then the text spliced in.
    let json: string;
    try {
      const inputJson = ev.input === raw.input ? knownJson(raw.input) : undefined;
      if (inputJson === undefined) json = JSON.stringify(ev);
      else {
        ev.input = inputSlot;
        try {
          json = JSON.stringify(ev);
        } finally {
          ev.input = raw.input;
        }
        const at = json.indexOf(inputSlotJson);
        json = at < 0 ? JSON.stringify(ev) : json.slice(0, at) + inputJson + json.slice(at + inputSlotJson.length);
      }
    } catch (err) {
      noteError(err);
      json = safeStringify(ev);
    }
    return new Prepared(event, json, time.ns);
  }

  /**
   * Prepares pending events and hands them to the sinks. Runs in slices of at most `DRAIN_SLICE_MS`
   * so a burst of logging never blocks the event loop (and the in-flight uploads) for long; the
   * rest is rescheduled. `all` drains everything (flush/close); `downTo` drains, regardless of
   * time, until at most that many events wait (the inline path of a `log()` over `maxPending`).
   */
  function drain(all = false, downTo = -1): void {
    if (downTo < 0) drainScheduled = false;
    const now = Date.now();
    if (now - lastAnchor > 1000) {
      clockBase = now - performance.now();
      lastAnchor = now;
    }
    const started = performance.now();
    while (pendingEvents.length - pendingHead > Math.max(0, downTo)) {
      const i = pendingHead++;
      const raw = pendingEvents[i];
      const t = pendingTimes[i];
      pendingEvents[i] = undefined as unknown as DecisionEventInput;
      deliver(raw, t);
      if (!all && downTo < 0 && (pendingHead & 63) === 0 && performance.now() - started > DRAIN_SLICE_MS) break;
    }
    if (pendingHead >= pendingEvents.length) {
      pendingEvents = [];
      pendingTimes = [];
      pendingHead = 0;
      return;
    }
    if (pendingHead > 4096 && pendingHead * 2 > pendingEvents.length) {
      pendingEvents = pendingEvents.slice(pendingHead);
      pendingTimes = pendingTimes.slice(pendingHead);
      pendingHead = 0;
    }
    if (!drainScheduled) {
      drainScheduled = true;
      defer(drain);
    }
  }

  function deliver(raw: DecisionEventInput, t: number): void {
    let prepared: PreparedEvent | null;
    try {
      prepared = prepare(raw, t);
    } catch (err) {
      noteError(err);
      return;
    }
    if (!prepared) return;
    for (const { sink, d } of deliveries) {
      let unit: string;
      try {
        unit = sink.format(prepared);
      } catch (err) {
        d.formatError(err);
        continue;
      }
      d.enqueue(unit);
    }
  }

  function log(event: DecisionEventInput): void {
    try {
      if (closed) {
        c.afterClose++;
        return;
      }
      pendingEvents.push(event);
      pendingTimes.push(performance.now());
      c.logged++;
      if (pendingEvents.length - pendingHead >= maxPending) drain(false, maxPending >> 1);
      else if (!drainScheduled) {
        drainScheduled = true;
        defer(drain);
      }
    } catch (err) {
      try {
        noteError(err);
      } catch {
        /* never throw into the app */
      }
    }
  }

  async function flush(opts: FlushOptions = {}): Promise<boolean> {
    drain(true);
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const results = await Promise.all(deliveries.map(({ d }) => d.flush(timeoutMs)));
    return results.every(Boolean);
  }

  let closing: Promise<boolean> | undefined;
  function close(opts: FlushOptions = {}): Promise<boolean> {
    closing ??= (async () => {
      drain(true);
      closed = true;
      const timeoutMs = opts.timeoutMs ?? 10_000;
      const results = await Promise.all(deliveries.map(({ d }) => d.close(timeoutMs)));
      return results.every(Boolean);
    })();
    return closing;
  }

  function metrics(): AuditMetrics {
    const sinks: Record<string, SinkMetrics> = {};
    const sum = {
      enqueued: 0, delivered: 0, dropped: 0, rejected: 0, oversize: 0, abandoned: 0,
      retries: 0, duplicatesPossible: 0, queuedEvents: 0, inflightEvents: 0,
    };
    for (const { d } of deliveries) {
      const m = d.metrics();
      sinks[d.name] = m;
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += m[k];
    }
    return {
      ...c,
      pending: pendingEvents.length - pendingHead,
      invalidMaskRules: ruleStats.invalid,
      ...sum,
      sinks,
    };
  }

  return { log, flush, close, metrics };
}
