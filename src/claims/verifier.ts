// createClaimsVerifier: precheck -> verification cache -> key selection -> jose jwtVerify.
// Edge-safe: no node: imports.
import { errors as joseErrors, jwtVerify } from 'jose';
import type { CryptoKey, JWSHeaderParameters, JWTPayload, JWTVerifyOptions } from 'jose';
import { LruCache } from './cache.js';
import { ClaimsError, toClaimsError } from './errors.js';
import { KeyRing } from './keys.js';
import type { Algorithm, KeySource, RemoteKeys } from './keys.js';
import { DEFAULT_KID_PATTERN, DEFAULT_MAX_TOKEN_BYTES, precheck } from './precheck.js';
import type { PrecheckOptions } from './precheck.js';

export interface ClaimsVerifierOptions {
  /** Expected "iss" (required). */
  issuer: string | string[];
  /** Expected "aud" (required). */
  audience: string | string[];
  /** Explicit allow-list of JWS algorithms (required). Each key is further bound to the subset it can use. */
  algorithms: Algorithm[];
  /** One or more key sources: shared secret, PEM, JWK, or remote JWKS URL. */
  keys: KeySource | KeySource[];
  /** Clock skew tolerance in seconds for exp, nbf and iat (default 5). */
  clockTolerance?: number;
  /** Maximum age in seconds since "iat" (makes "iat" required). */
  maxTokenAge?: number;
  /** Expected "typ" header (e.g. "at+jwt"). */
  typ?: string;
  /** Claims that must be present. "exp" is always required. */
  requiredClaims?: string[];
  /** Extension header names the application understands; any other name in "crit" is refused. */
  crit?: string[];
  /** Size bound checked before anything is parsed (default 8 KiB). */
  maxTokenBytes?: number;
  /** Pattern a "kid" header must match (default: conservative, see precheck.ts). */
  kidPattern?: RegExp;
  /** Verification cache; `false` disables it. */
  cache?: false | { size?: number; maxEntryAgeMs?: number };
  /** Current time in ms (tests). Default Date.now. */
  clock?: () => number;
}

export interface VerifiedClaims {
  readonly payload: Readonly<JWTPayload>;
  readonly header: Readonly<JWSHeaderParameters>;
  readonly subject: string | undefined;
  /** The "sid" claim when it is a string: the handle of the server-side session. */
  readonly sessionId: string | undefined;
  /** "exp" in seconds since the epoch. */
  readonly expiresAt: number;
  /** True when served from the verification cache (signature not recomputed). */
  readonly cached: boolean;
}

export interface ClaimsVerifierStats {
  hits: number;
  misses: number;
  failures: number;
  size: number;
  keysVersion: number;
}

export interface ClaimsVerifier {
  /** Verify a compact JWS JWT. Resolves with frozen claims or rejects with a ClaimsError. */
  verify(token: string): Promise<VerifiedClaims>;
  /** Import local keys now (surfaces configuration errors at startup) and, optionally, prefetch JWKS. */
  ready(options?: { prefetchJwks?: boolean }): Promise<void>;
  /** Drop every cached verification. */
  invalidate(): void;
  /** Refetch every remote key set now; a changed set invalidates the cache. */
  reloadKeys(): Promise<void>;
  /** Bumped whenever the cache is invalidated (key set change or invalidate()). */
  readonly keysVersion: number;
  stats(): ClaimsVerifierStats;
}

interface Entry {
  result: VerifiedClaims;
  exp: number;
  nbf: number | undefined;
  iat: number | undefined;
  version: number;
  /** ms: after this the entry is a miss and the token is verified again. */
  staleAt: number;
  /** The remote key set that verified it, if any: when that set goes stale, so does the entry. */
  remote: RemoteKeys | undefined;
}

const DEFAULT_CACHE_SIZE = 1000;
const DEFAULT_MAX_ENTRY_AGE_MS = 5 * 60_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function nonEmpty(v: string | string[] | undefined, name: string): string | string[] {
  const ok = typeof v === 'string' ? v.length > 0 : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x);
  if (!ok) throw new TypeError(`createClaimsVerifier: "${name}" is required`);
  return v as string | string[];
}

export function createClaimsVerifier(options: ClaimsVerifierOptions): ClaimsVerifier {
  if (!options || typeof options !== 'object') throw new TypeError('createClaimsVerifier: options required');
  const issuer = nonEmpty(options.issuer, 'issuer');
  const audience = nonEmpty(options.audience, 'audience');
  if (!Array.isArray(options.algorithms) || options.algorithms.length === 0) {
    throw new TypeError('createClaimsVerifier: "algorithms" must be an explicit non-empty allow-list');
  }
  for (const a of options.algorithms as string[]) {
    if (typeof a !== 'string' || a.toLowerCase() === 'none') throw new TypeError('createClaimsVerifier: "none" is never allowed');
  }
  const tolerance = options.clockTolerance ?? 5;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new TypeError('createClaimsVerifier: invalid clockTolerance');
  const maxTokenAge = options.maxTokenAge;
  if (maxTokenAge !== undefined && (!Number.isFinite(maxTokenAge) || maxTokenAge < 0)) {
    throw new TypeError('createClaimsVerifier: invalid maxTokenAge');
  }
  const clock = options.clock ?? Date.now;
  const allowed: ReadonlySet<string> = new Set(options.algorithms);
  const critNames = options.crit ?? [];

  const pre: PrecheckOptions = {
    maxTokenBytes: options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES,
    algorithms: allowed,
    crit: new Set(critNames),
    kidPattern: options.kidPattern ?? DEFAULT_KID_PATTERN,
  };
  if (!Number.isInteger(pre.maxTokenBytes) || pre.maxTokenBytes <= 0) throw new TypeError('createClaimsVerifier: invalid maxTokenBytes');

  const cacheOpts = options.cache === false ? { size: 0 } : (options.cache ?? {});
  const cache = new LruCache<string, Entry>(cacheOpts.size ?? DEFAULT_CACHE_SIZE);
  const maxEntryAgeMs = cacheOpts.maxEntryAgeMs ?? DEFAULT_MAX_ENTRY_AGE_MS;
  const inflight = new Map<string, Promise<VerifiedClaims>>();

  let keysVersion = 0;
  const stats = { hits: 0, misses: 0, failures: 0 };
  const invalidate = () => {
    keysVersion++;
    cache.clear();
  };

  const sources = Array.isArray(options.keys) ? options.keys : [options.keys];
  const ring = new KeyRing(sources, allowed, invalidate);
  for (const a of allowed) {
    if (!ring.supports(a)) throw new TypeError(`createClaimsVerifier: no key can verify ${a}; remove it from "algorithms"`);
  }

  const requiredClaims = Array.from(new Set(['exp', ...(options.requiredClaims ?? [])]));
  const baseVerifyOptions: JWTVerifyOptions = {
    issuer,
    audience,
    clockTolerance: tolerance,
    maxTokenAge,
    typ: options.typ,
    requiredClaims,
    crit: Object.fromEntries(critNames.map((n) => [n, true])),
  };

  /** Time claims re-checked on every cache hit, with jose's exact comparisons. */
  function recheck(e: Entry, nowSec: number): void {
    if (e.nbf !== undefined && e.nbf > nowSec + tolerance) {
      throw new ClaimsError('ERR_JWT_CLAIM_VALIDATION_FAILED', '"nbf" claim timestamp check failed', { claim: 'nbf' });
    }
    if (e.exp <= nowSec - tolerance) {
      throw new ClaimsError('ERR_JWT_EXPIRED', '"exp" claim timestamp check failed', { claim: 'exp' });
    }
    if (maxTokenAge !== undefined && e.iat !== undefined) {
      const age = nowSec - e.iat;
      if (age - tolerance > maxTokenAge) {
        throw new ClaimsError('ERR_JWT_EXPIRED', '"iat" claim timestamp check failed (too far in the past)', { claim: 'iat' });
      }
      if (age < -tolerance) {
        throw new ClaimsError('ERR_JWT_CLAIM_VALIDATION_FAILED', '"iat" claim timestamp check failed (it should be in the past)', { claim: 'iat' });
      }
    }
  }

  async function verifySlow(token: string, header: JWSHeaderParameters, nowMs: number): Promise<VerifiedClaims> {
    await ring.ready();
    const versionAtStart = keysVersion;
    const alg = header.alg as string;
    const { local, remote } = ring.candidates(alg, header.kid);
    const verifyOptions: JWTVerifyOptions = { ...baseVerifyOptions, algorithms: [alg], currentDate: new Date(nowMs) };

    let result: { payload: JWTPayload; protectedHeader: JWSHeaderParameters } | undefined;
    let via: RemoteKeys | undefined;
    let lastError: unknown;
    const attempts: Array<{ key: CryptoKey | ((h: JWSHeaderParameters) => Promise<CryptoKey>); remote?: RemoteKeys }> = [
      ...local.map((key) => ({ key })),
      ...remote.map((r) => ({ key: r.getKey, remote: r })),
    ];
    if (attempts.length === 0) {
      throw new ClaimsError('ERR_JWKS_NO_MATCHING_KEY', 'no key matches the token "kid"');
    }
    for (let i = 0; i < attempts.length; i++) {
      const attempt = attempts[i];
      try {
        const key = attempt.key;
        result =
          typeof key === 'function'
            ? await jwtVerify(token, key, verifyOptions)
            : await jwtVerify(token, key, verifyOptions);
        via = attempt.remote;
        break;
      } catch (err) {
        lastError = err;
        const more = i < attempts.length - 1;
        // Only "this key did not fit" moves on to the next candidate; anything about the
        // token itself (claims, shape) is final.
        const retriable =
          err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey;
        if (!more || !retriable) throw toClaimsError(err);
      }
    }
    if (!result) throw toClaimsError(lastError);

    const payload = deepFreeze(result.payload);
    const protectedHeader = deepFreeze(result.protectedHeader);
    const exp = payload.exp as number; // required claim, validated by jose as a NumericDate
    const claims: VerifiedClaims = Object.freeze({
      payload,
      header: protectedHeader,
      subject: typeof payload.sub === 'string' ? payload.sub : undefined,
      sessionId: typeof payload.sid === 'string' ? payload.sid : undefined,
      expiresAt: exp,
      cached: false,
    });

    // Never cache across a key-set change that happened while we were verifying.
    if (cache.capacity > 0 && keysVersion === versionAtStart) {
      let staleAt = Math.min(nowMs + maxEntryAgeMs, (exp + tolerance) * 1000);
      const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
      if (maxTokenAge !== undefined && iat !== undefined) staleAt = Math.min(staleAt, (iat + maxTokenAge + tolerance) * 1000);
      cache.set(token, {
        result: Object.freeze({ ...claims, cached: true }),
        exp,
        nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined,
        iat,
        version: keysVersion,
        staleAt,
        remote: via,
      });
    }
    return claims;
  }

  async function verify(token: string): Promise<VerifiedClaims> {
    try {
      const nowMs = clock();
      if (typeof token === 'string' && token.length <= pre.maxTokenBytes) {
        const e = cache.get(token);
        if (e !== undefined) {
          if (e.version === keysVersion && (e.remote === undefined || e.remote.fresh())) {
            // The signature is known good for this exact string; time moves on, so the time
            // claims are checked again with jose's comparisons. An expired token is refused here.
            try {
              recheck(e, Math.floor(nowMs / 1000));
            } catch (err) {
              cache.delete(token);
              throw err;
            }
            if (nowMs < e.staleAt) {
              stats.hits++;
              return e.result;
            }
          }
          cache.delete(token);
        }
      }
      const header = precheck(token, pre);
      stats.misses++;
      let p = inflight.get(token);
      if (!p) {
        p = verifySlow(token, header, nowMs).finally(() => inflight.delete(token));
        inflight.set(token, p);
      }
      return await p;
    } catch (err) {
      stats.failures++;
      throw toClaimsError(err);
    }
  }

  return {
    verify,
    async ready(opts) {
      await ring.ready();
      if (opts?.prefetchJwks) await Promise.all(ring.remote.map((r) => r.reload()));
    },
    invalidate,
    async reloadKeys() {
      await Promise.all(ring.remote.map((r) => r.reload()));
    },
    get keysVersion() {
      return keysVersion;
    },
    stats: () => ({ ...stats, size: cache.size, keysVersion }),
  };
}
