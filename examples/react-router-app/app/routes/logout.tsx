import { redirect, type ActionFunctionArgs } from 'react-router';
import { clearSessionCookie, readSessionCookie } from 'accord/react-router';
import { services } from '../accord.server';

export function loader() {
  return redirect('/');
}

// Logout revokes the server-side session (every layer denies it from the next request on), then
// clears the cookie. The cookie alone is only a handle: clearing it is not what logs out.
export async function action({ request }: ActionFunctionArgs) {
  const { sessions, secureCookies } = services();
  const id = readSessionCookie(request);
  if (id) await sessions.revoke(id).catch(() => false);
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie({ secure: secureCookies }) } });
}
