// Casbin peer: node-casbin's Enforcer with model.conf + policy.csv (file adapter), enforceSync.
//
//   toCasbinRequest(input)  the Accord input → [sub, dom, obj, act, env]
//   enforce(args)           enforcer.enforceSync(...args)
//
// Casbin answers a boolean: no reasons (enforceExSync names the one policy line that allowed).
import { fileURLToPath } from 'node:url';

export const MODEL_FILE = fileURLToPath(new URL('./model.conf', import.meta.url));
export const POLICY_FILE = fileURLToPath(new URL('./policy.csv', import.meta.url));

export function toCasbinRequest(input) {
  const { subject, session, request, action, resource } = input;
  const sub = subject?.sub ?? '';
  const dom = resource.tenant ?? subject?.tenant ?? '';
  const obj = resource.type === 'page' ? `/page${request.path}` : `/${resource.type}/${resource.id ?? '_new'}`;
  const env = {
    session: session !== undefined,
    revoked: session?.revoked === true,
    expires_at: session?.expires_at ?? 0,
    time: request.time,
    has_owner: resource.owner !== undefined,
    owner: resource.owner ?? '',
    kind: subject?.kind ?? '',
  };
  return [sub, dom, obj, action, env];
}

export async function loadCasbin() {
  const casbin = await import('casbin');
  const enforcer = await casbin.newEnforcer(MODEL_FILE, POLICY_FILE);
  return {
    enforcer,
    enforce: (args) => enforcer.enforceSync(...args),
    /** Roles the g table gives `user` in `tenant` (to check the table matches the tokens). */
    rolesIn: (user, tenant) => enforcer.getRolesForUserInDomain(user, tenant),
  };
}
