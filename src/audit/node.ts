// Node-only helpers (not imported by the Edge-safe `src/audit/index.ts`): flush on shutdown, the
// file sink, and cheaper gzip / HTTP for the exporters on Node.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { gzip } from 'node:zlib';
import type { AuditLogger } from './logger.js';
import type { DeliveryOptions } from './types.js';

export { fileSink, type FileSinkOptions } from './sinks/file.js';

/**
 * gzip through node:zlib on the thread pool, at a chosen level (default 1: less than half the CPU of
 * the Compression Streams default, level 6, for ~10% larger bodies). Pass as `delivery.compress`, or
 * use `nodeDelivery()`.
 */
export function nodeGzip(level = 1): (data: string | Uint8Array) => Promise<Uint8Array> {
  return (data) =>
    new Promise((resolve, reject) =>
      // Output buffers sized for the whole compressed body (JSON shrinks 5-10×): one thread-pool
      // round trip instead of one per 16 KiB.
      gzip(data, { level, chunkSize: Math.min(1 << 20, Math.max(16 * 1024, Math.ceil(data.length / 4))) }, (err, buf) =>
        err ? reject(err) : resolve(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)),
      ),
    );
}

export interface NodeDeliveryOptions {
  /** gzip level for `nodeGzip` (default 1). */
  level?: number;
  /** Sockets per origin for `nodeFetch` (default 16). */
  maxSockets?: number;
}

/**
 * The Node delivery preset: zlib gzip on the thread pool (level 1) and a keep-alive `node:http(s)`
 * client, for every sink of a logger —
 * `createAuditLogger({ sinks, delivery: nodeDelivery() })` — or one sink's `delivery`. Spread your
 * own delivery options after it to override.
 */
export function nodeDelivery(options: NodeDeliveryOptions = {}): Pick<DeliveryOptions, 'compress' | 'fetch'> {
  return { compress: nodeGzip(options.level ?? 1), fetch: nodeFetch({ maxSockets: options.maxSockets }) };
}

const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * A minimal `fetch` over node:http(s) with keep-alive agents, for the HTTP sinks' `fetch` option.
 * It implements what the sinks use (POST with a string/bytes body, headers, AbortSignal; the
 * response's status, headers and body) at roughly a third of undici's CPU per request.
 */
export function nodeFetch(options: { maxSockets?: number } = {}): typeof fetch {
  const http = new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  const https = new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  return ((input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const raw = init.body as string | Uint8Array | null | undefined;
    const body =
      raw === undefined || raw === null
        ? undefined
        : typeof raw === 'string'
          ? Buffer.from(raw)
          : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const headers: Record<string, string> = {};
    const h = init.headers;
    if (h && typeof h === 'object' && !Array.isArray(h) && !(h instanceof Headers)) {
      // The sinks pass a plain object: skip the Headers round trip.
      for (const k of Object.keys(h)) headers[k.toLowerCase()] = String((h as Record<string, string>)[k]);
    } else new Headers(h).forEach((v, k) => (headers[k] = v));
    if (body) headers['content-length'] = String(body.length);
    const tls = url.protocol === 'https:';
    return new Promise<Response>((resolve, reject) => {
      const req = (tls ? httpsRequest : httpRequest)(
        url,
        { method: init.method ?? 'GET', headers, agent: tls ? https : http, signal: init.signal ?? undefined },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            // rawHeaders: [name, value, name, value, …], repeated headers kept.
            const h: [string, string][] = [];
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) h.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
            const status = res.statusCode ?? 0;
            const data = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) as Buffer<ArrayBuffer>;
            resolve(new Response(NO_BODY.has(status) || data.length === 0 ? null : data, { status, headers: h }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }) as typeof fetch;
}

export interface ShutdownOptions {
  /** Deadline for delivering what is queued (default 5 s). */
  timeoutMs?: number;
  /** Signals that trigger close-then-exit (default SIGTERM, SIGINT). */
  signals?: readonly NodeJS.Signals[];
}

/**
 * Delivers queued events before the process ends:
 * - on SIGTERM/SIGINT: `close()` with the deadline, then the signal is re-raised so the process
 *   terminates as it would have (unless another listener for that signal exists, which then owns
 *   the exit);
 * - on `beforeExit` (the event loop ran dry with events still queued): one `flush()` attempt with the
 *   deadline. If it fails (receiver down) the process is allowed to exit; what was left is
 *   reported by `metrics()`.
 * Returns a function that removes the handlers.
 */
export function flushOnShutdown(
  logger: Pick<AuditLogger, 'flush' | 'close' | 'metrics'>,
  options: ShutdownOptions = {},
): () => void {
  const timeoutMs = options.timeoutMs ?? 5000;
  const signals = options.signals ?? (['SIGTERM', 'SIGINT'] as const);
  let shuttingDown = false;
  let flushing = false;
  let gaveUp = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    void logger
      .close({ timeoutMs })
      .catch(() => false)
      .finally(() => {
        dispose();
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  };

  const onBeforeExit = (): void => {
    if (shuttingDown || flushing || gaveUp) return;
    const m = logger.metrics();
    if (m.pending + m.queuedEvents + m.inflightEvents === 0) return;
    flushing = true;
    void logger
      .flush({ timeoutMs })
      .catch(() => false)
      .then((ok) => {
        flushing = false;
        if (!ok) gaveUp = true;
      });
  };

  const handlers = signals.map((s) => [s, () => onSignal(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  process.on('beforeExit', onBeforeExit);

  function dispose(): void {
    for (const [s, h] of handlers) process.off(s, h);
    process.off('beforeExit', onBeforeExit);
  }
  return dispose;
}
