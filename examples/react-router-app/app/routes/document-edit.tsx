import { data, Form, redirect, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs } from 'react-router';
import { services } from '../accord.server';
import { authorizeDocument } from '../authz.server';

export const headers = () => ({ 'Cache-Control': 'private, no-store' });

// The form itself is only served to someone allowed to update: a viewer gets 403, not a form.
export async function loader(args: LoaderFunctionArgs) {
  const { doc } = await authorizeDocument(args, 'update', args.params.id ?? '');
  return { document: { id: doc.id, title: doc.title, body: doc.body, version: doc.version } };
}

// The action decides on its own (layer "action") before it reads the form or touches the store:
// having been shown the form proves nothing (the session may have been revoked since).
export async function action(args: ActionFunctionArgs) {
  const { doc, subject } = await authorizeDocument(args, 'update', args.params.id ?? '');
  const form = await args.request.formData();
  const title = form.get('title');
  const body = form.get('body');
  if (typeof title !== 'string' || typeof body !== 'string' || title.trim() === '' || title.length > 200 || body.length > 10_000) {
    return data({ error: 'A title (≤ 200 characters) and a body (≤ 10 000) are required.' }, { status: 400 });
  }
  services().documents.update(doc.id, { title: title.trim(), body }, subject.sub);
  return redirect(`/documents/${doc.id}`);
}

export default function EditDocument() {
  const { document: doc } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section>
      <h1>Edit · {doc.title}</h1>
      {result?.error ? <p role="alert">{result.error}</p> : null}
      <Form method="post">
        <label>
          Title <input name="title" defaultValue={doc.title} />
        </label>
        <label>
          Body <textarea name="body" defaultValue={doc.body} />
        </label>
        <button type="submit">Save</button>
      </Form>
    </section>
  );
}
