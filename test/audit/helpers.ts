// Test helpers for the audit suites: a local capture server on 127.0.0.1 that can be stopped and
// restarted on the same port, answer scripted statuses, or be slow.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { DecisionEventInput } from '../../src/audit/index.js';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** Raw bytes as received (compressed if Content-Encoding: gzip). */
  raw: Buffer;
  /** Decompressed body text. */
  text: string;
  /** Status the server answered with (0 until it answers). */
  status: number;
}

export type Responder = (req: CapturedRequest, res: ServerResponse) => void | Promise<void>;

export interface CaptureServer {
  readonly url: string;
  readonly port: number;
  requests: CapturedRequest[];
  /** Replaces how requests are answered (default: 200 `{}`). */
  respond: Responder;
  /** Stops accepting connections and drops open ones. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

export async function captureServer(respond?: Responder): Promise<CaptureServer> {
  let server: Server | undefined;
  let port = 0;
  const cs: CaptureServer = {
    url: '',
    port: 0,
    requests: [],
    respond: respond ?? ((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}')),
    async stop() {
      if (!server) return;
      const s = server;
      server = undefined;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    async start() {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
          const captured: CapturedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, text, status: 0 };
          // The status the server *decided* (even if the client is gone by then: a lost response).
          const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
          res.writeHead = ((code: number, ...rest: unknown[]) => {
            captured.status = code;
            return writeHead(code, ...rest);
          }) as typeof res.writeHead;
          cs.requests.push(captured);
          void Promise.resolve(cs.respond(captured, res)).catch(() => res.destroy());
        });
      });
      s.keepAliveTimeout = 1000;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      server = s;
      port = (s.address() as AddressInfo).port;
      (cs as { port: number }).port = port;
      (cs as { url: string }).url = `http://127.0.0.1:${port}`;
    },
  };
  await cs.start();
  return cs;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fast backoff for tests. */
export const FAST = {
  retryBaseMs: 5,
  retryMaxMs: 40,
  flushIntervalMs: 20,
  requestTimeoutMs: 2000,
} as const;

let n = 0;
/** A realistic decision event input. */
export function sampleEvent(over: Partial<DecisionEventInput> = {}): DecisionEventInput {
  n++;
  return {
    path: 'app/authz/allow',
    layer: 'route',
    outcome: n % 3 === 0 ? 'deny' : 'allow',
    request_id: `req-${n}`,
    subject_id: `user-${n % 7}`,
    input: {
      request: {
        method: 'GET',
        path: `/documents/${n}`,
        ip: '203.0.113.7',
        headers: { 'user-agent': 'vitest/4', accept: 'application/json' },
      },
      subject: { id: `user-${n % 7}`, roles: ['reader'] },
      resource: { type: 'document', id: String(n), owner: 'user-1' },
      action: 'read',
    },
    result: n % 3 !== 0,
    metrics: { timer_eval_ns: 12_000, timer_total_ns: 48_000 },
    ...over,
  };
}

/** Decision ids in OPA upload bodies (JSON arrays) the server accepted (2xx). */
export function idsFromOpaBodies(reqs: CapturedRequest[]): string[] {
  return reqs
    .filter((r) => r.status >= 200 && r.status < 300)
    .flatMap((r) => (JSON.parse(r.text) as { decision_id: string }[]).map((e) => e.decision_id));
}

export function countUnique(ids: string[]): { unique: number; duplicates: number } {
  const set = new Set(ids);
  return { unique: set.size, duplicates: ids.length - set.size };
}

import type { AuditSink, PreparedEvent } from '../../src/audit/index.js';

/** An in-memory sink: keeps every formatted unit (and the prepared events it saw). */
export function memorySink(format: (p: PreparedEvent) => string = (p) => p.json, name = 'memory') {
  const units: string[] = [];
  const prepared: PreparedEvent[] = [];
  const sink: AuditSink = {
    name,
    delivery: { flushIntervalMs: 5 },
    format(p) {
      prepared.push(p);
      return format(p);
    },
    encode: (u) => u.join('\n'),
    async send(req) {
      units.push(...(req.body as string).split('\n'));
      return { ok: true };
    },
  };
  return { sink, units, prepared };
}
