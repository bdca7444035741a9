// The decision-log event, defined once (zod) and typed from the schema. Edge-safe.
//
// The OPA fields keep OPA's names and meaning, so an OPA decision-log service receives Accord events
// unchanged; the Accord fields (layer, outcome, …) ride alongside at the top level, where OPA
// receivers ignore them (or `httpSink({ strictOpa: true })` leaves them out).

import { z } from 'zod';
import { newUuid } from '../uuid.js';

export const LAYERS = [
  'proxy',
  'middleware',
  'route',
  'server_component',
  'server_action',
  'loader',
  'action',
] as const;
export type Layer = (typeof LAYERS)[number];

export const OUTCOMES = ['allow', 'deny', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** OPA's `nd_builtin_cache`: builtin name → (JSON-encoded argument array → result). */
export const NdBuiltinCacheSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

export const LabelsSchema = z
  .object({ app: z.string(), env: z.string(), instance: z.string() })
  .catchall(z.string());

export const DecisionEventSchema = z.object({
  // ── OPA decision-log fields ─────────────────────────────────────────────────────────────────
  labels: LabelsSchema,
  decision_id: z.uuid(),
  trace_id: z.string().optional(),
  span_id: z.string().optional(),
  bundles: z.record(z.string(), z.object({ revision: z.string() })),
  path: z.string(),
  query: z.string().optional(),
  input: z.unknown().optional(),
  result: z.unknown().optional(),
  requested_by: z.string().optional(),
  timestamp: z.iso.datetime({ offset: true }),
  metrics: z.record(z.string(), z.number()).optional(),
  erased: z.array(z.string()).optional(),
  masked: z.array(z.string()).optional(),
  nd_builtin_cache: NdBuiltinCacheSchema.optional(),
  // ── Accord fields ───────────────────────────────────────────────────────────────────────────
  layer: z.enum(LAYERS),
  request_id: z.string().optional(),
  outcome: z.enum(OUTCOMES),
  reason: z.string().optional(),
  subject_id: z.string().optional(),
  session_id_hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** A decision-log event as exported (after defaults, hashing and masking). */
export type DecisionEvent = z.infer<typeof DecisionEventSchema>;

/** Names of the OPA fields, in the order they are serialised. */
export const OPA_FIELDS = [
  'labels', 'decision_id', 'trace_id', 'span_id', 'bundles', 'path', 'query', 'input', 'result',
  'requested_by', 'timestamp', 'metrics', 'erased', 'masked', 'nd_builtin_cache',
] as const;

/** Names of the Accord extension fields, in the order they are serialised. */
export const ACCORD_FIELDS = [
  'layer', 'request_id', 'outcome', 'reason', 'subject_id', 'session_id_hash', 'error',
] as const;

/**
 * What callers pass to `log()`. Everything the logger can fill in is optional: `decision_id`
 * (uuid v4), `timestamp` (now, nanosecond RFC3339), `labels` and `bundles` (logger config).
 *
 * `session_id` is the raw session id: it is hashed (SHA-256 hex) into `session_id_hash` before
 * the event is serialised and is never exported. Pass `session_id_hash` instead if you already
 * have it.
 */
export type DecisionEventInput = Omit<
  DecisionEvent,
  'decision_id' | 'timestamp' | 'labels' | 'bundles'
> & {
  decision_id?: string;
  timestamp?: string | number | Date;
  labels?: Partial<DecisionEvent['labels']> & Record<string, string>;
  bundles?: DecisionEvent['bundles'];
  session_id?: string;
};

/** A fresh decision id (uuid v4). */
export function newDecisionId(): string {
  return newUuid();
}

/** Validates an exported event; returns zod's issues on failure. */
export function parseDecisionEvent(value: unknown) {
  return DecisionEventSchema.safeParse(value);
}

// ── Time ────────────────────────────────────────────────────────────────────────────────────

export interface EventTime {
  /** RFC3339 UTC with nine fractional digits, e.g. `2024-05-01T12:00:00.123456789Z`. */
  timestamp: string;
  /** Nanoseconds since the Unix epoch, as a decimal string (exact; no BigInt needed). */
  ns: string;
}

let cachedSecond = NaN;
let cachedPrefix = '';
let cachedSecondText = '';

/** Formats epoch milliseconds (fractional part kept to the nanosecond) as an `EventTime`. */
export function timeFromEpochMs(ms: number): EventTime {
  let whole = Math.floor(ms);
  let sub = Math.round((ms - whole) * 1e6); // nanoseconds inside the millisecond
  if (sub >= 1e6) {
    whole += 1;
    sub -= 1e6;
  }
  // Date formatting is the costly part; it changes once a second. Every event is formatted, so
  // the nine fractional digits come from one integer conversion (1e9 + n keeps the leading zeros).
  const second = Math.floor(whole / 1000);
  if (second !== cachedSecond) {
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
    cachedSecondText = String(second);
    cachedSecond = second;
  }
  const frac = String(1e9 + (whole - second * 1000) * 1e6 + sub).slice(1);
  // In the first second of 1970 and before it (negative seconds, the fraction counting forward
  // from them), the digits do not simply follow the seconds: ns = second × 1e9 + fraction.
  const ns = second > 0 ? cachedSecondText + frac : String(BigInt(second) * 1_000_000_000n + BigInt(frac));
  return { timestamp: `${cachedPrefix}.${frac}Z`, ns };
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;

/**
 * Parses a caller-supplied timestamp. RFC3339 strings are kept verbatim (their precision is
 * preserved in `ns`); numbers are epoch milliseconds; Dates are converted.
 */
export function timeFromInput(value: string | number | Date): EventTime | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? timeFromEpochMs(value) : undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? timeFromEpochMs(ms) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const secondsMs = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (!Number.isFinite(secondsMs) || secondsMs < 0) return undefined;
  const frac = (m[2] ?? '').padEnd(9, '0');
  return { timestamp: value, ns: `${Math.floor(secondsMs / 1000)}${frac}` };
}

/** Epoch milliseconds (integer) from an `EventTime.ns` string. */
export function nsToMs(ns: string): number {
  return Number(ns.slice(0, -6));
}
