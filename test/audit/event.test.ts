import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACCORD_FIELDS,
  OPA_FIELDS,
  createAuditLogger,
  httpSink,
  parseDecisionEvent,
  sha256Hex,
  timeFromEpochMs,
  timeFromInput,
  type AuditWarning,
} from '../../src/audit/index.js';
import { captureServer, FAST, memorySink, sampleEvent } from './helpers.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sha256Hex', () => {
  it('matches known vectors and node:crypto', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const s of ['x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'é✓😀'.repeat(40), crypto.randomUUID()]) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
});

describe('time', () => {
  it('formats epoch ms as RFC3339 with nanoseconds', () => {
    const t = timeFromEpochMs(1_700_000_000_000.5);
    expect(t.timestamp).toBe('2023-11-14T22:13:20.000500000Z');
    expect(t.ns).toBe('1700000000000500000');
    expect(timeFromEpochMs(1_700_000_000_123).timestamp).toBe('2023-11-14T22:13:20.123000000Z');
  });
  it('keeps every digit: leading zeros, the millisecond carry, the epoch and times before it', () => {
    expect(timeFromEpochMs(1_700_000_000_007.25)).toEqual({ timestamp: '2023-11-14T22:13:20.007250000Z', ns: '1700000000007250000' });
    expect(timeFromEpochMs(1_700_000_000_999.9999999)).toEqual({ timestamp: '2023-11-14T22:13:21.000000000Z', ns: '1700000001000000000' });
    expect(timeFromEpochMs(0)).toEqual({ timestamp: '1970-01-01T00:00:00.000000000Z', ns: '0' });
    expect(timeFromEpochMs(-0.5)).toEqual({ timestamp: '1969-12-31T23:59:59.999500000Z', ns: '-500000' });
    expect(timeFromEpochMs(-1500)).toEqual({ timestamp: '1969-12-31T23:59:58.500000000Z', ns: '-1500000000' });
    // The same second twice (its text is remembered), then the next one.
    expect(timeFromEpochMs(1_700_000_000_400).ns).toBe('1700000000400000000');
    expect(timeFromEpochMs(1_700_000_001_000).timestamp).toBe('2023-11-14T22:13:21.000000000Z');
  });
  it('keeps caller RFC3339 strings and derives exact ns', () => {
    const t = timeFromInput('2024-05-01T12:00:00.123456789Z')!;
    expect(t.timestamp).toBe('2024-05-01T12:00:00.123456789Z');
    expect(t.ns).toBe('1714564800123456789');
    expect(timeFromInput('2024-05-01T14:00:00+02:00')!.ns).toBe('1714564800000000000');
    expect(timeFromInput('yesterday')).toBeUndefined();
    expect(timeFromInput(new Date(0))!.timestamp).toBe('1970-01-01T00:00:00.000000000Z');
  });
});

describe('logger event shape', () => {
  it('fills OPA defaults, hashes session ids, and validates against the schema', async () => {
    const mem = memorySink();
    const logger = createAuditLogger({
      sinks: [mem.sink],
      labels: { app: 'shop', env: 'test', instance: 'i-1' },
      revision: 'f'.repeat(64),
      validate: true,
    });
    logger.log(sampleEvent({ session_id: 'raw-session-id-123', trace_id: 'abc', span_id: 'def' }));
    logger.log(sampleEvent({ decision_id: '4ca636c1-55e4-417a-b1d8-4aceb67960d1', timestamp: '2024-01-01T00:00:00.000000001Z' }));
    expect(await logger.flush()).toBe(true);
    expect(mem.units).toHaveLength(2);
    const [a, b] = mem.units.map((u) => JSON.parse(u));
    for (const e of [a, b]) expect(parseDecisionEvent(e).success).toBe(true);
    expect(a.decision_id).toMatch(UUID_V4);
    expect(a.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(a.labels).toEqual({ app: 'shop', env: 'test', instance: 'i-1' });
    expect(a.bundles).toEqual({ accord: { revision: 'f'.repeat(64) } });
    expect(a.session_id_hash).toBe(sha256Hex('raw-session-id-123'));
    expect(JSON.stringify(a)).not.toContain('raw-session-id-123');
    expect('session_id' in a).toBe(false);
    expect(b.decision_id).toBe('4ca636c1-55e4-417a-b1d8-4aceb67960d1');
    expect(b.timestamp).toBe('2024-01-01T00:00:00.000000001Z');
    // OPA fields first, then Accord fields.
    const keys = Object.keys(a);
    const lastOpa = Math.max(...OPA_FIELDS.map((k) => keys.indexOf(k)));
    const firstAccord = Math.min(...ACCORD_FIELDS.filter((k) => k in a).map((k) => keys.indexOf(k)));
    expect(lastOpa).toBeLessThan(firstAccord);
    expect(logger.metrics().invalid).toBe(0);
    await logger.close();
  });

  it('strictOpa sends only OPA fields', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({ sinks: [httpSink({ url: `${srv.url}/logs`, strictOpa: true, delivery: FAST })] });
    logger.log(sampleEvent());
    await logger.close();
    const [ev] = JSON.parse(srv.requests[0].text);
    for (const k of Object.keys(ev)) expect(OPA_FIELDS as readonly string[]).toContain(k);
    expect(ev.layer).toBeUndefined();
    await srv.stop();
  });

  it('log() never throws, whatever it is given, and counts what it could not export', async () => {
    const warnings: AuditWarning[] = [];
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink], onWarning: (w) => warnings.push(w), validate: true });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => logger.log(null as never)).not.toThrow();
    expect(() => logger.log(sampleEvent({ input: { big: 10n, cyclic } }))).not.toThrow();
    expect(() => logger.log({ layer: 'nope', outcome: 'maybe' } as never)).not.toThrow();
    await logger.flush();
    const m = logger.metrics();
    expect(m.errors).toBeGreaterThanOrEqual(1); // null event
    expect(m.invalid).toBeGreaterThanOrEqual(1); // bad layer/outcome still exported, counted
    const big = mem.units.map((u) => JSON.parse(u)).find((e) => e.input?.big);
    expect(big.input.big).toBe('10');
    expect(JSON.stringify(big.input.cyclic)).toContain('[TRUNCATED]');
    await logger.close();
    expect(() => logger.log(sampleEvent())).not.toThrow();
    expect(logger.metrics().afterClose).toBe(1);
    expect(warnings.some((w) => w.kind === 'error')).toBe(true);
  });

  it('merges per-event labels and keeps the caller event object untouched', async () => {
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink], labels: { app: 'a', env: 'e', instance: 'i', region: 'eu' } });
    const ev = sampleEvent({ labels: { tenant: 't1' } });
    const before = JSON.stringify(ev);
    logger.log(ev);
    await logger.flush();
    expect(JSON.stringify(ev)).toBe(before);
    expect(JSON.parse(mem.units[0]).labels).toEqual({ app: 'a', env: 'e', instance: 'i', region: 'eu', tenant: 't1' });
    await logger.close();
  });
});
