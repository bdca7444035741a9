// Structural checks that run before any cryptography or JSON parsing of the payload.
// Cheap, allocation-light, and the first line against oversized or hostile input.
// Edge-safe: no node: imports.
import { base64url } from 'jose';
import type { JWSHeaderParameters } from 'jose';
import { ClaimsError } from './errors.js';

export const DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;
const MAX_HEADER_CHARS = 2048;
const SEGMENT = /^[A-Za-z0-9_-]*$/;

/**
 * Default kid policy. The kid is only ever used as an exact-match lookup key, never as a path,
 * URL or query, but a kid that looks like one is an attack probe and is refused outright:
 * bounded length, a conservative alphabet (covers hex, UUIDs, base64, base64url and the
 * `a:b` forms IdPs use), no `..`, no `//`, no leading `/`.
 */
export const DEFAULT_KID_PATTERN = /^[A-Za-z0-9._~+/=:-]{1,256}$/;

export function isSafeKid(kid: string, pattern: RegExp = DEFAULT_KID_PATTERN): boolean {
  return pattern.test(kid) && !kid.includes('..') && !kid.includes('//') && !kid.startsWith('/');
}

/** Header parameters that point at key material the token chooses itself. Never honoured. */
const KEY_REFERENCE_HEADERS = ['jku', 'x5u', 'jwk'] as const;

export interface PrecheckOptions {
  maxTokenBytes: number;
  algorithms: ReadonlySet<string>;
  /** Extension header names the application processes and lists in `crit`. */
  crit: ReadonlySet<string>;
  kidPattern: RegExp;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Validate size, compact-JWS shape and the protected header. Returns the decoded header.
 * Throws ClaimsError; reasons never echo attacker-controlled values.
 */
export function precheck(token: unknown, opts: PrecheckOptions): JWSHeaderParameters {
  if (typeof token !== 'string' || token.length === 0) {
    throw new ClaimsError('ERR_JWT_INVALID', 'token is not a non-empty string');
  }
  if (token.length > opts.maxTokenBytes) {
    throw new ClaimsError('ERR_TOKEN_TOO_LARGE', `token exceeds ${opts.maxTokenBytes} bytes`);
  }
  const d1 = token.indexOf('.');
  const d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
  if (d1 < 0 || d2 < 0) throw new ClaimsError('ERR_JWT_INVALID', 'token is not a compact JWS');
  const d3 = token.indexOf('.', d2 + 1);
  if (d3 >= 0) {
    const d4 = token.indexOf('.', d3 + 1);
    if (d4 >= 0 && token.indexOf('.', d4 + 1) < 0) {
      throw new ClaimsError('ERR_JWT_INVALID', 'encrypted tokens (JWE) are not accepted');
    }
    throw new ClaimsError('ERR_JWT_INVALID', 'token is not a compact JWS');
  }
  const h = token.slice(0, d1);
  const p = token.slice(d1 + 1, d2);
  const s = token.slice(d2 + 1);
  if (h.length === 0 || p.length === 0) throw new ClaimsError('ERR_JWT_INVALID', 'empty token segment');
  if (h.length > MAX_HEADER_CHARS) throw new ClaimsError('ERR_JWS_INVALID', 'protected header too large');
  if (!SEGMENT.test(h) || !SEGMENT.test(p) || !SEGMENT.test(s)) {
    throw new ClaimsError('ERR_JWT_INVALID', 'token segment is not base64url');
  }

  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(base64url.decode(h)));
  } catch (cause) {
    throw new ClaimsError('ERR_JWT_INVALID', 'protected header is not base64url JSON', { cause });
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new ClaimsError('ERR_JWT_INVALID', 'protected header is not a JSON object');
  }
  const hdr = header as Record<string, unknown>;

  const alg = hdr.alg;
  if (typeof alg !== 'string' || alg.length === 0) throw new ClaimsError('ERR_JWS_INVALID', 'missing "alg" header');
  if (alg.toLowerCase() === 'none') throw new ClaimsError('ERR_JOSE_ALG_NOT_ALLOWED', 'unsecured tokens are not accepted');
  if (!opts.algorithms.has(alg)) throw new ClaimsError('ERR_JOSE_ALG_NOT_ALLOWED', '"alg" not in the allow-list');
  if (s.length === 0) throw new ClaimsError('ERR_JWS_INVALID', 'missing signature');

  if (hdr.crit !== undefined) {
    const crit = hdr.crit;
    if (!Array.isArray(crit) || crit.length === 0) throw new ClaimsError('ERR_JWS_INVALID', 'malformed "crit" header');
    for (const name of crit) {
      if (typeof name !== 'string' || !opts.crit.has(name) || !(name in hdr)) {
        throw new ClaimsError('ERR_JWS_INVALID', 'unsupported "crit" header parameter');
      }
    }
  }

  if (hdr.kid !== undefined) {
    if (typeof hdr.kid !== 'string' || !isSafeKid(hdr.kid, opts.kidPattern)) {
      throw new ClaimsError('ERR_JWS_INVALID', '"kid" header rejected');
    }
  }

  for (const name of KEY_REFERENCE_HEADERS) {
    if (hdr[name] !== undefined) throw new ClaimsError('ERR_JWS_INVALID', 'key-reference headers are not accepted');
  }

  return hdr as JWSHeaderParameters;
}
