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
const DROPPED: Chunk = { body: '', count: 0 };

export function ringSink(capacity = 1000): Ring {
  const chunks: Chunk[] = [];
  let head = 0; // chunks before head were dropped
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
        while (kept - chunks[head]!.count >= capacity) {
          kept -= chunks[head]!.count;
          chunks[head++] = DROPPED;
        }
        if (head > 64 && head * 2 > chunks.length) {
          chunks.splice(0, head);
          head = 0;
        }
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
      for (let i = chunks.length - 1; i >= head && out.length < limit; i--) out.push(...lines(chunks[i]!).reverse());
      return parse(out.slice(0, limit));
    },
    byRequest(id) {
      const out: string[] = [];
      for (let i = head; i < chunks.length; i++) if (chunks[i]!.body.includes(id)) out.push(...lines(chunks[i]!).filter((l) => l.includes(id)));
      return parse(out).filter((e) => e.request_id === id);
    },
    size: () => kept,
  };
}
