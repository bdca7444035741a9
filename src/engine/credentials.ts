// Reading a request: the credential (cookie or Authorization: Bearer), method, path and the
// allow-listed headers. Every header and cookie is hostile: sizes are bounded, parsing is strict,
// and nothing here reads `x-accord-*` (or any header outside the allow-list). Edge-safe.

/** A plain context, for code that reads cookies()/headers() itself (server components, actions). */
export interface AuthorizeContext {
  /** The credential as found in the cookie or bearer header: a JWT or an opaque API key. */
  token?: string;
  /** An opaque session id / API key (the same as passing it as `token`). */
  sessionId?: string;
  method: string;
  path: string;
  ip?: string;
  headers?: Headers | Record<string, string | string[] | undefined>;
}

/** The parts of a Fetch API Request the engine reads (NextRequest and React Router's Request fit). */
export interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
  readonly signal?: AbortSignal;
}

export type CredentialSource = 'cookie' | 'bearer' | 'context';

export type Credential =
  | { kind: 'none' }
  | { kind: 'jwt'; value: string; source: CredentialSource }
  | { kind: 'opaque'; value: string; source: CredentialSource }
  | { kind: 'invalid'; code: CredentialErrorCode; detail: string };

export type CredentialErrorCode = 'ERR_CREDENTIAL_INVALID' | 'ERR_CREDENTIAL_TOO_LARGE' | 'ERR_CREDENTIAL_AMBIGUOUS';

export interface RequestFacts {
  credential: Credential;
  method: string;
  path: string;
  ip?: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

export interface ReadOptions {
  cookieName: string;
  headerAllowList: readonly string[];
  maxCredentialBytes: number;
  maxCookieHeaderBytes: number;
  ip?: (request: RequestLike) => string | undefined;
}

/** Header names that may never be copied into the policy input. */
export function isForbiddenHeader(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === 'authorization' ||
    n === 'proxy-authorization' ||
    n === 'cookie' ||
    n === 'set-cookie' ||
    n.startsWith('x-accord-') ||
    n === 'x-middleware-subrequest'
  );
}

/** What a policy typically needs: CSRF-relevant origin facts, the body type, the client. */
export const DEFAULT_HEADER_ALLOW_LIST: readonly string[] = ['user-agent', 'origin', 'sec-fetch-site', 'content-type'];

const MAX_HEADER_VALUE = 1024;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const OPAQUE_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer +(\S+)$/i;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isRequestLike(value: unknown): value is RequestLike {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { url?: unknown; headers?: { get?: unknown } };
  return typeof v.url === 'string' && typeof v.headers === 'object' && v.headers !== null && typeof v.headers.get === 'function';
}

/** Classify a credential string: a compact JWS (JWT), an Accord session id / API key, or invalid. */
export function classifyCredential(value: string, source: CredentialSource, maxBytes: number): Credential {
  if (value.length > maxBytes) return { kind: 'invalid', code: 'ERR_CREDENTIAL_TOO_LARGE', detail: `${source} credential over ${maxBytes} bytes` };
  if (value.length === 0) return { kind: 'invalid', code: 'ERR_CREDENTIAL_INVALID', detail: `empty ${source} credential` };
  if (JWT_SHAPE.test(value)) return { kind: 'jwt', value, source };
  if (OPAQUE_SHAPE.test(value)) return { kind: 'opaque', value, source };
  return { kind: 'invalid', code: 'ERR_CREDENTIAL_INVALID', detail: `${source} credential is neither a JWT nor a session id` };
}

/**
 * Space and tab only (RFC 6265's optional whitespace), not String.prototype.trim(): that also
 * strips U+00A0 and other Unicode spaces, which would read a cookie named "\u00a0__Host-x" (one
 * any subdomain may set) as the host-only "__Host-x".
 */
function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * The value of cookie `name` in a Cookie header, strictly:
 * - `undefined` when absent;
 * - `null` when the cookie appears more than once (cookie tossing from a sibling subdomain can
 *   plant a second cookie of the same name: never guess which one is genuine).
 * A value in double quotes (RFC 6265 allows it) is unquoted; nothing is percent-decoded.
 */
export function readCookie(header: string, name: string): string | undefined | null {
  let found: string | undefined;
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq > start && eq < end) {
      const k = trimOws(header.slice(start, eq));
      if (k === name) {
        let v = trimOws(header.slice(eq + 1, end));
        if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
        if (found !== undefined) return null;
        found = v;
      }
    }
    start = end + 1;
  }
  return found;
}

function fromHeaders(
  authorization: string | null | undefined,
  cookie: () => string | null | undefined,
  opts: ReadOptions,
): Credential {
  // An explicit bearer credential wins over the ambient cookie (it cannot be sent cross-site by a
  // browser on its own). A malformed Bearer header is an error, never a fall-back to the cookie.
  // Another scheme (Basic from a staging proxy, Digest, …) is not Accord's credential: ignored.
  if (authorization !== null && authorization !== undefined && authorization !== '') {
    if (authorization.length > opts.maxCredentialBytes + 16) {
      return { kind: 'invalid', code: 'ERR_CREDENTIAL_TOO_LARGE', detail: 'authorization header too large' };
    }
    const value = authorization.trim();
    const m = BEARER.exec(value);
    // classifyCredential only accepts the JWT or session-id alphabets (subsets of RFC 6750's b64token).
    if (m) return classifyCredential(m[1], 'bearer', opts.maxCredentialBytes);
    if (/bearer/i.test(value)) {
      // "Bearer a, Bearer b" (two headers joined), "Basic x, Bearer y", "Bearer" alone, "Bearer a b"…
      return { kind: 'invalid', code: 'ERR_CREDENTIAL_INVALID', detail: 'authorization header is not a single Bearer credential' };
    }
  }
  const cookieHeader = cookie();
  if (cookieHeader) {
    if (cookieHeader.length > opts.maxCookieHeaderBytes) {
      return { kind: 'invalid', code: 'ERR_CREDENTIAL_TOO_LARGE', detail: 'cookie header too large' };
    }
    const v = readCookie(cookieHeader, opts.cookieName);
    if (v === null) return { kind: 'invalid', code: 'ERR_CREDENTIAL_AMBIGUOUS', detail: 'session cookie present more than once' };
    // An empty value (a cookie cleared by logout) is no credential at all.
    if (v !== undefined && v !== '') return classifyCredential(v, 'cookie', opts.maxCredentialBytes);
  }
  return { kind: 'none' };
}

/**
 * The path of a Request's URL. A WHATWG Request has already parsed and serialised its URL (dot
 * segments resolved), so for http(s) the path is the slice between the authority and `?`/`#`.
 * Anything else (another realm's Request, a Request-like object) goes through the URL parser.
 */
function pathOf(url: string, trusted: boolean): string | undefined {
  if (trusted && (url.startsWith('https://') || url.startsWith('http://'))) {
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    if (slash < 0) return '/';
    let end = url.length;
    const q = url.indexOf('?', slash);
    if (q >= 0) end = q;
    const h = url.indexOf('#', slash);
    if (h >= 0 && h < end) end = h;
    return url.slice(slash, end);
  }
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

function pickHeaders(get: (name: string) => string | null | undefined, allow: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of allow) {
    const v = get(name);
    if (typeof v === 'string' && v.length <= MAX_HEADER_VALUE) out[name] = v;
  }
  return out;
}

function contextHeaderGetter(h: AuthorizeContext['headers']): (name: string) => string | null | undefined {
  if (!h) return () => undefined;
  if (typeof (h as Headers).get === 'function') return (name) => (h as Headers).get(name);
  const rec = h as Record<string, string | string[] | undefined>;
  const lower = new Map<string, string | string[] | undefined>();
  for (const k of Object.keys(rec)) lower.set(k.toLowerCase(), rec[k]);
  return (name) => {
    const v = lower.get(name);
    return Array.isArray(v) ? v.join(', ') : v;
  };
}

export function readRequest(req: RequestLike, opts: ReadOptions): RequestFacts {
  // One read of the (brand-checked) getter for all the lookups below.
  const headers = req.headers;
  const get = (name: string) => headers.get(name);
  let ip: string | undefined;
  if (opts.ip) {
    try {
      ip = opts.ip(req);
    } catch {
      ip = undefined;
    }
  }
  return {
    credential: fromHeaders(get('authorization'), () => get('cookie'), opts),
    method: typeof req.method === 'string' ? req.method.toUpperCase() : '',
    path: pathOf(req.url, typeof Request === 'function' && req instanceof Request) ?? '',
    ip,
    headers: pickHeaders(get, opts.headerAllowList),
    signal: req.signal,
  };
}

export function readContext(ctx: AuthorizeContext, opts: ReadOptions): RequestFacts {
  let credential: Credential = { kind: 'none' };
  const token = ctx.token;
  const sid = ctx.sessionId;
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (present(token) && present(sid) && token !== sid) {
    credential = { kind: 'invalid', code: 'ERR_CREDENTIAL_AMBIGUOUS', detail: 'both token and sessionId given' };
  } else if (present(token) || present(sid)) {
    const v = present(token) ? token : sid;
    credential =
      typeof v === 'string'
        ? classifyCredential(v, 'context', opts.maxCredentialBytes)
        : { kind: 'invalid', code: 'ERR_CREDENTIAL_INVALID', detail: 'context credential is not a string' };
    if (present(sid) && !present(token) && credential.kind === 'jwt') {
      credential = { kind: 'invalid', code: 'ERR_CREDENTIAL_INVALID', detail: 'sessionId is not a session id' };
    }
  }
  const get = contextHeaderGetter(ctx.headers);
  return {
    credential,
    method: typeof ctx.method === 'string' ? ctx.method.toUpperCase() : '',
    path: typeof ctx.path === 'string' ? ctx.path : '',
    ip: ctx.ip,
    headers: pickHeaders(get, opts.headerAllowList),
  };
}

export function validateAllowList(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    if (typeof raw !== 'string' || !COOKIE_NAME.test(raw)) throw new TypeError(`accord: invalid header name in allow-list`);
    const name = raw.toLowerCase();
    if (isForbiddenHeader(name)) throw new TypeError(`accord: header "${name}" may never be passed to the policy`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export function validateCookieName(name: string): string {
  if (typeof name !== 'string' || !COOKIE_NAME.test(name)) throw new TypeError('accord: invalid cookie name');
  return name;
}
