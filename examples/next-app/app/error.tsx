'use client';

// Without authInterrupts, Accord's server helpers throw an AccordDeniedError whose digest
// ("ACCORD_FORBIDDEN;<decision id>") survives production builds (accordDenial() in accord/next
// reads it; inlined here to keep server code out of the client bundle).
export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  const d = error.digest ?? '';
  if (d.startsWith('ACCORD_FORBIDDEN;')) return <h1 data-testid="denied">403 — Forbidden (decision {d.slice(17)})</h1>;
  if (d.startsWith('ACCORD_UNAVAILABLE;')) return <h1>503 — Authorization unavailable (decision {d.slice(19)})</h1>;
  return <h1>Something went wrong{d ? ` (${d})` : ''}</h1>;
}
