// Reliability of the shared delivery machinery against a real local HTTP server on 127.0.0.1:
// outages, 500/429 + Retry-After, slowness, lost responses, overflow, close, chunking, 4xx, 413.

import { describe, expect, it } from 'vitest';
import {
  createAuditLogger,
  httpSink,
  parseRetryAfter,
  type AuditLogger,
  type AuditWarning,
} from '../../src/audit/index.js';
import { captureServer, countUnique, FAST, idsFromOpaBodies, sampleEvent, sleep, type CaptureServer } from './helpers.js';

function invariant(logger: AuditLogger): void {
  for (const [name, m] of Object.entries(logger.metrics().sinks)) {
    const settled = m.delivered + m.dropped + m.rejected + m.oversize + m.abandoned + m.queuedEvents + m.inflightEvents;
    expect(settled, `${name}: ${JSON.stringify(m)}`).toBe(m.enqueued);
  }
}

function logN(logger: AuditLogger, n: number, ids: string[]): void {
  for (let i = 0; i < n; i++) {
    const id = crypto.randomUUID();
    ids.push(id);
    logger.log(sampleEvent({ decision_id: id }));
  }
}

function report(name: string, srv: CaptureServer, emitted: number): { unique: number; duplicates: number } {
  const c = countUnique(idsFromOpaBodies(srv.requests));
  console.info(`[audit reliability] ${name}: emitted=${emitted} received_unique=${c.unique} duplicates=${c.duplicates} requests=${srv.requests.length}`);
  return c;
}

describe('delivery reliability', () => {
  it('survives the receiver going down and coming back on the same port: 0 lost', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({ sinks: [httpSink({ url: srv.url, delivery: FAST })], onWarning: () => {} });
    const ids: string[] = [];
    logN(logger, 300, ids);
    await sleep(60);
    await srv.stop(); // outage
    for (let i = 0; i < 5; i++) {
      logN(logger, 200, ids);
      await sleep(40);
    }
    await srv.start(); // same port
    logN(logger, 300, ids);
    expect(await logger.flush({ timeoutMs: 10_000 })).toBe(true);
    const c = report('outage', srv, ids.length);
    expect(c.unique).toBe(ids.length);
    expect(new Set(idsFromOpaBodies(srv.requests))).toEqual(new Set(ids));
    const m = logger.metrics();
    expect(m.dropped).toBe(0);
    expect(m.retries).toBeGreaterThan(0);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('retries 500, then honours 429 Retry-After before retrying', async () => {
    const script = [500, 429];
    const times: number[] = [];
    const srv = await captureServer((_req, res) => {
      times.push(Date.now());
      const status = script.shift() ?? 200;
      res.writeHead(status, status === 429 ? { 'retry-after': '1' } : {}).end();
    });
    const logger = createAuditLogger({ sinks: [httpSink({ url: srv.url, delivery: FAST })], onWarning: () => {} });
    const ids: string[] = [];
    logN(logger, 50, ids);
    expect(await logger.flush({ timeoutMs: 5000 })).toBe(true);
    expect(srv.requests).toHaveLength(3);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(950); // waited Retry-After: 1
    const c = report('500+429', srv, ids.length);
    expect(c.unique).toBe(ids.length);
    expect(logger.metrics().retries).toBe(2);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('parses Retry-After as seconds or HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:02 GMT', now)).toBe(2000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('keeps up with a slow receiver without losing or reordering', async () => {
    const srv = await captureServer((_req, res) => void setTimeout(() => res.writeHead(200).end(), 150));
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, maxChunkBytes: 8 * 1024, delivery: FAST })],
    });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      logN(logger, 250, ids);
      await sleep(30);
    }
    expect(await logger.flush({ timeoutMs: 15_000 })).toBe(true);
    const received = idsFromOpaBodies(srv.requests);
    report('slow', srv, ids.length);
    expect(received).toEqual(ids); // concurrency 1: in order, no gaps, no duplicates
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('re-sends a batch whose response was lost (timeout): duplicates possible, none lost', async () => {
    let first = true;
    const srv = await captureServer((_req, res) => {
      if (first) {
        first = false;
        setTimeout(() => res.writeHead(200).end(), 400); // answers after the client gave up
      } else res.writeHead(200).end();
    });
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, delivery: { ...FAST, requestTimeoutMs: 100 } })],
      onWarning: () => {},
    });
    const ids: string[] = [];
    logN(logger, 100, ids);
    expect(await logger.flush({ timeoutMs: 5000 })).toBe(true);
    await sleep(400);
    const c = report('lost response', srv, ids.length);
    expect(c.unique).toBe(ids.length);
    expect(c.duplicates).toBeGreaterThan(0); // at-least-once: the receiver dedupes by decision_id
    expect(logger.metrics().duplicatesPossible).toBeGreaterThan(0);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('overflow beyond the byte bound loses exactly the counted number (drop-oldest) and warns', async () => {
    const srv = await captureServer();
    await srv.stop(); // receiver down from the start
    const warnings: AuditWarning[] = [];
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, delivery: FAST })],
      queueBytes: 64 * 1024,
      onWarning: (w) => warnings.push(w),
    });
    const ids: string[] = [];
    logN(logger, 1000, ids);
    await sleep(100);
    const before = logger.metrics();
    expect(before.dropped).toBeGreaterThan(0);
    expect(before.sinks.http.queuedBytes).toBeLessThanOrEqual(64 * 1024);
    await srv.start();
    expect(await logger.flush({ timeoutMs: 10_000 })).toBe(true);
    const c = report('overflow', srv, ids.length);
    const m = logger.metrics();
    expect(c.unique + m.dropped).toBe(ids.length);
    expect(c.duplicates).toBe(0);
    // Drop-oldest: besides the batches that were already in flight when the receiver went away,
    // what arrived is the newest contiguous run of events.
    const got = new Set(idsFromOpaBodies(srv.requests));
    let start = ids.length;
    while (start > 0 && got.has(ids[start - 1])) start--;
    expect(ids.length - start).toBeGreaterThanOrEqual(40);
    const inflightAtOutage = ids.slice(0, start).filter((id) => got.has(id)).length;
    expect(inflightAtOutage + (ids.length - start)).toBe(c.unique);
    expect(warnings.some((w) => w.kind === 'overflow' && w.sink === 'http' && w.count > 0)).toBe(true);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('close() delivers what is queued, then refuses new events (counted)', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({ sinks: [httpSink({ url: srv.url, delivery: { ...FAST, flushIntervalMs: 60_000 } })] });
    const ids: string[] = [];
    logN(logger, 500, ids);
    expect(await logger.close({ timeoutMs: 5000 })).toBe(true);
    expect(countUnique(idsFromOpaBodies(srv.requests)).unique).toBe(500);
    logger.log(sampleEvent());
    expect(logger.metrics().afterClose).toBe(1);
    invariant(logger);
    await srv.stop();
  });

  it('close() past its deadline abandons what is left and says how much', async () => {
    const srv = await captureServer();
    await srv.stop();
    const warnings: AuditWarning[] = [];
    const logger = createAuditLogger({ sinks: [httpSink({ url: srv.url, delivery: FAST })], onWarning: (w) => warnings.push(w) });
    const ids: string[] = [];
    logN(logger, 200, ids);
    const t0 = Date.now();
    expect(await logger.close({ timeoutMs: 200 })).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
    const m = logger.metrics();
    expect(m.abandoned).toBe(200);
    expect(warnings.some((w) => w.kind === 'abandoned')).toBe(true);
    invariant(logger);
  });

  it('splits uploads so every compressed chunk is ≤ maxChunkBytes', async () => {
    const srv = await captureServer();
    const limit = 4096;
    const logger = createAuditLogger({ sinks: [httpSink({ url: srv.url, maxChunkBytes: limit, delivery: FAST })] });
    const ids: string[] = [];
    logN(logger, 3000, ids);
    expect(await logger.flush({ timeoutMs: 10_000 })).toBe(true);
    expect(srv.requests.length).toBeGreaterThan(5);
    for (const r of srv.requests) expect(r.raw.length).toBeLessThanOrEqual(limit);
    const c = report('chunking', srv, ids.length);
    expect(c.unique).toBe(ids.length);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('an event that cannot fit one chunk is counted as oversize, the rest flows', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, maxChunkBytes: 2048, delivery: FAST })],
      onWarning: () => {},
    });
    const noise = Array.from({ length: 4000 }, () => Math.random().toString(36).slice(2)).join('');
    logger.log(sampleEvent({ input: { blob: noise } }));
    logger.log(sampleEvent());
    await logger.flush({ timeoutMs: 5000 });
    const m = logger.metrics().sinks.http;
    expect(m.oversize).toBe(1);
    expect(m.delivered).toBe(1);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('4xx other than 429 drops the batch as rejected (counted) and moves on', async () => {
    let calls = 0;
    const srv = await captureServer((_req, res) => void res.writeHead(++calls === 1 ? 400 : 200).end('bad'));
    const warnings: AuditWarning[] = [];
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, delivery: { ...FAST, batchEvents: 10 } })],
      onWarning: (w) => warnings.push(w),
    });
    const ids: string[] = [];
    logN(logger, 30, ids);
    await logger.flush({ timeoutMs: 5000 });
    const m = logger.metrics().sinks.http;
    expect(m.rejected).toBe(10);
    expect(m.delivered).toBe(20);
    expect(m.lastError).toContain('HTTP 400');
    expect(warnings.some((w) => w.kind === 'rejected')).toBe(true);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('413 splits the batch instead of dropping it', async () => {
    const srv = await captureServer((req, res) => void res.writeHead(JSON.parse(req.text).length > 10 ? 413 : 200).end());
    const logger = createAuditLogger({ sinks: [httpSink({ url: srv.url, delivery: { ...FAST, batchEvents: 40 } })], onWarning: () => {} });
    const ids: string[] = [];
    logN(logger, 40, ids);
    await logger.flush({ timeoutMs: 5000 });
    const ok = srv.requests.filter((r) => JSON.parse(r.text).length <= 10);
    expect(countUnique(idsFromOpaBodies(ok)).unique).toBe(40);
    expect(logger.metrics().sinks.http.rejected).toBe(0);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('batches by count and by time', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, delivery: { ...FAST, batchEvents: 10, flushIntervalMs: 1000 } })],
    });
    const until = async (n: number) => {
      for (let i = 0; i < 300 && srv.requests.length < n; i++) await sleep(10);
    };
    const ids: string[] = [];
    const t0 = Date.now();
    logN(logger, 25, ids);
    await until(2);
    // Two full batches go at once; the last 5 wait for the interval.
    expect(Date.now() - t0).toBeLessThan(900);
    expect(srv.requests.map((r) => JSON.parse(r.text).length)).toEqual([10, 10]);
    await until(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(srv.requests.map((r) => JSON.parse(r.text).length)).toEqual([10, 10, 5]);
    invariant(logger);
    await logger.close();
    await srv.stop();
  });

  it('a failing sink does not hold back the others', async () => {
    const good = await captureServer();
    const bad = await captureServer((_req, res) => void res.writeHead(503).end());
    const logger = createAuditLogger({
      sinks: [httpSink({ url: good.url, name: 'good', delivery: FAST }), httpSink({ url: bad.url, name: 'bad', delivery: FAST })],
      onWarning: () => {},
    });
    const ids: string[] = [];
    logN(logger, 100, ids);
    await sleep(200);
    expect(countUnique(idsFromOpaBodies(good.requests)).unique).toBe(100);
    expect(logger.metrics().sinks.bad.delivered).toBe(0);
    expect(logger.metrics().sinks.bad.retries).toBeGreaterThan(0);
    await logger.close({ timeoutMs: 100 });
    expect(logger.metrics().sinks.bad.abandoned).toBe(100);
    invariant(logger);
    await good.stop();
    await bad.stop();
  });
});
