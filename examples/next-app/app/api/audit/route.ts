import { withAuthorization } from '@/lib/accord';
import { accordState } from '@/lib/state';

/** Admins: recent decision events, or every event of one request (`?request_id=`). */
export const GET = withAuthorization(
  async (request) => {
    const id = new URL(request.url).searchParams.get('request_id');
    const ring = accordState().ring;
    return Response.json({ events: id ? ring.byRequest(id) : ring.recent(200) }, { headers: { 'cache-control': 'no-store' } });
  },
  { action: 'read', resource: { type: 'audit' } },
);
