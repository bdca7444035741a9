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
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { DecisionEventInput } from '../audit/index.js';
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
import { AuthzInputSchema, LAYERS, buildInput, describeIssues, type InputSchemaLike, type Layer, type Subject } from './input.js';
import { PolicyEvalError, PolicyHolder, type PolicyInput, type PolicyStats } from './loader.js';
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

/** Per-request memo: verified claims (per token) and the request id shared by its decisions. */
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
  /** Load the policy and the verifier's keys now; rejects on configuration errors (call at startup). */
  ready(): Promise<void>;
  /** sha256 hex of the policy module (or the `revision` option); "unknown" before loading. */
  readonly revision: string;
  /** `authoritative` (createAuthorizer) or `edge-precheck` (createEdgeAuthorizer). */
  readonly mode: 'authoritative' | 'edge-precheck';
  stats(): AuthorizerStats;
}

export type EdgeAuthorizeOptions = Omit<AuthorizeOptions, 'layer'> & { layer?: 'middleware' };

export interface EdgeAuthorizer extends Omit<Authorizer, 'authorize'> {
  authorize(request: RequestLike | AuthorizeContext, options: EdgeAuthorizeOptions): Promise<Decision>;
}

const DEFAULT_ENTRYPOINT = 'app/authz/decision';
const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_LOAD_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_INPUT_BYTES = 64 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:\-]{1,128}$/;
const LAYER_SET: ReadonlySet<string> = new Set(LAYERS);
const encoder = new TextEncoder();
const TIMEOUT = Symbol('timeout');

type SessionState = 'none' | 'active' | 'revoked' | 'not_found' | 'unverified';

/** One deadline for all async parts of a decision; the timer starts at the first await. */
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
  /**
   * Await `p` under the deadline. A promise that is already settled (a verification-cache hit,
   * an in-memory store) is detected after one microtask and awaited without arming a timer.
   */
  async race<T>(p: Promise<T>, code: ErrorReasonCode, what: string, onPending?: () => void): Promise<T> {
    let settled = false;
    p.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await undefined;
    if (settled) return p;
    onPending?.();
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
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
  if (record.amr !== undefined) s.amr = record.amr;
  return s;
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

// The verifier hands out the same frozen payload for a cached token: build its subject once.
const subjects = new WeakMap<object, { user?: Readonly<Record<string, unknown>>; service?: Readonly<Record<string, unknown>> }>();

function subjectFromClaims(claims: VerifiedClaims, sessionKind: 'user' | 'service' | undefined): Record<string, unknown> {
  const p = claims.payload as Record<string, unknown>;
  const kind = sessionKind ?? (p.kind === 'service' ? 'service' : 'user');
  let entry = subjects.get(p);
  if (entry === undefined) subjects.set(p, (entry = {}));
  return (entry[kind] ??= Object.freeze(buildSubject(p, kind)));
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

  // The decision's clock, read by time.now_ns through the host builtins. Evaluation is
  // synchronous: it is set right before evaluate() and cannot change during it.
  let evalNowNs = 0n;
  const holder = new PolicyHolder({
    policy: options.policy,
    revision: options.revision,
    entrypoint,
    data: options.data,
    customBuiltins: options.customBuiltins,
    strictBuiltinErrors: options.strictBuiltinErrors,
    now: () => evalNowNs,
  });
  const counters = { decisions: 0, allowed: 0, denied: 0, errors: 0 };
  const memos = new WeakMap<object, RequestMemo>();

  function emit(event: DecisionEventInput): void {
    if (!audit) return;
    try {
      audit.log(event);
    } catch {
      // The decision stands; a logger that throws is the logger's problem (never the app's).
    }
  }

  function verifyToken(token: string, memo: RequestMemo): Promise<VerifiedClaims> {
    const map = (memo.claims ??= new Map());
    let p = map.get(token);
    if (!p) {
      p = verifier.verify(token);
      map.set(token, p);
    }
    return p;
  }

  async function decide(request: RequestLike | AuthorizeContext, opts: AuthorizeOptions): Promise<Decision> {
    const t0 = performance.now();
    const nowMs = clock();
    const nowNs = BigInt(Math.floor(nowMs)) * 1_000_000n;
    const decisionId = crypto.randomUUID();
    const deadline = new Deadline(timeoutMs, t0);
    let tVerify = 0;
    let tSession = 0;
    let tEval = 0;

    let layer = (opts && typeof opts === 'object' ? opts.layer : undefined) as Layer;
    let requestId = '';
    let facts: RequestFacts | undefined;
    let subject: Record<string, unknown> | undefined;
    let session: Record<string, unknown> | undefined;
    let sessionState: SessionState = 'none';
    let subjectId: string | undefined;
    let sessionHash: string | undefined;
    let candidate: Record<string, unknown> | undefined;
    let input: unknown;
    let result: unknown;
    let hadCredential = false;
    let identity: Subject | undefined;

    const finish = (
      allow: boolean,
      reason: Reason,
      reasons: readonly string[],
      obligations?: Record<string, unknown>,
      error?: { code: string; message: string },
    ): Decision => {
      deadline.clear();
      const outcome = error ? 'error' : allow ? 'allow' : 'deny';
      counters.decisions++;
      if (outcome === 'allow') counters.allowed++;
      else if (outcome === 'deny') counters.denied++;
      else counters.errors++;
      const revision = holder.revision;
      const decision: Record<string, unknown> = {
        allow,
        reason,
        reasons: Object.freeze(reasons),
        decision_id: decisionId,
        request_id: requestId,
        layer,
        policy_revision: revision,
        authoritative: mode.kind === 'authoritative',
        status: statusFor(reason),
      };
      if (subjectId !== undefined) decision.subject = subjectId;
      if (identity !== undefined) decision.identity = identity;
      if (sessionHash !== undefined) decision.session_id = sessionHash;
      if (obligations !== undefined) decision.obligations = obligations;
      if (audit) {
        if (input === undefined && facts !== undefined && opts && typeof opts === 'object') candidate ??= build();
        const total = performance.now() - t0;
        const event: DecisionEventInput = {
          decision_id: decisionId,
          request_id: requestId,
          layer,
          outcome,
          reason,
          path: entrypoint,
          input: input ?? candidate,
          result,
          bundles: { accord: { revision } },
          timestamp: nowMs,
          metrics: {
            timer_verify_ns: Math.round(tVerify * 1e6),
            timer_session_ns: Math.round(tSession * 1e6),
            timer_eval_ns: Math.round(tEval * 1e6),
            timer_total_ns: Math.round(total * 1e6),
          },
          nd_builtin_cache: { 'time.now_ns': { '[]': Number(nowNs) } },
        };
        if (labels) event.labels = labels;
        if (subjectId !== undefined) event.subject_id = subjectId;
        if (sessionHash !== undefined) event.session_id_hash = sessionHash;
        if (error) event.error = error;
        emit(event);
      }
      return Object.freeze(decision) as unknown as Decision;
    };
    let reqInput: Record<string, unknown> | undefined;
    const build = () =>
      buildInput({
        subject,
        session,
        request: reqInput ?? {},
        action: opts.action,
        resource: opts.resource,
        layer,
        extra: opts.input,
      });

    try {
      if (!opts || typeof opts !== 'object') throw new EngineError('ERR_INPUT_INVALID', 'authorize() options missing');
      if (mode.kind === 'edge-precheck') {
        if (layer === undefined) layer = 'middleware';
        if (layer !== 'middleware') {
          throw new EngineError('ERR_INPUT_INVALID', `the Edge precheck only serves the middleware layer (got ${String(layer).slice(0, 32)}); use createAuthorizer`);
        }
      }
      if (!LAYER_SET.has(layer)) throw new EngineError('ERR_INPUT_INVALID', 'unknown layer');

      // ── Request ─────────────────────────────────────────────────────────────────────────────
      const isReq = isRequestLike(request);
      if (!isReq && (request === null || typeof request !== 'object')) {
        throw new EngineError('ERR_INPUT_INVALID', 'authorize() needs a Request or a context object');
      }
      // Per-request memo: the caller's, else one per Request object (a context object is
      // usually built per call, so it gets a throwaway memo).
      let memo = opts.memo;
      if (!memo) {
        if (isReq) {
          memo = memos.get(request as object);
          if (!memo) memos.set(request as object, (memo = {}));
        } else memo = {};
      }
      let rid = typeof opts.requestId === 'string' && REQUEST_ID.test(opts.requestId) ? opts.requestId : undefined;
      if (rid === undefined && requestIdHeader && isReq) {
        const h = (request as RequestLike).headers.get(requestIdHeader);
        if (h && REQUEST_ID.test(h)) rid = h;
      }
      requestId = rid ?? (memo.requestId ??= decisionId);
      facts = isReq ? readRequest(request as RequestLike, readOpts) : readContext(request as AuthorizeContext, readOpts);

      reqInput = {
        method: facts.method,
        path: facts.path,
        time: toSeconds(nowMs),
        headers: facts.headers,
      };
      if (facts.ip !== undefined) reqInput.ip = facts.ip;

      // ── Credential → claims → session ───────────────────────────────────────────────────────
      const cred = facts.credential;
      if (cred.kind === 'invalid') throw new EngineError(cred.code, cred.detail);
      hadCredential = cred.kind !== 'none';

      if (cred.kind === 'jwt') {
        const tv = performance.now();
        let claims: VerifiedClaims;
        // While a first-sight signature is being checked (WebCrypto works off the main thread),
        // start reading the session its payload names. The read is used only if the signature
        // verifies and the verified `sid` is the same; otherwise it is dropped.
        let early: { sid: string; record: Promise<SessionRecord | null> } | undefined;
        const speculate = () => {
          const sid = peekSessionId(cred.value);
          if (sid === undefined) return;
          const record = lookup(sid);
          record.catch(() => undefined);
          early = { sid, record };
        };
        try {
          claims = await deadline.race(
            verifyToken(cred.value, memo),
            'ERR_JWKS_TIMEOUT',
            'token verification',
            mode.kind === 'authoritative' ? speculate : undefined,
          );
        } catch (err) {
          throw err instanceof EngineError ? err : toClaimsError(err);
        } finally {
          tVerify = performance.now() - tv;
        }
        subjectId = claims.subject;
        const sid = claims.sessionId;
        let kind: 'user' | 'service' | undefined;
        if (sid !== undefined) {
          if (!isSessionId(sid)) {
            sessionState = 'not_found';
          } else {
            sessionHash = hashId(sid);
            if (mode.kind === 'edge-precheck') {
              sessionState = 'unverified';
              session = { id: sessionHash, unverified: true };
            } else {
              const record = await (early !== undefined && early.sid === sid ? early.record : lookup(sid));
              if (record === null) sessionState = 'not_found';
              else {
                if (record.subject !== claims.subject) {
                  throw new EngineError('ERR_SESSION_MISMATCH', 'token "sub" differs from its session\'s subject');
                }
                kind = record.kind;
                session = sessionInput(record, sessionHash);
                sessionState = record.revoked ? 'revoked' : 'active';
              }
            }
          }
        }
        // A credential whose session is revoked or gone carries no identity into the policy.
        if (sessionState !== 'revoked' && sessionState !== 'not_found') subject = subjectFromClaims(claims, kind);
      } else if (cred.kind === 'opaque') {
        sessionHash = hashId(cred.value);
        if (mode.kind === 'edge-precheck') {
          if (mode.apiKeys === 'deny') throw new EngineError('ERR_EDGE_UNVERIFIABLE', 'opaque credential cannot be checked on Edge');
          return finish(true, 'deferred', []);
        }
        const record = await lookup(cred.value);
        if (record === null) sessionState = 'not_found';
        else {
          if (record.kind !== 'service' && mode.opaqueSessions !== 'any') {
            throw new EngineError('ERR_CREDENTIAL_INVALID', 'opaque credential names a user session (only API keys may be presented bare)');
          }
          subjectId = record.subject;
          session = sessionInput(record, sessionHash);
          sessionState = record.revoked ? 'revoked' : 'active';
          if (!record.revoked) subject = mode.sessionSubject(record);
        }
      }

      // ── Input ───────────────────────────────────────────────────────────────────────────────
      candidate = build();
      let parsed: ReturnType<InputSchemaLike['safeParse']>;
      try {
        parsed = schema.safeParse(candidate);
      } catch (err) {
        throw new EngineError('ERR_INPUT_INVALID', `input schema threw: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown'}`, { cause: err });
      }
      if (!parsed.success) throw new EngineError('ERR_INPUT_INVALID', `input rejected by schema: ${describeIssues(parsed.error.issues)}`);
      input = parsed.data;
      const validated = (input as { subject?: unknown }).subject;
      if (validated !== null && typeof validated === 'object') identity = deepFreeze(validated) as Subject;

      // ── Evaluate ────────────────────────────────────────────────────────────────────────────
      let policy: LoadedPolicy | undefined = holder.current;
      if (!policy) {
        try {
          policy = await raceTimeout(holder.get(), loadTimeoutMs, 'ERR_POLICY_LOAD', 'policy load');
        } catch (err) {
          if (err instanceof EngineError) throw err;
          throw new EngineError('ERR_POLICY_LOAD', err instanceof Error ? err.message : 'policy load failed', { cause: err });
        }
      }
      const te = performance.now();
      const bytes = encoder.encode(JSON.stringify(input));
      if (bytes.byteLength > maxInputBytes) {
        throw new EngineError('ERR_INPUT_INVALID', `input is ${bytes.byteLength} bytes (max ${maxInputBytes})`);
      }
      evalNowNs = nowNs;
      let rs: unknown;
      try {
        rs = holder.evaluate(policy, bytes.buffer as ArrayBuffer);
      } finally {
        tEval = performance.now() - te;
      }

      // ── Result ──────────────────────────────────────────────────────────────────────────────
      if (!Array.isArray(rs) || rs.length !== 1 || rs[0] === null || typeof rs[0] !== 'object' || !('result' in rs[0])) {
        throw new EngineError('ERR_POLICY_RESULT', Array.isArray(rs) && rs.length === 0 ? `${entrypoint} is undefined for this input` : 'unexpected result set');
      }
      result = (rs[0] as { result: unknown }).result;
      let allow: boolean;
      let reasons: string[] = [];
      let obligations: Record<string, unknown> | undefined;
      if (typeof result === 'boolean') allow = result;
      else if (result !== null && typeof result === 'object' && typeof (result as { allow?: unknown }).allow === 'boolean') {
        const r = result as { allow: boolean; reasons?: unknown; obligations?: unknown };
        allow = r.allow;
        if (Array.isArray(r.reasons)) reasons = r.reasons.filter((x): x is string => typeof x === 'string');
        if (r.obligations !== null && typeof r.obligations === 'object' && !Array.isArray(r.obligations)) {
          obligations = r.obligations as Record<string, unknown>;
        }
      } else {
        throw new EngineError('ERR_POLICY_RESULT', `${entrypoint} must be a boolean or an object with a boolean "allow"`);
      }
      if (allow) return finish(true, 'allowed', reasons, obligations);
      const reason: Reason =
        sessionState === 'revoked'
          ? 'session_revoked'
          : sessionState === 'not_found'
            ? 'session_not_found'
            : !hadCredential
              ? 'no_credentials'
              : 'policy_denied';
      return finish(false, reason, reasons, obligations);
    } catch (err) {
      const e = errorDetail(err);
      if (!LAYER_SET.has(layer)) layer = 'route'; // the event needs a layer; the detail says what was wrong
      return finish(false, e.code, [], undefined, e);
    }

    async function lookup(id: string): Promise<SessionRecord | null> {
      const ts = performance.now();
      try {
        const store = mode.store as SessionStore;
        const signal = opts.signal ?? facts?.signal;
        const p = store.get(id, { timeoutMs: deadline.remaining(), ...(signal ? { signal } : {}) });
        const record = await deadline.race(Promise.resolve(p), 'ERR_STORE_TIMEOUT', 'session lookup');
        if (record === null || record === undefined) return null;
        const r = checkRecord(record, id);
        // The store drops expired sessions; check again against this decision's clock.
        return r.expires_at <= nowMs ? null : r;
      } catch (err) {
        if (err instanceof EngineError || err instanceof SessionStoreError) throw err;
        throw new SessionStoreError('ERR_STORE_UNAVAILABLE', 'session store failed', { cause: err });
      } finally {
        tSession = performance.now() - ts;
      }
    }
  }

  return {
    authorize(request, opts) {
      try {
        return decide(request, opts);
      } catch {
        // decide() is async and catches everything; this only guards against the impossible.
        return Promise.resolve(
          Object.freeze({
            allow: false,
            reason: 'ERR_INTERNAL',
            reasons: [],
            decision_id: crypto.randomUUID(),
            request_id: '',
            layer: 'route',
            policy_revision: holder.revision,
            authoritative: mode.kind === 'authoritative',
            status: 500,
          } satisfies Decision),
        );
      }
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
