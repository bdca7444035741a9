import { actionForMethod } from '@accord/next';
import { withAuthorization } from '@/lib/accord';
import { db, docResource } from '@/lib/documents';

type Ctx = { params: Promise<{ tenant: string }> };

export const GET = withAuthorization<Request, Ctx>(
  async (_req, { params }) => Response.json({ documents: db.list((await params).tenant) }),
  { action: 'read', resource: async (_req, { params }) => docResource((await params).tenant) },
);

export const POST = withAuthorization<Request, Ctx>(
  async (req, { params, subject }) => {
    const body = (await req.json().catch(() => ({}))) as { title?: unknown; body?: unknown };
    const doc = db.create((await params).tenant, subject ?? 'unknown', String(body.title ?? 'Untitled').slice(0, 200), String(body.body ?? '').slice(0, 10_000));
    return Response.json({ document: doc }, { status: 201 });
  },
  { action: (req) => actionForMethod(req.method), resource: async (_req, { params }) => docResource((await params).tenant) },
);
