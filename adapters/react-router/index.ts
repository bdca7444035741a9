// Accord for React Router v7 (framework mode): authorize loaders and actions against the one
// compiled policy, before any data leaves the server. Intended package entry: `accord/react-router`.
export { createReactRouterAccord } from './guard.js';
export type {
  AccordSubject,
  Authorized,
  CheckResult,
  MaybeAnonymous,
  ReactRouterAccord,
  ReactRouterAccordOptions,
  RouteArgsLike,
  RouteAuthorizeOptions,
  RouteLayer,
} from './guard.js';
export { MAX_NEXT_LENGTH, isSafeNext, normalizeNext, safeNext } from './next.js';
export {
  DEFAULT_SESSION_COOKIE,
  clearSessionCookie,
  hasCookie,
  readSessionCookie,
  serializeSessionCookie,
} from './cookies.js';
export type { SessionCookieOptions } from './cookies.js';
