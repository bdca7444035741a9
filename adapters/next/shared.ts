// Pieces every Next.js layer shares: the authorizer handle, the request id (a correlation id,
// never an authorisation signal), safe login redirects and denial bodies. Edge-safe: no node:
// imports, nothing from next/headers.
import type { AuthorizeContext, AuthorizeOptions, Decision, EdgeAuthorizeOptions, RequestLike } from '../../src/engine/index.js';
import { newUuid } from '../../src/uuid.js';

/** Request header carrying the correlation id from proxy/middleware to every later layer. */
export const REQUEST_ID_HEADER = 'x-accord-request-id';
/** Request header carrying the original path (only ever used for the login redirect's `next`). */
export const PATH_HEADER = 'x-accord-path';
/** Prefix of the headers the proxy owns: every incoming one is stripped. */
export const HEADER_PREFIX = 'x-accord-';
/** The session cookie the engine reads (engine default). */
export const DEFAULT_COOKIE_NAME = 'accord_session';

/**
 * The matcher the helpers are designed for: everything except Next's static assets, the image
 * optimiser, the favicon and image files. Next reads `config.matcher` statically, so copy this
 * literal into your proxy.ts / middleware.ts (an imported constant is ignored by the build).
 */
export const DEFAULT_MATCHER = '/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico)$).*)';

/** Either engine flavour (createAuthorizer, or createEdgeAuthorizer for Edge middleware only). */
export interface AuthorizerLike {
  authorize(request: RequestLike | AuthorizeContext, options: AuthorizeOptions | EdgeAuthorizeOptions): Promise<Decision>;
  /** authorize() without the promise when the decision completed synchronously (the engine's authorizers have it). */
  decide?(request: RequestLike | AuthorizeContext, options: AuthorizeOptions | EdgeAuthorizeOptions): Decision | Promise<Decision>;
  readonly revision: string;
  readonly mode: 'authoritative' | 'edge-precheck';
}

/** The authorizer, or a (possibly async) factory called on first use (keeps module init cheap). */
export type AuthorizerSource = AuthorizerLike | (() => AuthorizerLike | Promise<AuthorizerLike>);

/** What a layer asks the policy: an action on a resource. */
export interface Target {
  action: string;
  resource: Record<string, unknown>;
}

/** Options every helper accepts. */
export interface AccordNextOptions {
  authorizer: AuthorizerSource;
  /**
   * The audit sink given to the authorizer, wrapped by `deferredAudit()` (Node) or
   * `edgeAuditForwarder()` (Edge), or a function returning it: its pending events are delivered
   * after the response (`after()` on Node, `waitUntil` on Edge). Optional.
   */
  audit?: DeferredAuditLike | (() => DeferredAuditLike);
  /** Sign-in page (default `/login`). */
  loginPath?: string;
  /** Name of the session cookie (default `accord_session`; must match the authorizer's). */
  cookieName?: string;
}

/** What the adapter needs from `deferredAudit()` / `edgeAuditForwarder()`. */
export interface DeferredAuditLike {
  /** Hand the events held so far to the real sink and deliver them; never rejects. */
  drain(): Promise<void>;
  /**
   * Optional: true when the caller should schedule a drain (events wait and none is scheduled
   * yet); the sink then counts one as scheduled until it drains. Saves one after() per decision
   * under load. Without it, every layer schedules a drain.
   */
  claimDrain?(): boolean;
}

/** Schedules delivery of the audit events of this request after the response (see Schedule). */
export function scheduleDrain(audit: AccordNextOptions['audit'], schedule: Schedule): void {
  if (!audit) return;
  let sink: DeferredAuditLike;
  try {
    sink = typeof audit === 'function' ? audit() : audit;
  } catch {
    return; // no audit sink (misconfigured): the decision stands; nothing to deliver
  }
  if (sink.claimDrain && !sink.claimDrain()) return;
  schedule(() => sink.drain());
}

export function resolveAuthorizer(source: AuthorizerSource): Promise<AuthorizerLike> {
  try {
    return Promise.resolve(typeof source === 'function' ? source() : source);
  } catch (err) {
    return Promise.reject(err);
  }
}

/** The authorizer, or a promise of it when the factory is async. Throws what the factory throws. */
export function authorizerOf(source: AuthorizerSource): AuthorizerLike | Promise<AuthorizerLike> {
  return typeof source === 'function' ? source() : source;
}

export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True for the ids the proxy generates (UUIDs). Anything else is malformed and replaced. */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function newRequestId(): string {
  return newUuid();
}

/**
 * The request id a downstream layer should use: the proxy's header when well formed, else a
 * fresh one. It only correlates log lines; no decision ever depends on it.
 */
export function requestIdFrom(headers: { get(name: string): string | null } | undefined | null): string {
  const v = headers?.get(REQUEST_ID_HEADER);
  return isRequestId(v) ? v.toLowerCase() : newRequestId();
}

const DUMMY_ORIGIN = 'http://accord.invalid';
// Control characters (browsers drop tab/CR/LF inside URLs: "/\t/evil.com" becomes "//evil.com"),
// backslashes (browsers treat "\" as "/") and anything non-printable.
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * A same-origin relative path to return to after sign-in, or `fallback`. Refuses absolute URLs,
 * scheme-relative (`//evil`), backslashes (`/\evil`), schemes (`javascript:`), control
 * characters, paths that normalise to `//…`, and over-long values. The result is normalised.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (value[0] !== '/' || value[1] === '/' || UNSAFE.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== DUMMY_ORIGIN) return fallback;
  const out = `${url.pathname}${url.search}${url.hash}`;
  if (out[0] !== '/' || out[1] === '/' || out[1] === '\\') return fallback;
  return out;
}

/** `/login?next=<safe path>` (the next parameter is left out when it is not safe or is the login page). */
export function loginLocation(loginPath: string, next: string | undefined): string {
  const safe = next === undefined ? undefined : safeNextPath(next, '');
  if (!safe || safe === loginPath || safe.startsWith(`${loginPath}?`) || safe.startsWith(`${loginPath}/`)) return loginPath;
  return `${loginPath}?next=${encodeURIComponent(safe)}`;
}

/** How a layer should react to a decision. */
export type Outcome = 'allow' | 'unauthenticated' | 'forbidden' | 'unavailable';

export function outcomeOf(decision: Decision): Outcome {
  if (decision.allow) return 'allow';
  if (decision.status === 401) return 'unauthenticated';
  if (decision.status === 403) return 'forbidden';
  return 'unavailable';
}

/** JSON body of an API denial: stable codes and ids only, never the policy's reasons or details. */
export function denialBody(decision: Decision): Record<string, string> {
  const outcome = outcomeOf(decision);
  return {
    error: outcome === 'unauthenticated' ? 'unauthorized' : outcome === 'forbidden' ? 'forbidden' : 'unavailable',
    reason: decision.reason,
    decision_id: decision.decision_id,
    request_id: decision.request_id,
  };
}

/** A JSON response for a denied API request (401 / 403 / 5xx), never cached. */
export function denialResponse(decision: Decision): Response {
  const status = decision.allow ? 500 : decision.status === 200 ? 403 : decision.status;
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    [REQUEST_ID_HEADER]: decision.request_id,
  });
  if (status === 401) headers.set('www-authenticate', 'Bearer');
  return new Response(JSON.stringify(denialBody(decision)), { status, headers });
}

/**
 * A stable string for (action, resource, path): React `cache()` memoises by argument identity, so
 * the server-component layer keys its memo on this.
 */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) sorted[k] = o[k];
      return sorted;
    }
    return v;
  });
}

/** Schedules `fn` after the response when Next offers a way, else on the next macrotask. */
export type Schedule = (fn: () => Promise<void> | void) => void;

export function laterSchedule(fn: () => Promise<void> | void): void {
  setTimeout(() => {
    void Promise.resolve()
      .then(fn)
      .catch(() => undefined);
  }, 0);
}

/**
 * Reads `error.digest` in an error boundary (a client component): `{ status, decisionId }` for the
 * AccordDeniedError the server helpers throw without authInterrupts, else undefined.
 */
export function accordDenial(error: { digest?: string } | null | undefined): { status: 403 | 503; decisionId: string } | undefined {
  const d = error?.digest;
  if (typeof d !== 'string') return undefined;
  if (d.startsWith('ACCORD_FORBIDDEN;')) return { status: 403, decisionId: d.slice(17) };
  if (d.startsWith('ACCORD_UNAVAILABLE;')) return { status: 503, decisionId: d.slice(19) };
  return undefined;
}
