// The shared scenario for bench/peers.mjs: one table of allow and deny cases in the input shape
// Accord's engine builds for policies/authz.rego (subject, session, request, action, resource).
// Every peer is asked the same questions; bench/peers.mjs aborts if any answer differs from
// Accord's before anything is timed.
//
// The subjects are a small user directory: every user has ONE role set in ONE tenant. Casbin
// keeps role assignments in its own `g` table (bench/peers/casbin/policy.csv), so that table has
// to say the same thing as the tokens; bench/peers.mjs checks it does.

export const TIME = 1_900_000_000; // request.time, seconds
const live = { revoked: false, expires_at: 2_000_000_000 };
const revoked = { revoked: true, expires_at: 2_000_000_000 };
const expired = { revoked: false, expires_at: 1_800_000_000 };

export const USERS = {
  alice: { sub: 'alice', roles: ['admin'], tenant: 'acme', kind: 'user' },
  bob: { sub: 'bob', roles: ['editor'], tenant: 'acme', kind: 'user' },
  carol: { sub: 'carol', roles: ['viewer'], tenant: 'acme', kind: 'user' },
  dave: { sub: 'dave', roles: ['viewer', 'editor'], tenant: 'acme', kind: 'user' },
  erin: { sub: 'erin', roles: ['editor'], tenant: 'globex', kind: 'user' },
  frank: { sub: 'frank', roles: ['auditor'], tenant: 'acme', kind: 'user' }, // a role the policy does not know
  'ci-bot': { sub: 'ci-bot', roles: ['ci'], tenant: 'acme', kind: 'service' },
};

const doc = (owner, tenant = 'acme', id = 'd-1') => ({ type: 'document', id, tenant, owner });
const page = { type: 'page' };

/** [name, subject key (or null: anonymous), session, method, path, action, resource, expected allow] */
const rows = [
  ['admin reads a document', 'alice', live, 'GET', '/documents/d-1', 'read', doc('bob'), true],
  ['admin updates a document it does not own', 'alice', live, 'PUT', '/documents/d-1', 'update', doc('bob'), true],
  ['admin reads the audit log', 'alice', live, 'GET', '/audit', 'read', { type: 'audit', id: 'a-1', tenant: 'acme' }, true],
  ['admin revokes a user', 'alice', live, 'POST', '/users/carol/revoke', 'revoke', { type: 'user', id: 'carol', tenant: 'acme' }, true],
  ['editor updates own document', 'bob', live, 'PUT', '/documents/d-1', 'update', doc('bob'), true],
  ['editor creates a document', 'bob', live, 'POST', '/documents', 'create', { type: 'document', tenant: 'acme' }, true],
  ['editor updates a document it does not own', 'bob', live, 'PUT', '/documents/d-2', 'update', doc('carol', 'acme', 'd-2'), false],
  ['editor deletes a document it does not own', 'bob', live, 'DELETE', '/documents/d-2', 'delete', doc('carol', 'acme', 'd-2'), false],
  ['editor reads the audit log', 'bob', live, 'GET', '/audit', 'read', { type: 'audit', id: 'a-1', tenant: 'acme' }, false],
  ['viewer reads a document', 'carol', live, 'GET', '/documents/d-1', 'read', doc('bob'), true],
  ['viewer updates own document', 'carol', live, 'PUT', '/documents/d-3', 'update', doc('carol', 'acme', 'd-3'), false],
  ['viewer+editor deletes own document', 'dave', live, 'DELETE', '/documents/d-4', 'delete', doc('dave', 'acme', 'd-4'), true],
  ['cross-tenant read', 'erin', live, 'GET', '/documents/d-1', 'read', doc('bob'), false],
  ['cross-tenant update, not owner, revoked', 'erin', revoked, 'PUT', '/documents/d-1', 'update', doc('bob'), false],
  ['revoked session', 'bob', revoked, 'GET', '/documents/d-1', 'read', doc('bob'), false],
  ['expired session', 'bob', expired, 'GET', '/documents/d-1', 'read', doc('bob'), false],
  ['token without a session', 'bob', undefined, 'GET', '/documents/d-1', 'read', doc('bob'), false],
  ['unknown role', 'frank', live, 'GET', '/documents/d-1', 'read', doc('bob'), false],
  ['public page, anonymous', null, undefined, 'GET', '/login', 'read', page, true],
  ['private page, anonymous', null, undefined, 'GET', '/settings', 'read', page, false],
  ['private page, viewer', 'carol', live, 'GET', '/settings', 'read', page, true],
  ['private page, expired session', 'carol', expired, 'GET', '/settings', 'read', page, false],
  ['service account reads a document', 'ci-bot', live, 'GET', '/api/documents/d-1', 'read', doc('bob'), true],
  ['service account updates a document', 'ci-bot', live, 'PUT', '/api/documents/d-1', 'update', doc('bob'), false],
  ['service account on a private page', 'ci-bot', live, 'GET', '/settings', 'read', page, false],
  ['service account on a public page', 'ci-bot', live, 'GET', '/api/health', 'read', page, true],
];

export const CASES = rows.map(([name, who, session, method, path, action, resource, expect]) => {
  const input = {};
  if (who) input.subject = USERS[who];
  if (session) input.session = session;
  input.request = { method, path, time: TIME };
  input.action = action;
  input.resource = resource;
  return { name, input, expect };
});

/** `input` padded to about `bytes` of JSON with request headers no policy reads. */
export function padInput(input, bytes) {
  const out = structuredClone(input);
  out.request.headers = {};
  let size = JSON.stringify(out).length;
  for (let i = 0; size < bytes; i++) {
    const key = `x-pad-${i}`;
    const value = 'v'.repeat(Math.max(1, Math.min(1000, bytes - size - key.length - 6)));
    out.request.headers[key] = value;
    size += key.length + value.length + 6;
  }
  return out;
}
