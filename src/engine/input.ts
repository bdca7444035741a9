// The policy input: ONE zod schema (exported so applications can extend it) and ONE function that
// builds the candidate object. Edge-safe.
//
//   subject   verified identity: token claims (sub, roles, tenant, kind, other claims; never `sid`)
//             or, for an API key, the service account recorded in the session store
//   session   the server-side record (times in seconds, like request.time), or
//             { id, unverified: true } on the Edge precheck; absent when there is none
//   request   method, path, time (seconds), ip, allow-listed headers (never cookie/authorization)
//   action    what the caller wants to do ("read", "update", …)
//   resource  what it acts on ({ type, id?, tenant?, owner?, … })
//   layer     which layer asks (a label: it never changes what is checked)
//
// `session.id` is the SHA-256 hex of the session id (the same value as the audit event's
// `session_id_hash`): a session id is a bearer secret for API keys, so the raw value never enters
// the input, the decision or the decision log.
import { z } from 'zod';

export const LAYERS = ['proxy', 'middleware', 'route', 'server_component', 'server_action', 'loader', 'action'] as const;
export const LayerSchema = z.enum(LAYERS);
export type Layer = z.infer<typeof LayerSchema>;

const seconds = z.number().int().nonnegative();
const shortString = z.string().max(256);

/** Verified identity. Extra claims pass through (loose object). */
export const SubjectSchema = z.looseObject({
  sub: z.string().min(1).max(512),
  roles: z.array(z.string().min(1).max(128)).max(64),
  tenant: shortString.optional(),
  kind: z.enum(['user', 'service']),
});
export type Subject = z.infer<typeof SubjectSchema>;

/** What the Node layers pass: the authoritative record (times in seconds since the epoch). */
export const VerifiedSessionSchema = z.strictObject({
  /** SHA-256 hex of the session id. */
  id: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['user', 'service']),
  created_at: seconds,
  expires_at: seconds,
  revoked: z.boolean(),
  revoked_at: seconds.optional(),
  version: z.number().int().positive(),
  auth_time: seconds,
  amr: z.array(z.string().max(64)).max(16).optional(),
});

/** What the Edge precheck passes: the id had the right shape; nothing else is known. */
export const UnverifiedSessionSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  unverified: z.literal(true),
  kind: z.enum(['user', 'service']).optional(),
});

export const SessionInputSchema = z.union([VerifiedSessionSchema, UnverifiedSessionSchema]);
export type SessionInput = z.infer<typeof SessionInputSchema>;

export const RequestInputSchema = z.strictObject({
  method: z.string().regex(/^[A-Z]{1,16}$/),
  /** URL path without query or fragment, as the URL parser normalised it. */
  path: z.string().max(4096).regex(/^\/[^\s?#]*$/),
  /** Decision time, whole seconds since the epoch (the same instant as time.now_ns). */
  time: seconds,
  ip: z.string().max(64).regex(/^[0-9A-Fa-f:.]+$/).optional(),
  /** Allow-listed request headers, lower-case names. Never cookie or authorization. */
  headers: z.record(z.string().max(64), z.string().max(1024)),
});

export const ActionSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:\/-]+$/);

export const ResourceSchema = z.looseObject({
  type: z.string().min(1).max(128),
  id: shortString.optional(),
  tenant: shortString.optional(),
  owner: shortString.optional(),
});

/**
 * The engine's input schema. Extend it for your own resource or extra fields:
 *
 *   const MyInput = AuthzInputSchema.extend({ resource: MyResourceSchema, context: z.object({...}) });
 *   createAuthorizer({ ..., inputSchema: MyInput });
 *
 * Unknown top-level keys are stripped by the default schema (extend it to keep them).
 */
export const AuthzInputSchema = z.object({
  subject: SubjectSchema.optional(),
  session: SessionInputSchema.optional(),
  request: RequestInputSchema,
  action: ActionSchema,
  resource: ResourceSchema,
  layer: LayerSchema,
});
export type AuthzInput = z.infer<typeof AuthzInputSchema>;

/** The part of a zod schema the engine uses (so an extended or replaced schema fits). */
export interface InputSchemaLike {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; code: string }> } };
}

export interface CandidateParts {
  subject?: Record<string, unknown>;
  session?: Record<string, unknown>;
  request: Record<string, unknown>;
  action: unknown;
  resource: unknown;
  layer: unknown;
  extra?: Record<string, unknown>;
}

const ENGINE_KEYS = new Set(['subject', 'session', 'request', 'action', 'resource', 'layer']);

/** The one function that assembles the candidate input (validated afterwards by the schema). */
export function buildInput(parts: CandidateParts): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (parts.extra) {
    for (const k of Object.keys(parts.extra)) if (!ENGINE_KEYS.has(k)) input[k] = parts.extra[k];
  }
  if (parts.subject) input.subject = parts.subject;
  if (parts.session) input.session = parts.session;
  input.request = parts.request;
  input.action = parts.action;
  input.resource = parts.resource;
  input.layer = parts.layer;
  return input;
}

/** Issue summary for the audit event: paths and codes only, never values. */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; code: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`)
    .join('; ');
}
