import { data, Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { services } from '../accord.server';

export const headers = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader(args: LoaderFunctionArgs) {
  const { accord, documents } = services();
  const id = args.params.id ?? '';
  // The record is read server-side only to describe the resource to the policy (tenant, owner);
  // nothing of it is returned unless the decision allows.
  const doc = documents.get(id);
  const resource = doc ? { type: 'document', id: doc.id, tenant: doc.tenant, owner: doc.owner } : { type: 'document', id: id.slice(0, 128) };
  await accord.authorize(args, { action: 'read', resource });
  if (!doc) throw data({ error: 'not found' }, { status: 404 });
  // A second decision, for the UI only (the edit action decides again on its own).
  const edit = await accord.check(args, { action: 'update', resource });
  return {
    document: { id: doc.id, title: doc.title, body: doc.body, owner: doc.owner, updatedBy: doc.updatedBy, version: doc.version },
    canEdit: edit.allow,
  };
}

export default function DocumentPage() {
  const { document: doc, canEdit } = useLoaderData<typeof loader>();
  return (
    <article>
      <h1>{doc.title}</h1>
      <p>
        Owner {doc.owner} · last edited by {doc.updatedBy} · v{doc.version}
      </p>
      <pre>{doc.body}</pre>
      {canEdit ? <Link to={`/documents/${doc.id}/edit`}>Edit</Link> : null}
    </article>
  );
}
