// accord/next — the Next.js adapter. Thin: every decision comes from the engine's authorize();
// this package only maps Next's layers onto it. Edge-safe entry (no next/headers); server
// components and server actions import `./server.js`.
export { createAccordProxy, type AccordProxyOptions } from './proxy.js';
export { createAccordMiddleware, type AccordMiddlewareOptions } from './middleware.js';
export { defaultDeniedPage, type GateOptions, type GateLayer } from './gate.js';
export { createRouteAuthorization, actionForMethod, type AuthorizedContext, type RouteCheck, type RouteHandler } from './route.js';
export {
  deferredAudit,
  edgeAuditForwarder,
  type DeferredAudit,
  type DeferredAuditOptions,
  type EdgeAuditForwarder,
  type EdgeAuditForwarderOptions,
} from './audit.js';
export { afterResponse } from './schedule.js';
export {
  DEFAULT_COOKIE_NAME,
  accordDenial,
  DEFAULT_MATCHER,
  HEADER_PREFIX,
  PATH_HEADER,
  REQUEST_ID_HEADER,
  denialBody,
  denialResponse,
  isRequestId,
  loginLocation,
  newRequestId,
  outcomeOf,
  requestIdFrom,
  safeNextPath,
  type AccordNextOptions,
  type AuthorizerLike,
  type AuthorizerSource,
  type DeferredAuditLike,
  type Outcome,
  type Target,
} from './shared.js';
