// The app's Accord helpers for Node layers, bound once: route handlers, server components / data
// functions, server actions. Every one of them asks the same authorizer (token + session store +
// policy) on its own; none trusts that the proxy ran.
import 'server-only';
import { connection } from 'next/server';
import { createRouteAuthorization, type AuthorizerLike } from '@accord/next';
import { createServerAuthorization } from '@accord/next/server';
import type { Decision } from '@accord/core';
import { AUTH_DISABLED, BENCH_ABLATION, COOKIE_NAME } from './config';
import { accordState } from './state';

const options = {
  authorizer: (): AuthorizerLike => (BENCH_ABLATION === 'adapter-only' ? allowEverything : accordState().authorizer),
  audit: () => accordState().audit,
  loginPath: '/login',
  cookieName: COOKIE_NAME,
};

const server = createServerAuthorization({ ...options, authInterrupts: true });
const route = createRouteAuthorization(options);

// ── "auth removed" build (load benchmark baseline only; ACCORD_DISABLED=1 at build time) ────────
const ALLOW: Decision = Object.freeze({
  allow: true,
  reason: 'allowed',
  reasons: [],
  decision_id: '00000000-0000-4000-8000-000000000000',
  request_id: '00000000-0000-4000-8000-000000000000',
  layer: 'route',
  policy_revision: 'disabled',
  authoritative: false,
  status: 200,
});

// The benchmark's adapter-only ablation (lib/config.ts): the wrappers as shipped, asking this.
const allowEverything: AuthorizerLike = {
  decide: (_request, o) => ({ ...ALLOW, request_id: o.requestId ?? ALLOW.request_id, layer: o.layer ?? 'route' }),
  authorize: async (request, o) => allowEverything.decide!(request, o),
  revision: 'disabled',
  mode: 'authoritative',
};

export const withAuthorization: typeof route = AUTH_DISABLED
  ? ((handler) => (request, context) => handler(request, { ...(context as object), decision: ALLOW, subject: undefined } as never)) as typeof route
  : route;
// Still rendered per request (connection()), like the real thing, so the comparison is fair.
const allowDynamic = async () => {
  await connection();
  return ALLOW;
};
export const authorize: typeof server.authorize = AUTH_DISABLED ? allowDynamic : server.authorize;
export const check: typeof server.check = AUTH_DISABLED ? allowDynamic : server.check;
export const authorizedAction: typeof server.authorizedAction = AUTH_DISABLED
  ? ((_spec, fn) => (...args) => fn({ decision: ALLOW, subject: undefined }, ...args)) as typeof server.authorizedAction
  : server.authorizedAction;
export const requestId = server.requestId;
