// authorize(): the single decision path every layer calls. Edge-safe.
//
//   read request (credential, method, path, allow-listed headers)
//   → verify the token (claims verifier, memoised per request)      timer_verify_ns
//   → read the session (store, on EVERY decision; revocation applied) timer_session_ns
//   → build + validate the input (zod)
//   → evaluate the one compiled policy (time.now_ns fixed per decision) timer_eval_ns
//   → Decision + one audit event
//
// Fail closed: anything that goes wrong is `allow: false` with a stable reason code and an
// `outcome: "error"` audit event carrying the details. authorize() never throws.
//
// Cost structure (docs/performance.md): a decision runs synchronously as far as it can. When
// the verifier answers synchronously (its cache, or an HS256/384/512 signature it checks itself)
// and the store does too (getSync: MemoryStore, a CachedStore hit), the whole decision is one
// synchronous call: no promise awaited, no timer armed. Only a decision that has to wait (an
// asymmetric signature through WebCrypto, a remote key set, a store read over the network, the
// first policy load) creates the per-decision Deadline and continues asynchronously. Input parts
// the engine built from immutable sources (the subject of a cached token, the session input of a
// frozen record) are validated once and their JSON reused (see validatorFor in input.ts); the
// input JSON is written straight into the policy's wasm memory (PolicyHolder.evaluateJson).
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { DecisionEventInput } from '../audit/index.js';
import { rememberJson } from '../audit/known-json.js';
import { newUuid } from '../uuid.js';
import { ClaimsError, createClaimsVerifier, toClaimsError } from '../claims/index.js';
import type { ClaimsVerifier, ClaimsVerifierOptions, VerifiedClaims } from '../claims/index.js';
import { SessionStoreError, isSessionId } from '../session/index.js';
import type { SessionRecord, SessionStore } from '../session/index.js';
import {
  DEFAULT_HEADER_ALLOW_LIST,
  isRequestLike,
  readContext,
  readRequest,
  validateAllowList,
  validateCookieName,
  type AuthorizeContext,
  type ReadOptions,
  type RequestFacts,
  type RequestLike,
} from './credentials.js';
import {
  AuthzInputSchema,
  buildInput,
  describeIssues,
  deepFreeze,
  isLayer,
  validatorFor,
  type InputCheck,
  type PartSlot,
  type InputSchemaLike,
  type Layer,
  type Subject,
} from './input.js';
import { InputTooLargeError, PolicyEvalError, PolicyHolder, type PolicyInput, type PolicyStats } from './loader.js';
import { PolicyLoadError, type CustomBuiltins } from './policy.js';
import { EngineError, statusFor, type ErrorReasonCode, type Reason } from './reasons.js';
import { hashId } from './sha256.js';

/** Anything with the audit logger's `log` (createAuditLogger's logger fits). */
export interface AuditLike {
  log(event: DecisionEventInput): void;
}

export interface Decision {
  readonly allow: boolean;
  /** Stable code, safe to show a client (never a message). */
  readonly reason: Reason;
  /** The policy's own reasons (e.g. ["tenant mismatch"]); empty when it did not run or allowed. */
  readonly reasons: readonly string[];
  readonly decision_id: string;
  readonly request_id: string;
  readonly layer: Layer;
  /** Subject id (`sub`, or the service account of an API key), when a credential was verified. */
  readonly subject?: string;
  /**
   * The identity the policy decided on: `input.subject` as validated (sub, roles, tenant, kind,
   * other claims; never `sid`), deep-frozen. Absent when no identity reached the policy (no
   * credential, session revoked or unknown, or a failure before validation).
   */
  readonly identity?: Readonly<Subject>;
  /** SHA-256 hex of the session id (equal to the audit event's session_id_hash). Never the raw id. */
  readonly session_id?: string;
  readonly policy_revision: string;
  /** Extra fields the policy returned next to allow/reasons (`obligations` key, if any). */
  readonly obligations?: Readonly<Record<string, unknown>>;
  /** False for the Edge precheck: routing only, session state unknown. */
  readonly authoritative: boolean;
  /** Suggested HTTP status: 200, 401 (no/bad credential, session gone), 403, 500, 503. */
  readonly status: 200 | 401 | 403 | 500 | 503;
}

/**
 * Per-request memo: the request id shared by its decisions, and the verifications its decisions
 * had to wait for (per token; a token the verifier answers synchronously needs no entry).
 */
export interface RequestMemo {
  requestId?: string;
  claims?: Map<string, Promise<VerifiedClaims>>;
}

export function createRequestMemo(requestId?: string): RequestMemo {
  return requestId === undefined ? {} : { requestId };
}

export interface AuthorizeOptions {
  action: string;
  resource: Record<string, unknown>;
  layer: Layer;
  /** Correlates the decisions of one request (default: from `memo`, else a fresh uuid). */
  requestId?: string;
  /** Per-request memo (e.g. React `cache(createRequestMemo)`); a Request object gets one automatically. */
  memo?: RequestMemo;
  /** Extra top-level input fields (kept only if `inputSchema` declares them). */
  input?: Record<string, unknown>;
  /** Aborts the session lookup (fail closed: ERR_STORE_TIMEOUT). Default: the Request's signal. */
  signal?: AbortSignal;
}

interface CommonOptions {
  /** The compiled policy: WebAssembly.Module (Edge), bytes or ArrayBuffer (Node), or a promise/thunk of one. */
  policy: PolicyInput;
  /** Policy revision for a WebAssembly.Module (bytes are hashed: sha256 hex). */
  revision?: string;
  /** A claims verifier (shared, so its cache is too) or the options to create one. */
  claims: ClaimsVerifier | ClaimsVerifierOptions;
  audit?: AuditLike;
  /** Default `app/authz/decision`; must return `{allow, reasons?, obligations?}` or a boolean. */
  entrypoint?: string;
  /** Extra decision-log labels (merged over the logger's). */
  labels?: Record<string, string>;
  /** ms clock (default Date.now). Read once per decision: request.time, time.now_ns, timestamp. */
  clock?: () => number;
  /** Deadline for the async parts of one decision (key fetch, session lookup), ms. Default 1000. */
  timeoutMs?: number;
  /**
   * How long a decision waits for the policy to load (first use, or the replacement of a trapped
   * instance), ms. Default 10 000. A load still running after that denies (ERR_POLICY_LOAD) and
   * goes on in the background for the next decision.
   */
  loadTimeoutMs?: number;
  /** Name of the session cookie (default `accord_session`). */
  cookieName?: string;
  /** Request headers copied into input.request.headers (default: DEFAULT_HEADER_ALLOW_LIST). */
  headers?: readonly string[];
  /** The client IP, from where your platform puts it (never trusted from raw X-Forwarded-For by default). */
  ip?: (request: RequestLike) => string | undefined;
  /** A header your platform sets (e.g. `x-vercel-id`) to use as request_id when none is given. */
  requestIdHeader?: string;
  /** Your extension of AuthzInputSchema (default AuthzInputSchema). */
  inputSchema?: InputSchemaLike;
  /** Base documents for the policy (`data`). */
  data?: unknown;
  customBuiltins?: CustomBuiltins;
  strictBuiltinErrors?: boolean;
  /** Largest serialised input, bytes (default 64 KiB). */
  maxInputBytes?: number;
  /** Largest credential (cookie value or bearer token), bytes (default 8 KiB). */
  maxCredentialBytes?: number;
  /** Largest Cookie header considered, bytes (default 16 KiB; larger: ERR_CREDENTIAL_TOO_LARGE). */
  maxCookieHeaderBytes?: number;
}

export interface AuthorizerOptions extends CommonOptions {
  /** The authoritative session store, consulted on every decision. Required. */
  sessions: SessionStore;
  /**
   * Which sessions an opaque credential (not a JWT) may name: `service` (default: API keys only)
   * or `any` (apps with opaque user session cookies).
   */
  opaqueSessions?: 'service' | 'any';
  /** The subject of an opaque credential, from its session record (default: sub, kind, metadata.roles/tenant). */
  sessionSubject?: (record: SessionRecord) => Record<string, unknown>;
}

export interface EdgeAuthorizerOptions extends CommonOptions {
  /**
   * An opaque API key cannot be checked on Edge (no store): `defer` (default) lets a well-formed
   * key through with reason `deferred` (the Node layers decide); `deny` refuses it.
   */
  apiKeys?: 'defer' | 'deny';
}

export interface AuthorizerStats extends PolicyStats {
  decisions: number;
  allowed: number;
  denied: number;
  errors: number;
}

export interface Authorizer {
  authorize(request: RequestLike | AuthorizeContext, options: AuthorizeOptions): Promise<Decision>;
  /**
   * authorize() without the promise when there is nothing to wait for: the Decision itself when
   * the decision completed synchronously (a cached or locally checked token, a store that
   * answers without I/O, a loaded policy), else a promise of it. The same decision and audit
   * event as authorize(); never throws. For adapters on a hot path, where every promise and
   * microtask turn counts (Next tracks async context on each).
   */
  decide(request: RequestLike | AuthorizeContext, options: AuthorizeOptions): Decision | Promise<Decision>;
  /** Load the policy and the verifier's keys now; rejects on configuration errors (call at startup). */
  ready(): Promise<void>;
  /** sha256 hex of the policy module (or the `revision` option); "unknown" before loading. */
  readonly revision: string;
  /** `authoritative` (createAuthorizer) or `edge-precheck` (createEdgeAuthorizer). */
  readonly mode: 'authoritative' | 'edge-precheck';
  stats(): AuthorizerStats;
}

export type EdgeAuthorizeOptions = Omit<AuthorizeOptions, 'layer'> & { layer?: 'middleware' };

export interface EdgeAuthorizer extends Omit<Authorizer, 'authorize' | 'decide'> {
  authorize(request: RequestLike | AuthorizeContext, options: EdgeAuthorizeOptions): Promise<Decision>;
  decide(request: RequestLike | AuthorizeContext, options: EdgeAuthorizeOptions): Decision | Promise<Decision>;
}

const DEFAULT_ENTRYPOINT = 'app/authz/decision';
const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_LOAD_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_INPUT_BYTES = 64 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:\-]{1,128}$/;
const TIMEOUT = Symbol('timeout');
const NO_REASONS: readonly string[] = Object.freeze([]);

type SessionState = 'none' | 'active' | 'revoked' | 'not_found' | 'unverified';

/**
 * One deadline for the async parts of a decision (key fetch, first-sight verification, session
 * lookup), counted from the decision's start. Created only when a decision has to wait: one that
 * completes synchronously (claims from the verification cache, a store that answers without I/O)
 * never creates one, so it arms no timer.
 */
class Deadline {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private guard: Promise<never> | undefined;
  readonly end: number;
  constructor(
    private readonly ms: number,
    start: number,
  ) {
    this.end = start + ms;
  }
  remaining(): number {
    return Math.max(1, Math.ceil(this.end - performance.now()));
  }
  /** Await `p` under the deadline (one timer per decision, armed on first use). */
  async race<T>(p: Promise<T>, code: ErrorReasonCode, what: string): Promise<T> {
    if (!this.guard) {
      this.guard = new Promise<never>((_, reject) => {
        this.timer = setTimeout(() => reject(TIMEOUT), this.remaining());
      });
      this.guard.catch(() => undefined);
    }
    try {
      return await Promise.race([p, this.guard]);
    } catch (err) {
      if (err === TIMEOUT) throw new EngineError(code, `${what}: no answer within ${this.ms} ms`);
      throw err;
    }
  }
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}

/** `p`, or EngineError(code) after `ms` (the work goes on in the background). */
async function raceTimeout<T>(p: Promise<T>, ms: number, code: ErrorReasonCode, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new EngineError(code, `${what}: not done within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function isVerifier(v: unknown): v is ClaimsVerifier {
  return !!v && typeof v === 'object' && typeof (v as ClaimsVerifier).verify === 'function';
}

function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function errorDetail(err: unknown): { code: ErrorReasonCode; message: string } {
  if (err instanceof EngineError) return { code: err.code, message: err.detail };
  if (err instanceof ClaimsError) return { code: err.code, message: err.reason };
  if (err instanceof SessionStoreError) return { code: err.code, message: err.reason };
  if (err instanceof PolicyLoadError) return { code: 'ERR_POLICY_LOAD', message: err.message };
  if (err instanceof PolicyEvalError) return { code: 'ERR_EVAL', message: err.message };
  return { code: 'ERR_INTERNAL', message: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : 'unknown error' };
}

/** Anything a store throws, as the typed error a decision reports. */
function storeError(err: unknown): unknown {
  if (err instanceof EngineError || err instanceof SessionStoreError) return err;
  return new SessionStoreError('ERR_STORE_UNAVAILABLE', 'session store failed', { cause: err });
}

function defaultSessionSubject(record: SessionRecord): Record<string, unknown> {
  const md = record.metadata ?? {};
  const roles = Array.isArray(md.roles) && md.roles.every((r) => typeof r === 'string') ? md.roles : [];
  const subject: Record<string, unknown> = { sub: record.subject, roles, kind: record.kind };
  if (typeof md.tenant === 'string') subject.tenant = md.tenant;
  return subject;
}

/**
 * The `sid` claim of a compact JWS, read WITHOUT verifying it: only to start the session read
 * early. Never used for a decision (the verified claims are).
 */
function peekSessionId(token: string): string | undefined {
  try {
    const a = token.indexOf('.');
    const b = token.indexOf('.', a + 1);
    let body = token.slice(a + 1, b).replace(/-/g, '+').replace(/_/g, '/');
    while (body.length % 4) body += '=';
    const payload = JSON.parse(atob(body)) as { sid?: unknown };
    return isSessionId(payload.sid) ? payload.sid : undefined;
  } catch {
    return undefined;
  }
}

/** A verified session record as the policy sees it (seconds, hashed id). */
function sessionInput(record: SessionRecord, idHash: string): Record<string, unknown> {
  const s: Record<string, unknown> = {
    id: idHash,
    kind: record.kind,
    created_at: toSeconds(record.created_at),
    expires_at: toSeconds(record.expires_at),
    revoked: record.revoked,
    version: record.version,
    auth_time: toSeconds(record.auth_time),
  };
  if (record.revoked_at !== undefined) s.revoked_at = toSeconds(record.revoked_at);
  if (record.amr !== undefined) s.amr = Array.isArray(record.amr) ? record.amr.slice() : record.amr;
  return s;
}

/** An input part the engine built, with the validator's slot when the part is sealed (see PartSlot). */
interface BuiltPart {
  part: Record<string, unknown>;
  slot: PartSlot | undefined;
}

type SessionInputs = WeakMap<SessionRecord, { hash: string; built: BuiltPart }>;

/**
 * The session input of a record. A frozen record (MemoryStore's, or a CachedStore hit of one)
 * yields the same input on every decision that reads it: built once, deep-frozen and sealed, so
 * its validation is done once too. Any other record is built (and validated) per decision.
 */
function sessionInputFor(cache: SessionInputs, record: SessionRecord, idHash: string): BuiltPart {
  const immutable = Object.isFrozen(record) && (record.amr === undefined || Object.isFrozen(record.amr));
  if (!immutable) return { part: sessionInput(record, idHash), slot: undefined };
  const known = cache.get(record);
  if (known !== undefined && known.hash === idHash) return known.built;
  const built = { part: deepFreeze(sessionInput(record, idHash)), slot: {} };
  cache.set(record, { hash: idHash, built });
  return built;
}

/** The store's answer must be the record asked for, with the fields decisions rely on. */
function checkRecord(record: unknown, id: string): SessionRecord {
  const r = record as SessionRecord;
  const ok =
    r !== null &&
    typeof r === 'object' &&
    r.id === id &&
    typeof r.subject === 'string' &&
    r.subject.length > 0 &&
    typeof r.revoked === 'boolean' &&
    (r.kind === 'user' || r.kind === 'service') &&
    Number.isFinite(r.created_at) &&
    Number.isFinite(r.expires_at) &&
    Number.isFinite(r.auth_time) &&
    Number.isInteger(r.version) &&
    r.version > 0 &&
    (r.metadata === undefined || (typeof r.metadata === 'object' && r.metadata !== null));
  if (!ok) throw new SessionStoreError('ERR_STORE_CORRUPT', 'session store returned an invalid record');
  return r;
}

function isDeepFrozen(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value) || depth > 64) return false;
  for (const v of Object.values(value)) if (!isDeepFrozen(v, depth + 1)) return false;
  return true;
}

// The verifier hands out the same frozen payload for a cached token: its subject is built once.
// When the payload is deep-frozen (Accord's verifier freezes it), the subject is sealed: deep-
// frozen with a slot, so its validation is done once per token as well.
type Subjects = WeakMap<object, { sealable: boolean; user?: BuiltPart; service?: BuiltPart }>;

function subjectFromClaims(cache: Subjects, claims: VerifiedClaims, sessionKind: 'user' | 'service' | undefined): BuiltPart {
  const p = claims.payload as Record<string, unknown>;
  const kind = sessionKind ?? (p.kind === 'service' ? 'service' : 'user');
  let entry = cache.get(p);
  if (entry === undefined) cache.set(p, (entry = { sealable: isDeepFrozen(p) }));
  let built = entry[kind];
  if (built === undefined) {
    const subject = buildSubject(p, kind);
    entry[kind] = built = entry.sealable ? { part: deepFreeze(subject), slot: {} } : { part: Object.freeze(subject), slot: undefined };
  }
  return built;
}

function buildSubject(p: Record<string, unknown>, kind: 'user' | 'service'): Record<string, unknown> {
  if (typeof p.sub !== 'string' || p.sub.length === 0) {
    throw new ClaimsError('ERR_JWT_CLAIM_VALIDATION_FAILED', 'token has no "sub" claim', { claim: 'sub' });
  }
  const s: Record<string, unknown> = {};
  // `sid` is a bearer handle (it is an API key for service sessions): never copied.
  for (const k of Object.keys(p)) if (k !== 'sid') s[k] = p[k];
  s.roles = p.roles === undefined ? [] : p.roles;
  s.kind = kind;
  return s;
}

interface Mode {
  kind: 'authoritative' | 'edge-precheck';
  store?: SessionStore;
  opaqueSessions: 'service' | 'any';
  sessionSubject: (record: SessionRecord) => Record<string, unknown>;
  apiKeys: 'defer' | 'deny';
}

/** A session read started while a first-sight token was being verified. */
interface EarlyRead {
  sid: string;
  record: SessionRecord | null | Promise<SessionRecord | null>;
}

type Outcome = Decision | Promise<Decision>;

function createEngine(options: CommonOptions, mode: Mode): Authorizer {
  if (!options || typeof options !== 'object') throw new TypeError('accord: authorizer options required');
  if (options.policy === undefined || options.policy === null) throw new TypeError('accord: `policy` is required');
  if (!options.claims) throw new TypeError('accord: `claims` (a verifier or its options) is required');
  const verifier = isVerifier(options.claims) ? options.claims : createClaimsVerifier(options.claims);
  const entrypoint = options.entrypoint ?? DEFAULT_ENTRYPOINT;
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('accord: invalid timeoutMs');
  const loadTimeoutMs = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  if (!Number.isFinite(loadTimeoutMs) || loadTimeoutMs <= 0) throw new TypeError('accord: invalid loadTimeoutMs');
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const schema: InputSchemaLike = options.inputSchema ?? (AuthzInputSchema as unknown as InputSchemaLike);
  const validator = validatorFor(schema);
  const audit = options.audit;
  const labels = options.labels;
  const requestIdHeader = options.requestIdHeader?.toLowerCase();
  if (requestIdHeader !== undefined) validateAllowList([requestIdHeader]);
  const readOpts: ReadOptions = {
    cookieName: validateCookieName(options.cookieName ?? 'accord_session'),
    headerAllowList: validateAllowList(options.headers ?? DEFAULT_HEADER_ALLOW_LIST),
    maxCredentialBytes: options.maxCredentialBytes ?? 8192,
    maxCookieHeaderBytes: options.maxCookieHeaderBytes ?? 16384,
    ip: options.ip,
  };

  // The decision's clock, read by time.now_ns through the host builtins (only when the policy
  // calls it). Evaluation is synchronous: it is set right before evaluating and cannot change
  // during the evaluation.
  let evalNowMs = 0;
  // Whether the evaluation running now read the clock: the audit event records time.now_ns in
  // nd_builtin_cache only then, as OPA records only the nondeterministic builtins a query called.
  let evalReadNow = false;
  const holder = new PolicyHolder({
    policy: options.policy,
    revision: options.revision,
    entrypoint,
    data: options.data,
    customBuiltins: options.customBuiltins,
    strictBuiltinErrors: options.strictBuiltinErrors,
    now: () => {
      evalReadNow = true;
      return BigInt(Math.floor(evalNowMs)) * 1_000_000n;
    },
  });
  const counters = { decisions: 0, allowed: 0, denied: 0, errors: 0 };
  const memos = new WeakMap<object, RequestMemo>();
  // Verifications started by a request's decisions, once done: later decisions of the same
  // request reuse them without awaiting.
  // Each with the verifier's key-set version when it started: what knownClaims() checks for a
  // verifier that cannot re-check synchronously itself (see there).
  const settledClaims = new WeakMap<Promise<VerifiedClaims>, { claims: VerifiedClaims; keysVersion: number | undefined }>();
  const subjects: Subjects = new WeakMap();
  const sessionInputs: SessionInputs = new WeakMap();

  function emit(event: DecisionEventInput): void {
    if (!audit) return;
    try {
      audit.log(event);
    } catch {
      // The decision stands; a logger that throws is the logger's problem (never the app's).
    }
  }

  /**
   * Claims available without waiting: the verifier's synchronous answer (its cache, or an HMAC it
   * checks synchronously), asked again even when this request's memo holds a finished
   * verification. Throws a verification failure; undefined: verify() must be awaited (a
   * verification this request started is shared through the memo).
   */
  function knownClaims(token: string, memo: RequestMemo | undefined, nowMs: number): VerifiedClaims | undefined {
    const map = memo?.claims;
    const p = map?.get(token);
    if (p === undefined) return verifier.verifySync?.(token);
    const settled = settledClaims.get(p);
    // Still verifying, or failed: verifyToken() hands this decision the same outcome.
    if (settled === undefined) return undefined;
    // A memo may outlive its request (a loader context shared by every request, a long stream),
    // so finished claims are not simply reused: the verifier's cache answers again, re-checking
    // every rule it applies on each use (expiry, token age, key-set changes, stale key sets).
    // A verifier without that synchronous answer gets the checks the engine can make itself.
    if (typeof verifier.verifySync === 'function') {
      const again = verifier.verifySync(token);
      if (again !== undefined) return again;
    } else if (settled.claims.expiresAt * 1000 > nowMs && settled.keysVersion === verifier.keysVersion) {
      return settled.claims;
    }
    // Not vouched for any more: verify afresh, as a new request would.
    map!.delete(token);
    return undefined;
  }

  function verifyToken(token: string, memo: RequestMemo): Promise<VerifiedClaims> {
    const map = (memo.claims ??= new Map());
    let p = map.get(token);
    if (!p) {
      // The key set as it was when the verification started (a change while it runs makes it stale).
      const keysVersion = verifier.keysVersion;
      const started = Promise.resolve(verifier.verify(token));
      started.then(
        (claims) => void settledClaims.set(started, { claims, keysVersion }),
        () => undefined,
      );
      map.set(token, (p = started));
    }
    return p;
  }

  /**
   * One decision. Runs synchronously as far as it can: with claims from the verification cache
   * and a store that answers without I/O (getSync), the whole decision completes in one
   * synchronous call: no promise awaited, no timer armed. Anything that has to wait continues
   * in an async method that ends in the same synchronous tail (evaluate → conclude → finish).
   * Every path ends in finish(): one Decision, one audit event, errors as typed denials.
   */
  class Run {
    readonly t0 = performance.now();
    nowMs = NaN;
    readonly decisionId = newUuid();
    layer: Layer;
    requestId = '';
    facts: RequestFacts | undefined;
    reqInput: Record<string, unknown> | undefined;
    plainRequest = false;
    subject: Record<string, unknown> | undefined;
    subjectSlot: PartSlot | undefined;
    session: Record<string, unknown> | undefined;
    sessionSlot: PartSlot | undefined;
    sessionState: SessionState = 'none';
    subjectId: string | undefined;
    sessionHash: string | undefined;
    /** The input the audit event records (see evaluate()). */
    input: Record<string, unknown> | undefined;
    json = '';
    result: unknown;
    readNow = false;
    hadCredential = false;
    identity: Subject | undefined;
    deadline: Deadline | undefined;
    memoRef: RequestMemo | undefined;
    isReq = false;
    tVerify = 0;
    tSession = 0;
    tEval = 0;

    constructor(
      readonly request: RequestLike | AuthorizeContext,
      readonly opts: AuthorizeOptions,
    ) {
      this.layer = (opts && typeof opts === 'object' ? opts.layer : undefined) as Layer;
    }

    start(): Outcome {
      try {
        const nowMs = clock();
        if (typeof nowMs !== 'number' || !Number.isFinite(nowMs) || nowMs < 0) {
          throw new EngineError('ERR_INTERNAL', 'the clock returned an invalid time');
        }
        this.nowMs = nowMs;
        const opts = this.opts;
        if (!opts || typeof opts !== 'object') throw new EngineError('ERR_INPUT_INVALID', 'authorize() options missing');
        if (mode.kind === 'edge-precheck') {
          if (this.layer === undefined) this.layer = 'middleware';
          if (this.layer !== 'middleware') {
            throw new EngineError('ERR_INPUT_INVALID', `the Edge precheck only serves the middleware layer (got ${String(this.layer).slice(0, 32)}); use createAuthorizer`);
          }
        }
        if (!isLayer(this.layer)) throw new EngineError('ERR_INPUT_INVALID', 'unknown layer');

        // ── Request ───────────────────────────────────────────────────────────────────────────
        const request = this.request;
        const isReq = (this.isReq = isRequestLike(request));
        if (!isReq && (request === null || typeof request !== 'object')) {
          throw new EngineError('ERR_INPUT_INVALID', 'authorize() needs a Request or a context object');
        }
        let rid = typeof opts.requestId === 'string' && REQUEST_ID.test(opts.requestId) ? opts.requestId : undefined;
        if (rid === undefined && requestIdHeader && isReq) {
          const h = request.headers.get(requestIdHeader);
          if (h && REQUEST_ID.test(h)) rid = h;
        }
        // Per-request memo: the caller's, else one per Request object (a context object is
        // usually built per call, so it gets a throwaway memo). Looked up only when needed (no
        // request id given, or a verification to share): a WeakMap entry per Request is not free.
        if (rid === undefined) rid = this.memo().requestId ??= this.decisionId;
        this.requestId = rid;
        const facts = (this.facts = isReq ? readRequest(request, readOpts) : readContext(request as AuthorizeContext, readOpts));
        const reqInput: Record<string, unknown> = {
          method: facts.method,
          path: facts.path,
          time: toSeconds(nowMs),
          headers: facts.headers,
        };
        if (facts.ip !== undefined) reqInput.ip = facts.ip;
        this.reqInput = reqInput;
        // method and path are strings, time a finite integer, headers strings (readRequest /
        // readContext); only `ip` comes from application code as is.
        this.plainRequest = facts.ip === undefined || typeof facts.ip === 'string';

        // ── Credential → claims → session ─────────────────────────────────────────────────────
        const cred = facts.credential;
        if (cred.kind === 'invalid') throw new EngineError(cred.code, cred.detail);
        this.hadCredential = cred.kind !== 'none';
        if (cred.kind === 'jwt') {
          const tv = performance.now();
          let claims: VerifiedClaims | undefined;
          try {
            claims = knownClaims(cred.value, this.memoIfAny(), this.nowMs);
          } catch (err) {
            throw toClaimsError(err);
          } finally {
            this.tVerify = performance.now() - tv;
          }
          return claims !== undefined ? this.withClaims(claims, undefined) : this.verifyThenDecide(cred.value, this.memo());
        }
        if (cred.kind === 'opaque') {
          this.sessionHash = hashId(cred.value);
          if (mode.kind === 'edge-precheck') {
            if (mode.apiKeys === 'deny') throw new EngineError('ERR_EDGE_UNVERIFIABLE', 'opaque credential cannot be checked on Edge');
            return this.finish(true, 'deferred', NO_REASONS);
          }
          const record = this.lookupSync(cred.value);
          if (record === undefined) return this.after(this.lookupAsync(cred.value), (r) => this.withApiKey(r));
          this.withApiKey(record);
        }
        return this.evaluate();
      } catch (err) {
        return this.fail(err);
      }
    }

    /** This request's memo (see start()), created on first use. */
    memo(): RequestMemo {
      if (this.memoRef !== undefined) return this.memoRef;
      const opts = this.opts;
      const request = this.request;
      let memo = opts.memo;
      if (!memo) {
        if (this.isReq) {
          memo = memos.get(request as RequestLike);
          if (!memo) memos.set(request as RequestLike, (memo = {}));
        } else memo = {};
      }
      return (this.memoRef = memo);
    }

    /** The memo if one exists already (the caller's, or this Request's), without creating one. */
    memoIfAny(): RequestMemo | undefined {
      if (this.memoRef !== undefined) return this.memoRef;
      const opts = this.opts;
      if (opts.memo) return opts.memo;
      const request = this.request;
      return this.isReq ? memos.get(request as RequestLike) : undefined;
    }

    /** Await `p`, then go on synchronously with `then`; any failure is the decision's. */
    async after<T>(p: Promise<T>, then: (value: T) => Outcome | void): Promise<Decision> {
      try {
        return (await then(await p)) ?? (await this.evaluate());
      } catch (err) {
        return this.fail(err);
      }
    }

    deadlineNow(): Deadline {
      return (this.deadline ??= new Deadline(timeoutMs, this.t0));
    }

    signal(): AbortSignal | undefined {
      return this.opts.signal ?? this.facts?.signal;
    }

    /** A first-sight token (or one whose verification this request already started). */
    async verifyThenDecide(token: string, memo: RequestMemo): Promise<Decision> {
      try {
        const tv = performance.now();
        let claims: VerifiedClaims;
        // While a first-sight signature is being checked (WebCrypto works off the main thread),
        // read the session its payload names. The read is used only if the signature verifies
        // and the verified `sid` is the same; otherwise it is dropped.
        let early: EarlyRead | undefined;
        try {
          const pending = verifyToken(token, memo);
          if (mode.kind === 'authoritative') early = this.speculate(token);
          claims = await this.deadlineNow().race(pending, 'ERR_JWKS_TIMEOUT', 'token verification');
        } catch (err) {
          throw err instanceof EngineError ? err : toClaimsError(err);
        } finally {
          this.tVerify += performance.now() - tv;
        }
        return await this.withClaims(claims, early);
      } catch (err) {
        return this.fail(err);
      }
    }

    speculate(token: string): EarlyRead | undefined {
      const sid = peekSessionId(token);
      if (sid === undefined) return undefined;
      try {
        const record = this.lookupSync(sid);
        if (record !== undefined) return { sid, record };
      } catch {
        return undefined; // the lookup after verification reports it
      }
      const record = this.lookupAsync(sid);
      record.catch(() => undefined);
      return { sid, record };
    }

    /** Verified claims → session (authoritative: from the store) → evaluate. Throws on failure. */
    withClaims(claims: VerifiedClaims, early: EarlyRead | undefined): Outcome {
      this.subjectId = claims.subject;
      const sid = claims.sessionId;
      if (sid === undefined) {
        this.useSubject(subjectFromClaims(subjects, claims, undefined));
      } else if (!isSessionId(sid)) {
        this.sessionState = 'not_found'; // no identity reaches the policy
      } else {
        const hash = (this.sessionHash = hashId(sid));
        if (mode.kind === 'edge-precheck') {
          this.sessionState = 'unverified';
          this.session = { id: hash, unverified: true };
          this.useSubject(subjectFromClaims(subjects, claims, undefined));
        } else {
          let record: SessionRecord | null | undefined | Promise<SessionRecord | null>;
          if (early !== undefined && early.sid === sid) record = early.record;
          else {
            record = this.lookupSync(sid);
            if (record === undefined) record = this.lookupAsync(sid);
          }
          if (record instanceof Promise) return this.after(record, (r) => this.withUserSession(claims, r));
          this.withUserSession(claims, record);
        }
      }
      return this.evaluate();
    }

    useSubject(built: BuiltPart): void {
      this.subject = built.part;
      this.subjectSlot = built.slot;
    }

    useSession(built: BuiltPart): void {
      this.session = built.part;
      this.sessionSlot = built.slot;
    }

    withUserSession(claims: VerifiedClaims, record: SessionRecord | null): void {
      if (record === null) {
        this.sessionState = 'not_found';
        return;
      }
      if (record.subject !== claims.subject) {
        throw new EngineError('ERR_SESSION_MISMATCH', 'token "sub" differs from its session\'s subject');
      }
      this.useSession(sessionInputFor(sessionInputs, record, this.sessionHash as string));
      this.sessionState = record.revoked ? 'revoked' : 'active';
      // A credential whose session is revoked or gone carries no identity into the policy.
      if (!record.revoked) this.useSubject(subjectFromClaims(subjects, claims, record.kind));
    }

    withApiKey(record: SessionRecord | null): void {
      if (record === null) {
        this.sessionState = 'not_found';
        return;
      }
      if (record.kind !== 'service' && mode.opaqueSessions !== 'any') {
        throw new EngineError('ERR_CREDENTIAL_INVALID', 'opaque credential names a user session (only API keys may be presented bare)');
      }
      this.subjectId = record.subject;
      this.useSession(sessionInputFor(sessionInputs, record, this.sessionHash as string));
      this.sessionState = record.revoked ? 'revoked' : 'active';
      if (!record.revoked) this.subject = mode.sessionSubject(record);
    }

    /** The store's answer if it can give one without I/O (getSync), checked; undefined: ask get(). */
    lookupSync(id: string): SessionRecord | null | undefined {
      const store = mode.store as SessionStore;
      if (typeof store.getSync !== 'function') return undefined;
      const ts = performance.now();
      try {
        const signal = this.signal();
        const record = store.getSync(id, signal ? { signal } : undefined);
        return record === undefined ? undefined : this.checked(record, id);
      } catch (err) {
        throw storeError(err);
      } finally {
        this.tSession += performance.now() - ts;
      }
    }

    async lookupAsync(id: string): Promise<SessionRecord | null> {
      const ts = performance.now();
      try {
        const store = mode.store as SessionStore;
        const deadline = this.deadlineNow();
        const signal = this.signal();
        const p = store.get(id, { timeoutMs: deadline.remaining(), ...(signal ? { signal } : {}) });
        return this.checked(await deadline.race(Promise.resolve(p), 'ERR_STORE_TIMEOUT', 'session lookup'), id);
      } catch (err) {
        throw storeError(err);
      } finally {
        this.tSession += performance.now() - ts;
      }
    }

    checked(record: unknown, id: string): SessionRecord | null {
      if (record === null || record === undefined) return null;
      const r = checkRecord(record, id);
      // The store drops expired sessions; check again against this decision's clock.
      return r.expires_at <= this.nowMs ? null : r;
    }

    /** The parts the input is built from: what this decision has read so far, and the caller's options. */
    inputParts(opts: AuthorizeOptions) {
      return {
        subject: this.subject,
        session: this.session,
        request: this.reqInput ?? {},
        action: opts.action,
        resource: opts.resource,
        layer: this.layer,
        extra: opts.input,
      };
    }

    /** Validate the input, then evaluate (loading the policy first if there is no live instance). */
    evaluate(): Outcome {
      const opts = this.opts;
      let check: InputCheck;
      try {
        check = validator.validate(
          this.inputParts(opts),
          { subject: this.subjectSlot, session: this.sessionSlot, plainRequest: this.plainRequest },
        );
      } catch (err) {
        throw new EngineError('ERR_INPUT_INVALID', `input schema threw: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown'}`, { cause: err });
      }
      if (!check.ok) throw new EngineError('ERR_INPUT_INVALID', `input rejected by schema: ${describeIssues(check.issues)}`);
      this.json = check.json;
      if (audit) {
        // The event records what the policy saw, and the logger reuses this text for it instead
        // of serialising the input again. The logger runs later: a value that still shares
        // objects with the caller (a resource row with nested objects) could by then say
        // something else (a secret removed from the row, so masking finds nothing while the text
        // still holds it), so such a value is replaced by a snapshot parsed from the text.
        const logged = check.detached ? check.value : (JSON.parse(check.json) as Record<string, unknown>);
        rememberJson(logged, check.json);
        this.input = logged;
      }
      this.identity = check.subject;
      const policy = holder.current;
      return policy !== undefined ? this.evaluateOn(policy) : this.loadThenEvaluate();
    }

    async loadThenEvaluate(): Promise<Decision> {
      try {
        let policy: LoadedPolicy;
        try {
          policy = await raceTimeout(holder.get(), loadTimeoutMs, 'ERR_POLICY_LOAD', 'policy load');
        } catch (err) {
          if (err instanceof EngineError) throw err;
          throw new EngineError('ERR_POLICY_LOAD', err instanceof Error ? err.message : 'policy load failed', { cause: err });
        }
        return this.evaluateOn(policy);
      } catch (err) {
        return this.fail(err);
      }
    }

    evaluateOn(policy: LoadedPolicy): Decision {
      const te = performance.now();
      let rs: unknown;
      try {
        evalNowMs = this.nowMs;
        evalReadNow = false;
        rs = holder.evaluateJson(policy, this.json, maxInputBytes);
      } catch (err) {
        if (err instanceof InputTooLargeError) throw new EngineError('ERR_INPUT_INVALID', err.message);
        throw err;
      } finally {
        this.tEval = performance.now() - te;
        this.readNow = evalReadNow;
      }
      return this.conclude(rs);
    }

    conclude(rs: unknown): Decision {
      if (!Array.isArray(rs) || rs.length !== 1 || rs[0] === null || typeof rs[0] !== 'object' || !('result' in rs[0])) {
        throw new EngineError('ERR_POLICY_RESULT', Array.isArray(rs) && rs.length === 0 ? `${entrypoint} is undefined for this input` : 'unexpected result set');
      }
      const result = (this.result = (rs[0] as { result: unknown }).result);
      let allow: boolean;
      let reasons: readonly string[] = NO_REASONS;
      let obligations: Record<string, unknown> | undefined;
      if (typeof result === 'boolean') allow = result;
      else if (result !== null && typeof result === 'object' && typeof (result as { allow?: unknown }).allow === 'boolean') {
        const r = result as { allow: boolean; reasons?: unknown; obligations?: unknown };
        allow = r.allow;
        if (Array.isArray(r.reasons) && r.reasons.length > 0) {
          // A frozen list of strings (a remembered result) is used as it is.
          const rs = r.reasons as unknown[];
          reasons = Object.isFrozen(rs) && rs.every((x) => typeof x === 'string') ? (rs as string[]) : Object.freeze(rs.filter((x): x is string => typeof x === 'string'));
        }
        if (r.obligations !== null && typeof r.obligations === 'object' && !Array.isArray(r.obligations)) {
          // Deep-frozen: the Decision is immutable, and a remembered result is shared.
          obligations = deepFreeze(r.obligations as Record<string, unknown>);
        }
      } else {
        throw new EngineError('ERR_POLICY_RESULT', `${entrypoint} must be a boolean or an object with a boolean "allow"`);
      }
      if (allow) return this.finish(true, 'allowed', reasons, obligations);
      const state = this.sessionState;
      const reason: Reason =
        state === 'revoked' ? 'session_revoked' : state === 'not_found' ? 'session_not_found' : !this.hadCredential ? 'no_credentials' : 'policy_denied';
      return this.finish(false, reason, reasons, obligations);
    }

    fail(err: unknown): Decision {
      const e = errorDetail(err);
      if (!isLayer(this.layer)) this.layer = 'route'; // the event needs a layer; the detail says what was wrong
      return this.finish(false, e.code, NO_REASONS, undefined, e);
    }

    finish(
      allow: boolean,
      reason: Reason,
      reasons: readonly string[],
      obligations?: Record<string, unknown>,
      error?: { code: string; message: string },
    ): Decision {
      this.deadline?.clear();
      const outcome = error ? 'error' : allow ? 'allow' : 'deny';
      counters.decisions++;
      if (outcome === 'allow') counters.allowed++;
      else if (outcome === 'deny') counters.denied++;
      else counters.errors++;
      const revision = holder.revision;
      const decision: Record<string, unknown> = {
        allow,
        reason,
        reasons,
        decision_id: this.decisionId,
        request_id: this.requestId,
        layer: this.layer,
        policy_revision: revision,
        authoritative: mode.kind === 'authoritative',
        status: statusFor(reason),
      };
      const { subjectId, sessionHash, identity } = this;
      if (subjectId !== undefined) decision.subject = subjectId;
      if (identity !== undefined) decision.identity = identity;
      if (sessionHash !== undefined) decision.session_id = sessionHash;
      if (obligations !== undefined) decision.obligations = obligations;
      if (audit) {
        const opts = this.opts;
        let input: unknown = this.input;
        // A failure before validation still records what the policy would have seen.
        if (input === undefined && this.facts !== undefined && opts && typeof opts === 'object') {
          input = buildInput(this.inputParts(opts));
        }
        const nowMs = Number.isFinite(this.nowMs) ? this.nowMs : Date.now();
        const total = performance.now() - this.t0;
        const event: DecisionEventInput = {
          decision_id: this.decisionId,
          request_id: this.requestId,
          layer: this.layer,
          outcome,
          reason,
          path: entrypoint,
          input,
          result: this.result,
          bundles: { accord: { revision } },
          timestamp: nowMs,
          metrics: {
            timer_verify_ns: Math.round(this.tVerify * 1e6),
            timer_session_ns: Math.round(this.tSession * 1e6),
            timer_eval_ns: Math.round(this.tEval * 1e6),
            timer_total_ns: Math.round(total * 1e6),
          },
        };
        // The value time.now_ns returned, when the policy called it (a double: Math.floor(ms) * 1e6
        // rounds exactly as Number(BigInt(Math.floor(ms)) * 1_000_000n) does).
        if (this.readNow) event.nd_builtin_cache = { 'time.now_ns': { '[]': Math.floor(nowMs) * 1e6 } };
        if (labels) event.labels = labels;
        if (subjectId !== undefined) event.subject_id = subjectId;
        if (sessionHash !== undefined) event.session_id_hash = sessionHash;
        if (error) event.error = error;
        emit(event);
      }
      return Object.freeze(decision) as unknown as Decision;
    }
  }

  function decide(request: RequestLike | AuthorizeContext, opts: AuthorizeOptions): Decision | Promise<Decision> {
    try {
      return new Run(request, opts).start();
    } catch {
      // start() catches everything; this only guards against the impossible.
      return Object.freeze({
        allow: false,
        reason: 'ERR_INTERNAL',
        reasons: [],
        decision_id: newUuid(),
        request_id: '',
        layer: 'route',
        policy_revision: holder.revision,
        authoritative: mode.kind === 'authoritative',
        status: 500,
      } satisfies Decision);
    }
  }

  return {
    decide,
    authorize(request, opts) {
      const outcome = decide(request, opts);
      return outcome instanceof Promise ? outcome : Promise.resolve(outcome);
    },
    async ready() {
      await verifier.ready();
      await holder.get();
    },
    get revision() {
      return holder.revision;
    },
    mode: mode.kind,
    stats: () => ({ ...counters, ...holder.stats }),
  };
}

/**
 * The authoritative authorizer, for every Node layer (proxy.ts, route handlers, server
 * components, server actions, loaders, actions, Node-runtime middleware). It verifies the token
 * AND reads the session store on every decision.
 */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const store = options?.sessions as unknown;
  if (!store || typeof store !== 'object' || typeof (store as SessionStore).get !== 'function') {
    throw new TypeError(
      'accord: createAuthorizer needs `sessions` (a SessionStore): authoritative layers always consult the store. ' +
        'For Edge middleware, use createEdgeAuthorizer.',
    );
  }
  const opaque = options.opaqueSessions ?? 'service';
  if (opaque !== 'service' && opaque !== 'any') throw new TypeError('accord: opaqueSessions must be "service" or "any"');
  return createEngine(options, {
    kind: 'authoritative',
    store: store as SessionStore,
    opaqueSessions: opaque,
    sessionSubject: options.sessionSubject ?? defaultSessionSubject,
    apiKeys: 'deny',
  });
}

/**
 * The Edge precheck, for Edge-runtime middleware only: verifies the token (signature, iss, aud,
 * exp/nbf, alg allow-list) and the shape of its session id, then evaluates the same policy with
 * `session: { id, unverified: true }`. It cannot see revocations: routing only. Its decisions
 * say `authoritative: false`, and it refuses every layer but `middleware`.
 */
export function createEdgeAuthorizer(options: EdgeAuthorizerOptions): EdgeAuthorizer {
  if ((options as { sessions?: unknown })?.sessions !== undefined) {
    throw new TypeError('accord: createEdgeAuthorizer takes no `sessions`: Edge cannot consult the store. Use createAuthorizer on Node.');
  }
  const apiKeys = options?.apiKeys ?? 'defer';
  if (apiKeys !== 'defer' && apiKeys !== 'deny') throw new TypeError('accord: apiKeys must be "defer" or "deny"');
  const engine = createEngine(options, {
    kind: 'edge-precheck',
    opaqueSessions: 'service',
    sessionSubject: defaultSessionSubject,
    apiKeys,
  });
  return engine as unknown as EdgeAuthorizer;
}
