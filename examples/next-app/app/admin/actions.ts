'use server';
import { revalidatePath } from 'next/cache';
import type { ActionContext } from '@accord/next/server';
import { authorizedAction } from '@/lib/accord';
import { accordState } from '@/lib/state';
import { findUser } from '@/lib/users';

/** Admin: revoke every session of a user of the admin's tenant (policy: `revoke` on `user`). */
export const revokeUser = authorizedAction(
  {
    action: 'revoke',
    resource: (formData: FormData) => {
      const id = String(formData.get('user') ?? '').slice(0, 64);
      // Unknown users get a tenant no one has: denied, like a user of another tenant.
      return { type: 'user', id, tenant: findUser(id)?.tenant ?? '-' };
    },
    path: '/admin',
  },
  async (_ctx: ActionContext, formData: FormData) => {
    const id = String(formData.get('user') ?? '');
    await accordState().sessions.revokeSubject(id, new Date(Date.now() + 1));
    revalidatePath('/admin');
  },
);
