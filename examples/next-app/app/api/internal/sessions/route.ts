// The session lookup behind lib/http-session-store.ts (Edge route handlers): the authoritative
// record, revocation applied, for callers holding the internal token. Not behind the gate.
import { timingSafeEqual } from 'node:crypto';
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
  const body = (await request.json().catch(() => null)) as { id?: unknown } | null;
  if (!body || typeof body.id !== 'string' || body.id.length > 64) return Response.json({ error: 'invalid' }, { status: 400 });
  const session = await accordState().sessions.get(body.id);
  return session ? Response.json({ session }, { headers: { 'cache-control': 'no-store' } }) : Response.json({ error: 'not_found' }, { status: 404 });
}
