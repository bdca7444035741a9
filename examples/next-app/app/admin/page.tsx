import { authorize } from '@/lib/accord';
import { USERS, findUser } from '@/lib/users';
import { revokeUser } from './actions';

export default async function AdminPage() {
  const decision = await authorize('read', { type: 'user' }, { path: '/admin' });
  const me = findUser(decision.subject ?? '');
  const users = USERS.filter((u) => u.tenant === me?.tenant);
  return (
    <>
      <h1 data-testid="admin">Users of {me?.tenant}</h1>
      <table>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.roles.join(', ')}</td>
              <td>
                <form action={revokeUser} className="inline">
                  <input type="hidden" name="user" value={u.id} />
                  <button type="submit" data-testid={`revoke-${u.id}`}>Revoke all sessions</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
