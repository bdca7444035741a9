// The authorizer of Edge *route handlers*: authoritative like every Node layer — the same policy
// module, the same token checks, and the session store on every decision (over HTTP, see
// http-session-store.ts) — unlike the Edge middleware's precheck.
import policy from '@/generated/policy.wasm?module';
import { POLICY_REVISION } from '@/generated/policy-revision';
import { createAuthorizer, type Authorizer } from '@accord/edge';
import { edgeAuditForwarder, type EdgeAuditForwarder } from '@accord/next';
import { claimsOptions, COOKIE_NAME, internalBaseUrl, internalToken } from './config';
import { HttpSessionStore } from './http-session-store';

let state: { authorizer: Authorizer; audit: EdgeAuditForwarder } | undefined;

export function edgeRouteAccord(): { authorizer: Authorizer; audit: EdgeAuditForwarder } {
  if (!state) {
    const base = internalBaseUrl();
    const token = internalToken();
    if (!base || !token) throw new Error('ACCORD_INTERNAL_URL and ACCORD_INTERNAL_TOKEN are required on Edge');
    const audit = edgeAuditForwarder({ url: `${base}/api/internal/audit`, token });
    const authorizer = createAuthorizer({
      policy,
      revision: POLICY_REVISION,
      claims: claimsOptions(),
      sessions: new HttpSessionStore(base, token),
      audit,
      cookieName: COOKIE_NAME,
    });
    state = { authorizer, audit };
  }
  return state;
}
