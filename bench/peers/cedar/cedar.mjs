// Cedar peer: @cedar-policy/cedar-wasm (the Node build), policies from policies.cedar, no schema.
//
//   toCedarRequest(input)  the Accord input → Cedar principal/action/resource/context/entities
//   decideCall(call)       statefulIsAuthorized on the policy set parsed once at load
//   decideOnce(call)       isAuthorized, which parses the policy text on every call (the
//                          one-function API most examples show)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
export const POLICY_FILE = new URL('./policies.cedar', import.meta.url);
export const WASM_FILE = join(dirname(require.resolve('@cedar-policy/cedar-wasm/nodejs')), 'cedar_wasm_bg.wasm');
const PSET_ID = 'accord-authz';

const TYPES = { document: 'Document', audit: 'Audit', user: 'Account', page: 'Page' };
const resourceType = (t) => TYPES[t] ?? `T_${String(t).replace(/[^A-Za-z0-9_]/g, '_')}`;

/** The Accord input as a Cedar request (entities built per request; nothing is stored). */
export function toCedarRequest(input) {
  const { subject, session, request, action, resource } = input;
  const principal = subject ? { type: 'User', id: subject.sub } : { type: 'Anonymous', id: 'anonymous' };
  const entities = [];
  if (subject) {
    const attrs = {};
    if (subject.tenant !== undefined) attrs.tenant = subject.tenant;
    if (subject.kind !== undefined) attrs.kind = subject.kind;
    entities.push({ uid: principal, attrs, parents: (subject.roles ?? []).map((id) => ({ type: 'Role', id })) });
  }
  const rtype = resourceType(resource.type);
  const rid = resource.id ?? (resource.type === 'page' ? request.path : '(new)');
  const res = { type: rtype, id: rid };
  const rattrs = {};
  if (resource.tenant !== undefined) rattrs.tenant = resource.tenant;
  if (resource.owner !== undefined) rattrs.owner = { __entity: { type: 'User', id: resource.owner } };
  entities.push({ uid: res, attrs: rattrs, parents: [] });
  const context = { path: request.path, time: request.time };
  if (session) context.session = { revoked: session.revoked, expires_at: session.expires_at };
  return { principal, action: { type: 'Action', id: action }, resource: res, context, entities };
}

export async function loadCedar() {
  const cedar = await import('@cedar-policy/cedar-wasm/nodejs');
  // Policy ids = their @id annotations, so a deny's determining policies read as the Rego reasons.
  const parts = cedar.policySetTextToParts(readFileSync(POLICY_FILE, 'utf8'));
  if (parts.type !== 'success') throw new Error(`cedar: policies do not parse: ${JSON.stringify(parts.errors)}`);
  const staticPolicies = {};
  for (const p of parts.policies) {
    const id = /@id\("([^"]+)"\)/.exec(p)?.[1];
    if (!id || id in staticPolicies) throw new Error(`cedar: every policy needs a unique @id (${p.slice(0, 60)})`);
    staticPolicies[id] = p;
  }
  const policies = { staticPolicies };
  const pre = cedar.preparsePolicySet(PSET_ID, policies);
  if (pre.type !== 'success') throw new Error(`cedar: policies do not parse: ${JSON.stringify(pre.errors)}`);

  const answer = (a) => {
    if (a.type !== 'success') throw new Error(`cedar: ${JSON.stringify(a.errors)}`);
    const r = a.response;
    if (r.diagnostics.errors.length) throw new Error(`cedar: policy errors ${JSON.stringify(r.diagnostics.errors)}`);
    return r.decision === 'allow' ? { allow: true, reasons: [] } : { allow: false, reasons: [...r.diagnostics.reason].sort() };
  };

  return {
    version: cedar.getCedarVersion(),
    /** Prepared call for statefulIsAuthorized. */
    prepare(input) {
      return { ...toCedarRequest(input), preparsedPolicySetId: PSET_ID, validateRequest: false };
    },
    /** Prepared call for isAuthorized (policy text in every call). */
    prepareOnce(input) {
      return { ...toCedarRequest(input), policies, validateRequest: false };
    },
    decideCall: (call) => cedar.statefulIsAuthorized(call).response.decision === 'allow',
    decideOnce: (call) => cedar.isAuthorized(call).response.decision === 'allow',
    /** Full answer with reasons (used by the equality check). */
    check: (input) => answer(cedar.statefulIsAuthorized({ ...toCedarRequest(input), preparsedPolicySetId: PSET_ID, validateRequest: false })),
    checkOnce: (input) => answer(cedar.isAuthorized({ ...toCedarRequest(input), policies, validateRequest: false })),
  };
}
