// An audit sink keeping the most recent decision events in memory, for the admin audit page and
// the end-to-end tests (GET /api/audit?request_id=…).
import type { AuditSink, DecisionEvent } from '@accord/core';

export interface Ring {
  sink: AuditSink;
  /** The newest events first, at most `limit`. */
  recent(limit?: number): DecisionEvent[];
  /** Every kept event of one request, oldest first. */
  byRequest(requestId: string): DecisionEvent[];
  /** Events kept. */
  size(): number;
}

/** One delivered batch: the body the logger encoded (one JSON event per line). */
interface Chunk {
  body: string;
  count: number;
}

/**
 * Keeps at least the last `capacity` events (and at most one batch more). Batches are stored as the
 * body the logger already encoded and are split and parsed only when someone reads the ring:
 * delivery, which runs for every decision, costs one array push.
 */
export function ringSink(capacity = 1000): Ring {
  const chunks: Chunk[] = []; // oldest first
  let kept = 0;
  const sink: AuditSink = {
    name: 'ring',
    delivery: { flushIntervalMs: 5, batchEvents: 500 },
    format: (p) => p.json,
    encode: (units) => units.join('\n'),
    async send(req) {
      try {
        chunks.push({ body: String(req.body), count: req.count });
        kept += req.count;
        while (chunks.length > 1 && kept - chunks[0]!.count >= capacity) kept -= chunks.shift()!.count;
        return { ok: true };
      } catch (err) {
        return { ok: false, retryable: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
  const lines = (c: Chunk) => c.body.split('\n').filter(Boolean);
  const parse = (ls: string[]) => ls.map((l) => JSON.parse(l) as DecisionEvent);
  return {
    sink,
    recent(limit = 100) {
      const out: string[] = [];
      for (let i = chunks.length - 1; i >= 0 && out.length < limit; i--) out.push(...lines(chunks[i]!).reverse());
      return parse(out.slice(0, limit));
    },
    byRequest(id) {
      const out: string[] = [];
      for (const c of chunks) if (c.body.includes(id)) out.push(...lines(c).filter((l) => l.includes(id)));
      return parse(out).filter((e) => e.request_id === id);
    },
    size: () => kept,
  };
}
