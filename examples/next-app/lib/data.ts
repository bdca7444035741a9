// The data access layer: every function authorises before it returns or changes data, with the
// same policy as every other layer (memoised per request by React cache()).
import 'server-only';
import { notFound } from 'next/navigation';
import { authorize } from './accord';
import { db, docResource, type Doc } from './documents';

export async function listDocuments(tenant: string): Promise<Doc[]> {
  await authorize('read', docResource(tenant), { path: `/t/${tenant}/docs` });
  return db.list(tenant);
}

export async function getDocument(tenant: string, id: string, action: 'read' | 'update' = 'read'): Promise<Doc> {
  const doc = db.find(id);
  // Unknown ids and ids of another tenant look the same: the check runs against the path's tenant.
  if (!doc || doc.tenant !== tenant) {
    await authorize(action, docResource(tenant), { path: `/t/${tenant}/docs/${id}` });
    notFound();
  }
  await authorize(action, docResource(tenant, doc), { path: `/t/${tenant}/docs/${id}` });
  return doc;
}
