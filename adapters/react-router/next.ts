// Safe post-login redirect targets ("next"): same-origin, relative paths only. Edge-safe, no deps.
//
// A `next` value comes from a query string or a form field: it is attacker-controlled. The login
// flow only ever redirects to a value that passed `safeNext`, and the guard only ever *offers* a
// value that passed it (a request for `//evil.example/` has a path that would be protocol-relative
// if echoed back, so it is not offered).

/** Longest `next` accepted (longer values are refused, not truncated). */
export const MAX_NEXT_LENGTH = 2048;

const DUMMY_ORIGIN = 'https://accord.invalid';
// Control characters, whitespace, backslash: none belongs in a relative URL we emit ourselves.
// (Browsers strip tabs/newlines and treat "\" as "/", which turns "/\evil" into "//evil".)
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;

function decodeRepeatedly(value: string): string | undefined {
  let current = value;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined; // malformed escapes: refuse rather than guess
    }
    if (next === current) return current;
    current = next;
  }
  return undefined; // still changing after 4 rounds: someone is layering encodings
}

/**
 * The normalised path (pathname + search + hash) when `value` is a same-origin relative path,
 * otherwise `undefined`. Refused: absolute URLs (`https://…`, `javascript:…`), protocol-relative
 * (`//host`), backslash tricks (`/\host`), encoded variants of those (`/%2F%2Fhost`, `/%5Chost`),
 * control characters and whitespace, and anything longer than MAX_NEXT_LENGTH.
 */
export function normalizeNext(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 0 || value.length > MAX_NEXT_LENGTH) return undefined;
  if (value[0] !== '/' || value[1] === '/') return undefined;
  if (FORBIDDEN_CHARS.test(value)) return undefined;
  const decoded = decodeRepeatedly(value);
  if (decoded === undefined) return undefined;
  if (decoded[0] !== '/' || decoded[1] === '/' || FORBIDDEN_CHARS.test(decoded)) return undefined;
  let url: URL;
  try {
    url = new URL(value, DUMMY_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== DUMMY_ORIGIN) return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const out = url.pathname + url.search + url.hash;
  // The serialised result must itself pass every check above, decoded as well: URL parsing
  // removes dot segments, so "/./%2Fhost" comes out as "/%2Fhost", which decodes to "//host".
  if (out[0] !== '/' || out[1] === '/' || out[1] === '\\') return undefined;
  const decodedOut = decodeRepeatedly(out);
  if (decodedOut === undefined || decodedOut[0] !== '/' || decodedOut[1] === '/' || FORBIDDEN_CHARS.test(decodedOut)) return undefined;
  return out;
}

/** True when `value` may be used as a post-login redirect target. */
export function isSafeNext(value: unknown): value is string {
  return normalizeNext(value) !== undefined;
}

/** `value` normalised when it is a safe relative path, otherwise `fallback` (default `/`). */
export function safeNext(value: unknown, fallback = '/'): string {
  return normalizeNext(value) ?? fallback;
}
