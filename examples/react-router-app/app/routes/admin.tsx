import { data, Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs } from 'react-router';
import { services } from '../accord.server';
import { USERS, findUser } from '../data.server';

export const headers = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader(args: LoaderFunctionArgs) {
  const { subject } = await services().accord.authorize(args, { action: 'read', resource: { type: 'user' } });
  return {
    admin: subject.sub,
    users: USERS.filter((u) => u.tenant === subject.tenant).map((u) => ({ id: u.id, roles: [...u.roles] })),
  };
}

// Revoke every session of a user of the admin's tenant (offboarding, compromised account). The
// user's very next request, on any layer, is denied: the store is read on every decision.
export async function action(args: ActionFunctionArgs) {
  const { accord, sessions } = services();
  const form = await args.request.formData();
  const target = form.get('user');
  const user = typeof target === 'string' ? findUser(target) : undefined;
  const resource = user
    ? { type: 'user', id: user.id, tenant: user.tenant }
    : { type: 'user', id: typeof target === 'string' ? target.slice(0, 128) : '' };
  await accord.authorize(args, { action: 'revoke', resource });
  if (!user) return data({ error: 'unknown user', revoked: null }, { status: 400 });
  // "Every session created up to now": +1 ms so a login in this same millisecond is included.
  await sessions.revokeSubject(user.id, new Date(Date.now() + 1));
  return { error: null, revoked: user.id };
}

export default function Admin() {
  const { admin, users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section>
      <h1>Admin</h1>
      <p>Signed in as {admin}</p>
      {result?.revoked ? <p role="status">Sessions of {result.revoked} revoked.</p> : null}
      {result?.error ? <p role="alert">{result.error}</p> : null}
      <ul>
        {users.map((u) => (
          <li key={u.id}>
            {u.id} ({u.roles.join(', ')}){' '}
            <Form method="post" style={{ display: 'inline' }}>
              <input type="hidden" name="user" value={u.id} />
              <button type="submit">Revoke sessions</button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
