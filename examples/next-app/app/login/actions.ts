'use server';
import { redirect } from 'next/navigation';
import { loginLocation, safeNextPath } from '@accord/next';
import { checkPassword, startSession } from '@/lib/auth';

/** Public action: check the password, create the session, set the cookie, redirect. */
export async function login(formData: FormData): Promise<void> {
  const username = String(formData.get('username') ?? '').slice(0, 64);
  const password = String(formData.get('password') ?? '').slice(0, 256);
  const next = safeNextPath(formData.get('next'), '/dashboard');
  const user = checkPassword(username, password);
  if (!user) {
    const back = loginLocation('/login', next);
    redirect(`${back}${back.includes('?') ? '&' : '?'}error=1`);
  }
  await startSession(user);
  // The cookie set above is visible to the render of `next` in this same response (cookies()),
  // and to the browser's following requests.
  redirect(next.startsWith('/login') ? '/dashboard' : next);
}
