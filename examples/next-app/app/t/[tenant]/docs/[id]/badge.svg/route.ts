// A document's status badge. Its path ends in .svg, so the proxy/middleware matcher skips it:
// the route handler's own check is all that protects it, and it is enough.
import { withAuthorization } from '@/lib/accord';
import { db, docResource } from '@/lib/documents';

type Ctx = { params: Promise<{ tenant: string; id: string }> };

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const GET = withAuthorization<Request, Ctx>(
  async (_req, { params }) => {
    const { tenant, id } = await params;
    const doc = db.find(id);
    if (!doc || doc.tenant !== tenant) return new Response('not found', { status: 404 });
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="20"><rect width="240" height="20" fill="#1d2433"/><text x="6" y="14" fill="#fff" font-size="11" font-family="sans-serif">${esc(doc.title)}</text></svg>`;
    return new Response(svg, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'private, no-store' } });
  },
  {
    action: 'read',
    resource: async (_req, { params }) => {
      const { tenant, id } = await params;
      return docResource(tenant, db.find(id));
    },
  },
);
