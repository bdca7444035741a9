import { data, Form, redirect, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs } from 'react-router';
import { readSessionCookie, safeNext, serializeSessionCookie } from 'accord/react-router';
import { SESSION_TTL_MS, services } from '../accord.server';
import { checkPassword } from '../data.server';

const DEFAULT_AFTER_LOGIN = '/documents';

export function loader({ request }: LoaderFunctionArgs) {
  // Only a safe (same-origin, relative) value is ever put back into the form.
  const next = safeNext(new URL(request.url).searchParams.get('next'), DEFAULT_AFTER_LOGIN);
  return { next };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = checkPassword(form.get('username'), form.get('password'));
  if (!user) return data({ error: 'Unknown user or wrong password.' }, { status: 401 });

  const { sessions, secureCookies } = services();
  // Session fixation: a login always starts a new session; the previous one (if any) is revoked.
  const previous = readSessionCookie(request);
  if (previous) await sessions.revoke(previous).catch(() => false);
  const session = await sessions.create({
    subject: user.id,
    kind: 'user',
    ttlMs: SESSION_TTL_MS,
    amr: ['pwd'],
    metadata: { roles: [...user.roles], tenant: user.tenant },
  });
  const cookie = serializeSessionCookie(session.id, { maxAge: SESSION_TTL_MS / 1000, secure: secureCookies });
  // The form's `next` is attacker-controlled: redirect only to a same-origin relative path.
  return redirect(safeNext(form.get('next'), DEFAULT_AFTER_LOGIN), { headers: { 'Set-Cookie': cookie } });
}

export default function Login() {
  const { next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section>
      <h1>Log in</h1>
      {result?.error ? <p role="alert">{result.error}</p> : null}
      {/* Explicit action: the raw query string (possibly a hostile next) is never reflected. */}
      <Form method="post" action="/login">
        <input type="hidden" name="next" value={next} />
        <label>
          User <input name="username" autoComplete="username" />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" />
        </label>
        <button type="submit">Log in</button>
      </Form>
    </section>
  );
}
