import type { LoaderFunctionArgs } from 'react-router';
import { services } from '../accord.server';

// A resource route for API clients: `Authorization: Bearer <api key>` (a service session). A
// missing, unknown or revoked key is a 401 JSON answer (no login redirect for a bearer request).
export async function loader(args: LoaderFunctionArgs) {
  const { accord, documents } = services();
  const { subject } = await accord.authorize(args, { action: 'read', resource: { type: 'document' } });
  const list = subject.tenant ? documents.listForTenant(subject.tenant) : [];
  return Response.json(
    { documents: list.map((d) => ({ id: d.id, title: d.title, owner: d.owner })) },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}
