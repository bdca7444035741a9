import { safeNextPath } from '@accord/next';
import { login } from './actions';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNextPath(typeof sp.next === 'string' ? sp.next : undefined, '/dashboard');
  return (
    <>
      <h1>Sign in</h1>
      {sp.error ? <p className="deny" data-testid="login-error">Wrong user name or password.</p> : null}
      <form action={login}>
        <input type="hidden" name="next" value={next} />
        <label>
          User <input name="username" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p>
        <small>Demo users: alice (admin, acme), bob (editor, acme), carol (viewer, acme), dave (editor, globex); password: the user name followed by <code>-demo</code>.</small>
      </p>
    </>
  );
}
