// Elasticsearch `_bulk` sink with Elastic Common Schema documents. Edge-safe.
//
// Each event becomes `{"create":{"_index":…,"_id":<decision_id>}}` + an ECS document. `create`
// with the decision id as `_id` makes re-sent batches idempotent: a duplicate answers 409 per item,
// which is counted as delivered. Per-item 429/5xx are retried, other per-item errors rejected.
//
// The full (masked) OPA event is kept verbatim in `event.original` (stored, not indexed), so the
// arbitrary shape of `input` never causes mapping conflicts; `structured: true` also indexes
// `accord.input` / `accord.result` (use a `flattened` mapping for those).

import { policyRevision, requestFacts, durationNs } from '../fields.js';
import { postBody } from '../delivery.js';
import type { AuditSink, DeliveryOptions, PreparedEvent, SendResult } from '../types.js';

export const ECS_VERSION = '8.17.0';

export interface ElasticSinkOptions {
  /** Cluster URL, e.g. `https://es.example.com:9200`. */
  url: string;
  /** Target index or data stream (default `logs-accord.decision-default`). */
  index?: string;
  /** `Authorization: ApiKey <apiKey>` (the base64 `id:key`). */
  apiKey?: string;
  name?: string;
  /** Use the decision id as `_id` (default true; see the module comment). */
  idempotent?: boolean;
  /** Also index `accord.input` / `accord.result` as objects (default false). */
  structured?: boolean;
  ecsVersion?: string;
  gzip?: boolean;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  delivery?: Partial<DeliveryOptions>;
}

type Obj = Record<string, unknown>;

/** The ECS document for one event, as an object (see `formatEcs` for the wire text). */
export function toEcs(p: PreparedEvent, o: Pick<ElasticSinkOptions, 'structured' | 'ecsVersion'> = {}): Obj {
  const e = p.event;
  const f = requestFacts(e);
  const revision = policyRevision(e);
  const allowed = e.outcome === 'allow';
  const event: Obj = {
    kind: 'event',
    category: ['api'],
    type: ['access', allowed ? 'allowed' : 'denied'],
    outcome: allowed ? 'success' : 'failure',
    action: f.action ?? 'authorize',
    id: e.decision_id,
    dataset: 'accord.decision',
    module: 'accord',
    provider: e.layer,
  };
  const duration = durationNs(e);
  if (duration !== undefined) event.duration = duration;
  if (e.reason) event.reason = e.reason;
  event.original = p.json;

  const doc: Obj = {
    '@timestamp': e.timestamp,
    ecs: { version: o.ecsVersion ?? ECS_VERSION },
    event,
    rule: { name: e.path, ruleset: 'accord', ...(revision ? { version: revision } : {}) },
    service: { name: e.labels.app, environment: e.labels.env, node: { name: e.labels.instance } },
    labels: { ...e.labels },
  };
  if (e.subject_id) doc.user = { id: e.subject_id };
  if (e.trace_id) doc.trace = { id: e.trace_id };
  if (e.span_id) doc.span = { id: e.span_id };
  const request: Obj = {};
  if (e.request_id) request.id = e.request_id;
  if (f.method) request.method = f.method;
  if (Object.keys(request).length) doc.http = { request };
  if (f.path) doc.url = { path: f.path };
  if (f.ip) doc.source = { ip: f.ip };
  if (f.userAgent) doc.user_agent = { original: f.userAgent };
  if (e.error) doc.error = { code: e.error.code, message: e.error.message };
  const accord: Obj = {
    decision_id: e.decision_id,
    layer: e.layer,
    outcome: e.outcome,
    path: e.path,
  };
  if (e.request_id) accord.request_id = e.request_id;
  if (e.session_id_hash) accord.session_id_hash = e.session_id_hash;
  if (revision) accord.revision = revision;
  if (e.erased?.length) accord.erased = e.erased;
  if (e.masked?.length) accord.masked = e.masked;
  if (e.metrics) accord.metrics = e.metrics;
  if (o.structured) {
    if (e.input !== undefined) accord.input = e.input;
    if (e.result !== undefined) accord.result = e.result;
  }
  doc.accord = accord;
  return doc;
}

/** The ECS document as JSON text. */
export function formatEcs(p: PreparedEvent, o: Pick<ElasticSinkOptions, 'structured' | 'ecsVersion'> = {}): string {
  return JSON.stringify(toEcs(p, o));
}

/** Reads a `_bulk` response: per-item 409 = already indexed, 429/5xx = retry, other = rejected. */
async function bulkOutcome(res: Response): Promise<SendResult> {
  const body = (await res.json()) as { errors?: boolean; items?: Record<string, { status?: number }>[] };
  if (!body?.errors || !Array.isArray(body.items)) return { ok: true };
  const retryItems: number[] = [];
  let rejectedItems = 0;
  body.items.forEach((item, i) => {
    const r = item && Object.values(item)[0];
    const status = r?.status ?? 200;
    if (status < 300 || status === 409) return;
    if (status === 429 || status >= 500) retryItems.push(i);
    else rejectedItems++;
  });
  return { ok: true, retryItems, rejectedItems };
}

export function elasticSink(options: ElasticSinkOptions): AuditSink {
  const index = options.index ?? 'logs-accord.decision-default';
  const idempotent = options.idempotent ?? true;
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `ApiKey ${options.apiKey}`;
  const target = { url: `${options.url.replace(/\/+$/, '')}/_bulk`, headers, fetch: options.fetch };
  return {
    name: options.name ?? 'elastic',
    gzip: options.gzip ?? false,
    delivery: options.delivery,
    format(p) {
      const meta: Obj = { _index: index };
      if (idempotent) meta._id = p.event.decision_id;
      return `${JSON.stringify({ create: meta })}\n${formatEcs(p, options)}`;
    },
    encode: (units) => `${units.join('\n')}\n`,
    framing: { open: '', separator: '\n', close: '\n' },
    send: (req) => postBody(target, req, 'application/x-ndjson', bulkOutcome),
  };
}
