// Ingest for decision events of Edge code (middleware, Edge route handlers), which has no log
// pipeline of its own: a shared token, bounded bodies, Edge layers only. Not behind the gate.
import { timingSafeEqual } from 'node:crypto';
import type { DecisionEventInput } from '@accord/core';
import { internalToken } from '@/lib/config';
import { accordState } from '@/lib/state';

export const dynamic = 'force-dynamic';

function authorised(header: string | null): boolean {
  const token = internalToken();
  if (!token || !header?.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice(7));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function POST(request: Request) {
  if (!authorised(request.headers.get('authorization'))) return Response.json({ error: 'unauthorized' }, { status: 401 });
  const text = await request.text();
  if (text.length > 512 * 1024) return Response.json({ error: 'too_large' }, { status: 413 });
  let events: unknown;
  try {
    events = JSON.parse(text);
  } catch {
    return Response.json({ error: 'invalid_json' }, { status: 400 });
  }
  if (!Array.isArray(events) || events.length > 500) return Response.json({ error: 'invalid' }, { status: 400 });
  const { logger } = accordState();
  let accepted = 0;
  for (const e of events) {
    const layer = e && typeof e === 'object' ? (e as { layer?: unknown }).layer : undefined;
    if (layer === 'middleware' || layer === 'route') {
      logger.log(e as DecisionEventInput);
      accepted++;
    }
  }
  return Response.json({ accepted });
}
