// An embeddable document card. /embed is outside the proxy/middleware matcher (widgets must be
// cheap): the server component's own check — the same policy, token and session — protects it.
import { getDocument } from '@/lib/data';

export default async function EmbeddedDocument({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const doc = await getDocument(tenant, id);
  return (
    <article>
      <h1 data-testid="doc-title">{doc.title}</h1>
      <p data-testid="doc-body">{doc.body}</p>
    </article>
  );
}
