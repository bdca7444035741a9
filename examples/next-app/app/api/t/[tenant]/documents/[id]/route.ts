import { actionForMethod } from '@accord/next';
import { withAuthorization } from '@/lib/accord';
import { db, docResource } from '@/lib/documents';

type Ctx = { params: Promise<{ tenant: string; id: string }> };

/** The stored document decides tenant and owner; a missing one is checked against the path's tenant. */
const check = {
  action: (req: Request) => actionForMethod(req.method),
  resource: async (_req: Request, { params }: Ctx) => {
    const { tenant, id } = await params;
    return docResource(tenant, db.find(id));
  },
};

async function owned({ params }: Ctx) {
  const { tenant, id } = await params;
  const doc = db.find(id);
  return doc && doc.tenant === tenant ? doc : undefined;
}

const notFound = () => Response.json({ error: 'not_found' }, { status: 404 });

export const GET = withAuthorization<Request, Ctx>(async (_req, ctx) => {
  const doc = await owned(ctx);
  return doc ? Response.json({ document: doc }) : notFound();
}, check);

export const PUT = withAuthorization<Request, Ctx>(async (req, ctx) => {
  const doc = await owned(ctx);
  if (!doc) return notFound();
  const body = (await req.json().catch(() => ({}))) as { title?: unknown; body?: unknown };
  const updated = db.update(doc.id, {
    ...(typeof body.title === 'string' ? { title: body.title } : {}),
    ...(typeof body.body === 'string' ? { body: body.body } : {}),
  });
  return Response.json({ document: updated });
}, check);

export const DELETE = withAuthorization<Request, Ctx>(async (_req, ctx) => {
  const doc = await owned(ctx);
  if (!doc) return notFound();
  db.remove(doc.id);
  return new Response(null, { status: 204 });
}, check);
