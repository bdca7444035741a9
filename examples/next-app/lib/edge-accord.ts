// The Edge middleware's authorizer: the SAME compiled policy, imported as a WebAssembly.Module
// (Edge cannot compile bytes) with its revision (sha256, computed by scripts/prepare.mjs). It is
// the engine's Edge precheck — token verified, session id shape checked, policy evaluated — and
// cannot see revocations: routing only.
import policy from '@/generated/policy.wasm?module';
import { POLICY_REVISION } from '@/generated/policy-revision';
import { createEdgeAuthorizer, type EdgeAuthorizer } from '@accord/edge';
import { edgeAuditForwarder, type EdgeAuditForwarder } from '@accord/next';
import { claimsOptions, COOKIE_NAME, internalBaseUrl, internalToken } from './config';

let state: { authorizer: EdgeAuthorizer; audit: EdgeAuditForwarder } | undefined;

export function edgeAccord(): { authorizer: EdgeAuthorizer; audit: EdgeAuditForwarder } {
  if (!state) {
    const base = internalBaseUrl();
    const token = internalToken();
    // Decisions go to the Node process's decision log when it is configured; else console NDJSON.
    const audit = edgeAuditForwarder(base && token ? { url: `${base}/api/internal/audit`, token } : {});
    const authorizer = createEdgeAuthorizer({ policy, revision: POLICY_REVISION, claims: claimsOptions(), audit, cookieName: COOKIE_NAME });
    state = { authorizer, audit };
  }
  return state;
}
