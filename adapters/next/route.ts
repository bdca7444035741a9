// Route handlers: authorise before the handler runs, on every call, whatever the proxy did. The
// handler receives the decision and the subject. Runtime-agnostic (Node and Edge route handlers):
// give it an authorizer whose session store the runtime can reach.
//
//   export const GET = withAuthorization(async (req, { params, decision }) => Response.json(...), {
//     action: 'read',
//     resource: async (req, { params }) => ({ type: 'document', tenant: (await params).tenant }),
//   });
import type { Decision } from '../../src/engine/index.js';
import { afterResponse } from './schedule.js';
import {
  REQUEST_ID_HEADER,
  denialResponse,
  authorizerOf,
  isPromise,
  requestIdFrom,
  scheduleDrain,
  type AccordNextOptions,
  type AuthorizerLike,
} from './shared.js';

type Awaitable<T> = T | Promise<T>;

export interface RouteCheck<Req extends Request, Ctx> {
  /** The action, or a function of the request (e.g. from its method). */
  action: string | ((request: Req, context: Ctx) => Awaitable<string>);
  /** The resource, or a function that loads what the policy needs (tenant, owner…). */
  resource: Record<string, unknown> | ((request: Req, context: Ctx) => Awaitable<Record<string, unknown>>);
}

export type AuthorizedContext<Ctx> = Ctx & {
  /** The allow decision (ids, policy revision, subject). */
  decision: Decision;
  /** Who was allowed: `sub` of the token, or the service account of an API key. */
  subject: string | undefined;
};

export type RouteHandler<Req extends Request, Ctx> = (request: Req, context: AuthorizedContext<Ctx>) => Awaitable<Response>;

/** The action a REST-style handler performs for each method. */
export function actionForMethod(method: string): string {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return 'read';
    case 'POST':
      return 'create';
    case 'PUT':
    case 'PATCH':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return 'unknown';
  }
}

function jsonError(status: number, error: string, requestId: string): Response {
  return new Response(JSON.stringify({ error, request_id: requestId }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', [REQUEST_ID_HEADER]: requestId },
  });
}

/** Binds the options once; returns `withAuthorization(handler, { action, resource })`. */
export function createRouteAuthorization(options: AccordNextOptions) {
  return function withAuthorization<Req extends Request = Request, Ctx = { params: Promise<Record<string, string | string[]>> }>(
    handler: RouteHandler<Req, Ctx>,
    check: RouteCheck<Req, Ctx>,
  ): (request: Req, context: Ctx) => Promise<Response> {
    if (typeof handler !== 'function') throw new TypeError('withAuthorization: handler must be a function');
    if (!check || (typeof check.action !== 'string' && typeof check.action !== 'function')) {
      throw new TypeError('withAuthorization: { action, resource } required');
    }
    // No async/await on the way in: a plain action, resource and authorizer are used as they are,
    // and a decision that completed synchronously (authorizer.decide) goes straight to the
    // handler. Every promise and microtask turn costs a route handler (Next tracks async context
    // on each); only what the caller returns as a promise is waited for.
    return (request, context) => {
      const requestId = requestIdFrom(request.headers);
      const decide = (action: string, resource: Record<string, unknown>, authorizer: AuthorizerLike): Awaitable<Decision> => {
        const opts = { action, resource, layer: 'route' as const, requestId };
        return authorizer.decide ? authorizer.decide(request, opts) : authorizer.authorize(request, opts);
      };
      // A resource loader or authorizer factory that throws or rejects authorises nothing.
      const unavailable = () => {
        scheduleDrain(options.audit, afterResponse);
        return jsonError(500, 'unavailable', requestId);
      };
      const respond = (decision: Decision): Awaitable<Response> => {
        // After the decision, so the sink has its event when it is asked whether to drain.
        scheduleDrain(options.audit, afterResponse);
        if (!decision.allow) return denialResponse(decision);
        const res = handler(request, { ...(context as object), decision, subject: decision.subject } as AuthorizedContext<Ctx>);
        return isPromise(res) ? res.then(withRequestId) : withRequestId(res);
      };
      const withRequestId = (res: Response): Response => {
        try {
          if (!res.headers.has(REQUEST_ID_HEADER)) res.headers.set(REQUEST_ID_HEADER, requestId);
        } catch {
          // immutable headers (Response.redirect): leave them
        }
        return res;
      };

      // decide, then respond; a decide that throws or rejects authorises nothing.
      const decideAndRespond = (action: string, resource: Record<string, unknown>, authorizer: AuthorizerLike): Awaitable<Response> => {
        let decision: Awaitable<Decision>;
        try {
          decision = decide(action, resource, authorizer);
        } catch {
          return unavailable();
        }
        return isPromise(decision) ? decision.then(respond, unavailable) : respond(decision);
      };

      let a: Awaitable<string>, r: Awaitable<Record<string, unknown>>, src: Awaitable<AuthorizerLike>;
      try {
        a = typeof check.action === 'function' ? check.action(request, context) : check.action;
        r = typeof check.resource === 'function' ? check.resource(request, context) : check.resource;
        src = authorizerOf(options.authorizer);
      } catch {
        return Promise.resolve(unavailable());
      }
      // One continuation per thing the caller made us wait for (the handler's own errors propagate
      // as they are — a rejected promise — never as a denial).
      if (isPromise(a) || isPromise(src)) {
        return Promise.all([a, r, src]).then(([action, resource, authorizer]) => decideAndRespond(action, resource, authorizer), unavailable);
      }
      if (isPromise(r)) {
        // The usual case (a loader awaiting the route's params).
        return r.then((resource) => decideAndRespond(a, resource, src), unavailable);
      }
      try {
        return Promise.resolve(decideAndRespond(a, r, src));
      } catch (err) {
        return Promise.reject(err);
      }
    };
  };
}
