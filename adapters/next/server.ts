// Server components, the data access layer and server actions. Node or Edge, never the proxy:
// this module reads the request through next/headers.
//
//   const { authorize, authorizedAction } = createServerAuthorization({ authorizer, audit, authInterrupts: true });
//
//   // a page, or a data function (memoised per request with React cache())
//   const decision = await authorize('read', { type: 'document', id, tenant, owner }, { path: `/t/${tenant}/docs/${id}` });
//
//   // a server action (authorised on every call, never memoised)
//   export const save = authorizedAction({ action: 'update', resource: (fd: FormData) => ({ ... }) }, async ({ decision }, fd) => { ... });
//
// Denials throw what Next expects: redirect() to the sign-in page without a session,
// unauthorized() / forbidden() with `experimental.authInterrupts`, else an AccordDeniedError
// (digest `ACCORD_FORBIDDEN` / `ACCORD_UNAVAILABLE`) for the error boundary to render as 403 / 503.
import { cookies, headers } from 'next/headers';
import { forbidden, redirect, unauthorized } from 'next/navigation';
import { cache } from 'react';
import type { Decision, Layer, RequestLike, RequestMemo } from '../../src/engine/index.js';
import { readCookie } from '../../src/engine/index.js';
import { newUuid } from '../../src/uuid.js';
import { afterResponse } from './schedule.js';
export { accordDenial } from './shared.js';
import {
  DEFAULT_COOKIE_NAME,
  PATH_HEADER,
  loginLocation,
  outcomeOf,
  authorizerOf,
  isPromise,
  requestIdFrom,
  scheduleDrain,
  stableKey,
  type AccordNextOptions,
} from './shared.js';

type Awaitable<T> = T | Promise<T>;

export interface ServerAuthorizationOptions extends AccordNextOptions {
  /** `experimental.authInterrupts` is on: use unauthorized() / forbidden() (default false). */
  authInterrupts?: boolean;
}

/** What an authorised server action receives first. */
export interface ActionContext {
  decision: Decision;
  /** Who was allowed (token `sub`, or the service account of an API key). */
  subject: string | undefined;
}

export interface ServerCheckOptions {
  /**
   * The path the policy sees as `input.request.path`. Server components cannot learn the URL from
   * Next, and a header could be forged when the proxy is skipped, so pass it when the policy
   * looks at paths. Default: `/_accord/server_component` (`/_accord/server_action`).
   */
  path?: string;
}

/** Thrown (without authInterrupts) for a forbidden or failed decision; render it in error.tsx. */
export class AccordDeniedError extends Error {
  override readonly name = 'AccordDeniedError';
  /** `ACCORD_FORBIDDEN;<decision id>` or `ACCORD_UNAVAILABLE;<decision id>`: survives production builds. */
  readonly digest: string;
  readonly status: number;
  readonly decisionId: string;
  readonly reason: string;
  constructor(decision: Decision) {
    const forbiddenOutcome = outcomeOf(decision) === 'forbidden';
    super(forbiddenOutcome ? 'Forbidden' : 'Service Unavailable');
    this.status = forbiddenOutcome ? 403 : decision.status === 200 ? 500 : decision.status;
    this.digest = `${forbiddenOutcome ? 'ACCORD_FORBIDDEN' : 'ACCORD_UNAVAILABLE'};${decision.decision_id}`;
    this.decisionId = decision.decision_id;
    this.reason = decision.reason;
  }
}

const SAFE_PATH = /^\/[^\s?#]{0,2047}$/;

function failedDecision(layer: Layer, requestId: string): Decision {
  return Object.freeze({
    allow: false,
    reason: 'ERR_INTERNAL',
    reasons: [],
    decision_id: newUuid(),
    request_id: requestId,
    layer,
    policy_revision: 'unknown',
    authoritative: true,
    status: 500,
  } satisfies Decision);
}

function policyPath(path: string | undefined, layer: Layer): string {
  return typeof path === 'string' && SAFE_PATH.test(path) ? path : `/_accord/${layer}`;
}

type ReadonlyHeaders = Awaited<ReturnType<typeof headers>>;
type ReadonlyCookies = Awaited<ReturnType<typeof cookies>>;

/** What one request's decisions share: its id, the engine's per-request memo, the header view. */
interface RequestState {
  requestId: string;
  memo: RequestMemo;
  headers: { get(name: string): string | null };
}

/**
 * The current request's headers as the engine reads them (a view: nothing is copied). The session
 * cookie comes from `cookies()`, which already holds a cookie set earlier in this request (sign-in
 * action, then redirect and render), unless the raw header names it twice: then the raw header is
 * passed on and the engine refuses it as ambiguous. Every other header (Authorization included) is
 * the request's own.
 */
function requestState(h: ReadonlyHeaders, c: ReadonlyCookies, cookieName: string): RequestState {
  const raw = h.get('cookie');
  let cookie: string | null;
  if (raw !== null && readCookie(raw, cookieName) === null) {
    cookie = raw; // duplicated session cookie: ambiguous, the engine denies
  } else {
    const v = c.get(cookieName)?.value;
    cookie = v === undefined ? null : `${cookieName}=${v}`;
  }
  const requestId = requestIdFrom(h);
  return {
    requestId,
    memo: { requestId },
    headers: { get: (name: string) => (name.toLowerCase() === 'cookie' ? cookie : h.get(name)) },
  };
}

/**
 * What `authorizedAction()` decides on for each call of a server action. NoInfer: the action's
 * signature comes from `fn`; these may take fewer arguments.
 */
export interface ActionCheck<Args extends unknown[]> {
  action: string | NoInfer<(...args: Args) => Awaitable<string>>;
  resource: Record<string, unknown> | NoInfer<(...args: Args) => Awaitable<Record<string, unknown>>>;
  /** Policy path (see ServerCheckOptions.path) and sign-in return path. */
  path?: string | NoInfer<(...args: Args) => Awaitable<string | undefined>>;
}

export function createServerAuthorization(options: ServerAuthorizationOptions) {
  const cookieName = options.cookieName ?? DEFAULT_COOKIE_NAME;
  const loginPath = options.loginPath ?? '/login';
  const interrupts = options.authInterrupts === true;

  /** Read once per request (React cache(); outside a render, e.g. in server actions, on every call). */
  const current = cache(async (): Promise<RequestState> => {
    const [h, c] = await Promise.all([headers(), cookies()]);
    return requestState(h, c, cookieName);
  });
  /** The request id (from the proxy's header, or fresh), once per request. */
  const requestId = async (): Promise<string> => (await current()).requestId;

  async function decide(layer: Layer, action: string, resource: Record<string, unknown>, path: string): Promise<Decision> {
    // Outside the try: reading headers()/cookies() is how Next learns that a page is dynamic (during
    // prerendering it throws or suspends on purpose); that signal must reach Next, never become a
    // failed decision.
    const st = await current();
    try {
      const src = authorizerOf(options.authorizer);
      const authorizer = isPromise(src) ? await src : src;
      // Verified claims are shared by every decision of the request (st.memo); the session store
      // and the policy are asked on every decision.
      const request: RequestLike = { url: `http://accord.internal${path}`, method: layer === 'server_action' ? 'POST' : 'GET', headers: st.headers };
      const opts = { action, resource, layer, memo: st.memo, requestId: st.requestId };
      const d = authorizer.decide ? authorizer.decide(request, opts) : authorizer.authorize(request, opts);
      return isPromise(d) ? await d : d;
    } catch {
      // The authorizer could not be created (or the request could not be read): a failed,
      // denying decision — rendered as 503 by enforce(), never as content.
      return failedDecision(layer, st.requestId);
    } finally {
      scheduleDrain(options.audit, afterResponse);
    }
  }

  /** One decision per (action, resource, path) per request. */
  const cachedDecision = cache((key: string): Promise<Decision> => {
    const { action, resource, path } = JSON.parse(key) as { action: string; resource: Record<string, unknown>; path: string };
    return decide('server_component', action, resource, path);
  });

  /** Where the sign-in page should send the user back to. */
  async function returnPath(explicit: string | undefined): Promise<string | undefined> {
    if (explicit !== undefined) return explicit;
    try {
      return (await headers()).get(PATH_HEADER) ?? undefined; // only a redirect target, sanitised
    } catch {
      return undefined;
    }
  }

  /** Turns a denial into the interrupt Next renders. Never call inside try/catch: these throw. */
  async function enforce(decision: Decision, path: string | undefined): Promise<Decision> {
    const outcome = outcomeOf(decision);
    if (outcome === 'allow') return decision;
    if (outcome === 'unauthenticated') {
      if (interrupts && decision.reason !== 'no_credentials') unauthorized();
      redirect(loginLocation(loginPath, await returnPath(path)));
    }
    if (outcome === 'forbidden' && interrupts) forbidden();
    throw new AccordDeniedError(decision);
  }

  /** The decision, without enforcing it (render your own denial). Memoised per request. */
  function check(action: string, resource: Record<string, unknown>, opts: ServerCheckOptions = {}): Promise<Decision> {
    try {
      const path = policyPath(opts.path, 'server_component');
      return cachedDecision(stableKey({ action, resource, path }));
    } catch (err) {
      return Promise.reject(err); // an unserialisable resource: rejects like the async version did
    }
  }

  /**
   * Authorise a server component or a data function; resolves with the allow decision or throws
   * redirect / unauthorized / forbidden / AccordDeniedError. Memoised per request (React cache()).
   */
  async function authorize(action: string, resource: Record<string, unknown>, opts: ServerCheckOptions = {}): Promise<Decision> {
    const decision = await check(action, resource, opts);
    return decision.allow ? decision : enforce(decision, opts.path);
  }


  /**
   * Wraps a server action: every call is authorised (layer `server_action`, never memoised)
   * before `fn` runs; `fn` gets the decision first, then the action's own arguments. Annotate
   * `fn`'s parameters (`ctx: ActionContext, id: string, formData: FormData`): they define the
   * action's signature.
   */
  function authorizedAction<Args extends unknown[], R>(
    spec: ActionCheck<Args>,
    fn: (ctx: ActionContext, ...args: Args) => Promise<R>,
  ): (...args: Args) => Promise<R> {
    return async (...args: Args): Promise<R> => {
      const action = typeof spec.action === 'function' ? await spec.action(...args) : spec.action;
      const resource = typeof spec.resource === 'function' ? await spec.resource(...args) : spec.resource;
      const path = typeof spec.path === 'function' ? await spec.path(...args) : spec.path;
      // Never memoised: cache() does not memoise in actions, and every call is decided anew.
      const decision = await decide('server_action', action, resource, policyPath(path, 'server_action'));
      if (!decision.allow) await enforce(decision, path);
      return fn({ decision, subject: decision.subject }, ...args);
    };
  }

  return { authorize, check, authorizedAction, requestId };
}
