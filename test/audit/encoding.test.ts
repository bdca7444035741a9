// Request bodies written straight into UTF-8 bytes (sink `framing`), and units queued as UTF-8
// bytes in shared blocks: the bodies must be exactly what `encode()` describes, whatever the text
// (non-ASCII, surrogate pairs, events larger than a block, many blocks), and the queue's byte bound
// must count real bytes.

import { describe, expect, it } from 'vitest';
import {
  Delivery,
  createAuditLogger,
  elasticSink,
  encodeFramed,
  httpSink,
  ocsfSink,
  otlpSink,
  splunkSink,
  type AuditSink,
  type PreparedEvent,
  type SendRequest,
} from '../../src/audit/index.js';
import { FAST, captureServer, countUnique, idsFromOpaBodies, sampleEvent } from './helpers.js';

const utf8 = (b: Uint8Array | string) => (typeof b === 'string' ? b : new TextDecoder().decode(b));

const TEXTS = [
  'plain ascii',
  'café — naïve résumé',
  'emoji 🔐🧾 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '中文日本語한국어',
  'quote " backslash \\ newline \n tab \t',
  '',
];

describe('encodeFramed', () => {
  it('equals open + units.join(separator) + close, for strings and bytes, ASCII or not', () => {
    const units = TEXTS.map((t) => JSON.stringify({ t }));
    const bytes = units.map((u) => new TextEncoder().encode(u));
    for (const framing of [
      { open: '[', separator: ',', close: ']' },
      { open: '', separator: '\n', close: '\n' },
      { open: '{"a":[', separator: ', ', close: ']}' },
      { open: '«', separator: '¦', close: '»' }, // multi-byte framing
    ]) {
      const expected = framing.open + units.join(framing.separator) + framing.close;
      expect(utf8(encodeFramed(units, framing))).toBe(expected);
      expect(utf8(encodeFramed(bytes, framing))).toBe(expected);
      expect(utf8(encodeFramed([...units.slice(0, 3), ...bytes.slice(3)], framing))).toBe(expected);
      // A size hint far too small (code units of non-ASCII text) only makes the buffer grow.
      expect(utf8(encodeFramed(units, framing, 1))).toBe(expected);
      expect(encodeFramed([], framing).length).toBe(new TextEncoder().encode(framing.open + framing.close).length);
    }
  });

  it('every built-in HTTP sink declares the framing its encode() produces', async () => {
    const prepared: PreparedEvent[] = [];
    const capture: AuditSink = {
      name: 'capture',
      format: (p) => (prepared.push(p), p.json),
      encode: (u) => u.join('\n'),
      send: async () => ({ ok: true }),
    };
    const logger = createAuditLogger({ sinks: [capture], labels: { app: 'shop', env: 'test', instance: 'web-1' } });
    for (const t of TEXTS) logger.log(sampleEvent({ reason: t }));
    await logger.close();
    const sinks = [
      httpSink({ url: 'http://x/logs' }),
      httpSink({ url: 'http://x/logs', strictOpa: true }),
      splunkSink({ url: 'http://x', token: 't' }),
      elasticSink({ url: 'http://x' }),
      otlpSink({ url: 'http://x' }),
      ocsfSink({ url: 'http://x' }),
      ocsfSink({ url: 'http://x', encoding: 'array' }),
    ];
    for (const sink of sinks) {
      const units = prepared.map((p) => sink.format(p));
      expect(sink.framing, sink.name).toBeDefined();
      expect(utf8(encodeFramed(units, sink.framing!)), sink.name).toBe(sink.encode(units));
      expect(utf8(encodeFramed([units[0]], sink.framing!)), sink.name).toBe(sink.encode([units[0]]));
    }
  });
});

/** A sink with framing that keeps every body it was sent (and lets the test hold requests). */
function framedSink(options: { gzip?: boolean; maxBodyBytes?: number } = {}) {
  const bodies: SendRequest[] = [];
  const sink: AuditSink = {
    name: 'framed',
    gzip: options.gzip,
    maxBodyBytes: options.maxBodyBytes,
    delivery: FAST,
    format: (p) => p.json,
    encode: (u) => `[${u.join(',')}]`,
    framing: { open: '[', separator: ',', close: ']' },
    async send(req) {
      bodies.push(req);
      return { ok: true };
    },
  };
  return { sink, bodies };
}

describe('units queued as UTF-8 bytes', () => {
  it('delivers non-ASCII events intact across many blocks, events larger than a block included', async () => {
    const { sink, bodies } = framedSink();
    const logger = createAuditLogger({ sinks: [sink], onWarning: () => {} });
    const big = '€'.repeat(60_000) + '🔐'.repeat(20_000); // ~260 KB of UTF-8: larger than a 128 KiB block
    const expected: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const reason = i === 700 ? big : `${TEXTS[i % TEXTS.length]} #${i}`;
      const id = crypto.randomUUID();
      expected.push(id);
      logger.log(sampleEvent({ decision_id: id, reason }));
    }
    expect(await logger.flush()).toBe(true);
    const events = bodies.flatMap((b) => JSON.parse(utf8(b.body as Uint8Array)) as { decision_id: string; reason: string }[]);
    expect(events.map((e) => e.decision_id)).toEqual(expected);
    expect(events[700].reason).toBe(big);
    expect(events[2].reason).toBe(`${TEXTS[2]} #2`);
    expect(bodies.every((b) => b.body instanceof Uint8Array && !b.gzip)).toBe(true);
    await logger.close();
  });

  it('counts queued bytes as UTF-8 bytes and drops the oldest past queueBytes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const sink: AuditSink = {
      name: 'held',
      delivery: { flushIntervalMs: 10_000, batchEvents: 1 },
      format: (p) => p.json,
      encode: (u) => u.join('\n'),
      framing: { open: '', separator: '\n', close: '' },
      async send(req) {
        await gate;
        sent.push(utf8(req.body as Uint8Array));
        return { ok: true };
      },
    };
    const d = new Delivery(sink, { queueBytes: 1000 });
    const unit = (i: number) => `${'é'.repeat(100)}#${String(i).padStart(3, '0')}`; // 104 chars, 204 bytes
    for (let i = 0; i < 10; i++) d.enqueue(unit(i));
    const m = d.metrics();
    // One unit is in flight (held by the sink); 205 bytes each with the separator.
    expect(m.inflightEvents).toBe(1);
    expect(m.queuedBytes).toBe(m.queuedEvents * 205);
    expect(m.queuedBytes + 205).toBeLessThanOrEqual(1000);
    expect(m.dropped).toBe(10 - 1 - m.queuedEvents);
    release();
    expect(await d.close(5000)).toBe(true);
    // The first (in flight) and the newest ones arrived; the dropped ones were the oldest queued.
    expect(sent[0]).toBe(unit(0));
    expect(sent.slice(1)).toEqual(Array.from({ length: m.queuedEvents }, (_, k) => unit(10 - m.queuedEvents + k)));
  });

  it('re-splits byte units correctly when a compressed body is over maxBodyBytes', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, maxChunkBytes: 1024, delivery: FAST })],
      onWarning: () => {},
    });
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      // Random, non-ASCII text compresses badly: the first size estimates are wrong and batches split.
      logger.log(sampleEvent({ decision_id: id, reason: `ü${Math.random().toString(36)}€${Math.random().toString(36)}` }));
    }
    expect(await logger.flush({ timeoutMs: 10_000 })).toBe(true);
    for (const r of srv.requests) expect(r.raw.length).toBeLessThanOrEqual(1024);
    expect(idsFromOpaBodies(srv.requests)).toEqual(ids);
    expect(countUnique(idsFromOpaBodies(srv.requests)).duplicates).toBe(0);
    await logger.close();
    await srv.stop();
  });

  it('keeps string units (and encode()) for sinks without framing', async () => {
    const bodies: unknown[] = [];
    const sink: AuditSink = {
      name: 'plain',
      delivery: FAST,
      format: (p) => p.json,
      encode: (u) => u.join('\n'),
      async send(req) {
        bodies.push(req.body);
        return { ok: true };
      },
    };
    const logger = createAuditLogger({ sinks: [sink] });
    logger.log(sampleEvent({ reason: 'ü' }));
    logger.log(sampleEvent());
    expect(await logger.flush()).toBe(true);
    expect(bodies).toHaveLength(1);
    expect(typeof bodies[0]).toBe('string');
    expect((bodies[0] as string).split('\n').map((l) => JSON.parse(l).reason)[0]).toBe('ü');
    await logger.close();
  });

  it('the OTLP framing follows the resource taken from the first event', async () => {
    const sink = otlpSink({ url: 'http://x' });
    const prepared: PreparedEvent[] = [];
    const tap: AuditSink = { ...framedSink().sink, name: 'tap', format: (p) => (prepared.push(p), p.json) };
    const logger = createAuditLogger({ sinks: [tap], labels: { app: 'shop', env: 'prod', instance: 'web-7' } });
    logger.log(sampleEvent());
    await logger.close();
    const before = sink.framing!;
    const units = [sink.format(prepared[0]), sink.format(prepared[0])];
    const after = sink.framing!;
    expect(after).not.toEqual(before); // the resource attributes are known now
    expect(utf8(encodeFramed(units, after))).toBe(sink.encode(units));
    expect(JSON.parse(utf8(encodeFramed(units, after))).resourceLogs[0].resource.attributes).toContainEqual({
      key: 'service.instance.id',
      value: { stringValue: 'web-7' },
    });
  });
});
