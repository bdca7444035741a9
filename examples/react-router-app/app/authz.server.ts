// Route-level helpers of the example on top of the adapter. Server-only.
import { data, type LoaderFunctionArgs } from 'react-router';
import { services } from './accord.server';
import type { Document } from './data.server';

function notFound(): never {
  throw data({ error: 'not found' }, { status: 404, headers: { 'Cache-Control': 'private, no-store' } });
}

/**
 * Decide `action` on document `id`, then return it. The record is read server-side only to describe
 * the resource to the policy (tenant, owner); nothing of it leaves the server unless the decision
 * allows. Another tenant's document answers exactly like a missing one (404), so document ids of
 * other tenants cannot be probed; every other refusal is the adapter's (login redirect, 403, 503).
 */
export async function authorizeDocument(args: Pick<LoaderFunctionArgs, 'request' | 'context'>, action: string, id: string) {
  const { accord, documents } = services();
  const doc: Document | undefined = documents.get(id);
  const resource = doc ? { type: 'document', id: doc.id, tenant: doc.tenant, owner: doc.owner } : { type: 'document', id: id.slice(0, 128) };
  const result = await accord.check(args, { action, resource });
  if (!result.allow) {
    if (result.decision.reason === 'policy_denied' && result.decision.reasons.includes('tenant mismatch')) notFound();
    throw result.response;
  }
  if (!doc) notFound();
  return { doc, subject: result.subject, resource };
}
