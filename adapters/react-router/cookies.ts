// The session cookie: an opaque handle (an Accord session id) or a JWT whose `sid` names the
// server-side session. The value is written raw (no signing, no base64-JSON as React Router's
// createCookie would do): the engine reads the cookie value as-is, and the session record, not the
// cookie, decides. Edge-safe, no deps.
import { readCookie } from '../../src/engine/index.js';

export const DEFAULT_SESSION_COOKIE = 'accord_session';

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A session id (base64url) or a compact JWS: nothing that could break out of the header.
const COOKIE_VALUE = /^[A-Za-z0-9._-]{1,8192}$/;
const COOKIE_PATH = /^\/[\x21-\x3a\x3c-\x7e]*$/; // no ';', no controls, no spaces

export interface SessionCookieOptions {
  /** Cookie name (default `accord_session`). */
  name?: string;
  /** Lifetime in seconds. Omit for a browser-session cookie. */
  maxAge?: number;
  /** `Secure` attribute (default true; set false only for plain-http development). */
  secure?: boolean;
  /** `SameSite` (default `Lax`: top-level GET navigations keep the session, cross-site POSTs do not). */
  sameSite?: 'Lax' | 'Strict';
  /** `Path` (default `/`). */
  path?: string;
}

function attributes(opts: SessionCookieOptions): string {
  const path = opts.path ?? '/';
  if (!COOKIE_PATH.test(path)) throw new TypeError('accord: invalid cookie path');
  const sameSite = opts.sameSite ?? 'Lax';
  if (sameSite !== 'Lax' && sameSite !== 'Strict') throw new TypeError('accord: sameSite must be Lax or Strict');
  let out = `; Path=${path}; HttpOnly; SameSite=${sameSite}`;
  if (opts.secure !== false) out += '; Secure';
  return out;
}

function cookieName(opts: SessionCookieOptions): string {
  const name = opts.name ?? DEFAULT_SESSION_COOKIE;
  if (!COOKIE_NAME.test(name)) throw new TypeError('accord: invalid cookie name');
  return name;
}

/** `Set-Cookie` value carrying a session handle (always HttpOnly; Secure unless told otherwise). */
export function serializeSessionCookie(value: string, opts: SessionCookieOptions = {}): string {
  if (typeof value !== 'string' || !COOKIE_VALUE.test(value)) throw new TypeError('accord: invalid session cookie value');
  let out = `${cookieName(opts)}=${value}${attributes(opts)}`;
  if (opts.maxAge !== undefined) {
    if (!Number.isInteger(opts.maxAge) || opts.maxAge < 0) throw new TypeError('accord: maxAge must be a non-negative integer');
    out += `; Max-Age=${opts.maxAge}`;
  }
  return out;
}

/** `Set-Cookie` value that deletes the session cookie (logout, revoked or unknown session). */
export function clearSessionCookie(opts: Omit<SessionCookieOptions, 'maxAge'> = {}): string {
  return `${cookieName(opts)}=${attributes(opts)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}

/**
 * The session cookie's raw value, or `undefined` when it is absent, empty, or present more than
 * once (cookie tossing: never guess which one is genuine). Use it to revoke the session on logout;
 * never to make an access decision (that is `authorize()`'s job).
 */
export function readSessionCookie(request: { headers: { get(name: string): string | null } }, name = DEFAULT_SESSION_COOKIE): string | undefined {
  const header = request.headers.get('cookie');
  if (!header || header.length > 16 * 1024) return undefined;
  const v = readCookie(header, name);
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** True when the request carries the cookie at all (once, several times, or empty). */
export function hasCookie(request: { headers: { get(name: string): string | null } }, name = DEFAULT_SESSION_COOKIE): boolean {
  const header = request.headers.get('cookie');
  if (!header) return false;
  return readCookie(header, name) !== undefined;
}
