'use server';
// Document mutations. Each call is authorised by the policy (layer server_action) with the
// document's real tenant and owner, whatever page the form was on.
import { notFound, redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import type { ActionContext } from '@accord/next/server';
import { authorizedAction } from '@/lib/accord';
import { db, docResource } from '@/lib/documents';

const text = (fd: FormData, k: string, max: number) => String(fd.get(k) ?? '').slice(0, max);

export const createDocument = authorizedAction(
  { action: 'create', resource: (tenant: string) => docResource(tenant), path: (tenant: string) => `/t/${tenant}/docs` },
  async ({ subject }: ActionContext, tenant: string, formData: FormData) => {
    const doc = db.create(tenant, subject ?? 'unknown', text(formData, 'title', 200) || 'Untitled', text(formData, 'body', 10_000));
    revalidatePath(`/t/${tenant}/docs`);
    redirect(`/t/${tenant}/docs/${doc.id}`);
  },
);

export const saveDocument = authorizedAction(
  {
    action: 'update',
    // The stored document decides tenant and owner; the path's tenant only when it does not exist.
    resource: (tenant: string, id: string) => docResource(tenant, db.find(id)),
    path: (tenant: string, id: string) => `/t/${tenant}/docs/${id}/edit`,
  },
  async (_ctx: ActionContext, tenant: string, id: string, formData: FormData) => {
    const doc = db.find(id);
    if (!doc || doc.tenant !== tenant) notFound();
    db.update(id, { title: text(formData, 'title', 200), body: text(formData, 'body', 10_000) });
    revalidatePath(`/t/${tenant}/docs/${id}`);
    redirect(`/t/${tenant}/docs/${id}`);
  },
);
