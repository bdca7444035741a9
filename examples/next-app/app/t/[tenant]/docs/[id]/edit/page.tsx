import { getDocument } from '@/lib/data';
import { saveDocument } from '../../actions';

export default async function EditDocumentPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const doc = await getDocument(tenant, id, 'update'); // authorises `update` on this document
  return (
    <>
      <h1>Edit “{doc.title}”</h1>
      <form action={saveDocument.bind(null, tenant, id)} data-testid="edit-form">
        <label>
          Title <input name="title" defaultValue={doc.title} required />
        </label>
        <label>
          Body <textarea name="body" rows={6} defaultValue={doc.body} />
        </label>
        <button type="submit" data-testid="save">Save</button>
      </form>
    </>
  );
}
