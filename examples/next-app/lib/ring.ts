// An audit sink keeping the most recent decision events in memory, for the admin audit page and
// the end-to-end tests (GET /api/audit?request_id=…).
import type { AuditSink, DecisionEvent } from '@accord/core';

export interface Ring {
  sink: AuditSink;
  recent(limit?: number): DecisionEvent[];
  byRequest(requestId: string): DecisionEvent[];
  size(): number;
}

export function ringSink(capacity = 1000): Ring {
  // Kept as the JSON the logger already produced; parsed only when someone reads the ring.
  let events: string[] = [];
  const sink: AuditSink = {
    name: 'ring',
    delivery: { flushIntervalMs: 5, batchEvents: 500 },
    format: (p) => p.json,
    encode: (units) => units.join('\n'),
    async send(req) {
      try {
        for (const line of String(req.body).split('\n')) if (line) events.push(line);
        if (events.length > capacity) events = events.slice(events.length - capacity);
        return { ok: true };
      } catch (err) {
        return { ok: false, retryable: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
  const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as DecisionEvent);
  return {
    sink,
    recent: (limit = 100) => parse(events.slice(-limit).reverse()),
    byRequest: (id) => parse(events.filter((l) => l.includes(id))).filter((e) => e.request_id === id),
    size: () => events.length,
  };
}
