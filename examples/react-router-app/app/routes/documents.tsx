import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { services } from '../accord.server';

export const headers = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader(args: LoaderFunctionArgs) {
  const { accord, documents } = services();
  // Decide first: no session → redirect to /login?next=/documents, deny → 403. Nothing is read
  // from the store before this line returns.
  const { subject } = await accord.authorize(args, { action: 'read', resource: { type: 'document' } });
  // Then return only what this identity may see: its own tenant's documents, summaries only.
  const list = subject.tenant ? documents.listForTenant(subject.tenant) : [];
  return {
    user: { id: subject.sub, roles: subject.roles, tenant: subject.tenant ?? null },
    documents: list.map((d) => ({ id: d.id, title: d.title, owner: d.owner })),
  };
}

export default function Documents() {
  const { user, documents } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Documents · {user.tenant}</h1>
      <p>
        Signed in as {user.id} ({user.roles.join(', ')})
      </p>
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <Link to={`/documents/${d.id}`}>{d.title}</Link> — {d.owner}
          </li>
        ))}
      </ul>
    </section>
  );
}
