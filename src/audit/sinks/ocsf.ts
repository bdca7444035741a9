// OCSF: each decision as an *API Activity* event (class 6003, category 6 Application Activity)
// with the Security Control profile (`action_id` 1 Allowed / 2 Denied, `disposition_id`,
// `policy`). `ocsfSink` POSTs them as NDJSON (or a JSON array) to any HTTP collector; the
// `formatOcsf` function also plugs into the console and file sinks. Edge-safe.
//
// Mapping:
//   activity_id    from the HTTP method or input.action: create/POST 1, read/GET/HEAD 2,
//                  update/PUT/PATCH 3, delete/DELETE 4, else 99 Other (activity_name = method/action)
//   type_uid       600300 + activity_id
//   status_id      1 Success (allow), 2 Failure (deny, error); status_detail = reason / error message
//   action_id      1 Allowed (allow), 2 Denied (deny, and error: Accord fails closed)
//   disposition_id 1 Allowed, 2 Blocked
//   severity_id    1 Informational (allow), 2 Low (deny), 4 High (error)
//   policy         {name: path, uid: policy revision, version: policyVersion ?? revision}
//   unmapped       layer, labels, input, result, erased, masked, metrics, nd_builtin_cache, …

import { VERSION } from '../../version.js';
import { policyRevision, requestFacts } from '../fields.js';
import { postBody } from '../delivery.js';
import type { AuditSink, DeliveryOptions, PreparedEvent } from '../types.js';

export const OCSF_VERSION = '1.5.0';
export const OCSF_CLASS_UID = 6003;
export const OCSF_CATEGORY_UID = 6;

const ACTIVITIES: Record<number, string> = { 0: 'Unknown', 1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete', 99: 'Other' };

/** Maps an HTTP method or an action verb to the API Activity `activity_id`. */
export function ocsfActivityId(methodOrAction: string | undefined): number {
  if (!methodOrAction) return 0;
  const v = methodOrAction.toLowerCase();
  if (v === 'post' || v === 'create' || v.startsWith('create')) return 1;
  if (v === 'get' || v === 'head' || v === 'read' || v === 'list' || v === 'view' || v.startsWith('read')) return 2;
  if (v === 'put' || v === 'patch' || v === 'update' || v === 'edit' || v.startsWith('update')) return 3;
  if (v === 'delete' || v === 'remove' || v.startsWith('delete')) return 4;
  return 99;
}

export interface OcsfOptions {
  /** `metadata.product.vendor_name` (default "Accord"). */
  vendorName?: string;
  /** `policy.version` (default: the policy revision). */
  policyVersion?: string;
}

type Obj = Record<string, unknown>;

/** The OCSF API Activity event for one decision (object form). */
export function toOcsf(p: PreparedEvent, o: OcsfOptions = {}): Obj {
  const e = p.event;
  const f = requestFacts(e);
  const activityId = ocsfActivityId(f.action ?? f.method);
  const allow = e.outcome === 'allow';
  const revision = policyRevision(e);
  const profiles = ['security_control'];
  const ev: Obj = {
    class_uid: OCSF_CLASS_UID,
    class_name: 'API Activity',
    category_uid: OCSF_CATEGORY_UID,
    category_name: 'Application Activity',
    activity_id: activityId,
    activity_name: activityId === 99 ? (f.action ?? f.method) : ACTIVITIES[activityId],
    type_uid: OCSF_CLASS_UID * 100 + activityId,
    type_name: `API Activity: ${activityId === 99 ? 'Other' : ACTIVITIES[activityId]}`,
    time: p.ms,
    severity_id: allow ? 1 : e.outcome === 'deny' ? 2 : 4,
    severity: allow ? 'Informational' : e.outcome === 'deny' ? 'Low' : 'High',
    status_id: allow ? 1 : 2,
    status: allow ? 'Success' : 'Failure',
    action_id: allow ? 1 : 2,
    action: allow ? 'Allowed' : 'Denied',
    disposition_id: allow ? 1 : 2,
    disposition: allow ? 'Allowed' : 'Blocked',
    is_alert: false,
  };
  const detail = e.error?.message ?? e.reason;
  if (detail) ev.status_detail = detail;
  if (e.error) ev.status_code = e.error.code;
  ev.policy = {
    name: e.path,
    ...(revision ? { uid: revision } : {}),
    ...((o.policyVersion ?? revision) ? { version: o.policyVersion ?? revision } : {}),
  };
  const actor: Obj = {};
  actor.user = e.subject_id ? { uid: e.subject_id } : { name: 'anonymous', type_id: 0, type: 'Unknown' };
  if (e.session_id_hash) actor.session = { uid: e.session_id_hash };
  ev.actor = actor;
  const request: Obj = {};
  if (e.request_id) request.uid = e.request_id;
  ev.api = {
    operation: f.action ?? (f.method && f.path ? `${f.method} ${f.path}` : e.path),
    ...(Object.keys(request).length ? { request } : {}),
    service: { name: e.labels.app },
  };
  const http: Obj = {};
  if (f.method) http.http_method = f.method;
  if (f.path) http.url = { path: f.path };
  if (f.userAgent) http.user_agent = f.userAgent;
  if (Object.keys(http).length) ev.http_request = http;
  ev.src_endpoint = f.ip ? { ip: f.ip } : { name: e.requested_by ?? e.layer };
  if (e.trace_id) {
    ev.trace = { uid: e.trace_id, ...(e.span_id ? { span: { uid: e.span_id } } : {}) };
    profiles.push('trace');
  }
  ev.metadata = {
    version: OCSF_VERSION,
    uid: e.decision_id,
    ...(e.request_id ? { correlation_uid: e.request_id } : {}),
    log_name: 'decision',
    logged_time: p.ms,
    product: { name: 'Accord', vendor_name: o.vendorName ?? 'Accord', version: VERSION },
    profiles,
  };
  const unmapped: Obj = { layer: e.layer, outcome: e.outcome, labels: e.labels, bundles: e.bundles };
  for (const k of ['input', 'result', 'query', 'erased', 'masked', 'metrics', 'nd_builtin_cache', 'requested_by'] as const) {
    if (e[k] !== undefined) unmapped[k] = e[k];
  }
  unmapped.timestamp = e.timestamp;
  ev.unmapped = unmapped;
  return ev;
}

/** The OCSF event as JSON text. */
export function formatOcsf(p: PreparedEvent, o: OcsfOptions = {}): string {
  return JSON.stringify(toOcsf(p, o));
}

export interface OcsfSinkOptions extends OcsfOptions {
  /** Collector endpoint receiving the events. */
  url: string;
  name?: string;
  /** `ndjson` (default, `application/x-ndjson`) or `array` (`application/json`). */
  encoding?: 'ndjson' | 'array';
  gzip?: boolean;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  delivery?: Partial<DeliveryOptions>;
}

export function ocsfSink(options: OcsfSinkOptions): AuditSink {
  const array = options.encoding === 'array';
  return {
    name: options.name ?? 'ocsf',
    gzip: options.gzip ?? false,
    delivery: options.delivery,
    format: (p) => formatOcsf(p, options),
    encode: array ? (units) => `[${units.join(',')}]` : (units) => `${units.join('\n')}\n`,
    framing: array ? { open: '[', separator: ',', close: ']' } : { open: '', separator: '\n', close: '\n' },
    send: (req) => postBody(options, req, array ? 'application/json' : 'application/x-ndjson'),
  };
}
