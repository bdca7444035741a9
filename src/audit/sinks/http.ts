// OPA decision-log upload protocol: `POST <url>` with a gzip-compressed JSON array of events,
// `Content-Encoding: gzip`, `Content-Type: application/json`, each request at most
// `maxChunkBytes` compressed bytes (OPA's `upload_size_limit_bytes`, default 32 KiB). An existing
// OPA decision-log service receives the events unchanged. Edge-safe.

import { postBody, type HttpTarget } from '../delivery.js';
import type { AuditSink, DeliveryOptions } from '../types.js';

export interface HttpSinkOptions extends HttpTarget {
  /** Full endpoint, e.g. `https://logs.example.com/logs` (OPA's default resource is `/logs`). */
  url: string;
  name?: string;
  /** Upper bound on one request's compressed body (default 32768, as OPA). */
  maxChunkBytes?: number;
  /** gzip bodies (default true, as the protocol requires). */
  gzip?: boolean;
  /** Send only OPA's fields (leave out layer, outcome, …). Default false. */
  strictOpa?: boolean;
  delivery?: Partial<DeliveryOptions>;
}

export function httpSink(options: HttpSinkOptions): AuditSink {
  const strict = options.strictOpa ?? false;
  return {
    name: options.name ?? 'http',
    gzip: options.gzip ?? true,
    maxBodyBytes: options.maxChunkBytes ?? 32 * 1024,
    delivery: options.delivery,
    format: (p) => (strict ? p.opaJson : p.json),
    encode: (units) => `[${units.join(',')}]`,
    framing: { open: '[', separator: ',', close: ']' },
    send: (req) => postBody(options, req, 'application/json'),
  };
}
