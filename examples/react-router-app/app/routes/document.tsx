import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { services } from '../accord.server';
import { authorizeDocument } from '../authz.server';

export const headers = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader(args: LoaderFunctionArgs) {
  const { doc, resource } = await authorizeDocument(args, 'read', args.params.id ?? '');
  // A second decision, for the UI only (the edit loader and action decide again on their own).
  const edit = await services().accord.check(args, { action: 'update', resource });
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
