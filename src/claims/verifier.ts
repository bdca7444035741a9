// createClaimsVerifier: precheck -> verification cache -> key selection -> signature + claims.
// Edge-safe: no node: imports.
//
// Signatures: HS256/384/512 with local secrets are checked synchronously with @noble/hashes' HMAC
// (see verifyHmac below; `syncHmac: false` sends them to jose instead); every other algorithm, and
// every remote key set, goes through jose's jwtVerify (WebCrypto). Claims are always validated by
// jose's own code (jwtVerify, or UnsecuredJWT.decode after a synchronous signature check: the same
// validateClaimsSet with the same options).
import { UnsecuredJWT, base64url, errors as joseErrors, jwtVerify } from 'jose';
import type { CryptoKey, JWSHeaderParameters, JWTPayload, JWTVerifyOptions } from 'jose';
import { SHA256, SHA384, SHA512, constantTimeEqual, keyedHmac, type Digest } from '../builtins/digest/index.js';
import { LruCache } from './cache.js';
import { ClaimsError, toClaimsError } from './errors.js';
import { deepFreeze } from './freeze.js';
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
  /**
   * Check HS256/384/512 signatures made with a local secret synchronously: HMAC from
   * @noble/hashes (audited, pure JavaScript), compared in constant time with the signature bytes
   * jose's base64url decoder gives. Default true. WebCrypto's verify() is a thread-pool round trip
   * in Node that costs more main-thread time than the MAC itself. `false`: jose's jwtVerify checks
   * these signatures too. Claims are validated by jose either way.
   */
  syncHmac?: boolean;
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
  /**
   * verify(), without waiting when that is possible: the claims from the verification cache
   * (time claims re-checked), or from a signature checked synchronously (HS256/384/512 with a
   * local secret, unless `syncHmac: false`). Throws the ClaimsError verify() would reject with.
   * Returns undefined when only verify() can answer: a signature checked through WebCrypto
   * (asymmetric algorithms), a remote key set, keys not imported yet, or a token shape jose
   * reports on itself. Optional, so any object with verify() fits where a ClaimsVerifier is
   * expected.
   */
  verifySync?(token: string): VerifiedClaims | undefined;
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

/** An HMAC token that verifyHmac() checks synchronously (see hmacPlan). */
interface HmacPlan {
  digest: Digest;
  secrets: readonly Uint8Array[];
  /** "<header>.<payload>", the bytes the MAC covers. */
  signingInput: string;
  payload: string;
  signature: Uint8Array;
  header: JWSHeaderParameters;
}

interface Entry {
  /** The exact token string this verification is for (the cache key is only its tail). */
  token: string;
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
/**
 * The cache is indexed by the last characters of the token (its signature), not the whole string:
 * a token read from a request is a fresh string every time, and hashing ~300 characters costs
 * more than the rest of a cache hit. An entry still only matches the exact token it was verified
 * for (entry.token === token); a different token with the same tail is a miss and leaves the
 * entry alone (it is never evicted by a token that does not verify).
 */
const CACHE_KEY_CHARS = 43;

function cacheKey(token: string): string {
  return token.length > CACHE_KEY_CHARS ? token.slice(token.length - CACHE_KEY_CHARS) : token;
}
const HMAC_DIGESTS: Readonly<Record<string, Digest>> = { HS256: SHA256, HS384: SHA384, HS512: SHA512 };
const ascii = new TextEncoder();
/** The protected header of the unsecured JWT whose claims jose validates after a synchronous HMAC check. */
const NONE_HEADER = base64url.encode('{"alg":"none"}');
const DEFAULT_MAX_ENTRY_AGE_MS = 5 * 60_000;

/**
 * One keyed HMAC per (secret, hash): the secret's padded key blocks are hashed once, not on every
 * token. Keyed by the secret's bytes object, which the key ring keeps for its lifetime.
 */
const keyedMacs = new WeakMap<Uint8Array, Map<string, (message: Uint8Array) => Uint8Array>>();
function macFor(digest: Digest, secret: Uint8Array): (message: Uint8Array) => Uint8Array {
  let byDigest = keyedMacs.get(secret);
  if (byDigest === undefined) keyedMacs.set(secret, (byDigest = new Map()));
  let mac = byDigest.get(digest.name);
  if (mac === undefined) byDigest.set(digest.name, (mac = keyedHmac(digest, secret)));
  return mac;
}

function nonEmpty(v: string | string[] | undefined, name: string): string | string[] {
  const ok = typeof v === 'string' ? v.length > 0 : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x);
  if (!ok) throw new TypeError(`createClaimsVerifier: "${name}" is required`);
  // A frozen copy: the caller's array changing later must not change what is verified.
  return typeof v === 'string' ? v : Object.freeze([...(v as string[])]) as string[];
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
  const syncHmac = options.syncHmac ?? true;
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
    if (!ring.loaded) {
      await ring.ready();
      const plan = hmacPlan(token, header); // the keys just became usable
      if (plan !== undefined) return verifyHmac(token, plan, nowMs);
    }
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
    return accept(token, result.payload, result.protectedHeader, nowMs, via, versionAtStart);
  }

  /** Freeze verified claims and cache them (never across a key-set change during verification). */
  function accept(
    token: string,
    verifiedPayload: JWTPayload,
    verifiedHeader: JWSHeaderParameters,
    nowMs: number,
    via: RemoteKeys | undefined,
    versionAtStart: number,
  ): VerifiedClaims {
    const payload = deepFreeze(verifiedPayload);
    const protectedHeader = deepFreeze(verifiedHeader);
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
      cache.set(cacheKey(token), {
        token,
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

  /**
   * The cache entry of `token` if it is valid now. `report`: an entry that is no longer valid is
   * dropped, and an expired one throws (verify()); otherwise (cached()) nothing changes.
   */
  function fromCache(token: string, nowMs: number, report: boolean): VerifiedClaims | undefined {
    if (typeof token !== 'string' || token.length > pre.maxTokenBytes) return undefined;
    const key = cacheKey(token);
    const e = cache.get(key);
    if (e === undefined || e.token !== token) return undefined;
    if (e.version === keysVersion && (e.remote === undefined || e.remote.fresh())) {
      // The signature is known good for this exact string; time moves on, so the time claims
      // are checked again with jose's comparisons. An expired token is refused here.
      try {
        recheck(e, Math.floor(nowMs / 1000));
      } catch (err) {
        if (!report) return undefined;
        cache.delete(key);
        throw err;
      }
      if (nowMs < e.staleAt) {
        stats.hits++;
        return e.result;
      }
    }
    if (report) cache.delete(key);
    return undefined;
  }

  /**
   * How an HS256/384/512 token is checked without WebCrypto, if it can be: undefined when the
   * token is for jose (another algorithm, keys not imported yet, a remote key set, no key for
   * its kid, `crit`/`b64` extensions, a segment that is not valid base64url: jose reports those
   * itself, with its own errors).
   */
  function hmacPlan(token: string, header: JWSHeaderParameters): HmacPlan | undefined {
    const digest = HMAC_DIGESTS[header.alg as string];
    if (digest === undefined || !syncHmac || !ring.loaded) return undefined;
    if (header.crit !== undefined || (header as { b64?: unknown }).b64 !== undefined) return undefined;
    const keys = ring.secretCandidates(header.alg as string, header.kid);
    if (keys === undefined || keys.secrets.length === 0 || keys.remote > 0) return undefined;
    const d1 = token.indexOf('.');
    const d2 = token.indexOf('.', d1 + 1);
    const payload = token.slice(d1 + 1, d2);
    const signatureSegment = token.slice(d2 + 1);
    // Lengths base64 cannot have (precheck already allowed only base64url characters).
    if (payload.length % 4 === 1 || signatureSegment.length % 4 === 1) return undefined;
    let signature: Uint8Array;
    try {
      signature = base64url.decode(signatureSegment); // jose's own decoder: the bytes jose would compare
    } catch {
      return undefined;
    }
    return { digest, secrets: keys.secrets, signingInput: token.slice(0, d2), payload, signature, header };
  }

  /**
   * The synchronous check. What jose's jwtVerify checks, in its order, and where each happens here:
   *   compact shape, header = base64url JSON object, alg allow-list, crit   precheck() (stricter)
   *   b64 extension                                           absent (hmacPlan: else jose's job)
   *   signature: the base64url-decoded bytes, compared in constant time with HMAC(secret,
   *     "<header>.<payload>") for each candidate key, in candidates() order; none: the same
   *     JWSSignatureVerificationFailed jose throws
   *   payload and every claim: jose's validateClaimsSet, through UnsecuredJWT.decode of
   *     "<{alg: none, typ}>.<payload>." with the same options (typ is the only header field
   *     validateClaimsSet reads, so it is carried over)
   * Errors are jose's error classes, mapped by toClaimsError as on the jose path.
   */
  function verifyHmac(token: string, plan: HmacPlan, nowMs: number): VerifiedClaims {
    const signingInput = ascii.encode(plan.signingInput);
    let verified = false;
    for (const secret of plan.secrets) {
      if (constantTimeEqual(macFor(plan.digest, secret)(signingInput), plan.signature)) {
        verified = true;
        break;
      }
    }
    if (!verified) throw new joseErrors.JWSSignatureVerificationFailed();
    const typ = plan.header.typ;
    const none = typ === undefined ? NONE_HEADER : base64url.encode(JSON.stringify({ alg: 'none', typ }));
    const { payload } = UnsecuredJWT.decode(`${none}.${plan.payload}.`, { ...baseVerifyOptions, currentDate: new Date(nowMs) });
    return accept(token, payload, plan.header, nowMs, undefined, keysVersion);
  }

  function verifySync(token: string): VerifiedClaims | undefined {
    try {
      const nowMs = clock();
      const hit = fromCache(token, nowMs, true);
      if (hit !== undefined) return hit;
      const header = precheck(token, pre);
      const plan = inflight.has(token) ? undefined : hmacPlan(token, header);
      if (plan === undefined) return undefined;
      stats.misses++;
      return verifyHmac(token, plan, nowMs);
    } catch (err) {
      stats.failures++;
      throw toClaimsError(err);
    }
  }

  async function verify(token: string): Promise<VerifiedClaims> {
    try {
      const nowMs = clock();
      const hit = fromCache(token, nowMs, true);
      if (hit !== undefined) return hit;
      const header = precheck(token, pre);
      stats.misses++;
      const plan = inflight.has(token) ? undefined : hmacPlan(token, header);
      if (plan !== undefined) return verifyHmac(token, plan, nowMs);
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
    verifySync,
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
