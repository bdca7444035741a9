// What the proxy / middleware asks the policy for each path (coarse, routing-level checks; the
// handlers and components ask the precise questions). Shared by gate/proxy.ts and
// gate/middleware.ts. Edge-safe.
import type { Target } from '@accord/next';

const METHOD_ACTION: Record<string, string> = { GET: 'read', HEAD: 'read', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };
const TENANT_API = /^\/api\/t\/([a-z0-9-]{1,64})\/documents(?:\/[^/]+)?\/?$/;
const TENANT_PAGE = /^\/t\/([a-z0-9-]{1,64})(?:\/|$)/;

export function gateTarget(request: { method: string; nextUrl: { pathname: string } }): Target | null {
  const path = request.nextUrl.pathname;
  // Machine-to-machine endpoints (Edge → Node) authenticate with their own shared token.
  if (path.startsWith('/api/internal/')) return null;
  let m = TENANT_API.exec(path);
  if (m) return { action: METHOD_ACTION[request.method] ?? 'unknown', resource: { type: 'document', tenant: m[1] } };
  if (path === '/api/audit') return { action: 'read', resource: { type: 'audit' } };
  if (path.startsWith('/api/')) return { action: 'read', resource: { type: 'page' } }; // /api/health is public in the policy
  if (path === '/admin' || path.startsWith('/admin/')) return { action: 'read', resource: { type: 'user' } };
  if (path === '/audit' || path.startsWith('/audit/')) return { action: 'read', resource: { type: 'audit' } };
  m = TENANT_PAGE.exec(path);
  if (m) return { action: 'read', resource: { type: 'page', tenant: m[1] } };
  // Everything else is a page: public ones (/, /login) are allowed by the policy itself.
  return { action: 'read', resource: { type: 'page' } };
}
