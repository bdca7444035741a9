// The request gate shared by proxy.ts (Node) and middleware.ts (Edge). Routing only: it turns a
// decision into a redirect, a 403 page or a JSON error, and passes a fresh request id
// downstream. No later layer trusts that it ran (CVE-2025-29927): every route handler, server
// component and server action asks the policy again. Edge-safe.
import { NextResponse, type NextRequest } from 'next/server.js';
import type { Decision } from '../../src/engine/index.js';
import {
  HEADER_PREFIX,
  PATH_HEADER,
  REQUEST_ID_HEADER,
  denialResponse,
  loginLocation,
  newRequestId,
  outcomeOf,
  authorizerOf,
  isPromise,
  scheduleDrain,
  type AccordNextOptions,
  type Schedule,
  type Target,
} from './shared.js';

export interface GateOptions extends AccordNextOptions {
  /**
   * The check for this request. Return `null` for requests Accord does not guard here (they still
   * get a request id). Default: `{ action: 'read', resource: { type: 'page' } }` for everything
   * the matcher lets in, so a new page is guarded until you say otherwise.
   */
  resolve?: (request: NextRequest) => Target | null | undefined | Promise<Target | null | undefined>;
  /**
   * The page answered when the policy denies a page request (status 403), or when deciding failed
   * (503). Default: a small HTML page with the decision id. (A rewrite cannot carry a 403 status
   * in Next 16, hence a response.)
   */
  deniedPage?: (decision: Decision, request: NextRequest) => Response | Promise<Response>;
  /** Requests answered with JSON instead of pages (default: `/api` and `/api/…`). */
  isApi?: (pathname: string) => boolean;
  /** Observe every decision (metrics, tests). Must not throw. */
  onDecision?: (decision: Decision, request: NextRequest) => void;
}

export type GateLayer = 'proxy' | 'middleware';

const defaultIsApi = (p: string) => p === '/api' || p.startsWith('/api/');
const DEFAULT_TARGET: Target = { action: 'read', resource: { type: 'page' } };

/** Incoming headers minus everything the proxy owns, plus this request's id and path. */
function downstreamHeaders(request: NextRequest, requestId: string): Headers {
  const headers = new Headers(request.headers);
  const owned: string[] = [];
  headers.forEach((_value, name) => {
    if (name.startsWith(HEADER_PREFIX) || name === 'x-middleware-subrequest') owned.push(name);
  });
  for (const name of owned) headers.delete(name);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`.slice(0, 2048));
  return headers;
}

const escapeHtml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The default denied page: status 403 (policy) or 5xx (failed closed), no details. */
export function defaultDeniedPage(decision: Decision): Response {
  const forbidden = outcomeOf(decision) === 'forbidden';
  const status = forbidden ? 403 : decision.status >= 500 ? decision.status : 503;
  const title = forbidden ? '403 — Forbidden' : `${status} — Authorization unavailable`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;margin:3rem"><h1 data-testid="denied">${title}</h1><p>${forbidden ? 'The policy does not allow this request.' : 'The request could not be authorized; nothing was served.'}</p><p><small>decision ${escapeHtml(decision.decision_id)} · request ${escapeHtml(decision.request_id)}</small></p><p><a href="/">Home</a></p></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', [REQUEST_ID_HEADER]: decision.request_id },
  });
}

/** A failure before any decision (resolver or authorizer factory threw): fail closed. */
function failure(status: 500 | 503, api: boolean, requestId: string): Response {
  const body = api ? JSON.stringify({ error: 'unavailable', request_id: requestId }) : status === 500 ? 'Internal Server Error' : 'Service Unavailable';
  return new Response(body, {
    status,
    headers: {
      'content-type': api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      [REQUEST_ID_HEADER]: requestId,
    },
  });
}

export function createGate(options: GateOptions, layer: GateLayer) {
  const loginPath = options.loginPath ?? '/login';
  const isApi = options.isApi ?? defaultIsApi;
  const resolve = options.resolve ?? (() => DEFAULT_TARGET);

  return async function gate(request: NextRequest, schedule: Schedule): Promise<Response> {
    const requestId = newRequestId();
    const headers = downstreamHeaders(request, requestId);
    const pathname = request.nextUrl.pathname;
    const api = isApi(pathname);

    let target: Target | null | undefined;
    try {
      const t = resolve(request);
      target = isPromise(t) ? await t : t;
    } catch {
      // A resolver that throws guards nothing: fail closed.
      return failure(500, api, requestId);
    }
    if (target === null) {
      const res = NextResponse.next({ request: { headers } });
      res.headers.set(REQUEST_ID_HEADER, requestId);
      return res;
    }
    const t = target ?? DEFAULT_TARGET;

    let decision: Decision;
    try {
      const src = authorizerOf(options.authorizer);
      const authorizer = isPromise(src) ? await src : src;
      const opts = { action: t.action, resource: t.resource, layer, requestId };
      // decide(): no extra promise and microtask turn when the decision completed synchronously.
      const d = authorizer.decide ? authorizer.decide(request, opts) : authorizer.authorize(request, opts);
      decision = isPromise(d) ? await d : d;
    } catch {
      return failure(503, api, requestId);
    } finally {
      scheduleDrain(options.audit, schedule);
    }
    try {
      options.onDecision?.(decision, request);
    } catch {
      // observers never change the outcome
    }

    const outcome = decision.reason === 'deferred' ? 'allow' : outcomeOf(decision);
    if (outcome === 'allow') {
      const res = NextResponse.next({ request: { headers } });
      res.headers.set(REQUEST_ID_HEADER, requestId);
      return res;
    }
    if (api) return denialResponse(decision);
    if (outcome === 'unauthenticated') {
      // Never delete the cookie here: a redirect racing a fresh sign-in in another tab would wipe
      // the new session's cookie. The sign-in page replaces it.
      const url = new URL(loginLocation(loginPath, `${pathname}${request.nextUrl.search}`), request.nextUrl.origin);
      const res = NextResponse.redirect(url, request.method === 'GET' || request.method === 'HEAD' ? 307 : 303);
      res.headers.set('cache-control', 'no-store');
      res.headers.set(REQUEST_ID_HEADER, requestId);
      return res;
    }
    let res: Response;
    try {
      res = options.deniedPage ? await options.deniedPage(decision, request) : defaultDeniedPage(decision);
    } catch {
      res = defaultDeniedPage(decision);
    }
    try {
      if (!res.headers.has(REQUEST_ID_HEADER)) res.headers.set(REQUEST_ID_HEADER, requestId);
    } catch {
      // immutable headers (Response.redirect, a fetched page): the denial stands without the id
    }
    return res;
  };
}
