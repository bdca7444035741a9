// The example app's in-memory audit ring (the audit page and GET /api/audit read it).
import { describe, expect, it } from 'vitest';
import { ringSink } from '../../../examples/next-app/lib/ring.js';

const event = (i: number, requestId = `r${i}`) => JSON.stringify({ decision_id: `d${i}`, request_id: requestId, layer: 'route' });
const send = (ring: ReturnType<typeof ringSink>, units: string[]) =>
  ring.sink.send({ body: ring.sink.encode(units), count: units.length, gzip: false, signal: new AbortController().signal });

describe('example ring sink', () => {
  it('keeps at least the last `capacity` events, newest first, across batches', async () => {
    const ring = ringSink(10);
    for (let b = 0; b < 7; b++) expect(await send(ring, [0, 1, 2].map((k) => event(b * 3 + k)))).toEqual({ ok: true });
    // 21 events sent in batches of 3: the last 10 are kept (plus what shares their batch).
    expect(ring.size()).toBeGreaterThanOrEqual(10);
    expect(ring.size()).toBeLessThan(13);
    expect(ring.recent(4).map((e) => e.decision_id)).toEqual(['d20', 'd19', 'd18', 'd17']);
    const all = ring.recent(100).map((e) => e.decision_id);
    expect(all.slice(0, 10)).toEqual(['d20', 'd19', 'd18', 'd17', 'd16', 'd15', 'd14', 'd13', 'd12', 'd11']);
    expect(all).not.toContain('d0');
  });

  it('finds every event of one request, oldest first, and no other', async () => {
    const ring = ringSink(100);
    await send(ring, [event(1, 'req-a'), event(2, 'req-b'), event(3, 'req-a')]);
    await send(ring, [event(4, 'req-a-suffix'), event(5, 'req-a')]);
    expect(ring.byRequest('req-a').map((e) => e.decision_id)).toEqual(['d1', 'd3', 'd5']);
    expect(ring.byRequest('req-c')).toEqual([]);
  });

  it('with one event per batch, keeps exactly the last `capacity` over a long run', async () => {
    const ring = ringSink(50);
    for (let b = 0; b < 2000; b++) await send(ring, [event(b)]);
    expect(ring.size()).toBe(50);
    expect(ring.recent(1)[0]!.decision_id).toBe('d1999');
    expect(ring.recent(100).at(-1)!.decision_id).toBe('d1950');
  });
});
