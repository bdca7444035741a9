import Link from 'next/link';
import { check } from '@/lib/accord';
import { getDocument } from '@/lib/data';
import { docResource } from '@/lib/documents';

export default async function DocumentPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const doc = await getDocument(tenant, id); // authorises `read` on this document
  const canEdit = (await check('update', docResource(tenant, doc), { path: `/t/${tenant}/docs/${id}` })).allow;
  return (
    <>
      <h1 data-testid="doc-title">{doc.title}</h1>
      <p data-testid="doc-body">{doc.body}</p>
      <p>
        <small>
          owner {doc.owner} · tenant {doc.tenant}
        </small>
      </p>
      {canEdit ? <Link href={`/t/${tenant}/docs/${id}/edit`}>Edit</Link> : null}
    </>
  );
}
