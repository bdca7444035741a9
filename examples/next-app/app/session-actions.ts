'use server';
// Sign-out and "revoke all my sessions". Both are server actions, so both are authorised on every
// call (a signed-in human: `read page`) before they touch anything.
import { redirect } from 'next/navigation';
import type { ActionContext } from '@accord/next/server';
import { authorizedAction } from '@/lib/accord';
import { clearCookie, currentClaims } from '@/lib/auth';
import { accordState } from '@/lib/state';

const signedIn = { action: 'read', resource: { type: 'page' }, path: '/dashboard' };

export const logout = authorizedAction(signedIn, async (_ctx: ActionContext) => {
  const claims = await currentClaims();
  if (claims) await accordState().sessions.revoke(claims.sid);
  await clearCookie();
  redirect('/login');
});

export const revokeAllMySessions = authorizedAction(signedIn, async ({ subject }: ActionContext) => {
  // Every session of this user created up to now, this one included, on every device.
  if (subject) await accordState().sessions.revokeSubject(subject, new Date(Date.now() + 1));
  await clearCookie();
  redirect('/login?revoked=1');
});
