import Link from 'next/link';
import { authorize, check } from '@/lib/accord';
import { findUser } from '@/lib/users';
import { logout, revokeAllMySessions } from '../session-actions';

export default async function Dashboard() {
  const decision = await authorize('read', { type: 'page' }, { path: '/dashboard' });
  const user = findUser(decision.subject ?? '');
  const isAdmin = (await check('read', { type: 'audit' }, { path: '/dashboard' })).allow;
  return (
    <>
      <h1 data-testid="dashboard">Dashboard</h1>
      <p data-testid="whoami">
        Signed in as <strong>{user?.name ?? decision.subject}</strong> ({user?.roles.join(', ')}, tenant {user?.tenant})
      </p>
      <ul>
        {user ? (
          <li>
            <Link href={`/t/${user.tenant}/docs`}>Documents of {user.tenant}</Link>
          </li>
        ) : null}
        {isAdmin ? (
          <>
            <li>
              <Link href="/admin">Admin: users and sessions</Link>
            </li>
            <li>
              <Link href="/audit">Audit log</Link>
            </li>
          </>
        ) : null}
      </ul>
      <form action={logout} className="inline">
        <button type="submit" data-testid="logout">Log out</button>
      </form>{' '}
      <form action={revokeAllMySessions} className="inline">
        <button type="submit" data-testid="revoke-mine">Revoke all my sessions</button>
      </form>
      <p>
        <small>
          request <code>{decision.request_id}</code> · policy <code>{decision.policy_revision.slice(0, 12)}</code>
        </small>
      </p>
    </>
  );
}
