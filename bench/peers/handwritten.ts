// The floor: policies/authz.rego written by hand as one TypeScript function over the same input.
// Same answer, same reasons (sorted), no interpreter, no boundary. bench/peers.mjs transpiles it
// with esbuild (types stripped, nothing else) and checks it against Accord case by case.

interface Input {
  subject?: { sub?: string; roles?: readonly string[]; tenant?: string; kind?: string };
  session?: { revoked?: boolean; expires_at?: number };
  request: { path?: string; time?: number };
  action: string;
  resource: { type: string; tenant?: string; owner?: string };
}

export interface Answer {
  allow: boolean;
  reasons: string[];
}

const PUBLIC_PATHS = new Set(['/', '/login', '/api/health']);

// role → resource type → actions (role_permissions in the Rego policy).
const ROLE_PERMISSIONS: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>> = new Map([
  [
    'admin',
    new Map([
      ['document', new Set(['read', 'create', 'update', 'delete'])],
      ['audit', new Set(['read'])],
      ['user', new Set(['read', 'revoke'])],
      ['page', new Set(['read'])],
    ]),
  ],
  ['editor', new Map([['document', new Set(['read', 'create', 'update', 'delete'])], ['page', new Set(['read'])]])],
  ['viewer', new Map([['document', new Set(['read'])], ['page', new Set(['read'])]])],
  ['ci', new Map([['document', new Set(['read'])]])],
]);

const ALLOWED: Answer = Object.freeze({ allow: true, reasons: [] }) as Answer;

export function decide(input: Input): Answer {
  const { subject, session, request, action, resource } = input;

  // allow if public
  if (action === 'read' && resource.type === 'page' && request.path !== undefined && PUBLIC_PATHS.has(request.path)) {
    return ALLOWED;
  }

  const deny: string[] = [];
  if (!session) deny.push('no session');
  else {
    if (session.revoked === true) deny.push('session revoked');
    // Rego: an undefined operand makes the comparison undefined (no deny).
    if (typeof session.expires_at === 'number' && typeof request.time === 'number' && session.expires_at <= request.time) {
      deny.push('session expired');
    }
  }
  if (resource.tenant !== undefined && subject?.tenant !== undefined && resource.tenant !== subject.tenant) {
    deny.push('tenant mismatch');
  }
  const roles = subject?.roles ?? [];
  if (
    resource.type === 'document' &&
    (action === 'update' || action === 'delete') &&
    !roles.includes('admin') &&
    resource.owner !== undefined &&
    subject?.sub !== undefined &&
    resource.owner !== subject.sub
  ) {
    deny.push('not the owner');
  }
  if (subject?.kind === 'service' && resource.type === 'page') deny.push('service accounts cannot use pages');

  if (deny.length === 0) {
    for (const role of roles) {
      if (ROLE_PERMISSIONS.get(role)?.get(resource.type)?.has(action)) return ALLOWED;
    }
  }
  return { allow: false, reasons: deny.sort() };
}
