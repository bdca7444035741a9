import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { services } from '../accord.server';

// A public page still asks the policy (`/` is in its public paths): one decision path everywhere.
export async function loader(args: LoaderFunctionArgs) {
  const { subject } = await services().accord.authorize(args, {
    action: 'read',
    resource: { type: 'page' },
    anonymous: true,
  });
  return { user: subject ? { id: subject.sub, tenant: subject.tenant ?? null } : null };
}

export default function Home() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Accord · React Router</h1>
      <p>Every loader and action below asks one compiled Rego policy before any data leaves the server.</p>
      {user ? (
        <p>
          Signed in as <strong>{user.id}</strong> ({user.tenant}). <Link to="/documents">Documents</Link>
        </p>
      ) : (
        <p>
          <Link to="/login">Log in</Link> as alice (admin), bob (editor), carol (viewer) — tenant acme — or dave (editor, globex).
        </p>
      )}
    </section>
  );
}
