import Link from 'next/link';
import { authorize, check } from '@/lib/accord';
import { listDocuments } from '@/lib/data';
import { docResource } from '@/lib/documents';
import { createDocument } from './actions';

export default async function DocumentsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  await authorize('read', { type: 'page', tenant }, { path: `/t/${tenant}/docs` });
  const docs = await listDocuments(tenant);
  const canCreate = (await check('create', docResource(tenant), { path: `/t/${tenant}/docs` })).allow;
  return (
    <>
      <h1 data-testid="doc-list">Documents of {tenant}</h1>
      <ul>
        {docs.map((d) => (
          <li key={d.id}>
            <Link href={`/t/${tenant}/docs/${d.id}`}>{d.title}</Link> <small>({d.owner})</small>
          </li>
        ))}
      </ul>
      {canCreate ? (
        <form action={createDocument.bind(null, tenant)}>
          <h2>New document</h2>
          <label>
            Title <input name="title" required />
          </label>
          <label>
            Body <textarea name="body" rows={3} />
          </label>
          <button type="submit">Create</button>
        </form>
      ) : null}
    </>
  );
}
