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
import { deepFreeze } from '../claims/freeze.js';

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

const ACTION_PATTERN = /^[A-Za-z0-9_.:\/-]+$/;
export const ActionSchema = z.string().min(1).max(128).regex(ACTION_PATTERN);

export const ResourceSchema = z.looseObject({
  type: z.string().min(1).max(128),
  id: shortString.optional(),
  tenant: shortString.optional(),
  owner: shortString.optional(),
});

// ── The default schema's action, resource and layer, written out ──────────────────────────────
// zod's parse of these three parts is most of what validation costs per decision on a busy
// server (generic code, run cache-cold between requests). For the default schema only, the checks
// below run first: each returns exactly the value zod's parse returns, or undefined when the value
// is not one they accept — zod then parses the input and reports the issues. They never accept
// what zod refuses: test/engine/input-fast.test.ts runs both on generated inputs and compares
// verdicts and output. Change a schema above, change its check here (the test will tell).

const LAYER_NAMES: ReadonlySet<unknown> = new Set(LAYERS);

/** True for one of LAYERS (what LayerSchema accepts). */
export function isLayer(value: unknown): value is Layer {
  return LAYER_NAMES.has(value);
}
const RESOURCE_OPTIONAL = ['id', 'tenant', 'owner'] as const;
const RESOURCE_KEYS: ReadonlySet<string> = new Set(['type', ...RESOURCE_OPTIONAL]);

/** True for an object whose own values are all primitives (nothing nested the caller could change). */
function flatValues(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  for (const k in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== null && typeof v === 'object') return false;
  }
  return true;
}

function fastAction(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 128 && ACTION_PATTERN.test(value);
}

/** ResourceSchema's output for a plain object it accepts (known keys in shape order, then the others), else undefined. */
function fastResource(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const r = value as Record<string, unknown>;
  const type = r.type;
  if (typeof type !== 'string' || type.length < 1 || type.length > 128) return undefined;
  const out: Record<string, unknown> = { type };
  for (const k of RESOURCE_OPTIONAL) {
    const v = r[k];
    if (v === undefined) {
      if (k in r) out[k] = undefined;
    } else if (typeof v === 'string' && v.length <= 256) out[k] = v;
    else return undefined;
  }
  for (const k of Object.keys(r)) {
    if (RESOURCE_KEYS.has(k)) continue;
    if (k === '__proto__') return undefined; // let zod decide what such a key means
    out[k] = r[k];
  }
  return out;
}

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

type Issues = ReadonlyArray<{ path: PropertyKey[]; code: string }>;

/** The outcome of validating one decision's input. */
export type InputCheck =
  | {
      ok: true;
      /** The input the policy evaluates and the audit event records. */
      value: Record<string, unknown>;
      /** JSON.stringify(value), built from the memoised parts' own JSON where there are some. */
      json: string;
      /** `value.subject`, deep-frozen (the Decision's identity), when there is one. */
      subject: Readonly<Subject> | undefined;
      /**
       * True when `value` shares no mutable object with the caller (every part sealed, copied or
       * a primitive), so it still holds what `json` says after the caller changes its own objects.
       * The audit event may then reuse `json`; otherwise it records a snapshot parsed from it.
       */
      detached: boolean;
    }
  | { ok: false; issues: Issues };

/** A validated input part: its parsed, deep-frozen value and that value's JSON. */
export interface ValidatedPart {
  readonly value: Record<string, unknown>;
  readonly json: string;
}

/**
 * Where the validator may keep the validated form of one SEALED part: an object the engine built
 * itself from an immutable source and deep-froze, which it hands over on every decision that
 * uses it (the subject of a verified token: one per cached payload; the session input of a
 * frozen store record). The engine owns the slot (next to the part); the validator fills it.
 */
export interface PartSlot {
  validated?: ValidatedPart;
}

/** Sealed parts of one decision and their slots (see PartSlot). */
export interface SealedSlots {
  subject?: PartSlot;
  session?: PartSlot;
  /**
   * `parts.request` was built by the engine from strings and finite numbers only (a plain object
   * of them): its JSON text determines its value, so its verdict may be memoised by that text.
   */
  plainRequest?: boolean;
}

/** Validates candidate inputs against one schema (see validatorFor). */
export interface InputValidator {
  validate(parts: CandidateParts, sealed?: SealedSlots): InputCheck;
}

/** Deep-freezes a plain JSON-like value (objects and arrays), in place (shared with the claims verifier). */
export { deepFreeze };

type EnginePart = 'subject' | 'session' | 'request';
const ENGINE_PART_SCHEMAS: ReadonlyArray<[EnginePart, unknown]> = [
  ['subject', AuthzInputSchema.shape.subject],
  ['session', AuthzInputSchema.shape.session],
  ['request', AuthzInputSchema.shape.request],
];
/** Request parts remembered per validator (by JSON text), cleared when full. */
const REQUEST_MEMO_MAX = 1024;
/** Stands in for a part validated on its own: passes the validated value through untouched. */
const VALIDATED_PART = z.any().optional();

/** Issue code for a validated input that JSON cannot carry to the policy (a BigInt, a cycle). */
const NOT_JSON = 'not_json';

function prefixed(issues: Issues, key: string): Issues {
  return issues.map((i) => ({ path: [key, ...i.path], code: i.code }));
}

function subjectOf(value: Record<string, unknown>): Subject | undefined {
  const s = value.subject;
  return s !== null && typeof s === 'object' ? (s as Subject) : undefined;
}

function wholeValidator(schema: InputSchemaLike): InputValidator {
  return {
    validate(parts) {
      const parsed = schema.safeParse(buildInput(parts));
      if (!parsed.success) return { ok: false, issues: parsed.error.issues };
      const value = parsed.data as Record<string, unknown>;
      let json: string;
      try {
        json = JSON.stringify(value);
      } catch {
        return { ok: false, issues: [{ path: [], code: NOT_JSON }] };
      }
      return { ok: true, value, json, subject: deepFreeze(subjectOf(value)), detached: false };
    },
  };
}

const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 256) quotedKeys.set(key, q);
  }
  return q;
}

/**
 * The validator of a plain object schema (no object-level refinement) that keeps some of the
 * engine's own part schemas (`subject`, `session`, `request`): AuthzInputSchema and its
 * `.extend()` / `.strict()` / `.loose()` variants, the documented way to add resource fields or
 * extra input. Those parts are validated on their own, the rest of the input by the schema
 * itself with the validated parts passed through untouched.
 *
 * Why this is exactly as strict as parsing the whole input on every decision: the engine's part
 * schemas are pure (no refinement reads anything but the value), so equal values always get
 * the same verdict and the same parsed output.
 *   - A sealed subject or session is deep-frozen: its value cannot change, so it is validated on
 *     its first decision and its frozen output (and that output's JSON) reused while it lives.
 *     It is built once per verified token (subject) or per frozen store record (session).
 *   - A plain request part (built by the engine from strings and finite numbers) is identified
 *     by its JSON text: a request equal to one already validated reuses that verdict.
 *   - Everything else — action, resource, layer, extra input, a subject or session that is not
 *     sealed (an API key's subject from `sessionSubject`, a record read over the network), a
 *     request carrying anything but strings and numbers — is parsed on every decision.
 * Failures are never remembered.
 */
function splitValidator(schema: z.ZodObject): InputValidator | undefined {
  const shape = schema.shape as Record<string, unknown>;
  const own = new Map<EnginePart, InputSchemaLike>();
  const passThrough: Record<string, typeof VALIDATED_PART> = {};
  for (const [key, engineSchema] of ENGINE_PART_SCHEMAS) {
    if (shape[key] !== engineSchema) continue;
    own.set(key, engineSchema as InputSchemaLike);
    passThrough[key] = VALIDATED_PART;
  }
  if (own.size === 0) return undefined;
  const rest = schema.extend(passThrough) as unknown as InputSchemaLike;
  const requests = new Map<string, ValidatedPart>();
  // The written-out checks apply to the default schema only.
  const fast = (schema as unknown) === AuthzInputSchema;

  /**
   * The default schema's output for these parts when the written-out checks accept them (see
   * fastResource), else undefined. Unknown top-level keys (`extra`) are stripped, as zod does.
   */
  function fastRest(parts: CandidateParts, subject: unknown, session: unknown, request: unknown): Record<string, unknown> | undefined {
    const { action, layer } = parts;
    if (!fastAction(action) || !isLayer(layer)) return undefined;
    const resource = fastResource(parts.resource);
    if (resource === undefined) return undefined;
    const value: Record<string, unknown> = {};
    if (subject) value.subject = subject;
    if (session) value.session = session;
    value.request = request;
    value.action = action;
    value.resource = resource;
    value.layer = layer;
    return value;
  }

  /** One of the engine's parts, parsed on its own (kept in `slot` when given). */
  function part(key: EnginePart, value: Record<string, unknown>, slot: PartSlot | undefined): ValidatedPart | Issues {
    if (slot?.validated !== undefined) return slot.validated;
    const parsed = (own.get(key) as InputSchemaLike).safeParse(value);
    if (!parsed.success) return prefixed(parsed.error.issues, key);
    const out = deepFreeze(parsed.data as Record<string, unknown>);
    const validated: ValidatedPart = { value: out, json: JSON.stringify(out) };
    if (slot !== undefined) slot.validated = validated;
    return validated;
  }

  function request(value: Record<string, unknown>, plain: boolean): ValidatedPart | Issues {
    if (!plain) return part('request', value, undefined);
    const text = JSON.stringify(value);
    const known = requests.get(text);
    if (known !== undefined) return known;
    const r = part('request', value, undefined);
    if (!Array.isArray(r)) {
      if (requests.size >= REQUEST_MEMO_MAX) requests.clear();
      requests.set(text, r as ValidatedPart);
    }
    return r;
  }

  return {
    validate(parts, sealed) {
      let subject: ValidatedPart | undefined;
      let session: ValidatedPart | undefined;
      let req: ValidatedPart | undefined;
      if (parts.subject !== undefined && own.has('subject')) {
        const r = part('subject', parts.subject, sealed?.subject);
        if (Array.isArray(r)) return { ok: false, issues: r };
        subject = r as ValidatedPart;
      }
      if (parts.session !== undefined && own.has('session')) {
        const r = part('session', parts.session, sealed?.session);
        if (Array.isArray(r)) return { ok: false, issues: r };
        session = r as ValidatedPart;
      }
      if (own.has('request')) {
        const r = request(parts.request, sealed?.plainRequest === true);
        if (Array.isArray(r)) return { ok: false, issues: r };
        req = r as ValidatedPart;
      }
      const subjectValue = subject ? subject.value : parts.subject;
      const sessionValue = session ? session.value : parts.session;
      const requestValue = req ? req.value : parts.request;
      let value = fast ? fastRest(parts, subjectValue, sessionValue, requestValue) : undefined;
      // The fast path's value is the caller's only through the resource's extra keys (the engine
      // parts are sealed or frozen, action and layer strings, the resource a fresh copy); zod's
      // output may hold any of the caller's objects.
      const detached = value !== undefined && (subject !== undefined || parts.subject === undefined) && (session !== undefined || parts.session === undefined) && req !== undefined && flatValues(value.resource);
      if (value === undefined) {
        const parsed = rest.safeParse(buildInput({ ...parts, subject: subjectValue, session: sessionValue, request: requestValue }));
        if (!parsed.success) return { ok: false, issues: parsed.error.issues };
        value = parsed.data as Record<string, unknown>;
      }
      // JSON.stringify(value), with the separately validated parts' JSON computed once.
      let json = '{';
      for (const k of Object.keys(value)) {
        let text: string | undefined;
        if (k === 'subject' && subject) text = subject.json;
        else if (k === 'session' && session) text = session.json;
        else if (k === 'request' && req) text = req.json;
        else {
          try {
            text = JSON.stringify(value[k]);
          } catch {
            return { ok: false, issues: [{ path: [k], code: NOT_JSON }] };
          }
        }
        if (text === undefined) continue;
        if (json.length > 1) json += ',';
        json += quoted(k) + ':' + text;
      }
      json += '}';
      return { ok: true, value, json, subject: subject ? (subject.value as Subject) : deepFreeze(subjectOf(value)), detached };
    },
  };
}

const validators = new WeakMap<object, InputValidator>();

/**
 * The validator for `schema` (one per schema object, shared by every authorizer using it). A plain
 * object schema that keeps the engine's subject/session schemas gets the memoising validator
 * (see splitValidator); anything else (refined, piped, a schema from another zod copy, a
 * replaced subject or session schema) is parsed whole on every decision.
 */
export function validatorFor(schema: InputSchemaLike): InputValidator {
  let v = validators.get(schema);
  if (v === undefined) {
    try {
      if (schema instanceof z.ZodObject && (schema._zod.def.checks?.length ?? 0) === 0) v = splitValidator(schema);
    } catch {
      v = undefined; // a schema zod cannot extend: parse it whole
    }
    v ??= wholeValidator(schema);
    validators.set(schema, v);
  }
  return v;
}

/** Issue summary for the audit event: paths and codes only, never values. */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; code: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`)
    .join('; ');
}
