// OpenTelemetry logs over OTLP/HTTP with the JSON encoding: `POST <url>/v1/logs`,
// `{"resourceLogs":[{"resource":…,"scopeLogs":[{"scope":…,"logRecords":[…]}]}]}`. Edge-safe.
//
// JSON encoding rules followed: lowerCamelCase field names, 64-bit integers as decimal strings,
// enums as numbers, trace/span ids as lowercase hex (only W3C-valid ids are put in
// traceId/spanId; anything else goes to attributes). The body is the whole masked event as a
// structured `kvlistValue`; the key facts are also attributes for filtering.

import { VERSION } from '../../version.js';
import { policyRevision } from '../fields.js';
import { postBody } from '../delivery.js';
import type { AuditSink, DeliveryOptions, Framing, PreparedEvent, SendResult } from '../types.js';

export interface OtlpSinkOptions {
  /** Collector base URL (`http://collector:4318`) or the full `/v1/logs` endpoint. */
  url: string;
  name?: string;
  /** Extra resource attributes (service.name etc. come from the event labels). */
  resource?: Record<string, string>;
  /** gzip bodies (OTLP/HTTP supports `Content-Encoding: gzip`; default true). */
  gzip?: boolean;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  delivery?: Partial<DeliveryOptions>;
}

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  | Record<string, never>;
export interface KeyValue {
  key: string;
  value: AnyValue;
}

/** OTLP severity numbers: INFO=9, WARN=13, ERROR=17. */
export const SEVERITY = { allow: [9, 'INFO'], deny: [13, 'WARN'], error: [17, 'ERROR'] } as const;

/** Converts a JSON value into an OTLP AnyValue. */
export function toAnyValue(v: unknown, depth = 0): AnyValue {
  switch (typeof v) {
    case 'string':
      return { stringValue: v };
    case 'boolean':
      return { boolValue: v };
    case 'number':
      if (Number.isSafeInteger(v)) return { intValue: String(v) };
      return Number.isFinite(v) ? { doubleValue: v } : { stringValue: String(v) };
    case 'bigint':
      return { intValue: v.toString() };
    case 'object': {
      if (v === null) return {};
      if (depth > 64) return { stringValue: '[TRUNCATED]' };
      if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => toAnyValue(x ?? null, depth + 1)) } };
      const j = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof j === 'function') return toAnyValue(j.call(v), depth + 1);
      const values: KeyValue[] = [];
      for (const key of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined && typeof x !== 'function') values.push({ key, value: toAnyValue(x, depth + 1) });
      }
      return { kvlistValue: { values } };
    }
    default:
      return {};
  }
}

const kv = (key: string, value: string | number | boolean): KeyValue => ({
  key,
  value: typeof value === 'string' ? { stringValue: value } : typeof value === 'boolean' ? { boolValue: value } : toAnyValue(value),
});

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;

/** One OTLP LogRecord (object form). */
export function toOtlpLogRecord(p: PreparedEvent): Record<string, unknown> {
  const e = p.event;
  const [severityNumber, severityText] = SEVERITY[e.outcome] ?? SEVERITY.error;
  const attributes: KeyValue[] = [
    kv('event.name', 'accord.decision'),
    kv('accord.decision_id', e.decision_id),
    kv('accord.outcome', e.outcome),
    kv('accord.layer', e.layer),
    kv('accord.path', e.path),
  ];
  const revision = policyRevision(e);
  if (revision) attributes.push(kv('accord.policy.revision', revision));
  if (e.request_id) attributes.push(kv('accord.request_id', e.request_id));
  if (e.reason) attributes.push(kv('accord.reason', e.reason));
  if (e.subject_id) attributes.push(kv('user.id', e.subject_id));
  if (e.session_id_hash) attributes.push(kv('accord.session_id_hash', e.session_id_hash));
  if (e.error) attributes.push(kv('error.type', e.error.code));
  const trace = e.trace_id?.toLowerCase();
  const span = e.span_id?.toLowerCase();
  const rec: Record<string, unknown> = {
    timeUnixNano: p.ns,
    observedTimeUnixNano: p.ns,
    severityNumber,
    severityText,
    body: toAnyValue(e),
    attributes,
  };
  if (trace && TRACE_ID.test(trace)) rec.traceId = trace;
  else if (e.trace_id) attributes.push(kv('accord.trace_id', e.trace_id));
  if (span && SPAN_ID.test(span)) rec.spanId = span;
  else if (e.span_id) attributes.push(kv('accord.span_id', e.span_id));
  return rec;
}

/** Resource attributes from an event's labels (semantic-convention names). */
export function otlpResource(p: PreparedEvent, extra: Record<string, string> = {}): KeyValue[] {
  const l = p.event.labels;
  const attrs: Record<string, string> = {
    'service.name': l.app,
    'deployment.environment.name': l.env,
    'service.instance.id': l.instance,
    ...extra,
  };
  return Object.entries(attrs).map(([k, v]) => kv(k, v));
}

/** Wraps formatted log records into one ExportLogsServiceRequest (JSON text). */
export function otlpEnvelope(resource: KeyValue[], records: readonly string[]): string {
  const scope = JSON.stringify({ name: 'accord.audit', version: VERSION });
  return `{"resourceLogs":[{"resource":{"attributes":${JSON.stringify(resource)}},"scopeLogs":[{"scope":${scope},"logRecords":[${records.join(',')}]}]}]}`;
}

async function partialSuccess(res: Response): Promise<SendResult> {
  const text = await res.text();
  if (!text) return { ok: true };
  const body = JSON.parse(text) as { partialSuccess?: { rejectedLogRecords?: string | number } };
  const rejected = Number(body?.partialSuccess?.rejectedLogRecords ?? 0);
  return { ok: true, rejectedItems: Number.isFinite(rejected) ? rejected : 0 };
}

export function otlpSink(options: OtlpSinkOptions): AuditSink {
  const base = options.url.replace(/\/+$/, '');
  const target = {
    url: base.endsWith('/v1/logs') ? base : `${base}/v1/logs`,
    headers: options.headers,
    fetch: options.fetch,
  };
  // Resource attributes come from the first event's labels (one logger = one service instance).
  let resource: KeyValue[] | undefined;
  let framing: Framing | undefined;
  let framingFor: KeyValue[] | undefined;
  return {
    name: options.name ?? 'otlp',
    gzip: options.gzip ?? true,
    delivery: options.delivery,
    format(p) {
      resource ??= otlpResource(p, options.resource);
      return JSON.stringify(toOtlpLogRecord(p));
    },
    encode: (units) => otlpEnvelope(resource ?? [], units),
    get framing(): Framing {
      if (!framing || framingFor !== resource) {
        framingFor = resource;
        const env = otlpEnvelope(resource ?? [], []);
        const at = env.lastIndexOf('[]') + 1; // the empty logRecords array
        framing = { open: env.slice(0, at), separator: ',', close: env.slice(at) };
      }
      return framing;
    },
    send: (req) => postBody(target, req, 'application/json', partialSuccess),
  };
}
