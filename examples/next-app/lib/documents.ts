// The documents "database": an in-memory map shared by every layer of this one process.
export interface Doc {
  id: string;
  tenant: string;
  owner: string;
  title: string;
  body: string;
  updated_at: number;
}

const SEED: Doc[] = [
  { id: 'd1', tenant: 'acme', owner: 'bob', title: 'Roadmap 2026', body: 'Ship Accord to every layer.', updated_at: 0 },
  { id: 'd2', tenant: 'acme', owner: 'alice', title: 'Budget', body: 'Confidential: acme budget figures.', updated_at: 0 },
  { id: 'd3', tenant: 'acme', owner: 'carol', title: 'Meeting notes', body: 'Notes from the weekly sync.', updated_at: 0 },
  { id: 'g1', tenant: 'globex', owner: 'dave', title: 'Globex plans', body: 'Secret globex plans.', updated_at: 0 },
];

interface DocsState {
  docs: Map<string, Doc>;
  seq: number;
}

const g = globalThis as typeof globalThis & { __accordExampleDocs?: DocsState };

function state(): DocsState {
  return (g.__accordExampleDocs ??= { docs: new Map(SEED.map((d) => [d.id, { ...d, updated_at: Date.now() }])), seq: 0 });
}

/** Raw lookups: no authorisation here. Call them through lib/data.ts (the data access layer). */
export const db = {
  find(id: string): Doc | undefined {
    const d = state().docs.get(id);
    return d ? { ...d } : undefined;
  },
  list(tenant: string): Doc[] {
    return [...state().docs.values()].filter((d) => d.tenant === tenant).map((d) => ({ ...d }));
  },
  create(tenant: string, owner: string, title: string, body: string): Doc {
    const s = state();
    const id = `n${++s.seq}`;
    const doc = { id, tenant, owner, title, body, updated_at: Date.now() };
    s.docs.set(id, doc);
    return { ...doc };
  },
  update(id: string, patch: { title?: string; body?: string }): Doc | undefined {
    const d = state().docs.get(id);
    if (!d) return undefined;
    if (typeof patch.title === 'string') d.title = patch.title.slice(0, 200);
    if (typeof patch.body === 'string') d.body = patch.body.slice(0, 10_000);
    d.updated_at = Date.now();
    return { ...d };
  },
  remove(id: string): boolean {
    return state().docs.delete(id);
  },
};

/** What the policy needs to know about a document (or about a tenant's collection). */
export function docResource(tenant: string, doc?: Doc): Record<string, unknown> {
  return doc ? { type: 'document', id: doc.id, tenant: doc.tenant, owner: doc.owner } : { type: 'document', tenant };
}
