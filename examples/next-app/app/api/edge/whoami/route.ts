// A route handler on the Edge runtime, authorised by the same withAuthorization as the Node ones:
// the policy arrives as a WebAssembly.Module, the session is read over HTTP on every call, so a
// revocation is seen here as fast as anywhere else.
import { createRouteAuthorization } from '@accord/next';
import { edgeRouteAccord } from '@/lib/edge-route-accord';

export const runtime = 'edge';

const withAuthorization = createRouteAuthorization({
  authorizer: () => edgeRouteAccord().authorizer,
  audit: () => edgeRouteAccord().audit,
});

export const GET = withAuthorization(
  async (_req, { decision, subject }) =>
    Response.json({ subject, runtime: typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string' ? 'edge' : 'node', decision_id: decision.decision_id, policy_revision: decision.policy_revision }),
  { action: 'read', resource: { type: 'page' } },
);
