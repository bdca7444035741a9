// React Router (framework mode) adapter: loaders and actions ask the one compiled policy before
// any data leaves the server.
//
//   export async function loader(args: Route.LoaderArgs) {
//     const { subject } = await accord.authorize(args, { action: 'read', resource: { type: 'document' } });
//     return { documents: await db.documents(subject.tenant) };   // only after the decision
//   }
//
// - no identity (no cookie, unknown / revoked / expired session, bad token) → throws a redirect to
//   the login page with a safe `next` (same-origin relative path only), clearing a stale cookie;
//   with an `Authorization: Bearer` credential (API clients) → throws 401 instead of redirecting;
// - policy deny → throws 403; store / key / policy failure → throws 503 / 500 (fail closed);
// - the decision's layer is `loader` for GET/HEAD and `action` for mutations, so the audit log
//   says which one asked. The session store is read on every decision (engine guarantee), so a
//   revocation applies to the very next request.
import {
  createAuthorizer,
  type Authorizer,
  type AuthorizerOptions,
  type Decision,
  type RequestMemo,
} from '../../src/engine/index.js';
import { DEFAULT_SESSION_COOKIE, clearSessionCookie, readSessionCookie, type SessionCookieOptions } from './cookies.js';
import { normalizeNext } from './next.js';

/** The identity the policy decided on: verified claims, or the API key's service account. */
export interface AccordSubject {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly tenant?: string;
  readonly kind: 'user' | 'service';
  readonly [claim: string]: unknown;
}

/** The layers a React Router route module decides in. */
export type RouteLayer = 'loader' | 'action';

/** The argument of a loader / action (only what the adapter reads). */
export interface RouteArgsLike {
  request: Request;
  /** React Router's per-request context: decisions of one request share a request_id through it. */
  context?: unknown;
}

export interface RouteAuthorizeOptions {
  action: string;
  resource: Record<string, unknown>;
  /** Default: `loader` for GET/HEAD, `action` for POST/PUT/PATCH/DELETE. */
  layer?: RouteLayer;
  requestId?: string;
  /** Extra top-level input fields (kept only if the authorizer's inputSchema declares them). */
  input?: Record<string, unknown>;
  /**
   * Accept an allowed decision that has no identity behind it (public resources). Default false:
   * an anonymous "allow" on a route that asks for a subject is treated as "log in first".
   */
  anonymous?: boolean;
}

export interface Authorized {
  /** The identity the policy decided on (claims, or the API key's service account). */
  readonly subject: AccordSubject;
  readonly decision: Decision;
}

export interface MaybeAnonymous {
  readonly subject: AccordSubject | undefined;
  readonly decision: Decision;
}

export type CheckResult<S extends AccordSubject | undefined = AccordSubject> =
  | { readonly allow: true; readonly subject: S; readonly decision: Decision }
  | {
      readonly allow: false;
      readonly decision: Decision;
      /** What `authorize()` would throw: a login redirect, 401, 403, 500 or 503. */
      readonly response: Response;
    };

export interface ReactRouterAccordOptions extends AuthorizerOptions {
  /** Where to send a visitor without a session (default `/login`); must be a same-origin path. */
  loginPath?: string;
  /** Query parameter carrying the return path (default `next`). */
  nextParam?: string;
  /** Attributes used when clearing a stale session cookie (name comes from `cookieName`). */
  cookie?: Omit<SessionCookieOptions, 'name' | 'maxAge'>;
  /** Build the 403 response yourself (default: JSON `{ error, reason, decision_id }`). */
  forbidden?: (decision: Decision, request: Request) => Response;
}

export interface ReactRouterAccord {
  /** The authoritative authorizer (share it with other layers of the same server). */
  readonly authorizer: Authorizer;
  /** Decide; resolves with the subject on allow, throws a Response otherwise. */
  authorize(target: Request | RouteArgsLike, options: RouteAuthorizeOptions & { anonymous: true }): Promise<MaybeAnonymous>;
  authorize(target: Request | RouteArgsLike, options: RouteAuthorizeOptions): Promise<Authorized>;
  /** Decide without throwing: the Response `authorize()` would throw is returned instead. */
  check(target: Request | RouteArgsLike, options: RouteAuthorizeOptions & { anonymous: true }): Promise<CheckResult<AccordSubject | undefined>>;
  check(target: Request | RouteArgsLike, options: RouteAuthorizeOptions): Promise<CheckResult>;
  /** The redirect to the login page for this request (with a safe `next` when there is one). */
  loginRedirect(request: Request, init?: { clearCookie?: boolean }): Response;
  /** Build the login URL for a return path (the path is dropped unless it is safe). */
  loginUrl(next?: string): string;
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const NEXT_PARAM = /^[A-Za-z0-9_.-]{1,64}$/;
const NO_STORE = 'private, no-store';
const BEARER = /^\s*Bearer\s/i;

function isRequest(v: unknown): v is Request {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as Request).url === 'string' &&
    typeof (v as Request).method === 'string' &&
    typeof (v as Request).headers?.get === 'function'
  );
}

function layerOf(request: Request): RouteLayer {
  return MUTATIONS.has(request.method.toUpperCase()) ? 'action' : 'loader';
}

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': NO_STORE, ...headers },
  });
}

/**
 * The path to come back to after logging in, from the request being refused. React Router's
 * single-fetch URLs (`/x.data`, `/_root.data`, `?_routes=`) are mapped back to the page URL.
 */
function returnPath(request: Request): string | undefined {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return undefined;
  }
  let path = url.pathname;
  if (path === '/_root.data') path = '/';
  else if (path.endsWith('/_.data')) path = path.slice(0, -'/_.data'.length) || '/';
  else if (path.endsWith('.data')) path = path.slice(0, -'.data'.length) || '/';
  url.searchParams.delete('_routes');
  const search = url.searchParams.toString();
  return normalizeNext(path + (search ? `?${search}` : ''));
}

export function createReactRouterAccord(options: ReactRouterAccordOptions): ReactRouterAccord {
  if (!options || typeof options !== 'object') throw new TypeError('accord: options required');
  const { loginPath: loginOpt, nextParam: nextOpt, cookie: cookieOpts, forbidden, ...authorizerOptions } = options;
  const loginPath = normalizeNext(loginOpt ?? '/login');
  if (loginPath === undefined || loginPath.includes('?') || loginPath.includes('#')) {
    throw new TypeError('accord: loginPath must be a same-origin path without query or fragment');
  }
  const nextParam = nextOpt ?? 'next';
  if (!NEXT_PARAM.test(nextParam)) throw new TypeError('accord: invalid nextParam');
  const cookieName = authorizerOptions.cookieName ?? DEFAULT_SESSION_COOKIE;
  const clearCookie = clearSessionCookie({ ...cookieOpts, name: cookieName }); // validates the attributes now

  const authorizer = createAuthorizer(authorizerOptions);
  const memos = new WeakMap<object, RequestMemo>();

  function loginUrl(next?: string): string {
    const safe = next === undefined ? undefined : normalizeNext(next);
    // Never send someone back to the login page itself (loops), nor anywhere unsafe.
    if (safe === undefined || safe === loginPath || safe.startsWith(`${loginPath}?`)) return loginPath as string;
    return `${loginPath}?${nextParam}=${encodeURIComponent(safe)}`;
  }

  function loginRedirect(request: Request, init: { clearCookie?: boolean } = {}): Response {
    const headers = new Headers({ location: loginUrl(returnPath(request)), 'cache-control': NO_STORE });
    if (init.clearCookie) headers.append('set-cookie', clearCookie);
    // 303 after a mutation so the browser follows with a GET; 302 otherwise (React Router's default).
    return new Response(null, { status: MUTATIONS.has(request.method.toUpperCase()) ? 303 : 302, headers });
  }

  function refusal(request: Request, decision: Decision, needsIdentity: boolean): Response {
    const body = { error: '', reason: decision.reason, decision_id: decision.decision_id };
    const status = decision.allow ? 401 : decision.status;
    if (status === 401 || needsIdentity) {
      if (BEARER.test(request.headers.get('authorization') ?? '')) {
        // An API client: a redirect to an HTML login page is useless to it.
        return json(401, { ...body, error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
      }
      // Clear the cookie only when exactly one was sent: with two (cookie tossing: one planted
      // for a parent domain), clearing would delete only the genuine host cookie and leave the
      // planted one as the session of the next request.
      return loginRedirect(request, { clearCookie: readSessionCookie(request, cookieName) !== undefined });
    }
    if (status === 403) {
      if (forbidden) return forbidden(decision, request);
      return json(403, { ...body, error: 'forbidden' });
    }
    if (status === 503) return json(503, { ...body, error: 'unavailable' }, { 'retry-after': '1' });
    return json(500, { ...body, error: 'error' });
  }

  async function decide(target: Request | RouteArgsLike, opts: RouteAuthorizeOptions): Promise<CheckResult<AccordSubject | undefined>> {
    let request: Request;
    let context: unknown;
    if (isRequest(target)) request = target;
    else if (target && typeof target === 'object' && isRequest((target as RouteArgsLike).request)) {
      request = (target as RouteArgsLike).request;
      context = (target as RouteArgsLike).context;
    } else {
      throw new TypeError('accord: authorize() needs a Request or loader/action arguments');
    }
    if (!opts || typeof opts !== 'object') throw new TypeError('accord: authorize() options required');
    const layer: RouteLayer = opts.layer ?? layerOf(request);
    if (layer !== 'loader' && layer !== 'action') throw new TypeError('accord: layer must be "loader" or "action"');

    // React Router hands every loader its own Request object; its context object is shared by the
    // loaders and the action of one HTTP request, so it keys the memo (one request_id, claims
    // verified once).
    let memo: RequestMemo | undefined;
    if (context !== null && typeof context === 'object') {
      memo = memos.get(context);
      if (!memo) memos.set(context, (memo = {}));
    }

    const decision = await authorizer.authorize(request, {
      action: opts.action,
      resource: opts.resource,
      layer,
      ...(opts.requestId !== undefined ? { requestId: opts.requestId } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      ...(memo ? { memo } : {}),
    });
    // The engine hands back the (frozen) identity the policy decided on.
    const subject = decision.identity as AccordSubject | undefined;
    if (decision.allow && (subject !== undefined || opts.anonymous === true)) {
      return { allow: true, subject, decision };
    }
    return { allow: false, decision, response: refusal(request, decision, decision.allow) };
  }

  async function authorize(target: Request | RouteArgsLike, opts: RouteAuthorizeOptions): Promise<MaybeAnonymous> {
    const r = await decide(target, opts);
    if (!r.allow) throw r.response;
    return { subject: r.subject, decision: r.decision };
  }

  return {
    authorizer,
    authorize: authorize as ReactRouterAccord['authorize'],
    check: decide as ReactRouterAccord['check'],
    loginRedirect,
    loginUrl,
  };
}
