// Key sources and key selection. Every key is bound to an explicit set of algorithms at
// construction time, so a token can never pick how a key is used: an RSA public key is only
// ever an RS*/PS* verification key, a shared secret only ever HS*. This is what makes
// algorithm confusion (HS256 signed with the RSA public key) impossible by construction.
// Edge-safe: no node: imports.
import { base64url, createRemoteJWKSet, customFetch, importJWK, importSPKI, importX509, jwksCache } from 'jose';
import type { CryptoKey, FetchImplementation, JWK, JSONWebKeySet, JWSHeaderParameters, RemoteJWKSet } from 'jose';
import { ClaimsError } from './errors.js';
import { isSafeKid } from './precheck.js';

export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;
export const EC_ALGORITHMS = ['ES256', 'ES384', 'ES512'] as const;
export const OKP_ALGORITHMS = ['EdDSA', 'Ed25519'] as const;
export const ASYMMETRIC_ALGORITHMS = [...RSA_ALGORITHMS, ...EC_ALGORITHMS, ...OKP_ALGORITHMS] as const;

export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export type Algorithm = HmacAlgorithm | AsymmetricAlgorithm;

const HMAC_MIN_BYTES: Record<HmacAlgorithm, number> = { HS256: 32, HS384: 48, HS512: 64 };
const HMAC_HASH: Record<HmacAlgorithm, string> = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };
const EC_CURVE: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** A shared secret for HS256/384/512. Must be at least as long as the hash output. */
export interface SecretKeySource {
  secret: string | Uint8Array;
  algorithms?: HmacAlgorithm[];
  kid?: string;
}
/** A PEM public key: SPKI (`-----BEGIN PUBLIC KEY-----`) or an X.509 certificate. */
export interface PublicKeySource {
  publicKey: string;
  algorithms?: AsymmetricAlgorithm[];
  kid?: string;
}
/** A single public JWK (or an `oct` JWK for a shared secret). Private members are refused. */
export interface JwkKeySource {
  jwk: JWK;
  algorithms?: Algorithm[];
  kid?: string;
}
/** A remote JSON Web Key Set (jose `createRemoteJWKSet`): cached, refetched on unknown kid after a cooldown. */
export interface RemoteJwksSource {
  jwksUrl: string | URL;
  algorithms?: AsymmetricAlgorithm[];
  /** ms after a successful fetch before an unknown kid may trigger another fetch (jose default 30 000). */
  cooldownDuration?: number;
  /** ms after which the cached set is stale and refetched before use (jose default 600 000). */
  cacheMaxAge?: number;
  /** HTTP timeout in ms (default 2 000). */
  timeoutDuration?: number;
  headers?: Record<string, string>;
  /** Replace fetch (tests, proxies). */
  fetch?: FetchImplementation;
  /**
   * Allow a plain `http:` URL to a host other than loopback (default false: anyone on the path
   * could substitute their own keys). For a key set on a network you trust end to end.
   */
  allowHttp?: boolean;
}
export type KeySource = SecretKeySource | PublicKeySource | JwkKeySource | RemoteJwksSource;

interface LocalKey {
  kid: string | undefined;
  /** alg -> key, filled by ready() */
  byAlg: Map<string, CryptoKey>;
  algorithms: ReadonlySet<string>;
  load: () => Promise<void>;
  /** The shared secret of an HMAC key (its own copy), for synchronous verification. */
  secret?: Uint8Array;
}

export interface RemoteKeys {
  readonly algorithms: ReadonlySet<string>;
  readonly getKey: (header: JWSHeaderParameters) => Promise<CryptoKey>;
  /** False once cacheMaxAge has elapsed since the last successful fetch. */
  readonly fresh: () => boolean;
  readonly reload: () => Promise<void>;
  /** Number of distinct key sets seen so far. */
  readonly generation: () => number;
}

export interface Candidates {
  local: CryptoKey[];
  remote: RemoteKeys[];
}

/** The shared secrets that may verify an HMAC token, in the same order as Candidates.local. */
export interface SecretCandidates {
  secrets: Uint8Array[];
  /** Remote key sets offering this alg (never for HMAC today: they are asymmetric only). */
  remote: number;
}

function intersect(wanted: readonly string[] | undefined, allowed: ReadonlySet<string>, family: readonly string[], what: string): Set<string> {
  if (wanted !== undefined) {
    if (!Array.isArray(wanted) || wanted.length === 0) throw new TypeError(`${what}: "algorithms" must be a non-empty array`);
    for (const a of wanted) {
      if (!allowed.has(a)) throw new TypeError(`${what}: algorithm ${a} is not in the verifier's "algorithms" allow-list`);
      if (!family.includes(a)) throw new TypeError(`${what}: algorithm ${a} cannot be used with this kind of key`);
    }
    return new Set(wanted);
  }
  const out = new Set(family.filter((a) => allowed.has(a)));
  if (out.size === 0) throw new TypeError(`${what}: none of the allowed algorithms fits this kind of key`);
  return out;
}

function checkKid(kid: unknown, what: string): string | undefined {
  if (kid === undefined) return undefined;
  if (typeof kid !== 'string' || !isSafeKid(kid)) throw new TypeError(`${what}: invalid "kid"`);
  return kid;
}

function secretKey(bytes: Uint8Array, algorithms: Set<string>, kid: string | undefined, what: string): LocalKey {
  for (const a of algorithms) {
    const min = HMAC_MIN_BYTES[a as HmacAlgorithm];
    if (bytes.byteLength < min) throw new TypeError(`${what}: ${a} requires a secret of at least ${min} bytes`);
  }
  const byAlg = new Map<string, CryptoKey>();
  // Import once as a non-extractable CryptoKey: jose would otherwise re-import raw bytes per verify.
  const raw = new Uint8Array(bytes);
  return {
    kid,
    byAlg,
    algorithms,
    secret: raw,
    load: async () => {
      for (const a of algorithms) {
        if (!byAlg.has(a)) {
          const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: HMAC_HASH[a as HmacAlgorithm] }, false, ['verify']);
          byAlg.set(a, key);
        }
      }
    },
  };
}

function asymmetricKey(
  algorithms: Set<string>,
  explicit: boolean,
  kid: string | undefined,
  what: string,
  importer: (alg: string) => Promise<CryptoKey>,
): LocalKey {
  const byAlg = new Map<string, CryptoKey>();
  const usable = new Set(algorithms);
  return {
    kid,
    byAlg,
    algorithms: usable,
    load: async () => {
      if (byAlg.size > 0) return;
      const errors: unknown[] = [];
      for (const a of algorithms) {
        try {
          const key = await importer(a);
          if (key.type !== 'public') throw new TypeError('not a public key');
          byAlg.set(a, key);
        } catch (err) {
          // Derived from the global list: an RSA key simply does not do ES256. Explicit: config error.
          if (explicit) throw new TypeError(`${what}: cannot import the key for ${a}`, { cause: err });
          usable.delete(a);
          errors.push(err);
        }
      }
      if (byAlg.size === 0) throw new TypeError(`${what}: the key fits none of the allowed algorithms`, { cause: errors[0] });
    },
  };
}

function jwkFamily(jwk: JWK): readonly string[] {
  switch (jwk.kty) {
    case 'oct':
      return HMAC_ALGORITHMS;
    case 'RSA':
      return RSA_ALGORITHMS;
    case 'EC':
      return EC_ALGORITHMS.filter((a) => EC_CURVE[a] === jwk.crv);
    case 'OKP':
      return jwk.crv === 'Ed25519' ? OKP_ALGORITHMS : [];
    default:
      return [];
  }
}

function fingerprint(jwks: JSONWebKeySet | undefined): string {
  if (!jwks || !Array.isArray(jwks.keys)) return '';
  return jwks.keys
    .map((k) => {
      const j = k as Record<string, unknown>;
      return [j.kid, j.kty, j.alg, j.use, j.crv, j.n, j.e, j.x, j.y].map((v) => (typeof v === 'string' ? v : '')).join('|');
    })
    .sort()
    .join('\n');
}

/** localhost, 127.0.0.0/8 and ::1 (a URL's hostname: IPv6 in brackets). */
function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

function remoteKeys(src: RemoteJwksSource, allowed: ReadonlySet<string>, what: string, onRotate: () => void): RemoteKeys {
  const algorithms = intersect(src.algorithms, allowed, ASYMMETRIC_ALGORITHMS, what);
  let url: URL;
  try {
    url = new URL(src.jwksUrl);
  } catch {
    throw new TypeError(`${what}: "jwksUrl" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${what}: "jwksUrl" must be http(s)`);
  // Whoever can answer this fetch chooses the keys every token is checked against: plain http
  // only where no network sits in between (loopback), or when the operator says so.
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && src.allowHttp !== true) {
    throw new TypeError(`${what}: "jwksUrl" must be https (plain http only on loopback, or with allowHttp: true)`);
  }
  // jose writes { uat, jwks } into this box after every applied fetch, `jwks` being the freshly
  // parsed set: a cheap change detector (no structuredClone of the set per request). Compared by
  // identity, not by `uat`: two fetches can finish within the same millisecond.
  const box: { uat?: number; jwks?: JSONWebKeySet } = {};
  const set: RemoteJWKSet = createRemoteJWKSet(url, {
    cooldownDuration: src.cooldownDuration,
    cacheMaxAge: src.cacheMaxAge,
    timeoutDuration: src.timeoutDuration ?? 2000,
    headers: src.headers,
    [jwksCache]: box as never,
    ...(src.fetch ? { [customFetch]: src.fetch } : {}),
  });
  let seenSet: JSONWebKeySet | undefined;
  let seenPrint: string | undefined;
  let generation = 0;
  const check = () => {
    if (box.jwks === seenSet) return;
    seenSet = box.jwks;
    const print = fingerprint(box.jwks);
    if (print === seenPrint) return;
    const first = seenPrint === undefined;
    seenPrint = print;
    generation++;
    if (!first) onRotate();
  };
  return {
    algorithms,
    getKey: async (header) => {
      try {
        return await set(header);
      } catch (err) {
        if (err instanceof ClaimsError) throw err;
        if (err && typeof err === 'object' && 'code' in err) throw err; // a JOSEError: mapped by the caller
        throw new ClaimsError('ERR_JWKS_UNAVAILABLE', 'key set endpoint unreachable', { cause: err });
      } finally {
        check();
      }
    },
    fresh: () => set.fresh,
    reload: async () => {
      try {
        await set.reload();
      } finally {
        check();
      }
    },
    generation: () => generation,
  };
}

function isRemote(s: KeySource): s is RemoteJwksSource {
  return 'jwksUrl' in s;
}

export class KeyRing {
  readonly local: LocalKey[] = [];
  readonly remote: RemoteKeys[] = [];
  private loading: Promise<void> | undefined;
  /** True once every local key is imported (verify() then skips awaiting ready()). */
  loaded = false;

  constructor(sources: KeySource[], allowed: ReadonlySet<string>, onRotate: () => void) {
    if (sources.length === 0) throw new TypeError('createClaimsVerifier: at least one key source is required');
    sources.forEach((src, i) => {
      const what = `keys[${i}]`;
      if (src === null || typeof src !== 'object') throw new TypeError(`${what}: not a key source`);
      if (isRemote(src)) {
        this.remote.push(remoteKeys(src, allowed, what, onRotate));
      } else if ('secret' in src) {
        const bytes = typeof src.secret === 'string' ? new TextEncoder().encode(src.secret) : src.secret;
        if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what}: "secret" must be a string or Uint8Array`);
        const algs = intersect(src.algorithms, allowed, HMAC_ALGORITHMS, what);
        this.local.push(secretKey(bytes, algs, checkKid(src.kid, what), what));
      } else if ('publicKey' in src) {
        const pem = src.publicKey;
        if (typeof pem !== 'string' || !pem.includes('-----BEGIN')) throw new TypeError(`${what}: "publicKey" must be PEM`);
        if (/PRIVATE KEY/.test(pem)) throw new TypeError(`${what}: a private key was given where a public key belongs`);
        const algs = intersect(src.algorithms, allowed, ASYMMETRIC_ALGORITHMS, what);
        const cert = pem.includes('BEGIN CERTIFICATE');
        this.local.push(
          asymmetricKey(algs, src.algorithms !== undefined, checkKid(src.kid, what), what, (alg) =>
            cert ? importX509(pem, alg) : importSPKI(pem, alg),
          ),
        );
      } else if ('jwk' in src) {
        const jwk = src.jwk;
        if (jwk === null || typeof jwk !== 'object') throw new TypeError(`${what}: "jwk" must be an object`);
        if ('d' in jwk || 'p' in jwk) throw new TypeError(`${what}: private JWK members are refused`);
        const family = jwkFamily(jwk);
        const declared = typeof jwk.alg === 'string' ? [jwk.alg] : undefined;
        const algs = intersect(src.algorithms ?? declared, allowed, family, what);
        const kid = checkKid(src.kid ?? jwk.kid, what);
        if (jwk.kty === 'oct') {
          if (typeof jwk.k !== 'string') throw new TypeError(`${what}: oct JWK without "k"`);
          this.local.push(secretKey(base64url.decode(jwk.k), algs, kid, what));
        } else {
          this.local.push(
            asymmetricKey(algs, src.algorithms !== undefined || declared !== undefined, kid, what, async (alg) => {
              const key = await importJWK({ ...jwk, alg }, alg);
              if (key instanceof Uint8Array) throw new TypeError('not a public key');
              return key;
            }),
          );
        }
      } else {
        throw new TypeError(`${what}: expected one of secret, publicKey, jwk, jwksUrl`);
      }
    });
  }

  /** Import local keys (once). Errors here are configuration errors. */
  ready(): Promise<void> {
    this.loading ??= Promise.all(this.local.map((k) => k.load())).then(
      () => {
        this.loaded = true;
      },
      (err) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  /** The local keys that may verify a token with this alg/kid, in trial order. */
  private chooseLocal(alg: string, kid: string | undefined): LocalKey[] {
    const named: LocalKey[] = [];
    let anonymous: LocalKey[] | undefined;
    for (const k of this.local) {
      if (!k.byAlg.has(alg)) continue;
      if (kid === undefined || k.kid === kid) named.push(k);
      else if (k.kid === undefined) (anonymous ??= []).push(k);
    }
    // A kid that names a local key selects it exactly; keys without a kid are the fallback.
    return named.length > 0 || !anonymous ? named : anonymous;
  }

  /** Keys that may verify a token with this alg/kid, in trial order. */
  candidates(alg: string, kid: string | undefined): Candidates {
    const local = this.chooseLocal(alg, kid).map((k) => k.byAlg.get(alg) as CryptoKey);
    const remote = this.remote.filter((r) => r.algorithms.has(alg));
    return { local, remote };
  }

  /** candidates() for an HMAC alg, as the secrets themselves; undefined if a chosen key has none. */
  secretCandidates(alg: string, kid: string | undefined): SecretCandidates | undefined {
    const secrets: Uint8Array[] = [];
    for (const k of this.chooseLocal(alg, kid)) {
      if (k.secret === undefined) return undefined;
      secrets.push(k.secret);
    }
    let remote = 0;
    for (const r of this.remote) if (r.algorithms.has(alg)) remote++;
    return { secrets, remote };
  }

  supports(alg: string): boolean {
    return this.local.some((k) => k.algorithms.has(alg)) || this.remote.some((r) => r.algorithms.has(alg));
  }
}
