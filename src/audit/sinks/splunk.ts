// Splunk HTTP Event Collector: `POST <url>/services/collector/event` with one JSON envelope per
// event, `{time, host, source, sourcetype, index, event}`, and `Authorization: Splunk <token>`.
// Several envelopes go in one request, separated by newlines. Edge-safe.

import { postBody } from '../delivery.js';
import type { AuditSink, DeliveryOptions, PreparedEvent } from '../types.js';

export interface SplunkSinkOptions {
  /** HEC base URL, e.g. `https://splunk.example.com:8088`. */
  url: string;
  /** HEC token (sent as `Authorization: Splunk <token>`, never logged). */
  token: string;
  name?: string;
  /** Endpoint path (default `/services/collector/event`). */
  path?: string;
  index?: string;
  source?: string;
  sourcetype?: string;
  /** Default: the event's `labels.instance`. */
  host?: string;
  /** gzip bodies (HEC accepts `Content-Encoding: gzip`; default false). */
  gzip?: boolean;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  delivery?: Partial<DeliveryOptions>;
}

/** Epoch seconds with millisecond decimals, as HEC's `time` expects (a JSON number literal). */
export function hecTime(ns: string): string {
  const sec = ns.length > 9 ? ns.slice(0, -9) : '0';
  return `${sec}.${ns.slice(-9, -6).padStart(3, '0')}`;
}

/** The HEC envelope for one event (JSON text). */
export function formatSplunkHec(
  p: PreparedEvent,
  o: Pick<SplunkSinkOptions, 'index' | 'source' | 'sourcetype' | 'host'> = {},
): string {
  const host = o.host ?? p.event.labels.instance;
  let s = `{"time":${hecTime(p.ns)},"host":${JSON.stringify(host)},"source":${JSON.stringify(o.source ?? 'accord')}`;
  s += `,"sourcetype":${JSON.stringify(o.sourcetype ?? 'accord:decision')}`;
  if (o.index) s += `,"index":${JSON.stringify(o.index)}`;
  return `${s},"event":${p.json}}`;
}

export function splunkSink(options: SplunkSinkOptions): AuditSink {
  const url = options.url.replace(/\/+$/, '') + (options.path ?? '/services/collector/event');
  const target = {
    url,
    fetch: options.fetch,
    headers: { ...options.headers, authorization: `Splunk ${options.token}` },
  };
  return {
    name: options.name ?? 'splunk',
    gzip: options.gzip ?? false,
    delivery: options.delivery,
    format: (p) => formatSplunkHec(p, options),
    encode: (units) => units.join('\n'),
    framing: { open: '', separator: '\n', close: '' },
    send: (req) => postBody(target, req, 'application/json'),
  };
}
