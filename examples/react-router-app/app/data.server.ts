// The example's "database": demo users and documents, in memory. Server-only (`.server`): React
// Router refuses to bundle it for the browser.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly tenant: string;
}

export interface Document {
  readonly id: string;
  readonly tenant: string;
  readonly owner: string;
  title: string;
  body: string;
  updatedBy: string;
  version: number;
}

/** The same users as the Next.js example. */
export const USERS: readonly User[] = [
  { id: 'alice', name: 'Alice', roles: ['admin'], tenant: 'acme' },
  { id: 'bob', name: 'Bob', roles: ['editor'], tenant: 'acme' },
  { id: 'carol', name: 'Carol', roles: ['viewer'], tenant: 'acme' },
  { id: 'dave', name: 'Dave', roles: ['editor'], tenant: 'globex' },
];

/** Demo password for every user (ACCORD_DEMO_PASSWORD overrides it). Never do this for real. */
const DEMO_PASSWORD = process.env.ACCORD_DEMO_PASSWORD ?? 'accord-demo';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The user when the credentials match (constant-time comparison), otherwise undefined. */
export function checkPassword(username: unknown, password: unknown): User | undefined {
  if (typeof username !== 'string' || typeof password !== 'string' || password.length > 256) return undefined;
  const user = USERS.find((u) => u.id === username);
  const ok = timingSafeEqual(digest(password), digest(DEMO_PASSWORD));
  return user && ok ? user : undefined;
}

export function findUser(id: string): User | undefined {
  return USERS.find((u) => u.id === id);
}

function seed(): Map<string, Document> {
  const docs: Document[] = [
    { id: 'roadmap', tenant: 'acme', owner: 'bob', title: 'Acme roadmap', body: 'ACME-ROADMAP-7f3a: ship the widget in Q3.', updatedBy: 'bob', version: 1 },
    { id: 'board', tenant: 'acme', owner: 'alice', title: 'Acme board minutes', body: 'ACME-BOARD-91c2: acquisition approved.', updatedBy: 'alice', version: 1 },
    { id: 'pricing', tenant: 'globex', owner: 'dave', title: 'Globex pricing', body: 'GLOBEX-PRICING-44d8: 30% discount floor.', updatedBy: 'dave', version: 1 },
  ];
  return new Map(docs.map((d) => [d.id, d]));
}

export class DocumentStore {
  private docs = seed();

  /** Server-side only: used to build the authorization resource before anything is returned. */
  get(id: string): Document | undefined {
    return this.docs.get(id);
  }

  listForTenant(tenant: string): Document[] {
    return [...this.docs.values()].filter((d) => d.tenant === tenant);
  }

  update(id: string, patch: { title: string; body: string }, by: string): Document | undefined {
    const d = this.docs.get(id);
    if (!d) return undefined;
    d.title = patch.title;
    d.body = patch.body;
    d.updatedBy = by;
    d.version += 1;
    return d;
  }

  /** Tests: back to the seed data. */
  reset(): void {
    this.docs = seed();
  }
}
