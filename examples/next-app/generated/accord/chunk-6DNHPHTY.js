// ../../src/claims/verifier.ts
import { errors as joseErrors, jwtVerify } from "jose";

// ../../src/claims/cache.ts
var LruCache = class {
  map = /* @__PURE__ */ new Map();
  capacity;
  constructor(capacity) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new TypeError("cache size must be a non-negative integer");
    this.capacity = capacity;
  }
  get size() {
    return this.map.size;
  }
  /** Returns the value and marks it most recently used. */
  get(key) {
    const value = this.map.get(key);
    if (value !== void 0) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key, value) {
    if (this.capacity === 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }
  delete(key) {
    return this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
};

// ../../src/claims/errors.ts
import { errors as jose } from "jose";
var CLAIMS_PUBLIC_MESSAGE = "Unauthorized";
var ClaimsError = class _ClaimsError extends Error {
  name = "ClaimsError";
  code;
  /** Safe to log: never includes the token, claim values or key material. */
  reason;
  /** The claim that failed validation, when the failure is about one claim ("exp", "iss", ...). */
  claim;
  /** Generic text for a client response. */
  publicMessage = CLAIMS_PUBLIC_MESSAGE;
  constructor(code, reason, options) {
    super(`${code}: ${reason}`, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.code = code;
    this.reason = reason;
    this.claim = options?.claim;
  }
  toJSON() {
    return this.claim === void 0 ? { name: this.name, code: this.code, reason: this.reason } : { name: this.name, code: this.code, reason: this.reason, claim: this.claim };
  }
  static is(value, code) {
    return value instanceof _ClaimsError && (code === void 0 || value.code === code);
  }
};
var JOSE_CODES = /* @__PURE__ */ new Set([
  "ERR_JWT_INVALID",
  "ERR_JWS_INVALID",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JWT_EXPIRED",
  "ERR_JWT_CLAIM_VALIDATION_FAILED",
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JWKS_INVALID",
  "ERR_JWKS_TIMEOUT"
]);
function toClaimsError(err) {
  if (err instanceof ClaimsError) return err;
  if (err instanceof jose.JOSEError) {
    if (JOSE_CODES.has(err.code)) {
      const claim = err instanceof jose.JWTClaimValidationFailed || err instanceof jose.JWTExpired ? err.claim : void 0;
      return new ClaimsError(err.code, err.message || err.code, { cause: err, claim });
    }
    return new ClaimsError("ERR_JWKS_UNAVAILABLE", "key set endpoint returned an unusable response", { cause: err });
  }
  if (err instanceof TypeError) {
    return new ClaimsError("ERR_CLAIMS_INTERNAL", "key unusable for the token algorithm", { cause: err });
  }
  return new ClaimsError("ERR_CLAIMS_INTERNAL", "unexpected verification failure", { cause: err });
}

// ../../src/claims/keys.ts
import { base64url as base64url2, createRemoteJWKSet, customFetch, importJWK, importSPKI, importX509, jwksCache } from "jose";

// ../../src/claims/precheck.ts
import { base64url } from "jose";
var DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;
var MAX_HEADER_CHARS = 2048;
var SEGMENT = /^[A-Za-z0-9_-]*$/;
var DEFAULT_KID_PATTERN = /^[A-Za-z0-9._~+/=:-]{1,256}$/;
function isSafeKid(kid, pattern = DEFAULT_KID_PATTERN) {
  return pattern.test(kid) && !kid.includes("..") && !kid.includes("//") && !kid.startsWith("/");
}
var KEY_REFERENCE_HEADERS = ["jku", "x5u", "jwk"];
var decoder = new TextDecoder("utf-8", { fatal: true });
function precheck(token, opts) {
  if (typeof token !== "string" || token.length === 0) {
    throw new ClaimsError("ERR_JWT_INVALID", "token is not a non-empty string");
  }
  if (token.length > opts.maxTokenBytes) {
    throw new ClaimsError("ERR_TOKEN_TOO_LARGE", `token exceeds ${opts.maxTokenBytes} bytes`);
  }
  const d1 = token.indexOf(".");
  const d2 = d1 < 0 ? -1 : token.indexOf(".", d1 + 1);
  if (d1 < 0 || d2 < 0) throw new ClaimsError("ERR_JWT_INVALID", "token is not a compact JWS");
  const d3 = token.indexOf(".", d2 + 1);
  if (d3 >= 0) {
    const d4 = token.indexOf(".", d3 + 1);
    if (d4 >= 0 && token.indexOf(".", d4 + 1) < 0) {
      throw new ClaimsError("ERR_JWT_INVALID", "encrypted tokens (JWE) are not accepted");
    }
    throw new ClaimsError("ERR_JWT_INVALID", "token is not a compact JWS");
  }
  const h2 = token.slice(0, d1);
  const p = token.slice(d1 + 1, d2);
  const s = token.slice(d2 + 1);
  if (h2.length === 0 || p.length === 0) throw new ClaimsError("ERR_JWT_INVALID", "empty token segment");
  if (h2.length > MAX_HEADER_CHARS) throw new ClaimsError("ERR_JWS_INVALID", "protected header too large");
  if (!SEGMENT.test(h2) || !SEGMENT.test(p) || !SEGMENT.test(s)) {
    throw new ClaimsError("ERR_JWT_INVALID", "token segment is not base64url");
  }
  let header;
  try {
    header = JSON.parse(decoder.decode(base64url.decode(h2)));
  } catch (cause) {
    throw new ClaimsError("ERR_JWT_INVALID", "protected header is not base64url JSON", { cause });
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new ClaimsError("ERR_JWT_INVALID", "protected header is not a JSON object");
  }
  const hdr = header;
  const alg = hdr.alg;
  if (typeof alg !== "string" || alg.length === 0) throw new ClaimsError("ERR_JWS_INVALID", 'missing "alg" header');
  if (alg.toLowerCase() === "none") throw new ClaimsError("ERR_JOSE_ALG_NOT_ALLOWED", "unsecured tokens are not accepted");
  if (!opts.algorithms.has(alg)) throw new ClaimsError("ERR_JOSE_ALG_NOT_ALLOWED", '"alg" not in the allow-list');
  if (s.length === 0) throw new ClaimsError("ERR_JWS_INVALID", "missing signature");
  if (hdr.crit !== void 0) {
    const crit = hdr.crit;
    if (!Array.isArray(crit) || crit.length === 0) throw new ClaimsError("ERR_JWS_INVALID", 'malformed "crit" header');
    for (const name of crit) {
      if (typeof name !== "string" || !opts.crit.has(name) || !(name in hdr)) {
        throw new ClaimsError("ERR_JWS_INVALID", 'unsupported "crit" header parameter');
      }
    }
  }
  if (hdr.kid !== void 0) {
    if (typeof hdr.kid !== "string" || !isSafeKid(hdr.kid, opts.kidPattern)) {
      throw new ClaimsError("ERR_JWS_INVALID", '"kid" header rejected');
    }
  }
  for (const name of KEY_REFERENCE_HEADERS) {
    if (hdr[name] !== void 0) throw new ClaimsError("ERR_JWS_INVALID", "key-reference headers are not accepted");
  }
  return hdr;
}

// ../../src/claims/keys.ts
var HMAC_ALGORITHMS = ["HS256", "HS384", "HS512"];
var RSA_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
var EC_ALGORITHMS = ["ES256", "ES384", "ES512"];
var OKP_ALGORITHMS = ["EdDSA", "Ed25519"];
var ASYMMETRIC_ALGORITHMS = [...RSA_ALGORITHMS, ...EC_ALGORITHMS, ...OKP_ALGORITHMS];
var HMAC_MIN_BYTES = { HS256: 32, HS384: 48, HS512: 64 };
var HMAC_HASH = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" };
var EC_CURVE = { ES256: "P-256", ES384: "P-384", ES512: "P-521" };
function intersect(wanted, allowed, family, what) {
  if (wanted !== void 0) {
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
function checkKid(kid, what) {
  if (kid === void 0) return void 0;
  if (typeof kid !== "string" || !isSafeKid(kid)) throw new TypeError(`${what}: invalid "kid"`);
  return kid;
}
function secretKey(bytes, algorithms, kid, what) {
  for (const a of algorithms) {
    const min = HMAC_MIN_BYTES[a];
    if (bytes.byteLength < min) throw new TypeError(`${what}: ${a} requires a secret of at least ${min} bytes`);
  }
  const byAlg = /* @__PURE__ */ new Map();
  const raw = new Uint8Array(bytes);
  return {
    kid,
    byAlg,
    algorithms,
    load: async () => {
      for (const a of algorithms) {
        if (!byAlg.has(a)) {
          const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: HMAC_HASH[a] }, false, ["verify"]);
          byAlg.set(a, key);
        }
      }
    }
  };
}
function asymmetricKey(algorithms, explicit, kid, what, importer) {
  const byAlg = /* @__PURE__ */ new Map();
  const usable = new Set(algorithms);
  return {
    kid,
    byAlg,
    algorithms: usable,
    load: async () => {
      if (byAlg.size > 0) return;
      const errors = [];
      for (const a of algorithms) {
        try {
          const key = await importer(a);
          if (key.type !== "public") throw new TypeError("not a public key");
          byAlg.set(a, key);
        } catch (err) {
          if (explicit) throw new TypeError(`${what}: cannot import the key for ${a}`, { cause: err });
          usable.delete(a);
          errors.push(err);
        }
      }
      if (byAlg.size === 0) throw new TypeError(`${what}: the key fits none of the allowed algorithms`, { cause: errors[0] });
    }
  };
}
function jwkFamily(jwk) {
  switch (jwk.kty) {
    case "oct":
      return HMAC_ALGORITHMS;
    case "RSA":
      return RSA_ALGORITHMS;
    case "EC":
      return EC_ALGORITHMS.filter((a) => EC_CURVE[a] === jwk.crv);
    case "OKP":
      return jwk.crv === "Ed25519" ? OKP_ALGORITHMS : [];
    default:
      return [];
  }
}
function fingerprint(jwks) {
  if (!jwks || !Array.isArray(jwks.keys)) return "";
  return jwks.keys.map((k) => {
    const j = k;
    return [j.kid, j.kty, j.alg, j.use, j.crv, j.n, j.e, j.x, j.y].map((v) => typeof v === "string" ? v : "").join("|");
  }).sort().join("\n");
}
function remoteKeys(src, allowed, what, onRotate) {
  const algorithms = intersect(src.algorithms, allowed, ASYMMETRIC_ALGORITHMS, what);
  let url;
  try {
    url = new URL(src.jwksUrl);
  } catch {
    throw new TypeError(`${what}: "jwksUrl" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError(`${what}: "jwksUrl" must be http(s)`);
  const box = {};
  const set = createRemoteJWKSet(url, {
    cooldownDuration: src.cooldownDuration,
    cacheMaxAge: src.cacheMaxAge,
    timeoutDuration: src.timeoutDuration ?? 2e3,
    headers: src.headers,
    [jwksCache]: box,
    ...src.fetch ? { [customFetch]: src.fetch } : {}
  });
  let seenUat;
  let seenPrint;
  let generation = 0;
  const check = () => {
    if (box.uat === seenUat) return;
    seenUat = box.uat;
    const print = fingerprint(box.jwks);
    if (print === seenPrint) return;
    const first = seenPrint === void 0;
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
        if (err && typeof err === "object" && "code" in err) throw err;
        throw new ClaimsError("ERR_JWKS_UNAVAILABLE", "key set endpoint unreachable", { cause: err });
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
    generation: () => generation
  };
}
function isRemote(s) {
  return "jwksUrl" in s;
}
var KeyRing = class {
  local = [];
  remote = [];
  loading;
  constructor(sources, allowed, onRotate) {
    if (sources.length === 0) throw new TypeError("createClaimsVerifier: at least one key source is required");
    sources.forEach((src, i) => {
      const what = `keys[${i}]`;
      if (src === null || typeof src !== "object") throw new TypeError(`${what}: not a key source`);
      if (isRemote(src)) {
        this.remote.push(remoteKeys(src, allowed, what, onRotate));
      } else if ("secret" in src) {
        const bytes = typeof src.secret === "string" ? new TextEncoder().encode(src.secret) : src.secret;
        if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what}: "secret" must be a string or Uint8Array`);
        const algs = intersect(src.algorithms, allowed, HMAC_ALGORITHMS, what);
        this.local.push(secretKey(bytes, algs, checkKid(src.kid, what), what));
      } else if ("publicKey" in src) {
        const pem = src.publicKey;
        if (typeof pem !== "string" || !pem.includes("-----BEGIN")) throw new TypeError(`${what}: "publicKey" must be PEM`);
        if (/PRIVATE KEY/.test(pem)) throw new TypeError(`${what}: a private key was given where a public key belongs`);
        const algs = intersect(src.algorithms, allowed, ASYMMETRIC_ALGORITHMS, what);
        const cert = pem.includes("BEGIN CERTIFICATE");
        this.local.push(
          asymmetricKey(
            algs,
            src.algorithms !== void 0,
            checkKid(src.kid, what),
            what,
            (alg) => cert ? importX509(pem, alg) : importSPKI(pem, alg)
          )
        );
      } else if ("jwk" in src) {
        const jwk = src.jwk;
        if (jwk === null || typeof jwk !== "object") throw new TypeError(`${what}: "jwk" must be an object`);
        if ("d" in jwk || "p" in jwk) throw new TypeError(`${what}: private JWK members are refused`);
        const family = jwkFamily(jwk);
        const declared = typeof jwk.alg === "string" ? [jwk.alg] : void 0;
        const algs = intersect(src.algorithms ?? declared, allowed, family, what);
        const kid = checkKid(src.kid ?? jwk.kid, what);
        if (jwk.kty === "oct") {
          if (typeof jwk.k !== "string") throw new TypeError(`${what}: oct JWK without "k"`);
          this.local.push(secretKey(base64url2.decode(jwk.k), algs, kid, what));
        } else {
          this.local.push(
            asymmetricKey(algs, src.algorithms !== void 0 || declared !== void 0, kid, what, async (alg) => {
              const key = await importJWK({ ...jwk, alg }, alg);
              if (key instanceof Uint8Array) throw new TypeError("not a public key");
              return key;
            })
          );
        }
      } else {
        throw new TypeError(`${what}: expected one of secret, publicKey, jwk, jwksUrl`);
      }
    });
  }
  /** Import local keys (once). Errors here are configuration errors. */
  ready() {
    this.loading ??= Promise.all(this.local.map((k) => k.load())).then(
      () => void 0,
      (err) => {
        this.loading = void 0;
        throw err;
      }
    );
    return this.loading;
  }
  /** Keys that may verify a token with this alg/kid, in trial order. */
  candidates(alg, kid) {
    const local = [];
    let anonymous;
    for (const k of this.local) {
      const key = k.byAlg.get(alg);
      if (!key) continue;
      if (kid === void 0 || k.kid === kid) local.push(key);
      else if (k.kid === void 0) (anonymous ??= []).push(key);
    }
    const chosen = local.length > 0 || !anonymous ? local : anonymous;
    const remote = this.remote.filter((r) => r.algorithms.has(alg));
    return { local: chosen, remote };
  }
  supports(alg) {
    return this.local.some((k) => k.algorithms.has(alg)) || this.remote.some((r) => r.algorithms.has(alg));
  }
};

// ../../src/claims/verifier.ts
var DEFAULT_CACHE_SIZE = 1e3;
var DEFAULT_MAX_ENTRY_AGE_MS = 5 * 6e4;
function deepFreeze(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
function nonEmpty(v, name) {
  const ok = typeof v === "string" ? v.length > 0 : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" && x);
  if (!ok) throw new TypeError(`createClaimsVerifier: "${name}" is required`);
  return v;
}
function createClaimsVerifier(options) {
  if (!options || typeof options !== "object") throw new TypeError("createClaimsVerifier: options required");
  const issuer = nonEmpty(options.issuer, "issuer");
  const audience = nonEmpty(options.audience, "audience");
  if (!Array.isArray(options.algorithms) || options.algorithms.length === 0) {
    throw new TypeError('createClaimsVerifier: "algorithms" must be an explicit non-empty allow-list');
  }
  for (const a of options.algorithms) {
    if (typeof a !== "string" || a.toLowerCase() === "none") throw new TypeError('createClaimsVerifier: "none" is never allowed');
  }
  const tolerance = options.clockTolerance ?? 5;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new TypeError("createClaimsVerifier: invalid clockTolerance");
  const maxTokenAge = options.maxTokenAge;
  if (maxTokenAge !== void 0 && (!Number.isFinite(maxTokenAge) || maxTokenAge < 0)) {
    throw new TypeError("createClaimsVerifier: invalid maxTokenAge");
  }
  const clock2 = options.clock ?? Date.now;
  const allowed = new Set(options.algorithms);
  const critNames = options.crit ?? [];
  const pre = {
    maxTokenBytes: options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES,
    algorithms: allowed,
    crit: new Set(critNames),
    kidPattern: options.kidPattern ?? DEFAULT_KID_PATTERN
  };
  if (!Number.isInteger(pre.maxTokenBytes) || pre.maxTokenBytes <= 0) throw new TypeError("createClaimsVerifier: invalid maxTokenBytes");
  const cacheOpts = options.cache === false ? { size: 0 } : options.cache ?? {};
  const cache3 = new LruCache(cacheOpts.size ?? DEFAULT_CACHE_SIZE);
  const maxEntryAgeMs = cacheOpts.maxEntryAgeMs ?? DEFAULT_MAX_ENTRY_AGE_MS;
  const inflight = /* @__PURE__ */ new Map();
  let keysVersion = 0;
  const stats = { hits: 0, misses: 0, failures: 0 };
  const invalidate = () => {
    keysVersion++;
    cache3.clear();
  };
  const sources = Array.isArray(options.keys) ? options.keys : [options.keys];
  const ring = new KeyRing(sources, allowed, invalidate);
  for (const a of allowed) {
    if (!ring.supports(a)) throw new TypeError(`createClaimsVerifier: no key can verify ${a}; remove it from "algorithms"`);
  }
  const requiredClaims = Array.from(/* @__PURE__ */ new Set(["exp", ...options.requiredClaims ?? []]));
  const baseVerifyOptions = {
    issuer,
    audience,
    clockTolerance: tolerance,
    maxTokenAge,
    typ: options.typ,
    requiredClaims,
    crit: Object.fromEntries(critNames.map((n) => [n, true]))
  };
  function recheck(e, nowSec) {
    if (e.nbf !== void 0 && e.nbf > nowSec + tolerance) {
      throw new ClaimsError("ERR_JWT_CLAIM_VALIDATION_FAILED", '"nbf" claim timestamp check failed', { claim: "nbf" });
    }
    if (e.exp <= nowSec - tolerance) {
      throw new ClaimsError("ERR_JWT_EXPIRED", '"exp" claim timestamp check failed', { claim: "exp" });
    }
    if (maxTokenAge !== void 0 && e.iat !== void 0) {
      const age = nowSec - e.iat;
      if (age - tolerance > maxTokenAge) {
        throw new ClaimsError("ERR_JWT_EXPIRED", '"iat" claim timestamp check failed (too far in the past)', { claim: "iat" });
      }
      if (age < -tolerance) {
        throw new ClaimsError("ERR_JWT_CLAIM_VALIDATION_FAILED", '"iat" claim timestamp check failed (it should be in the past)', { claim: "iat" });
      }
    }
  }
  async function verifySlow(token, header, nowMs) {
    await ring.ready();
    const versionAtStart = keysVersion;
    const alg = header.alg;
    const { local, remote } = ring.candidates(alg, header.kid);
    const verifyOptions = { ...baseVerifyOptions, algorithms: [alg], currentDate: new Date(nowMs) };
    let result;
    let via;
    let lastError;
    const attempts = [
      ...local.map((key) => ({ key })),
      ...remote.map((r) => ({ key: r.getKey, remote: r }))
    ];
    if (attempts.length === 0) {
      throw new ClaimsError("ERR_JWKS_NO_MATCHING_KEY", 'no key matches the token "kid"');
    }
    for (let i = 0; i < attempts.length; i++) {
      const attempt = attempts[i];
      try {
        const key = attempt.key;
        result = typeof key === "function" ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions);
        via = attempt.remote;
        break;
      } catch (err) {
        lastError = err;
        const more = i < attempts.length - 1;
        const retriable = err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey;
        if (!more || !retriable) throw toClaimsError(err);
      }
    }
    if (!result) throw toClaimsError(lastError);
    const payload = deepFreeze(result.payload);
    const protectedHeader = deepFreeze(result.protectedHeader);
    const exp = payload.exp;
    const claims = Object.freeze({
      payload,
      header: protectedHeader,
      subject: typeof payload.sub === "string" ? payload.sub : void 0,
      sessionId: typeof payload.sid === "string" ? payload.sid : void 0,
      expiresAt: exp,
      cached: false
    });
    if (cache3.capacity > 0 && keysVersion === versionAtStart) {
      let staleAt = Math.min(nowMs + maxEntryAgeMs, (exp + tolerance) * 1e3);
      const iat = typeof payload.iat === "number" ? payload.iat : void 0;
      if (maxTokenAge !== void 0 && iat !== void 0) staleAt = Math.min(staleAt, (iat + maxTokenAge + tolerance) * 1e3);
      cache3.set(token, {
        result: Object.freeze({ ...claims, cached: true }),
        exp,
        nbf: typeof payload.nbf === "number" ? payload.nbf : void 0,
        iat,
        version: keysVersion,
        staleAt,
        remote: via
      });
    }
    return claims;
  }
  async function verify(token) {
    try {
      const nowMs = clock2();
      if (typeof token === "string" && token.length <= pre.maxTokenBytes) {
        const e = cache3.get(token);
        if (e !== void 0) {
          if (e.version === keysVersion && (e.remote === void 0 || e.remote.fresh())) {
            try {
              recheck(e, Math.floor(nowMs / 1e3));
            } catch (err) {
              cache3.delete(token);
              throw err;
            }
            if (nowMs < e.staleAt) {
              stats.hits++;
              return e.result;
            }
          }
          cache3.delete(token);
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
    stats: () => ({ ...stats, size: cache3.size, keysVersion })
  };
}

// ../../src/session/record.ts
import { z } from "zod";
var SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
function isSessionId(value) {
  return typeof value === "string" && SESSION_ID_PATTERN.test(value);
}
function newSessionId() {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
var epochMs = z.number().int().nonnegative();
var SessionKindSchema = z.enum(["user", "service"]);
var SessionRecordSchema = z.object({
  id: z.string().regex(SESSION_ID_PATTERN),
  subject: z.string().min(1).max(512),
  /** ms since the epoch */
  created_at: epochMs,
  /** ms since the epoch; the record is gone (lookups return null) from this instant */
  expires_at: epochMs,
  /** starts at 1, incremented by every change (touch, revoke) */
  version: z.number().int().positive(),
  revoked: z.boolean(),
  /** ms since the epoch; set when revoked (for a subject-level cutoff: when the cutoff was recorded) */
  revoked_at: epochMs.optional(),
  /** ms since the epoch: when the subject authenticated (OIDC auth_time, in ms) */
  auth_time: epochMs,
  /** authentication methods references (OIDC amr), e.g. ["pwd","otp"] */
  amr: z.array(z.string().max(64)).max(16).optional(),
  kind: SessionKindSchema,
  metadata: z.record(z.string(), z.unknown())
});
var CreateSessionInputSchema = z.object({
  subject: z.string().min(1).max(512),
  kind: SessionKindSchema.default("user"),
  /** lifetime from now, ms (bounded by the store's maxLifetimeMs) */
  ttlMs: z.number().int().positive(),
  auth_time: epochMs.optional(),
  amr: z.array(z.string().max(64)).max(16).optional(),
  metadata: z.record(z.string(), z.unknown()).default({})
});
var RevocationEventSchema = z.union([
  z.object({ type: z.literal("session"), id: z.string().max(64) }),
  z.object({ type: z.literal("subject"), subject: z.string().max(512), before: epochMs, kind: SessionKindSchema.optional() })
]);
function applyCutoff(record, cutoff, cutoffSetAt) {
  if (cutoff === void 0 || record.revoked || record.created_at >= cutoff) return record;
  return { ...record, revoked: true, revoked_at: cutoffSetAt ?? cutoff };
}

// ../../src/session/errors.ts
var SessionStoreError = class _SessionStoreError extends Error {
  name = "SessionStoreError";
  code;
  /** Safe to log: names the operation and the store, never ids or record contents. */
  reason;
  constructor(code, reason, options) {
    super(`${code}: ${reason}`, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.code = code;
    this.reason = reason;
  }
  toJSON() {
    return { name: this.name, code: this.code, reason: this.reason };
  }
  static is(value, code) {
    return value instanceof _SessionStoreError && (code === void 0 || value.code === code);
  }
};

// ../../src/session/deadline.ts
var DEFAULT_STORE_TIMEOUT_MS = 250;
async function withDeadline(what, opts, defaultMs, op, mapError = (e) => e) {
  const ms = opts?.timeoutMs ?? defaultMs;
  const outer = opts?.signal;
  if (outer?.aborted) throw new SessionStoreError("ERR_STORE_TIMEOUT", `${what}: aborted by caller`, { cause: outer.reason });
  const ac = new AbortController();
  let timer;
  let onAbort;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const err = new SessionStoreError("ERR_STORE_TIMEOUT", `${what}: no answer within ${ms} ms`);
      ac.abort(err);
      reject(err);
    }, ms);
    if (outer) {
      onAbort = () => {
        const err = new SessionStoreError("ERR_STORE_TIMEOUT", `${what}: aborted by caller`, { cause: outer.reason });
        ac.abort(err);
        reject(err);
      };
      outer.addEventListener("abort", onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([
      op(ac.signal).catch((err) => {
        if (ac.signal.aborted && err === ac.signal.reason) throw err;
        throw mapError(err);
      }),
      guard
    ]);
  } finally {
    if (timer !== void 0) clearTimeout(timer);
    if (outer && onAbort) outer.removeEventListener("abort", onAbort);
  }
}

// ../../src/session/types.ts
var DEFAULT_MAX_LIFETIME_MS = 30 * 24 * 3600 * 1e3;

// ../../src/session/memory.ts
var SWEEP_EVERY = 1024;
var MemoryStore = class {
  name = "memory";
  sessions = /* @__PURE__ */ new Map();
  cutoffs = /* @__PURE__ */ new Map();
  listeners = /* @__PURE__ */ new Set();
  clock;
  maxLifetimeMs;
  timeoutMs;
  writes = 0;
  closed = false;
  constructor(options = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxLifetimeMs = options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  }
  check(opts, what) {
    if (this.closed) throw new SessionStoreError("ERR_STORE_UNAVAILABLE", `memory.${what}: store closed`);
    if (opts?.signal?.aborted) throw new SessionStoreError("ERR_STORE_TIMEOUT", `memory.${what}: aborted by caller`);
  }
  emit(event) {
    for (const l of this.listeners) {
      try {
        l.onEvent(event);
      } catch {
      }
    }
  }
  sweep(now) {
    if (++this.writes % SWEEP_EVERY !== 0) return;
    for (const [id, r] of this.sessions) if (r.expires_at <= now) this.sessions.delete(id);
    for (const [s, c] of this.cutoffs) if (c.expiresAt <= now) this.cutoffs.delete(s);
  }
  view(id, now) {
    const r = this.sessions.get(id);
    if (!r) return null;
    if (r.expires_at <= now) {
      this.sessions.delete(id);
      return null;
    }
    const c = this.cutoffs.get(r.subject);
    return c ? applyCutoff(r, c.before, c.at) : r;
  }
  async create(input, opts) {
    this.check(opts, "create");
    const i = CreateSessionInputSchema.parse(input);
    const now = this.clock();
    const ttl = Math.min(i.ttlMs, this.maxLifetimeMs);
    let id = newSessionId();
    while (this.sessions.has(id)) id = newSessionId();
    const record = Object.freeze({
      id,
      subject: i.subject,
      created_at: now,
      expires_at: now + ttl,
      version: 1,
      revoked: false,
      auth_time: i.auth_time ?? now,
      ...i.amr ? { amr: i.amr } : {},
      kind: i.kind,
      metadata: i.metadata
    });
    this.sessions.set(id, record);
    this.sweep(now);
    return record;
  }
  async get(id, opts) {
    this.check(opts, "get");
    if (!isSessionId(id)) return null;
    return this.view(id, this.clock());
  }
  async touch(id, ttlMs, opts) {
    this.check(opts, "touch");
    if (!isSessionId(id)) return null;
    const now = this.clock();
    const r = this.view(id, now);
    if (!r || r.revoked) return r;
    const next = Math.min(Math.max(r.expires_at, now + ttlMs), r.created_at + this.maxLifetimeMs);
    if (next === r.expires_at) return r;
    const updated = Object.freeze({ ...r, expires_at: next, version: r.version + 1 });
    this.sessions.set(id, updated);
    return updated;
  }
  async revoke(id, opts) {
    this.check(opts, "revoke");
    if (!isSessionId(id)) return false;
    const now = this.clock();
    const r = this.sessions.get(id);
    const exists = r !== void 0 && r.expires_at > now;
    if (r && exists && !r.revoked) {
      this.sessions.set(id, Object.freeze({ ...r, revoked: true, revoked_at: now, version: r.version + 1 }));
    }
    this.emit({ type: "session", id });
    return exists;
  }
  async revokeSubject(subject, before, opts) {
    this.check(opts, "revokeSubject");
    this.cutoff(subject, before.getTime(), void 0);
  }
  async revokeServiceAccount(subject, opts) {
    this.check(opts, "revokeServiceAccount");
    this.cutoff(subject, (opts?.before ?? new Date(this.clock())).getTime(), "service");
  }
  cutoff(subject, before, kind) {
    if (typeof subject !== "string" || subject.length === 0) throw new TypeError("subject required");
    if (!Number.isFinite(before)) throw new TypeError("before must be a valid Date");
    const now = this.clock();
    const cur = this.cutoffs.get(subject);
    if (!cur || before > cur.before) {
      this.cutoffs.set(subject, { before, at: now, expiresAt: Math.max(before, now) + this.maxLifetimeMs });
    }
    this.emit(kind ? { type: "subject", subject, before, kind } : { type: "subject", subject, before });
  }
  subscribe(listener) {
    this.listeners.add(listener);
    listener.onStatus?.(true);
    return () => {
      this.listeners.delete(listener);
    };
  }
  async close() {
    this.closed = true;
    this.listeners.clear();
  }
  /** Number of stored records (including expired ones not yet swept). */
  get size() {
    return this.sessions.size;
  }
};

// ../../src/session/cached.ts
var CachedStore = class {
  name;
  inner;
  entries = /* @__PURE__ */ new Map();
  bySubject = /* @__PURE__ */ new Map();
  maxStaleness;
  maxEntries;
  timeoutMs;
  clock;
  unsubscribe;
  /** Bumped by every event: reads that straddle an event are not cached. */
  epoch = 0;
  /** Whether entries may be served. True without a feed (staleness alone bounds them). */
  feedConnected;
  counters = { hits: 0, misses: 0, evictions: 0 };
  /** Present when the shared store has a revocation feed: forwards to it. */
  subscribe;
  constructor(inner, options = {}) {
    this.inner = inner;
    this.name = `cached(${inner.name})`;
    this.maxStaleness = options.maxStaleness ?? 1e3;
    this.maxEntries = options.maxEntries ?? 1e4;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.clock = options.clock ?? Date.now;
    if (!(this.maxStaleness >= 0)) throw new TypeError("maxStaleness must be >= 0");
    if (inner.subscribe) {
      this.subscribe = (listener) => inner.subscribe(listener);
      this.feedConnected = false;
      this.unsubscribe = inner.subscribe({
        onEvent: (e) => this.onEvent(e),
        onStatus: (up) => this.onStatus(up)
      });
    } else {
      this.feedConnected = true;
      this.unsubscribe = void 0;
    }
  }
  onStatus(up) {
    this.epoch++;
    if (up && !this.feedConnected) this.clear();
    if (!up) this.clear();
    this.feedConnected = up;
  }
  onEvent(e) {
    this.epoch++;
    if (e.type === "session") {
      this.evict(e.id);
    } else {
      const ids = this.bySubject.get(e.subject);
      if (ids) for (const id of [...ids]) this.evict(id);
    }
  }
  evict(id) {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const set = this.bySubject.get(e.record.subject);
    if (set) {
      set.delete(id);
      if (set.size === 0) this.bySubject.delete(e.record.subject);
    }
    this.counters.evictions++;
  }
  put(record, fetchedAt) {
    this.evict(record.id);
    this.entries.set(record.id, { record, fetchedAt });
    let set = this.bySubject.get(record.subject);
    if (!set) this.bySubject.set(record.subject, set = /* @__PURE__ */ new Set());
    set.add(record.id);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.evict(oldest.value);
    }
  }
  /** Drop every entry. */
  clear() {
    this.entries.clear();
    this.bySubject.clear();
  }
  async get(id, opts) {
    if (!isSessionId(id)) return null;
    const now = this.clock();
    if (this.feedConnected) {
      const e = this.entries.get(id);
      if (e) {
        if (now - e.fetchedAt < this.maxStaleness && now < e.record.expires_at) {
          this.counters.hits++;
          return e.record;
        }
        this.evict(id);
      }
    }
    this.counters.misses++;
    const epoch = this.epoch;
    const ms = opts?.timeoutMs ?? this.timeoutMs;
    const record = await withDeadline(`${this.name}.get`, opts, ms, (signal) => this.inner.get(id, { signal, timeoutMs: ms }));
    if (record && this.epoch === epoch && this.feedConnected && this.maxStaleness > 0) this.put(record, now);
    return record;
  }
  async create(input, opts) {
    return this.inner.create(input, opts);
  }
  async touch(id, ttlMs, opts) {
    this.evict(id);
    return this.inner.touch(id, ttlMs, opts);
  }
  async revoke(id, opts) {
    this.epoch++;
    this.evict(id);
    try {
      return await this.inner.revoke(id, opts);
    } finally {
      this.epoch++;
      this.evict(id);
    }
  }
  async revokeSubject(subject, before, opts) {
    this.onEvent({ type: "subject", subject, before: before.getTime() });
    try {
      await this.inner.revokeSubject(subject, before, opts);
    } finally {
      this.onEvent({ type: "subject", subject, before: before.getTime() });
    }
  }
  async revokeServiceAccount(subject, opts) {
    const before = (opts?.before ?? new Date(this.clock())).getTime();
    this.onEvent({ type: "subject", subject, before, kind: "service" });
    try {
      await this.inner.revokeServiceAccount(subject, opts);
    } finally {
      this.onEvent({ type: "subject", subject, before, kind: "service" });
    }
  }
  stats() {
    return { ...this.counters, size: this.entries.size, feedConnected: this.feedConnected };
  }
  async close() {
    this.unsubscribe?.();
    this.clear();
    await this.inner.close();
  }
};

// ../../src/engine/credentials.ts
function isForbiddenHeader(name) {
  const n = name.toLowerCase();
  return n === "authorization" || n === "proxy-authorization" || n === "cookie" || n === "set-cookie" || n.startsWith("x-accord-") || n === "x-middleware-subrequest";
}
var DEFAULT_HEADER_ALLOW_LIST = [
  "user-agent",
  "accept-language",
  "content-type",
  "origin",
  "referer",
  "sec-fetch-site",
  "sec-fetch-mode",
  "sec-fetch-dest"
];
var MAX_HEADER_VALUE = 1024;
var CREDENTIAL_CHARS = /^[A-Za-z0-9._~+/-]+=*$/;
var JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
var OPAQUE_SHAPE = /^[A-Za-z0-9_-]{43}$/;
var BEARER = /^Bearer +(\S+)$/i;
var COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
function isRequestLike(value) {
  if (value === null || typeof value !== "object") return false;
  const v = value;
  return typeof v.url === "string" && typeof v.headers === "object" && v.headers !== null && typeof v.headers.get === "function";
}
function classifyCredential(value, source, maxBytes) {
  if (value.length > maxBytes) return { kind: "invalid", code: "ERR_CREDENTIAL_TOO_LARGE", detail: `${source} credential over ${maxBytes} bytes` };
  if (value.length === 0) return { kind: "invalid", code: "ERR_CREDENTIAL_INVALID", detail: `empty ${source} credential` };
  if (JWT_SHAPE.test(value)) return { kind: "jwt", value, source };
  if (OPAQUE_SHAPE.test(value)) return { kind: "opaque", value, source };
  return { kind: "invalid", code: "ERR_CREDENTIAL_INVALID", detail: `${source} credential is neither a JWT nor a session id` };
}
function readCookie(header, name) {
  let found;
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(";", start);
    if (end < 0) end = header.length;
    const eq = header.indexOf("=", start);
    if (eq > start && eq < end) {
      const k = header.slice(start, eq).trim();
      if (k === name) {
        let v = header.slice(eq + 1, end).trim();
        if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
        if (found !== void 0) return null;
        found = v;
      }
    }
    start = end + 1;
  }
  return found;
}
function fromHeaders(authorization, cookieHeader, opts) {
  if (authorization !== null && authorization !== void 0 && authorization !== "") {
    if (authorization.length > opts.maxCredentialBytes + 16) {
      return { kind: "invalid", code: "ERR_CREDENTIAL_TOO_LARGE", detail: "authorization header too large" };
    }
    const m = BEARER.exec(authorization.trim());
    if (m) {
      if (!CREDENTIAL_CHARS.test(m[1])) return { kind: "invalid", code: "ERR_CREDENTIAL_INVALID", detail: "malformed bearer credential" };
      return classifyCredential(m[1], "bearer", opts.maxCredentialBytes);
    }
    return { kind: "invalid", code: "ERR_CREDENTIAL_INVALID", detail: "authorization header is not a single Bearer credential" };
  }
  if (cookieHeader) {
    if (cookieHeader.length > opts.maxCookieHeaderBytes) {
      return { kind: "invalid", code: "ERR_CREDENTIAL_TOO_LARGE", detail: "cookie header too large" };
    }
    const v = readCookie(cookieHeader, opts.cookieName);
    if (v === null) return { kind: "invalid", code: "ERR_CREDENTIAL_AMBIGUOUS", detail: "session cookie present more than once" };
    if (v !== void 0) return classifyCredential(v, "cookie", opts.maxCredentialBytes);
  }
  return { kind: "none" };
}
function pathOf(url) {
  try {
    return new URL(url).pathname;
  } catch {
    return void 0;
  }
}
function pickHeaders(get, allow) {
  const out = {};
  for (const name of allow) {
    const v = get(name);
    if (typeof v === "string" && v.length <= MAX_HEADER_VALUE) out[name] = v;
  }
  return out;
}
function contextHeaderGetter(h2) {
  if (!h2) return () => void 0;
  if (typeof h2.get === "function") return (name) => h2.get(name);
  const rec = h2;
  const lower = /* @__PURE__ */ new Map();
  for (const k of Object.keys(rec)) lower.set(k.toLowerCase(), rec[k]);
  return (name) => {
    const v = lower.get(name);
    return Array.isArray(v) ? v.join(", ") : v;
  };
}
function readRequest(req, opts) {
  const get = (name) => req.headers.get(name);
  let ip;
  if (opts.ip) {
    try {
      ip = opts.ip(req);
    } catch {
      ip = void 0;
    }
  }
  return {
    credential: fromHeaders(get("authorization"), get("cookie"), opts),
    method: typeof req.method === "string" ? req.method.toUpperCase() : "",
    path: pathOf(req.url) ?? "",
    ip,
    headers: pickHeaders(get, opts.headerAllowList),
    signal: req.signal
  };
}
function readContext(ctx, opts) {
  let credential = { kind: "none" };
  const token = ctx.token;
  const sid = ctx.sessionId;
  const present = (v) => v !== void 0 && v !== null && v !== "";
  if (present(token) && present(sid) && token !== sid) {
    credential = { kind: "invalid", code: "ERR_CREDENTIAL_AMBIGUOUS", detail: "both token and sessionId given" };
  } else if (present(token) || present(sid)) {
    const v = present(token) ? token : sid;
    credential = typeof v === "string" ? classifyCredential(v, "context", opts.maxCredentialBytes) : { kind: "invalid", code: "ERR_CREDENTIAL_INVALID", detail: "context credential is not a string" };
    if (present(sid) && !present(token) && credential.kind === "jwt") {
      credential = { kind: "invalid", code: "ERR_CREDENTIAL_INVALID", detail: "sessionId is not a session id" };
    }
  }
  const get = contextHeaderGetter(ctx.headers);
  return {
    credential,
    method: typeof ctx.method === "string" ? ctx.method.toUpperCase() : "",
    path: typeof ctx.path === "string" ? ctx.path : "",
    ip: ctx.ip,
    headers: pickHeaders(get, opts.headerAllowList)
  };
}
function validateAllowList(list) {
  const out = [];
  for (const raw of list) {
    if (typeof raw !== "string" || !COOKIE_NAME.test(raw)) throw new TypeError(`accord: invalid header name in allow-list`);
    const name = raw.toLowerCase();
    if (isForbiddenHeader(name)) throw new TypeError(`accord: header "${name}" may never be passed to the policy`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
function validateCookieName(name) {
  if (typeof name !== "string" || !COOKIE_NAME.test(name)) throw new TypeError("accord: invalid cookie name");
  return name;
}

// ../../src/engine/input.ts
import { z as z2 } from "zod";
var LAYERS = ["proxy", "middleware", "route", "server_component", "server_action", "loader", "action"];
var LayerSchema = z2.enum(LAYERS);
var seconds = z2.number().int().nonnegative();
var shortString = z2.string().max(256);
var SubjectSchema = z2.looseObject({
  sub: z2.string().min(1).max(512),
  roles: z2.array(z2.string().min(1).max(128)).max(64),
  tenant: shortString.optional(),
  kind: z2.enum(["user", "service"])
});
var VerifiedSessionSchema = z2.strictObject({
  /** SHA-256 hex of the session id. */
  id: z2.string().regex(/^[0-9a-f]{64}$/),
  kind: z2.enum(["user", "service"]),
  created_at: seconds,
  expires_at: seconds,
  revoked: z2.boolean(),
  revoked_at: seconds.optional(),
  version: z2.number().int().positive(),
  auth_time: seconds,
  amr: z2.array(z2.string().max(64)).max(16).optional()
});
var UnverifiedSessionSchema = z2.strictObject({
  id: z2.string().regex(/^[0-9a-f]{64}$/),
  unverified: z2.literal(true),
  kind: z2.enum(["user", "service"]).optional()
});
var SessionInputSchema = z2.union([VerifiedSessionSchema, UnverifiedSessionSchema]);
var RequestInputSchema = z2.strictObject({
  method: z2.string().regex(/^[A-Z]{1,16}$/),
  /** URL path without query or fragment, as the URL parser normalised it. */
  path: z2.string().max(4096).regex(/^\/[^\s?#]*$/),
  /** Decision time, whole seconds since the epoch (the same instant as time.now_ns). */
  time: seconds,
  ip: z2.string().max(64).regex(/^[0-9A-Fa-f:.]+$/).optional(),
  /** Allow-listed request headers, lower-case names. Never cookie or authorization. */
  headers: z2.record(z2.string().max(64), z2.string().max(1024))
});
var ActionSchema = z2.string().min(1).max(128).regex(/^[A-Za-z0-9_.:\/-]+$/);
var ResourceSchema = z2.looseObject({
  type: z2.string().min(1).max(128),
  id: shortString.optional(),
  tenant: shortString.optional(),
  owner: shortString.optional()
});
var AuthzInputSchema = z2.object({
  subject: SubjectSchema.optional(),
  session: SessionInputSchema.optional(),
  request: RequestInputSchema,
  action: ActionSchema,
  resource: ResourceSchema,
  layer: LayerSchema
});
var ENGINE_KEYS = /* @__PURE__ */ new Set(["subject", "session", "request", "action", "resource", "layer"]);
function buildInput(parts) {
  const input = {};
  if (parts.extra) {
    for (const k of Object.keys(parts.extra)) if (!ENGINE_KEYS.has(k)) input[k] = parts.extra[k];
  }
  if (parts.subject) input.subject = parts.subject;
  if (parts.session) input.session = parts.session;
  input.request = parts.request;
  input.action = parts.action;
  input.resource = parts.resource;
  input.layer = parts.layer;
  return input;
}
function describeIssues(issues) {
  return issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.code}`).join("; ");
}

// ../../src/engine/policy.ts
import { loadPolicy } from "@open-policy-agent/opa-wasm";

// ../../src/builtins/types.ts
var ANY = { kind: "any" };
var TypeSyntaxError = class extends Error {
};
var Parser = class {
  constructor(src) {
    this.src = src;
  }
  src;
  pos = 0;
  ws() {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }
  peek() {
    this.ws();
    return this.src[this.pos] ?? "";
  }
  eat(ch) {
    if (this.peek() === ch) {
      this.pos++;
      return true;
    }
    return false;
  }
  expect(ch) {
    if (!this.eat(ch)) throw new TypeSyntaxError(`expected '${ch}' at ${this.pos} in "${this.src}"`);
  }
  ident() {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.src.slice(this.pos));
    if (!m) throw new TypeSyntaxError(`expected a name at ${this.pos} in "${this.src}"`);
    this.pos += m[0].length;
    return m[0];
  }
  atEnd() {
    return this.peek() === "";
  }
  type() {
    const members = [this.primary()];
    while (this.eat("|")) members.push(this.primary());
    return members.length === 1 ? members[0] : union(members);
  }
  primary() {
    if (this.eat("(")) {
      const t = this.type();
      this.expect(")");
      return t;
    }
    if (this.eat("[")) {
      const items = [this.type()];
      while (this.eat(",")) items.push(this.type());
      this.expect("]");
      return { kind: "tuple", items };
    }
    const name = this.ident();
    switch (name) {
      case "any":
      case "number":
      case "string":
      case "boolean":
      case "null":
        return { kind: name };
      case "array":
      case "set": {
        let of = ANY;
        if (this.eat("<")) {
          of = this.type();
          this.expect(">");
        }
        return { kind: name, of };
      }
      case "object": {
        let key = ANY;
        let value = ANY;
        if (this.eat("<")) {
          key = this.type();
          this.expect(",");
          value = this.type();
          this.expect(">");
        }
        return { kind: "object", key, value };
      }
      default:
        throw new TypeSyntaxError(`unknown type "${name}" in "${this.src}"`);
    }
  }
  /** `name: type, name: type` (an empty string is an empty list). */
  params() {
    const out = [];
    if (this.atEnd()) return out;
    do {
      const name = this.ident();
      this.expect(":");
      out.push({ name, type: this.type() });
    } while (this.eat(","));
    return out;
  }
};
function union(members) {
  const flat = [];
  for (const m of members) {
    if (m.kind === "union") flat.push(...m.of);
    else flat.push(m);
  }
  if (flat.some((m) => m.kind === "any")) return ANY;
  return { kind: "union", of: flat };
}
function parseType(src) {
  const p = new Parser(src);
  const t = p.type();
  if (!p.atEnd()) throw new TypeSyntaxError(`trailing text in type "${src}"`);
  return t;
}
function parseParams(src) {
  const p = new Parser(src);
  const out = p.params();
  if (!p.atEnd()) throw new TypeSyntaxError(`trailing text in parameters "${src}"`);
  return out;
}

// ../../src/builtins/catalog.ts
var HOST_PREFIX = "accord.";
function decl(runsIn, family, name, params, result, extra = {}) {
  const ps = parseParams(params);
  const resultType = parseType(result);
  const d = {
    name,
    args: ps.map((p) => p.type),
    argNames: ps.map((p) => p.name),
    result: resultType,
    runsIn,
    edge: extra.edge ?? true,
    family,
    signature: `${name}(${extra.variadic ? `...values: ${extra.variadic}` : params}) \u2192 ${result}`
  };
  if (extra.variadic) d.variadic = parseType(extra.variadic);
  if (extra.nondeterministic) d.nondeterministic = true;
  if (extra.infix) d.infix = extra.infix;
  if (extra.relation) d.relation = true;
  if (extra.statement) d.statement = true;
  if (extra.deprecated) d.deprecated = true;
  if (extra.notes) d.notes = extra.notes;
  return d;
}
var w = (family, name, params, result, extra) => decl("wasm", family, name, params, result, extra);
var h = (family, name, params, result, extra) => decl("host", family, name, params, result, extra);
var SETS_AS_ARRAYS = "Host builtins receive sets as sorted arrays (JSON has no sets).";
var NS_NOTE = "Returns a JS number: nanoseconds beyond 2^53 are the nearest double (see \u201CNanosecond precision\u201D in docs/builtins.md).";
var TIME_ARG = "number | [number, string]";
var CIDR_MATCH_ARG = "string | array<string | array> | set<string | array> | object<string, string | array>";
var DECLS = [
  // ── Operators ────────────────────────────────────────────────────────────────────────────────
  w("operators", "eq", "x: any, y: any", "boolean", { infix: "=" }),
  w("operators", "assign", "x: any, y: any", "boolean", { infix: ":=" }),
  w("operators", "equal", "x: any, y: any", "boolean", { infix: "==" }),
  w("operators", "neq", "x: any, y: any", "boolean", { infix: "!=" }),
  w("operators", "lt", "x: any, y: any", "boolean", { infix: "<" }),
  w("operators", "lte", "x: any, y: any", "boolean", { infix: "<=" }),
  w("operators", "gt", "x: any, y: any", "boolean", { infix: ">" }),
  w("operators", "gte", "x: any, y: any", "boolean", { infix: ">=" }),
  w("operators", "plus", "x: number, y: number", "number", { infix: "+" }),
  w("operators", "minus", "x: number | set, y: number | set", "number | set", { infix: "-" }),
  w("operators", "mul", "x: number, y: number", "number", { infix: "*" }),
  w("operators", "div", "x: number, y: number", "number", { infix: "/" }),
  w("operators", "rem", "x: number, y: number", "number", { infix: "%" }),
  w("operators", "or", "x: set, y: set", "set", { infix: "|" }),
  w("operators", "and", "x: set, y: set", "set", { infix: "&" }),
  w("operators", "internal.member_2", "x: any, collection: any", "boolean", { infix: "in" }),
  w("operators", "internal.member_3", "key: any, value: any, collection: any", "boolean", { infix: "in" }),
  w("operators", "print", "", "boolean", {
    variadic: "any",
    statement: true,
    notes: "Printed through the SDK's println hook; undefined operands print as `<undefined>`."
  }),
  // ── Numbers ──────────────────────────────────────────────────────────────────────────────────
  w("numbers", "abs", "x: number", "number"),
  w("numbers", "round", "x: number", "number"),
  w("numbers", "ceil", "x: number", "number"),
  w("numbers", "floor", "x: number", "number"),
  w("numbers", "numbers.range", "a: number, b: number", "array<number>"),
  w("numbers", "numbers.range_step", "a: number, b: number, step: number", "array<number>"),
  // ── Aggregates ───────────────────────────────────────────────────────────────────────────────
  w("aggregates", "count", "collection: set | array | object | string", "number"),
  w("aggregates", "sum", "collection: set<number> | array<number>", "number"),
  w("aggregates", "product", "collection: set<number> | array<number>", "number"),
  w("aggregates", "max", "collection: set | array", "any"),
  w("aggregates", "min", "collection: set | array", "any"),
  w("aggregates", "sort", "collection: array | set", "array"),
  w("aggregates", "all", "collection: set | array", "boolean", { deprecated: true, notes: "Deprecated in OPA; use `every`." }),
  w("aggregates", "any", "collection: set | array", "boolean", { deprecated: true, notes: "Deprecated in OPA; use `some \u2026 in`." }),
  // ── Sets ─────────────────────────────────────────────────────────────────────────────────────
  w("sets", "union", "xs: set<set>", "set"),
  w("sets", "intersection", "xs: set<set>", "set"),
  // ── Strings ──────────────────────────────────────────────────────────────────────────────────
  w("strings", "concat", "delimiter: string, collection: set<string> | array<string>", "string"),
  w("strings", "contains", "haystack: string, needle: string", "boolean"),
  w("strings", "startswith", "search: string, base: string", "boolean"),
  w("strings", "endswith", "search: string, base: string", "boolean"),
  w("strings", "lower", "x: string", "string"),
  w("strings", "upper", "x: string", "string"),
  w("strings", "split", "x: string, delimiter: string", "array<string>"),
  w("strings", "replace", "x: string, old: string, new: string", "string"),
  w("strings", "strings.replace_n", "patterns: object<string, string>, value: string", "string"),
  w("strings", "trim", "value: string, cutset: string", "string"),
  w("strings", "trim_left", "value: string, cutset: string", "string"),
  w("strings", "trim_right", "value: string, cutset: string", "string"),
  w("strings", "trim_prefix", "value: string, prefix: string", "string"),
  w("strings", "trim_suffix", "value: string, suffix: string", "string"),
  w("strings", "trim_space", "value: string", "string"),
  w("strings", "indexof", "haystack: string, needle: string", "number"),
  w("strings", "indexof_n", "haystack: string, needle: string", "array<number>"),
  w("strings", "substring", "value: string, offset: number, length: number", "string"),
  w("strings", "strings.reverse", "x: string", "string"),
  w("strings", "strings.any_prefix_match", "search: string | set<string> | array<string>, base: string | set<string> | array<string>", "boolean"),
  w("strings", "strings.any_suffix_match", "search: string | set<string> | array<string>, base: string | set<string> | array<string>", "boolean"),
  w("strings", "strings.count", "search: string, substring: string", "number"),
  w("strings", "format_int", "number: number, base: number", "string"),
  h("strings", "sprintf", "format: string, values: array", "string", {
    notes: "Go fmt verbs as OPA (`%v %s %d %f %e %g %q %x %X %o %b %c %U %t %T %%`, flags, widths, precisions, `%[n]` indexes, `%!d(string=\u2026)` style errors). `%t` formats booleans as `true`/`false` (OPA passes booleans as strings, so it would print `%!t(string=true)`). Sets arrive as arrays, so `%v` prints them as `[\u2026]` instead of `{\u2026}`. Integral floats (`1.0`) format as integers."
  }),
  // ── Types ────────────────────────────────────────────────────────────────────────────────────
  w("types", "is_number", "x: any", "boolean"),
  w("types", "is_string", "x: any", "boolean"),
  w("types", "is_boolean", "x: any", "boolean"),
  w("types", "is_array", "x: any", "boolean"),
  w("types", "is_set", "x: any", "boolean"),
  w("types", "is_object", "x: any", "boolean"),
  w("types", "is_null", "x: any", "boolean"),
  w("types", "type_name", "x: any", "string"),
  w("types", "to_number", "x: number | string | boolean | null", "number"),
  // ── Arrays ───────────────────────────────────────────────────────────────────────────────────
  w("arrays", "array.concat", "x: array, y: array", "array"),
  w("arrays", "array.slice", "arr: array, start: number, stop: number", "array"),
  w("arrays", "array.reverse", "arr: array", "array"),
  // ── Objects ──────────────────────────────────────────────────────────────────────────────────
  w("objects", "object.get", "object: object, key: any, default: any", "any"),
  w("objects", "object.keys", "object: object", "set"),
  w("objects", "object.remove", "object: object, keys: array | set | object", "any"),
  w("objects", "object.union", "a: object, b: object", "any"),
  w("objects", "object.union_n", "objects: array<object>", "any"),
  w("objects", "object.filter", "object: object, keys: array | set | object", "any"),
  w("objects", "object.subset", "super: object | set | array, sub: object | set | array", "boolean"),
  w("objects", "json.filter", "object: object, paths: array<string | array> | set<string | array>", "any"),
  w("objects", "json.remove", "object: object, paths: array<string | array> | set<string | array>", "any"),
  h("objects", "json.patch", "object: any, patches: array<object<string, any>>", "any", {
    notes: `RFC 6902 (add, remove, replace, move, copy, test); paths may be JSON pointers or arrays. ${SETS_AS_ARRAYS} Patching inside a set therefore addresses it as an array.`
  }),
  w("objects", "walk", "x: any", "[array, any]", { relation: true }),
  // ── Encoding ─────────────────────────────────────────────────────────────────────────────────
  w("encoding", "json.marshal", "x: any", "string"),
  w("encoding", "json.unmarshal", "x: string", "any"),
  w("encoding", "json.is_valid", "x: string", "boolean"),
  h("encoding", "json.marshal_with_options", "x: any, opts: object<string, any>", "string", {
    notes: "Options `pretty`, `indent` (default tab), `prefix`, as OPA; `<`, `>`, `&` are escaped as Go does. Sets serialize as arrays, as in OPA."
  }),
  w("encoding", "base64.encode", "x: string", "string"),
  w("encoding", "base64.decode", "x: string", "string"),
  w("encoding", "base64.is_valid", "x: string", "boolean"),
  w("encoding", "base64url.encode", "x: string", "string"),
  w("encoding", "base64url.encode_no_pad", "x: string", "string"),
  w("encoding", "base64url.decode", "x: string", "string"),
  w("encoding", "hex.encode", "x: string", "string"),
  w("encoding", "hex.decode", "x: string", "string"),
  h("encoding", "urlquery.encode", "x: string", "string"),
  h("encoding", "urlquery.decode", "x: string", "string"),
  h("encoding", "urlquery.encode_object", "object: object<string, string | array<string> | set<string>>", "string"),
  h("encoding", "urlquery.decode_object", "x: string", "object<string, array<string>>"),
  h("encoding", "yaml.marshal", "x: any", "string", {
    notes: "Same document as OPA; whitespace, quoting and line folding of the emitted YAML can differ (the `yaml` package, not go-yaml)."
  }),
  h("encoding", "yaml.unmarshal", "x: string", "any", {
    notes: "YAML 1.1 scalars as go-yaml v2 (`yes`/`no`/`on`/`off` are booleans); timestamps stay strings; only the first document is read."
  }),
  h("encoding", "yaml.is_valid", "x: string", "boolean"),
  // ── Regular expressions (RE2 via re2js) ──────────────────────────────────────────────────────
  h("regex", "regex.match", "pattern: string, value: string", "boolean"),
  h("regex", "regex.is_valid", "pattern: string", "boolean"),
  h("regex", "regex.find_n", "pattern: string, value: string, number: number", "array<string>"),
  h("regex", "regex.find_all_string_submatch_n", "pattern: string, value: string, number: number", "array<array<string>>"),
  h("regex", "regex.split", "pattern: string, value: string", "array<string>"),
  h("regex", "regex.replace", "s: string, pattern: string, value: string", "string"),
  h("regex", "regex.template_match", "template: string, value: string, delimiter_start: string, delimiter_end: string", "boolean"),
  // ── Glob ─────────────────────────────────────────────────────────────────────────────────────
  h("glob", "glob.match", "pattern: string, delimiters: array<string> | null, match: string", "boolean"),
  h("glob", "glob.quote_meta", "pattern: string", "string"),
  // ── Time ─────────────────────────────────────────────────────────────────────────────────────
  h("time", "time.now_ns", "", "number", {
    nondeterministic: true,
    notes: `Taken once per evaluation from the engine clock (\`options.now\`). ${NS_NOTE}`
  }),
  h("time", "time.parse_rfc3339_ns", "value: string", "number", { notes: NS_NOTE }),
  h("time", "time.parse_ns", "layout: string, value: string", "number", {
    notes: `Go reference-time layouts and OPA's named layouts (\`RFC3339\`, \`RFC1123\`, \u2026). Zone abbreviations other than UTC/GMT\xB1h parse as offset 0, as Go does on a UTC host. ${NS_NOTE}`
  }),
  h("time", "time.parse_duration_ns", "duration: string", "number", { notes: "Exact up to 2^53 ns (104 days); longer durations are the nearest double." }),
  h("time", "time.format", "x: number | [number, string] | [number, string, string]", "string", {
    notes: "Time zones from Intl (IANA names). The `MST` token prints the abbreviation Intl knows (EST, CET, BST\u2026) or a numeric one (`+09`) where Go's tzdata may have a name (e.g. JST)."
  }),
  h("time", "time.date", `x: ${TIME_ARG}`, "[number, number, number]"),
  h("time", "time.clock", `x: ${TIME_ARG}`, "[number, number, number]"),
  h("time", "time.weekday", `x: ${TIME_ARG}`, "string"),
  h("time", "time.add_date", `ns: ${TIME_ARG}, years: number, months: number, days: number`, "number", { notes: NS_NOTE }),
  h("time", "time.diff", `ns1: ${TIME_ARG}, ns2: ${TIME_ARG}`, "[number, number, number, number, number, number]"),
  // ── Net (ipaddr.js) ──────────────────────────────────────────────────────────────────────────
  h("net", "net.cidr_contains", "cidr: string, cidr_or_ip: string", "boolean"),
  h("net", "net.cidr_intersects", "cidr1: string, cidr2: string", "boolean"),
  h("net", "net.cidr_is_valid", "cidr: string", "boolean"),
  h("net", "net.cidr_merge", "addrs: array<string> | set<string>", "set<string>"),
  h("net", "net.cidr_expand", "cidr: string", "set<string>", {
    notes: "Refuses ranges of more than 65,536 addresses (OPA has no limit but can be cancelled)."
  }),
  h("net", "net.cidr_contains_matches", `cidrs: ${CIDR_MATCH_ARG}, cidrs_or_ips: ${CIDR_MATCH_ARG}`, "set<[any, any]>", {
    notes: `${SETS_AS_ARRAYS} For a set argument OPA reports the element itself as the match key; Accord reports its position in the sorted set.`
  }),
  // ── Crypto (synchronous pure-TS digests) ─────────────────────────────────────────────────────
  h("crypto", "crypto.md5", "x: string", "string"),
  h("crypto", "crypto.sha1", "x: string", "string"),
  h("crypto", "crypto.sha256", "x: string", "string"),
  h("crypto", "crypto.hmac.md5", "x: string, key: string", "string"),
  h("crypto", "crypto.hmac.sha1", "x: string, key: string", "string"),
  h("crypto", "crypto.hmac.sha256", "x: string, key: string", "string"),
  h("crypto", "crypto.hmac.sha512", "x: string, key: string", "string"),
  h("crypto", "crypto.hmac.equal", "mac1: string, mac2: string", "boolean"),
  // ── Tokens ───────────────────────────────────────────────────────────────────────────────────
  h("tokens", "io.jwt.decode", "jwt: string", "[object, object, string]"),
  h("tokens", "io.jwt.verify_hs256", "jwt: string, secret: string", "boolean"),
  h("tokens", "io.jwt.verify_hs384", "jwt: string, secret: string", "boolean"),
  h("tokens", "io.jwt.verify_hs512", "jwt: string, secret: string", "boolean"),
  h("tokens", "io.jwt.decode_verify", "jwt: string, constraints: object<string, any>", "[boolean, object, object]", {
    nondeterministic: true,
    notes: "HS256/HS384/HS512 with `secret` only. RS*/PS*/ES* tokens, and any `cert` constraint, give `[false, {}, {}]`: asymmetric verification is not available synchronously (Accord verifies tokens with jose before evaluation). Default `time` is the evaluation clock."
  }),
  // ── SemVer and units ─────────────────────────────────────────────────────────────────────────
  h("semver", "semver.compare", "a: string, b: string", "number"),
  h("semver", "semver.is_valid", "vsn: any", "boolean"),
  h("units", "units.parse", "x: string", "number"),
  h("units", "units.parse_bytes", "x: string", "number"),
  // ── Bits and graphs ──────────────────────────────────────────────────────────────────────────
  h("bits", "bits.or", "x: number, y: number", "number"),
  h("bits", "bits.and", "x: number, y: number", "number"),
  h("bits", "bits.xor", "x: number, y: number", "number"),
  h("bits", "bits.negate", "x: number", "number"),
  h("bits", "bits.lsh", "x: number, s: number", "number"),
  h("bits", "bits.rsh", "x: number, s: number", "number"),
  h("graph", "graph.reachable", "graph: object<any, set | array>, initial: set | array", "set", {
    notes: SETS_AS_ARRAYS
  }),
  // ── Misc ─────────────────────────────────────────────────────────────────────────────────────
  h("misc", "uuid.rfc4122", "k: string", "string", {
    nondeterministic: true,
    notes: "Stable for the same `k` within one evaluation (one host-builtin map per evaluation)."
  }),
  h("misc", "rand.intn", "str: string, n: number", "number", {
    nondeterministic: true,
    notes: "Stable for the same `(str, n)` within one evaluation."
  }),
  h("misc", "opa.runtime", "", "object<string, any>", {
    nondeterministic: true,
    notes: "Returns `{}` (or what the engine passes as `runtime`), never `env`: environment variables are not exposed."
  }),
  h("misc", "trace", "note: string", "boolean", {
    statement: true,
    notes: "Always true; notes are not collected (no query explanations)."
  })
];
var BY_NAME = new Map(DECLS.map((d) => [d.name, d]));
if (BY_NAME.size !== DECLS.length) throw new Error("duplicate builtin in catalog");
function hostBuiltinNames() {
  return DECLS.filter((d) => d.runsIn === "host").map((d) => d.name);
}

// ../../src/builtins/digest/index.ts
function firstPrimes(n) {
  const out = [];
  for (let c = 2; out.length < n; c++) {
    if (out.every((p) => c % p !== 0)) out.push(c);
  }
  return out;
}
function iroot(x, k) {
  if (x < 2n) return x;
  let r = 1n << BigInt(x.toString(2).length) / k + 1n;
  for (; ; ) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) break;
    r = next;
  }
  while (r ** k > x) r--;
  while ((r + 1n) ** k <= x) r++;
  return r;
}
function fracRoot(p, k, bits) {
  const scaled = iroot(BigInt(p) << BigInt(bits) * k, k);
  return scaled & (1n << BigInt(bits)) - 1n;
}
var PRIMES = firstPrimes(80);
var K512 = PRIMES.map((p) => fracRoot(p, 3n, 64));
var K512_HI = Int32Array.from(K512, (k) => Number(k >> 32n) | 0);
var K512_LO = Int32Array.from(K512, (k) => Number(k & 0xffffffffn) | 0);
var K256 = Int32Array.from(K512.slice(0, 64), (k) => Number(k >> 32n) | 0);
var IV256 = Int32Array.from(PRIMES.slice(0, 8), (p) => Number(fracRoot(p, 2n, 32)) | 0);
var IV512 = PRIMES.slice(0, 8).map((p) => fracRoot(p, 2n, 64));
var IV384 = PRIMES.slice(8, 16).map((p) => fracRoot(p, 2n, 64));
function pad(data, blockSize, lengthBytes, littleEndian) {
  const bitLen = BigInt(data.length) * 8n;
  let total = data.length + 1 + lengthBytes;
  total += (blockSize - total % blockSize) % blockSize;
  const out = new Uint8Array(total);
  out.set(data);
  out[data.length] = 128;
  for (let i = 0; i < 8; i++) {
    const byte = Number(bitLen >> BigInt(8 * i) & 0xffn);
    if (littleEndian) out[total - lengthBytes + i] = byte;
    else out[total - 1 - i] = byte;
  }
  return out;
}
var rotr = (x, n) => x >>> n | x << 32 - n;
var rotl = (x, n) => x << n | x >>> 32 - n;
function sha256(data) {
  const m = pad(data, 64, 8, false);
  const dv = new DataView(m.buffer);
  const H = Int32Array.from(IV256);
  const W2 = new Int32Array(64);
  for (let off = 0; off < m.length; off += 64) {
    for (let t = 0; t < 16; t++) W2[t] = dv.getInt32(off + t * 4);
    for (let t = 16; t < 64; t++) {
      const w15 = W2[t - 15];
      const w2 = W2[t - 2];
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ w15 >>> 3;
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ w2 >>> 10;
      W2[t] = W2[t - 16] + s0 + W2[t - 7] + s1 | 0;
    }
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h2 = H[7];
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = e & f ^ ~e & g;
      const t1 = h2 + S1 + ch + K256[t] + W2[t] | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = a & b ^ a & c ^ b & c;
      const t2 = S0 + maj | 0;
      h2 = g;
      g = f;
      f = e;
      e = d + t1 | 0;
      d = c;
      c = b;
      b = a;
      a = t1 + t2 | 0;
    }
    H[0] = H[0] + a | 0;
    H[1] = H[1] + b | 0;
    H[2] = H[2] + c | 0;
    H[3] = H[3] + d | 0;
    H[4] = H[4] + e | 0;
    H[5] = H[5] + f | 0;
    H[6] = H[6] + g | 0;
    H[7] = H[7] + h2 | 0;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setInt32(i * 4, H[i]);
  return out;
}
function sha1(data) {
  const m = pad(data, 64, 8, false);
  const dv = new DataView(m.buffer);
  const H = Int32Array.of(1732584193, 4023233417 | 0, 2562383102 | 0, 271733878, 3285377520 | 0);
  const W2 = new Int32Array(80);
  for (let off = 0; off < m.length; off += 64) {
    for (let t = 0; t < 16; t++) W2[t] = dv.getInt32(off + t * 4);
    for (let t = 16; t < 80; t++) W2[t] = rotl(W2[t - 3] ^ W2[t - 8] ^ W2[t - 14] ^ W2[t - 16], 1);
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4];
    for (let t = 0; t < 80; t++) {
      let f;
      let k;
      if (t < 20) {
        f = b & c | ~b & d;
        k = 1518500249;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 1859775393;
      } else if (t < 60) {
        f = b & c | b & d | c & d;
        k = 2400959708 | 0;
      } else {
        f = b ^ c ^ d;
        k = 3395469782 | 0;
      }
      const tmp = rotl(a, 5) + f + e + k + W2[t] | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = tmp;
    }
    H[0] = H[0] + a | 0;
    H[1] = H[1] + b | 0;
    H[2] = H[2] + c | 0;
    H[3] = H[3] + d | 0;
    H[4] = H[4] + e | 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 5; i++) ov.setInt32(i * 4, H[i]);
  return out;
}
var MD5_T = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
var MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
function md5(data) {
  const m = pad(data, 64, 8, true);
  const dv = new DataView(m.buffer);
  let a0 = 1732584193, b0 = 4023233417 | 0, c0 = 2562383102 | 0, d0 = 271733878;
  const X = new Int32Array(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) X[i] = dv.getInt32(off + i * 4, true);
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f;
      let g;
      const round = i >> 4;
      if (round === 0) {
        f = b & c | ~b & d;
        g = i;
      } else if (round === 1) {
        f = d & b | ~d & c;
        g = 5 * i + 1 & 15;
      } else if (round === 2) {
        f = b ^ c ^ d;
        g = 3 * i + 5 & 15;
      } else {
        f = c ^ (b | ~d);
        g = 7 * i & 15;
      }
      const tmp = d;
      d = c;
      c = b;
      b = b + rotl(a + f + MD5_T[i] + X[g] | 0, MD5_S[round << 2 | i & 3]) | 0;
      a = tmp;
    }
    a0 = a0 + a | 0;
    b0 = b0 + b | 0;
    c0 = c0 + c | 0;
    d0 = d0 + d | 0;
  }
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  ov.setInt32(0, a0, true);
  ov.setInt32(4, b0, true);
  ov.setInt32(8, c0, true);
  ov.setInt32(12, d0, true);
  return out;
}
function sha512Core(data, iv, outBytes) {
  const m = pad(data, 128, 16, false);
  const dv = new DataView(m.buffer);
  const Hh = Int32Array.from(iv, (v) => Number(v >> 32n) | 0);
  const Hl = Int32Array.from(iv, (v) => Number(v & 0xffffffffn) | 0);
  const Wh = new Int32Array(80);
  const Wl = new Int32Array(80);
  for (let off = 0; off < m.length; off += 128) {
    for (let t = 0; t < 16; t++) {
      Wh[t] = dv.getInt32(off + t * 8);
      Wl[t] = dv.getInt32(off + t * 8 + 4);
    }
    for (let t = 16; t < 80; t++) {
      const xh = Wh[t - 15], xl = Wl[t - 15];
      const s0h = (xh >>> 1 | xl << 31) ^ (xh >>> 8 | xl << 24) ^ xh >>> 7;
      const s0l = (xl >>> 1 | xh << 31) ^ (xl >>> 8 | xh << 24) ^ (xl >>> 7 | xh << 25);
      const yh = Wh[t - 2], yl = Wl[t - 2];
      const s1h = (yh >>> 19 | yl << 13) ^ (yl >>> 29 | yh << 3) ^ yh >>> 6;
      const s1l = (yl >>> 19 | yh << 13) ^ (yh >>> 29 | yl << 3) ^ (yl >>> 6 | yh << 26);
      let lo = (Wl[t - 16] >>> 0) + (s0l >>> 0) + (Wl[t - 7] >>> 0) + (s1l >>> 0);
      const hi = Wh[t - 16] + s0h + Wh[t - 7] + s1h + Math.floor(lo / 4294967296);
      lo >>>= 0;
      Wh[t] = hi | 0;
      Wl[t] = lo | 0;
    }
    let ah = Hh[0], al = Hl[0], bh = Hh[1], bl = Hl[1], ch = Hh[2], cl = Hl[2], dh = Hh[3], dl = Hl[3];
    let eh = Hh[4], el = Hl[4], fh = Hh[5], fl = Hl[5], gh = Hh[6], gl = Hl[6], hh = Hh[7], hl = Hl[7];
    for (let t = 0; t < 80; t++) {
      const S1h = (eh >>> 14 | el << 18) ^ (eh >>> 18 | el << 14) ^ (el >>> 9 | eh << 23);
      const S1l = (el >>> 14 | eh << 18) ^ (el >>> 18 | eh << 14) ^ (eh >>> 9 | el << 23);
      const chh = eh & fh ^ ~eh & gh;
      const chl = el & fl ^ ~el & gl;
      let t1l = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K512_LO[t] >>> 0) + (Wl[t] >>> 0);
      let t1h = hh + S1h + chh + K512_HI[t] + Wh[t] + Math.floor(t1l / 4294967296);
      t1l >>>= 0;
      t1h |= 0;
      const S0h = (ah >>> 28 | al << 4) ^ (al >>> 2 | ah << 30) ^ (al >>> 7 | ah << 25);
      const S0l = (al >>> 28 | ah << 4) ^ (ah >>> 2 | al << 30) ^ (ah >>> 7 | al << 25);
      const majh = ah & bh ^ ah & ch ^ bh & ch;
      const majl = al & bl ^ al & cl ^ bl & cl;
      let t2l = (S0l >>> 0) + (majl >>> 0);
      const t2h = S0h + majh + Math.floor(t2l / 4294967296) | 0;
      t2l >>>= 0;
      hh = gh;
      hl = gl;
      gh = fh;
      gl = fl;
      fh = eh;
      fl = el;
      let nl = (dl >>> 0) + t1l;
      eh = dh + t1h + Math.floor(nl / 4294967296) | 0;
      el = nl | 0;
      dh = ch;
      dl = cl;
      ch = bh;
      cl = bl;
      bh = ah;
      bl = al;
      nl = t1l + t2l;
      ah = t1h + t2h + Math.floor(nl / 4294967296) | 0;
      al = nl | 0;
    }
    const add = (i, h2, l) => {
      const lo = (Hl[i] >>> 0) + (l >>> 0);
      Hh[i] = Hh[i] + h2 + Math.floor(lo / 4294967296) | 0;
      Hl[i] = lo | 0;
    };
    add(0, ah, al);
    add(1, bh, bl);
    add(2, ch, cl);
    add(3, dh, dl);
    add(4, eh, el);
    add(5, fh, fl);
    add(6, gh, gl);
    add(7, hh, hl);
  }
  const out = new Uint8Array(64);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) {
    ov.setInt32(i * 8, Hh[i]);
    ov.setInt32(i * 8 + 4, Hl[i]);
  }
  return out.slice(0, outBytes);
}
var MD5 = { name: "md5", blockSize: 64, hash: md5 };
var SHA1 = { name: "sha1", blockSize: 64, hash: sha1 };
var SHA256 = { name: "sha256", blockSize: 64, hash: sha256 };
var SHA384 = { name: "sha384", blockSize: 128, hash: (d) => sha512Core(d, IV384, 48) };
var SHA512 = { name: "sha512", blockSize: 128, hash: (d) => sha512Core(d, IV512, 64) };
function hmac(digest2, key, message) {
  let k = key.length > digest2.blockSize ? digest2.hash(key) : key;
  const block = new Uint8Array(digest2.blockSize);
  block.set(k);
  k = block;
  const inner = new Uint8Array(digest2.blockSize + message.length);
  const outer = new Uint8Array(digest2.blockSize);
  for (let i = 0; i < digest2.blockSize; i++) {
    inner[i] = k[i] ^ 54;
    outer[i] = k[i] ^ 92;
  }
  inner.set(message, digest2.blockSize);
  const ih = digest2.hash(inner);
  const o = new Uint8Array(digest2.blockSize + ih.length);
  o.set(outer);
  o.set(ih, digest2.blockSize);
  return digest2.hash(o);
}
function constantTimeEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff2 = 0;
  for (let i = 0; i < a.length; i++) diff2 |= a[i] ^ b[i];
  return diff2 === 0;
}

// ../../src/builtins/host/errors.ts
var BuiltinError = class extends Error {
  name = "BuiltinError";
};
function fail(message) {
  throw new BuiltinError(message);
}
function typeName(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
    case "object":
      return "object";
    default:
      return "undefined";
  }
}
function operandError(pos, v, expected) {
  fail(`operand ${pos} must be ${expected} but got ${typeName(v)}`);
}
function str(v, pos) {
  if (typeof v !== "string") operandError(pos, v, "string");
  return v;
}
function num(v, pos) {
  if (typeof v !== "number" || !Number.isFinite(v)) operandError(pos, v, "number");
  return v;
}
function int(v, pos) {
  const n = num(v, pos);
  if (!Number.isInteger(n)) fail(`operand ${pos} must be integer number but got floating-point number`);
  return n;
}
function arr(v, pos) {
  if (!Array.isArray(v)) operandError(pos, v, "array");
  return v;
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function obj(v, pos) {
  if (!isObject(v)) operandError(pos, v, "object");
  return v;
}
function wrapBuiltin(name, fn, strict) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      if (!strict) return void 0;
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(`eval_builtin_error: ${name}: ${message}`);
    }
  };
}

// ../../src/builtins/host/util.ts
var encoder = new TextEncoder();
var decoder2 = new TextDecoder("utf-8");
function utf8(s) {
  return encoder.encode(s);
}
function fromUtf8(b) {
  return decoder2.decode(b);
}
var HEX = "0123456789abcdef";
function toHex(b) {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i] >> 4] + HEX[b[i] & 15];
  return s;
}
var B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
var B64URL_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64URL_INDEX[B64URL.charCodeAt(i)] = i;
function base64UrlDecode(s) {
  let end = s.length;
  if (end % 4 === 0 && end > 0) {
    if (s[end - 1] === "=") end--;
    if (s[end - 1] === "=") end--;
  }
  if (end % 4 === 1) fail("illegal base64 data: invalid length");
  const out = new Uint8Array(Math.floor(end * 3 / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64URL_INDEX[c] : -1;
    if (v < 0) fail(`illegal base64 data at input byte ${i}`);
    acc = acc << 6 | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = acc >> bits & 255;
    }
  }
  return out.subarray(0, o);
}
function compareStrings(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 55296 && x <= 57343;
    const ys = y >= 55296 && y <= 57343;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
function sortedKeys(o) {
  return Object.keys(o).sort(compareStrings);
}
function runeLength(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 55296 && c <= 56319 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 56320 && d <= 57343) i++;
    }
    n++;
  }
  return n;
}
function codePointWidth(s, i) {
  const c = s.charCodeAt(i);
  if (c >= 55296 && c <= 56319 && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 56320 && d <= 57343) return 2;
  }
  return 1;
}
var LRU = class {
  constructor(capacity) {
    this.capacity = capacity;
  }
  capacity;
  map = /* @__PURE__ */ new Map();
  get(key) {
    const v = this.map.get(key);
    if (v !== void 0) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key, value) {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }
  get size() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
};
var PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
function goQuote(s, asciiOnly = false) {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === '"' || ch === "\\") {
      out += "\\" + ch;
    } else if (cp < 128 ? cp >= 32 && cp < 127 : !asciiOnly && PRINTABLE.test(ch) && !(cp >= 55296 && cp <= 57343)) {
      out += ch;
    } else {
      out += escapeRune(cp);
    }
  }
  return out + '"';
}
function goQuoteRune(cp, asciiOnly = false) {
  if (cp > 1114111 || cp >= 55296 && cp <= 57343 || cp < 0) cp = 65533;
  const ch = String.fromCodePoint(cp);
  if (ch === "'" || ch === "\\") return `'\\${ch}'`;
  if (cp < 128 ? cp >= 32 && cp < 127 : !asciiOnly && PRINTABLE.test(ch)) return `'${ch}'`;
  return `'${escapeRune(cp)}'`;
}
function escapeRune(cp) {
  switch (cp) {
    case 7:
      return "\\a";
    case 8:
      return "\\b";
    case 12:
      return "\\f";
    case 10:
      return "\\n";
    case 13:
      return "\\r";
    case 9:
      return "\\t";
    case 11:
      return "\\v";
  }
  if (cp < 32 || cp === 127) return "\\x" + cp.toString(16).padStart(2, "0");
  if (cp >= 55296 && cp <= 57343) return "\\ufffd";
  if (cp < 65536) return "\\u" + cp.toString(16).padStart(4, "0");
  return "\\U" + cp.toString(16).padStart(8, "0");
}
function numberText(n) {
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  return JSON.stringify(n);
}
function regoString(v) {
  if (v === null || v === void 0) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
      return numberText(v);
    case "string":
      return goQuote(v);
  }
  if (Array.isArray(v)) return "[" + v.map(regoString).join(", ") + "]";
  if (isObject(v)) {
    return "{" + sortedKeys(v).map((k) => `${goQuote(k)}: ${regoString(v[k])}`).join(", ") + "}";
  }
  return String(v);
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// ../../src/builtins/host/crypto.ts
var digestOf = (d) => (x) => toHex(d.hash(utf8(str(x, 1))));
var hmacOf = (d) => (x, key) => {
  const message = utf8(str(x, 1));
  return toHex(hmac(d, utf8(str(key, 2)), message));
};
var cryptoMd5 = digestOf(MD5);
var cryptoSha1 = digestOf(SHA1);
var cryptoSha256 = digestOf(SHA256);
var cryptoHmacMd5 = hmacOf(MD5);
var cryptoHmacSha1 = hmacOf(SHA1);
var cryptoHmacSha256 = hmacOf(SHA256);
var cryptoHmacSha512 = hmacOf(SHA512);
function cryptoHmacEqual(mac1, mac2) {
  return constantTimeEqual(utf8(str(mac1, 1)), utf8(str(mac2, 2)));
}

// ../../src/builtins/host/encoding.ts
import { isMap, isScalar, isSeq, parseAllDocuments, stringify } from "yaml";
var UNRESERVED = /[A-Za-z0-9\-_.~]/;
function queryEscape(s) {
  let out = "";
  for (const ch of s) {
    if (ch === " ") out += "+";
    else if (ch.length === 1 && UNRESERVED.test(ch)) out += ch;
    else for (const b of utf8(ch)) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}
function queryUnescape(s) {
  const bytes = [];
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === "%") {
      const hex2 = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex2)) {
        const bad = s.slice(i, i + 3);
        fail(`invalid URL escape ${JSON.stringify(bad)}`);
      }
      bytes.push(parseInt(hex2, 16));
      i += 3;
    } else if (c === "+") {
      bytes.push(32);
      i++;
    } else {
      const cp = s.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8(ch));
      i += ch.length;
    }
  }
  return fromUtf8(Uint8Array.from(bytes));
}
function urlqueryEncode(x) {
  return queryEscape(str(x, 1));
}
function urlqueryDecode(x) {
  return queryUnescape(str(x, 1));
}
function urlqueryEncodeObject(object) {
  const o = obj(object, 1);
  const parts = [];
  for (const k of sortedKeys(o)) {
    const v = o[k];
    const values = typeof v === "string" ? [v] : Array.isArray(v) ? v : fail("encode_object: value must be a string, array or set");
    for (const item of values) {
      if (typeof item !== "string") fail("encode_object: array and set values must be strings");
      parts.push(`${queryEscape(k)}=${queryEscape(item)}`);
    }
  }
  return parts.join("&");
}
function urlqueryDecodeObject(x) {
  let query = str(x, 1);
  const out = {};
  let firstError;
  while (query !== "") {
    let key;
    const amp = query.indexOf("&");
    if (amp >= 0) {
      key = query.slice(0, amp);
      query = query.slice(amp + 1);
    } else {
      key = query;
      query = "";
    }
    if (key.includes(";")) {
      firstError ??= "invalid semicolon separator in query";
      continue;
    }
    if (key === "") continue;
    const eq = key.indexOf("=");
    const rawKey = eq >= 0 ? key.slice(0, eq) : key;
    const rawValue = eq >= 0 ? key.slice(eq + 1) : "";
    let k;
    let v;
    try {
      k = queryUnescape(rawKey);
      v = queryUnescape(rawValue);
    } catch (e) {
      firstError ??= e.message;
      continue;
    }
    (Object.prototype.hasOwnProperty.call(out, k) ? out[k] : out[k] = []).push(v);
  }
  if (firstError !== void 0) fail(firstError);
  return out;
}
function pairKey(p) {
  const k = isScalar(p.key) ? p.key.value : p.key;
  return String(k);
}
function yamlMarshal(x) {
  return stringify(x, {
    version: "1.1",
    indentSeq: false,
    aliasDuplicateObjects: false,
    sortMapEntries: (a, b) => compareStrings(pairKey(a), pairKey(b))
  });
}
var YAML_OPTIONS = {
  version: "1.1",
  customTags: (tags) => tags.filter((t) => typeof t === "string" ? t !== "timestamp" : t.tag !== "tag:yaml.org,2002:timestamp"),
  uniqueKeys: true,
  prettyErrors: false
};
function firstDocument(src) {
  const docs = parseAllDocuments(src, YAML_OPTIONS);
  if (!Array.isArray(docs)) fail("yaml: empty document stream");
  for (const doc of docs) {
    if (doc.errors.length > 0) fail(`yaml: ${doc.errors[0].message}`);
  }
  return docs[0];
}
function nodeToJson(node) {
  if (node === null || node === void 0) return null;
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === "number" && !Number.isFinite(v)) fail(`yaml: unsupported value: ${v}`);
    if (typeof v === "bigint") return Number(v);
    if (v instanceof Uint8Array) fail("yaml: binary values are not supported");
    return v === void 0 ? null : v;
  }
  if (isSeq(node)) return node.items.map(nodeToJson);
  if (isMap(node)) {
    const out = {};
    for (const pair of node.items) {
      const k = nodeToJson(pair.key);
      const key = typeof k === "string" ? k : k === null ? "null" : typeof k === "object" ? fail("yaml: unsupported map key type") : String(k);
      out[key] = nodeToJson(pair.value);
    }
    return out;
  }
  fail("yaml: unsupported node");
}
function yamlUnmarshal(x) {
  const doc = firstDocument(str(x, 1));
  if (doc === void 0) return null;
  if (/[&*]/.test(String(doc))) {
    const js = doc.toJS({ maxAliasCount: 100 });
    return jsonNormalise(js);
  }
  return nodeToJson(doc.contents);
}
function jsonNormalise(v) {
  if (v === void 0 || v === null) return null;
  if (typeof v === "number" && !Number.isFinite(v)) fail(`yaml: unsupported value: ${v}`);
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(jsonNormalise);
  if (v instanceof Map) {
    const out = {};
    for (const [k, val] of v) out[typeof k === "string" ? k : String(k)] = jsonNormalise(val);
    return out;
  }
  if (v instanceof Set) return [...v].map(jsonNormalise);
  if (typeof v === "object") {
    const out = {};
    for (const [k, val] of Object.entries(v)) out[k] = jsonNormalise(val);
    return out;
  }
  return v;
}
function yamlIsValid(x) {
  if (typeof x !== "string") return false;
  try {
    yamlUnmarshal(x);
    return true;
  } catch {
    return false;
  }
}
function goJson(v, prefix, indent, depth) {
  if (v === null || v === void 0) return "null";
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return goJsonString(v);
  const nl = indent === void 0 ? "" : "\n" + prefix + indent.repeat(depth + 1);
  const close = indent === void 0 ? "" : "\n" + prefix + indent.repeat(depth);
  const colon = indent === void 0 ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[" + v.map((x) => nl + goJson(x, prefix, indent, depth + 1)).join(",") + close + "]";
  }
  if (isObject(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) return "{}";
    return "{" + keys.map((k) => nl + goJsonString(k) + colon + goJson(v[k], prefix, indent, depth + 1)).join(",") + close + "}";
  }
  return "null";
}
function goJsonString(s) {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}
function jsonMarshalWithOptions(x, opts) {
  const o = obj(opts, 2);
  let indent = "	";
  let prefix = "";
  let implicitPretty = false;
  let explicitPretty;
  for (const key of Object.keys(o)) {
    const v = o[key];
    switch (key) {
      case "prefix":
        prefix = str(v, 2);
        implicitPretty = true;
        break;
      case "indent":
        indent = str(v, 2);
        implicitPretty = true;
        break;
      case "pretty":
        if (typeof v !== "boolean") fail("operand 2: pretty must be a boolean");
        explicitPretty = v;
        break;
      default:
        fail(`operand 2: object contained unknown key ${key}`);
    }
  }
  const pretty = explicitPretty ?? implicitPretty;
  if (!pretty) return goJson(x, "", void 0, 0);
  return prefix + goJson(x, prefix, indent, 0);
}
var PatchFailure = class extends Error {
};
function parsePointer(p) {
  if (Array.isArray(p)) return p.map((s) => typeof s === "string" ? s : typeof s === "number" ? String(s) : badPatch());
  if (typeof p !== "string") badPatch();
  if (p === "") return [];
  if (!p.startsWith("/")) badPatch();
  return p.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}
function badPatch() {
  throw new PatchFailure();
}
function clone(v) {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out = {};
    for (const k of Object.keys(v)) out[k] = clone(v[k]);
    return out;
  }
  return v;
}
function arrayIndex(seg, length, forAdd) {
  if (forAdd && seg === "-") return length;
  if (!/^(0|[1-9]\d*)$/.test(seg)) badPatch();
  const i = Number(seg);
  if (i > length || !forAdd && i === length) badPatch();
  return i;
}
function getAt(doc, path) {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(seg, cur.length, false)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg];
    else badPatch();
  }
  return cur;
}
function mutate(doc, path, op, value) {
  if (path.length === 0) {
    if (op === "remove") badPatch();
    return value;
  }
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, op === "add");
    if (op === "add") parent.splice(i, 0, value);
    else if (op === "remove") parent.splice(i, 1);
    else parent[i] = value;
  } else if (isObject(parent)) {
    const exists = Object.prototype.hasOwnProperty.call(parent, last);
    if (op !== "add" && !exists) badPatch();
    if (op === "remove") delete parent[last];
    else parent[last] = value;
  } else badPatch();
  return doc;
}
function jsonPatch(object, patches) {
  const ops = arr(patches, 2);
  let doc = clone(object);
  try {
    for (const p of ops) {
      if (!isObject(p) || typeof p.op !== "string") badPatch();
      const path = parsePointer(p.path);
      switch (p.op) {
        case "add":
          if (!("value" in p)) badPatch();
          doc = mutate(doc, path, "add", clone(p.value));
          break;
        case "remove":
          doc = mutate(doc, path, "remove");
          break;
        case "replace":
          if (!("value" in p)) badPatch();
          getAt(doc, path);
          doc = mutate(doc, path, "replace", clone(p.value));
          break;
        case "move": {
          const from = parsePointer(p.from);
          if (from.length < path.length && from.every((s, i) => s === path[i])) badPatch();
          const v = getAt(doc, from);
          doc = mutate(doc, from, "remove");
          doc = mutate(doc, path, "add", v);
          break;
        }
        case "copy": {
          const v = clone(getAt(doc, parsePointer(p.from)));
          doc = mutate(doc, path, "add", v);
          break;
        }
        case "test":
          if (!deepEqual(getAt(doc, path), p.value)) badPatch();
          break;
        default:
          badPatch();
      }
    }
  } catch (e) {
    if (e instanceof PatchFailure) fail("patch failed");
    throw e;
  }
  return doc;
}

// ../../src/builtins/host/glob.ts
import { RE2JS } from "re2js";
var cache = new LRU(512);
function escapeRune2(ch) {
  return `\\x{${ch.codePointAt(0).toString(16)}}`;
}
var GlobParser = class {
  constructor(pattern, notDelim, any) {
    this.notDelim = notDelim;
    this.any = any;
    this.chars = [...pattern];
  }
  notDelim;
  any;
  i = 0;
  chars;
  parse() {
    const re = this.sequence(false);
    if (this.i < this.chars.length) fail(`unexpected '${this.chars[this.i]}' in glob pattern`);
    return re;
  }
  /** A sequence up to the end, or (inside braces) up to an unescaped ',' or '}'. */
  sequence(inBraces) {
    let out = "";
    while (this.i < this.chars.length) {
      const c = this.chars[this.i];
      if (inBraces && (c === "," || c === "}")) break;
      this.i++;
      switch (c) {
        case "*":
          if (this.chars[this.i] === "*") {
            this.i++;
            out += `${this.any}*`;
          } else out += `${this.notDelim}*`;
          break;
        case "?":
          out += this.notDelim;
          break;
        case "[":
          out += this.charClass();
          break;
        case "{":
          out += this.alternatives();
          break;
        case "\\":
          if (this.i >= this.chars.length) fail("unexpected end of glob pattern after escape");
          out += escapeRune2(this.chars[this.i++]);
          break;
        default:
          out += escapeRune2(c);
      }
    }
    return out;
  }
  charClass() {
    let negated = false;
    if (this.chars[this.i] === "!") {
      negated = true;
      this.i++;
    }
    const items = [];
    for (; ; ) {
      if (this.i >= this.chars.length) fail("unexpected end of glob pattern: unclosed [");
      let c = this.chars[this.i++];
      if (c === "]") break;
      if (c === "\\") {
        if (this.i >= this.chars.length) fail("unexpected end of glob pattern after escape");
        c = this.chars[this.i++];
      }
      if (this.chars[this.i] === "-" && this.i + 1 < this.chars.length && this.chars[this.i + 1] !== "]") {
        this.i++;
        let hi = this.chars[this.i++];
        if (hi === "\\") {
          if (this.i >= this.chars.length) fail("unexpected end of glob pattern after escape");
          hi = this.chars[this.i++];
        }
        if (hi.codePointAt(0) < c.codePointAt(0)) fail(`invalid range ${c}-${hi} in glob pattern`);
        items.push(`${escapeRune2(c)}-${escapeRune2(hi)}`);
      } else {
        items.push(escapeRune2(c));
      }
    }
    if (items.length === 0) fail("empty character class in glob pattern");
    return `[${negated ? "^" : ""}${items.join("")}]`;
  }
  alternatives() {
    const alts = [];
    for (; ; ) {
      alts.push(this.sequence(true));
      if (this.i >= this.chars.length) fail("unexpected end of glob pattern: unclosed {");
      const c = this.chars[this.i++];
      if (c === "}") break;
    }
    return `(?:${alts.join("|")})`;
  }
};
function globToRegex(pattern, delimiters) {
  const notDelim = delimiters.length === 0 ? "(?s:.)" : `[^${delimiters.map(escapeRune2).join("")}]`;
  const body = new GlobParser(pattern, notDelim, "(?s:.)").parse();
  return `^${body}$`;
}
function delimitersOf(v) {
  if (v === null) return [];
  const list = arr(v, 2);
  if (list.length === 0) return ["."];
  return list.map((d) => {
    if (typeof d !== "string" || [...d].length !== 1) {
      fail(`operand 2 must be array of single-character strings but got ${JSON.stringify(d)}`);
    }
    return d;
  });
}
function compileGlob(pattern, delimiters) {
  const key = `${delimiters.join("")}\0${pattern}`;
  let re = cache.get(key);
  if (re === void 0) {
    try {
      re = RE2JS.compile(globToRegex(pattern, delimiters));
    } catch (e) {
      re = e instanceof BuiltinError || e instanceof Error ? e.message : String(e);
    }
    cache.set(key, re);
  }
  if (typeof re === "string") fail(re);
  return re;
}
function globMatch(pattern, delimiters, match) {
  const p = str(pattern, 1);
  const d = delimitersOf(delimiters);
  const m = str(match, 3);
  return compileGlob(p, d).test(m);
}
function globQuoteMeta(pattern) {
  return str(pattern, 1).replace(/[*?\\[\]{}]/g, "\\$&");
}

// ../../src/builtins/host/misc.ts
var defaultRandomBytes = (n) => {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
};
function makeUuid(random) {
  const seen = /* @__PURE__ */ new Map();
  return (k) => {
    const key = str(k, 1);
    let id = seen.get(key);
    if (id === void 0) {
      const b = random(16).slice(0, 16);
      if (b.length !== 16) fail("random source returned too few bytes");
      b[6] = b[6] & 15 | 64;
      b[8] = b[8] & 63 | 128;
      const h2 = toHex(b);
      id = `${h2.slice(0, 8)}-${h2.slice(8, 12)}-${h2.slice(12, 16)}-${h2.slice(16, 20)}-${h2.slice(20)}`;
      seen.set(key, id);
    }
    return id;
  };
}
function uniform(random, n) {
  const limit = 2 ** 53 - 2 ** 53 % n;
  for (; ; ) {
    const b = random(7);
    let x = 0;
    for (let i = 0; i < 7; i++) x = x * 256 + b[i];
    x = Math.floor(x / 8);
    if (x < limit) return x % n;
  }
}
function makeRandIntn(random) {
  const seen = /* @__PURE__ */ new Map();
  return (s, n) => {
    const key = str(s, 1);
    let m = int(n, 2);
    if (m === 0) return 0;
    if (m < 0) m = -m;
    if (m > 2 ** 53) fail("operand 2 must be at most 2^53");
    const cacheKey = `${m}\0${key}`;
    let v = seen.get(cacheKey);
    if (v === void 0) {
      v = uniform(random, m);
      seen.set(cacheKey, v);
    }
    return v;
  };
}
function makeOpaRuntime(runtime) {
  return () => {
    const out = {};
    if (runtime) {
      for (const k of Object.keys(runtime)) if (k !== "env") out[k] = runtime[k];
    }
    return out;
  };
}
function trace(note) {
  str(note, 1);
  return true;
}
function bigIntOperand(v, pos) {
  return BigInt(int(v, pos));
}
var MAX_SHIFT = 1024;
var bitsOr = (x, y) => Number(bigIntOperand(x, 1) | bigIntOperand(y, 2));
var bitsAnd = (x, y) => Number(bigIntOperand(x, 1) & bigIntOperand(y, 2));
var bitsXor = (x, y) => Number(bigIntOperand(x, 1) ^ bigIntOperand(y, 2));
var bitsNegate = (x) => Number(~bigIntOperand(x, 1));
function bitsLsh(x, s) {
  const a = bigIntOperand(x, 1);
  const n = int(s, 2);
  if (n < 0) fail("operand 2 must be an unsigned integer number but got a negative integer");
  if (n > MAX_SHIFT) fail("shift too large");
  return Number(a << BigInt(n));
}
function bitsRsh(x, s) {
  const a = bigIntOperand(x, 1);
  const n = int(s, 2);
  if (n < 0) fail("operand 2 must be an unsigned integer number but got a negative integer");
  return Number(a >> BigInt(Math.min(n, MAX_SHIFT)));
}
function graphReachable(graph, initial) {
  const g = obj(graph, 1);
  if (!Array.isArray(initial)) fail(`operand 2 must be one of {array, set} but got ${initial === null ? "null" : typeof initial}`);
  const queue = [...arr(initial, 2)];
  const reached = /* @__PURE__ */ new Map();
  while (queue.length > 0) {
    const node = queue.shift();
    if (typeof node !== "string" || !Object.prototype.hasOwnProperty.call(g, node)) continue;
    const edges = g[node];
    if (Array.isArray(edges)) {
      for (const n of edges) if (!reached.has(JSON.stringify(n))) queue.push(n);
    }
    reached.set(JSON.stringify(node), node);
  }
  return [...reached.values()];
}

// ../../src/builtins/host/net.ts
import ipaddr from "ipaddr.js";
var DECIMAL_V4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
var MAPPED_PREFIX = 0xffffn << 32n;
var ipCache = new LRU(1024);
var cidrCache = new LRU(1024);
function parseIP(s) {
  const cached = ipCache.get(s);
  if (cached !== void 0) return cached ?? void 0;
  const a = parseIPUncached(s);
  ipCache.set(s, a ?? null);
  return a;
}
function parseIPUncached(s) {
  const m = DECIMAL_V4.exec(s);
  if (m) {
    const parts = m.slice(1, 5).map(Number);
    if (parts.some((p) => p > 255)) return void 0;
    return { bits: 32, value: BigInt((parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]) >>> 0) };
  }
  if (!s.includes(":") || s.includes("%")) return void 0;
  const tail = /[.\d]+$/.exec(s)?.[0];
  if (tail && tail.includes(".")) {
    const v4 = parseIP(tail);
    if (!v4 || v4.bits !== 32 || !DECIMAL_V4.test(tail)) return void 0;
    const n = Number(v4.value);
    s = `${s.slice(0, s.length - tail.length)}${(n >>> 16).toString(16)}:${(n & 65535).toString(16)}`;
  }
  if (!ipaddr.IPv6.isValid(s)) return void 0;
  let value = 0n;
  for (const part of ipaddr.IPv6.parse(s).parts) value = value << 16n | BigInt(part);
  if (value >> 32n === 0xffffn) return { bits: 32, value: value & 0xffffffffn };
  return { bits: 128, value };
}
function mask(bits, prefix) {
  const host = BigInt(bits - prefix);
  return (1n << BigInt(bits)) - 1n ^ (1n << host) - 1n;
}
function makeNet(bits, ip, prefix) {
  const m = mask(bits, prefix);
  const first = ip & m;
  return { bits, ip, prefix, first, last: first | (1n << BigInt(bits)) - 1n ^ m };
}
function parseCIDR(s) {
  const cached = cidrCache.get(s);
  if (cached !== void 0) return cached ?? void 0;
  const n = parseCIDRUncached(s);
  cidrCache.set(s, n ?? null);
  return n;
}
function parseCIDRUncached(s) {
  const slash = s.indexOf("/");
  if (slash < 0) return void 0;
  const addrText = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  if (!/^\d{1,5}$/.test(maskText)) return void 0;
  let prefix = Number(maskText);
  const isV6Text = addrText.includes(":");
  const addr = parseIP(addrText);
  if (!addr) return void 0;
  if (isV6Text) {
    if (prefix > 128) return void 0;
    if (addr.bits === 32) {
      if (prefix >= 96) return makeNet(32, addr.value, prefix - 96);
      return makeNet(128, MAPPED_PREFIX | addr.value, prefix);
    }
    return makeNet(128, addr.value, prefix);
  }
  if (prefix > 32) return void 0;
  prefix = Math.trunc(prefix);
  return makeNet(32, addr.value, prefix);
}
function netOperand(v, pos) {
  const s = str(v, pos);
  const n = parseCIDR(s);
  if (!n) fail(`invalid CIDR address: ${s}`);
  return n;
}
function formatAddr(bits, value) {
  if (bits === 32 || value >> 32n === 0xffffn) {
    const v = Number(value & 0xffffffffn);
    return `${v >>> 24}.${v >>> 16 & 255}.${v >>> 8 & 255}.${v & 255}`;
  }
  const parts = [];
  for (let i = 7; i >= 0; i--) parts.push(Number(value >> BigInt(i * 16) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}
function formatNet(bits, ip, prefix) {
  return `${formatAddr(bits, ip)}/${prefix}`;
}
var contains = (n, bits, v) => n.bits === bits && v >= n.first && v <= n.last;
function cidrContains(cidr, cidrOrIp) {
  const a = netOperand(cidr, 1);
  const s = str(cidrOrIp, 2);
  const ip = parseIP(s);
  if (ip) return contains(a, ip.bits, ip.value);
  const b = parseCIDR(s);
  if (!b) fail(`not a valid textual representation of an IP address or CIDR: ${s}`);
  return contains(a, b.bits, b.first) && contains(a, b.bits, b.last);
}
function cidrIntersects(cidr1, cidr2) {
  const a = netOperand(cidr1, 1);
  const b = netOperand(cidr2, 2);
  return contains(a, b.bits, b.first) || contains(b, a.bits, a.first);
}
function cidrIsValid(cidr) {
  return typeof cidr === "string" && parseCIDR(cidr) !== void 0;
}
var CIDR_EXPAND_LIMIT = 65536;
function cidrExpand(cidr) {
  const n = netOperand(cidr, 1);
  const count = n.last - n.first + 1n;
  if (count > BigInt(CIDR_EXPAND_LIMIT)) fail(`CIDR expands to ${count} addresses, more than the limit of ${CIDR_EXPAND_LIMIT}`);
  const out = [];
  for (let v = n.first; v <= n.last; v++) out.push(formatAddr(n.bits, v));
  return out;
}
function defaultPrefix(v) {
  const top = Number(v >> 24n);
  if (top < 128) return 8;
  if (top < 192) return 16;
  return 24;
}
function rangeOf(v) {
  if (typeof v !== "string") fail("element must be string");
  const ip = parseIP(v);
  if (ip) {
    if (ip.bits === 128) fail("IPv6 invalid: needs prefix length");
    const prefix = defaultPrefix(ip.value);
    const n2 = makeNet(32, ip.value, prefix);
    return { bits: 32, first: n2.first, last: n2.last, text: formatNet(32, ip.value, prefix) };
  }
  const n = parseCIDR(v);
  if (!n) fail(`invalid CIDR address: ${v}`);
  return { bits: n.bits, first: n.first, last: n.last, text: formatNet(n.bits, n.first, n.prefix) };
}
function rangeToCIDRs(bits, first, last) {
  const out = [];
  let cur = first;
  while (cur <= last) {
    let size = 0;
    while (size < bits && (cur & (1n << BigInt(size + 1)) - 1n) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= last) size++;
    out.push(formatNet(bits, cur, bits - size));
    cur += 1n << BigInt(size);
  }
  return out;
}
function cidrMerge(addrs) {
  const list = arr(addrs, 1);
  const ranges = list.map(rangeOf);
  const out = [];
  for (const bits of [32, 128]) {
    const rs = ranges.filter((r) => r.bits === bits).sort((a, b) => a.last !== b.last ? a.last < b.last ? -1 : 1 : a.first < b.first ? -1 : a.first > b.first ? 1 : 0);
    for (let i = rs.length - 1; i > 0; i--) {
      const cur = rs[i];
      const prev = rs[i - 1];
      if (cur.first - 1n <= prev.last) {
        rs[i - 1] = { bits, first: prev.first < cur.first ? prev.first : cur.first, last: cur.last };
        rs.splice(i, 1);
      }
    }
    for (const r of rs) {
      if (r.text !== void 0) out.push(r.text);
      else out.push(...rangeToCIDRs(bits, r.first, r.last));
    }
  }
  return [...new Set(out)];
}
function matchItems(v, operand) {
  const element = (x) => {
    if (typeof x === "string") return x;
    if (Array.isArray(x) && x.length > 0) return x[0];
    fail(`operand ${operand}: element must be string or non-empty array`);
  };
  if (typeof v === "string") return [[v, v]];
  if (Array.isArray(v)) return v.map((x, i) => [element(x), i]);
  if (isObject(v)) return Object.keys(v).map((k) => [element(v[k]), k]);
  return [];
}
function cidrContainsMatches(cidrs, cidrsOrIps) {
  const out = [];
  const left = matchItems(cidrs, 1);
  const right = matchItems(cidrsOrIps, 2);
  for (const [c1, k1] of left) {
    for (const [c2, k2] of right) {
      if (cidrContains(c1, c2)) out.push([k1, k2]);
    }
  }
  return out;
}

// ../../src/builtins/host/regex.ts
import { RE2JS as RE2JS2 } from "re2js";
var cache2 = new LRU(512);
function compileRegex(pattern) {
  let re = cache2.get(pattern);
  if (re === void 0) {
    try {
      re = RE2JS2.compile(pattern);
    } catch (e) {
      re = e instanceof Error ? e.message : String(e);
    }
    cache2.set(pattern, re);
  }
  if (typeof re === "string") fail(re);
  return re;
}
function allMatches(re, s, limit, groups) {
  const out = [];
  if (limit === 0) return out;
  const m = re.matcher(s);
  const ngroups = groups ? re.groupCount() : 0;
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length && (limit < 0 || out.length < limit)) {
    if (!m.find(pos)) break;
    const start = m.start();
    const end = m.end();
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      pos = start < s.length ? start + codePointWidth(s, start) : s.length + 1;
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) {
      const match = [start, end];
      for (let g = 1; g <= ngroups; g++) match.push(m.start(g), m.end(g));
      out.push(match);
    }
  }
  return out;
}
function regexMatch(pattern, value) {
  const re = compileRegex(str(pattern, 1));
  return re.test(str(value, 2));
}
function regexIsValid(pattern) {
  if (typeof pattern !== "string") return false;
  try {
    compileRegex(pattern);
    return true;
  } catch {
    return false;
  }
}
function regexFindN(pattern, value, number) {
  const re = compileRegex(str(pattern, 1));
  const s = str(value, 2);
  const n = int(number, 3);
  return allMatches(re, s, n, false).map((m) => s.slice(m[0], m[1]));
}
function regexFindAllStringSubmatchN(pattern, value, number) {
  const re = compileRegex(str(pattern, 1));
  const s = str(value, 2);
  const n = int(number, 3);
  return allMatches(re, s, n, true).map((m) => {
    const groups = [];
    for (let i = 0; i < m.length; i += 2) groups.push(m[i] >= 0 ? s.slice(m[i], m[i + 1]) : "");
    return groups;
  });
}
function regexSplit(pattern, value) {
  const re = compileRegex(str(pattern, 1));
  const s = str(value, 2);
  if (re.pattern().length > 0 && s.length === 0) return [""];
  const matches = allMatches(re, s, -1, false);
  const out = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    end = m[0];
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}
function expand(template, s, m, named) {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf("$", i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === "$") {
      out += "$";
      i++;
      continue;
    }
    let name;
    if (template[i] === "{") {
      const close = template.indexOf("}", i + 1);
      const inner = close < 0 ? "" : template.slice(i + 1, close);
      if (close >= 0 && /^[A-Za-z0-9_]+$/.test(inner)) {
        name = inner;
        i = close + 1;
      }
    } else {
      const w2 = /^[A-Za-z0-9_]+/.exec(template.slice(i));
      if (w2) {
        name = w2[0];
        i += name.length;
      }
    }
    if (name === void 0) {
      out += "$";
      continue;
    }
    let g = -1;
    if (/^\d+$/.test(name)) {
      const n = Number(name);
      if (n * 2 < m.length) g = n;
    } else if (Object.prototype.hasOwnProperty.call(named, name)) {
      g = named[name];
    }
    if (g >= 0 && m[2 * g] >= 0) out += s.slice(m[2 * g], m[2 * g + 1]);
  }
  return out;
}
function regexReplace(input, pattern, value) {
  const s = str(input, 1);
  const re = compileRegex(str(pattern, 2));
  const repl = str(value, 3);
  const named = re.namedGroups();
  const usesGroups = repl.includes("$");
  const ngroups = usesGroups ? re.groupCount() : 0;
  const m = re.matcher(s);
  let out = "";
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    if (!m.find(searchPos)) break;
    const start = m.start();
    const end = m.end();
    out += s.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) {
      if (usesGroups) {
        const match = [start, end];
        for (let g = 1; g <= ngroups; g++) match.push(m.start(g), m.end(g));
        out += expand(repl, s, match, named);
      } else out += repl;
    }
    lastMatchEnd = end;
    const width = searchPos < s.length ? codePointWidth(s, searchPos) : 0;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + s.slice(lastMatchEnd);
}
function quoteMeta(s) {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
var templateCache = new LRU(256);
function regexTemplateMatch(template, value, delimStart, delimEnd) {
  const tpl = str(template, 1);
  const v = str(value, 2);
  const ds = str(delimStart, 3);
  const de = str(delimEnd, 4);
  if ([...ds].length !== 1) fail(`start delimiter has to be exactly one character long but is ${[...ds].length} long`);
  if ([...de].length !== 1) fail(`end delimiter has to be exactly one character long but is ${[...de].length} long`);
  const key = `${ds}\0${de}\0${tpl}`;
  let re = templateCache.get(key);
  if (re === void 0) {
    try {
      re = compileTemplate(tpl, ds, de);
    } catch (e) {
      re = e instanceof Error ? e.message : String(e);
    }
    templateCache.set(key, re);
  }
  if (typeof re === "string") fail(re);
  return re.matches(v);
}
function compileTemplate(tpl, ds, de) {
  const idxs = [];
  let level = 0;
  let idx = 0;
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i];
    if (c === ds) {
      if (++level === 1) idx = i;
    } else if (c === de) {
      if (--level === 0) idxs.push(idx, i + 1);
      else if (level < 0) throw new Error(`unbalanced braces in "${tpl}"`);
    }
  }
  if (level !== 0) throw new Error(`unbalanced braces in "${tpl}"`);
  let pattern = "";
  let end = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(end, idxs[i]);
    end = idxs[i + 1];
    const inner = tpl.slice(idxs[i] + 1, end - 1);
    RE2JS2.compile(`^${inner}$`);
    pattern += `${quoteMeta(raw)}(${inner})`;
  }
  pattern += quoteMeta(tpl.slice(end));
  return RE2JS2.compile(pattern);
}

// ../../src/builtins/host/semver.ts
var IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
function parseVersion(s) {
  let rest = s;
  const plus = rest.indexOf("+");
  if (plus >= 0) {
    const build = rest.slice(plus + 1);
    if (!IDENTIFIERS.test(build)) return void 0;
    rest = rest.slice(0, plus);
  }
  let pre = [];
  const dash = rest.indexOf("-");
  if (dash >= 0) {
    const p = rest.slice(dash + 1);
    if (!IDENTIFIERS.test(p)) return void 0;
    pre = p.split(".");
    rest = rest.slice(0, dash);
  }
  const parts = rest.split(".");
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p))) return void 0;
  const [major, minor, patch] = parts.map((p) => BigInt(p));
  if (major >= 2n ** 63n || minor >= 2n ** 63n || patch >= 2n ** 63n) return void 0;
  return { major, minor, patch, pre };
}
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function comparePre(a, b) {
  if (a.length === 0 && b.length === 0) return 0;
  if (a.length === 0) return 1;
  if (b.length === 0) return -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    let c;
    if (xn && yn) c = cmp(BigInt(x), BigInt(y));
    else if (xn) c = -1;
    else if (yn) c = 1;
    else c = cmp(x, y);
    if (c !== 0) return c;
  }
  return cmp(BigInt(a.length), BigInt(b.length));
}
function semverCompare(a, b) {
  const sa = str(a, 1);
  const sb = str(b, 2);
  const va = parseVersion(sa);
  if (!va) fail(`operand 1: string ${JSON.stringify(sa)} is not a valid SemVer`);
  const vb = parseVersion(sb);
  if (!vb) fail(`operand 2: string ${JSON.stringify(sb)} is not a valid SemVer`);
  return cmp(va.major, vb.major) || cmp(va.minor, vb.minor) || cmp(va.patch, vb.patch) || comparePre(va.pre, vb.pre);
}
function semverIsValid(vsn) {
  return typeof vsn === "string" && parseVersion(vsn) !== void 0;
}
var MAX_EXPONENT_DIGITS = 6;
function extractNumAndUnit(s) {
  let firstNonNum = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const isNum = c >= "0" && c <= "9" || c === ".";
    if (!isNum && c !== "e" && c !== "E" && c !== "+" && c !== "-") {
      firstNonNum = i;
      break;
    }
    if (c === "e" || c === "E") {
      const next = s[i + 1];
      if (next === void 0 || !(next >= "0" && next <= "9" || next === "+" || next === "-")) {
        firstNonNum = i;
        break;
      }
      if (next === "+" || next === "-") i++;
      const m = /^\d*/.exec(s.slice(i + 1))[0];
      if (m.length > MAX_EXPONENT_DIGITS) fail("exponent too large");
    }
  }
  if (firstNonNum === -1) return [s, ""];
  if (firstNonNum === 0) return ["", s];
  return [s.slice(0, firstNonNum), s.slice(firstNonNum)];
}
function parseDecimal(s) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || m[2] === "" && (m[3] === void 0 || m[3] === "")) return void 0;
  const digits = (m[2] ?? "") + (m[3] ?? "");
  let exp = (m[4] ? Number(m[4]) : 0) - (m[3]?.length ?? 0);
  let num2 = BigInt(digits === "" ? "0" : digits);
  if (m[1] === "-") num2 = -num2;
  let den = 1n;
  if (exp >= 0) num2 *= 10n ** BigInt(exp);
  else den = 10n ** BigInt(-exp);
  exp = 0;
  return { num: num2, den };
}
var SI = {
  "": [1n, 1n],
  m: [1n, 1000n],
  k: [1000n, 1n],
  K: [1000n, 1n],
  ki: [1024n, 1n],
  Ki: [1024n, 1n],
  M: [1000n ** 2n, 1n],
  mi: [1024n ** 2n, 1n],
  Mi: [1024n ** 2n, 1n],
  g: [1000n ** 3n, 1n],
  G: [1000n ** 3n, 1n],
  gi: [1024n ** 3n, 1n],
  Gi: [1024n ** 3n, 1n],
  t: [1000n ** 4n, 1n],
  T: [1000n ** 4n, 1n],
  ti: [1024n ** 4n, 1n],
  Ti: [1024n ** 4n, 1n],
  p: [1000n ** 5n, 1n],
  P: [1000n ** 5n, 1n],
  pi: [1024n ** 5n, 1n],
  Pi: [1024n ** 5n, 1n],
  e: [1000n ** 6n, 1n],
  E: [1000n ** 6n, 1n],
  ei: [1024n ** 6n, 1n],
  Ei: [1024n ** 6n, 1n]
};
function ratToNumber(num2, den) {
  if (num2 % den === 0n) return Number(num2 / den);
  const neg = num2 < 0n !== den < 0n;
  const n = num2 < 0n ? -num2 : num2;
  const d = den < 0n ? -den : den;
  const scaled = (n * 10n ** 10n * 2n + d) / (2n * d);
  const s = scaled.toString().padStart(11, "0");
  return Number(`${neg ? "-" : ""}${s.slice(0, -10)}.${s.slice(-10)}`);
}
function unitsParse(x) {
  const s = str(x, 1).replaceAll('"', "");
  if (s.includes(" ")) fail("spaces not allowed in resource strings");
  const [numText, rawUnit] = extractNumAndUnit(s);
  if (numText === "") fail("no amount provided");
  const unit = rawUnit.length > 1 ? rawUnit[0] + rawUnit.slice(1).toLowerCase() : rawUnit;
  const factor = SI[unit];
  if (!factor) fail(`unit ${unit} not recognized`);
  const n = parseDecimal(numText);
  if (!n) fail("could not parse amount to a number");
  return ratToNumber(n.num * factor[0], n.den * factor[1]);
}
var BYTE_UNITS = {
  "": 1n,
  kb: 1000n,
  k: 1000n,
  kib: 1024n,
  ki: 1024n,
  mb: 1000n ** 2n,
  m: 1000n ** 2n,
  mib: 1024n ** 2n,
  mi: 1024n ** 2n,
  gb: 1000n ** 3n,
  g: 1000n ** 3n,
  gib: 1024n ** 3n,
  gi: 1024n ** 3n,
  tb: 1000n ** 4n,
  t: 1000n ** 4n,
  tib: 1024n ** 4n,
  ti: 1024n ** 4n,
  pb: 1000n ** 5n,
  p: 1000n ** 5n,
  pib: 1024n ** 5n,
  pi: 1024n ** 5n,
  eb: 1000n ** 6n,
  e: 1000n ** 6n,
  eib: 1024n ** 6n,
  ei: 1024n ** 6n
};
function unitsParseBytes(x) {
  const s = str(x, 1).toLowerCase().replaceAll('"', "");
  if (s.includes(" ")) fail("spaces not allowed in resource strings");
  const [numText, unit] = extractNumAndUnit(s);
  if (numText === "") fail("no byte amount provided");
  const factor = BYTE_UNITS[unit];
  if (factor === void 0) fail(`byte unit ${unit} not recognized`);
  const n = parseDecimal(numText);
  if (!n) fail("could not parse byte amount to a number");
  return Number(n.num * factor / n.den);
}

// ../../src/builtins/host/sprintf.ts
var INT64_MIN = -(2n ** 63n);
var INT64_MAX = 2n ** 63n - 1n;
function toGo(x) {
  if (typeof x === "number") {
    if (Number.isInteger(x)) {
      const b = BigInt(x);
      return b >= INT64_MIN && b <= INT64_MAX ? { t: "int64", v: b } : { t: "*big.Int", v: b };
    }
    return { t: "float64", v: x };
  }
  if (typeof x === "string") return { t: "string", v: x };
  if (typeof x === "boolean") return { t: "string", v: x ? "true" : "false", bool: x };
  return { t: "string", v: regoString(x) };
}
function sprintf(format2, values) {
  const fmt = str(format2, 1);
  const args = arr(values, 2).map(toGo);
  let out = "";
  let argNum = 0;
  let reordered = false;
  const end = fmt.length;
  let i = 0;
  while (i < end) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    i = pct + 1;
    const spec = { plus: false, minus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };
    flags: for (; i < end; i++) {
      switch (fmt[i]) {
        case "#":
          spec.sharp = true;
          break;
        case "0":
          spec.zero = true;
          break;
        case "+":
          spec.plus = true;
          break;
        case "-":
          spec.minus = true;
          break;
        case " ":
          spec.space = true;
          break;
        default:
          break flags;
      }
    }
    let goodArgNum = true;
    let afterIndex = false;
    const argIndex = () => {
      if (fmt[i] !== "[") return;
      reordered = true;
      const close = fmt.indexOf("]", i + 1);
      const digits = close < 0 ? "" : fmt.slice(i + 1, close);
      if (close < 0 || !/^\d+$/.test(digits)) {
        goodArgNum = false;
        i = close < 0 ? end : close + 1;
        return;
      }
      const n = Number(digits) - 1;
      if (n >= 0 && n < args.length) argNum = n;
      else goodArgNum = false;
      i = close + 1;
      afterIndex = true;
    };
    const starArg = () => {
      if (argNum < args.length) {
        const a = args[argNum++];
        if (a.t === "int64" && a.v >= -1000000n && a.v <= 1000000n) return Number(a.v);
      }
      return void 0;
    };
    argIndex();
    if (fmt[i] === "*") {
      i++;
      const w2 = starArg();
      if (w2 === void 0) out += "%!(BADWIDTH)";
      else if (w2 < 0) {
        spec.minus = true;
        spec.width = -w2;
      } else spec.width = w2;
      afterIndex = false;
    } else {
      const m = /^\d+/.exec(fmt.slice(i, i + 12));
      if (m) {
        if (afterIndex) goodArgNum = false;
        spec.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (fmt[i] === ".") {
      i++;
      if (afterIndex) goodArgNum = false;
      argIndex();
      if (fmt[i] === "*") {
        i++;
        const p = starArg();
        if (p === void 0 || p < 0) {
          spec.prec = -1;
          out += "%!(BADPREC)";
        } else spec.prec = p;
        afterIndex = false;
      } else {
        const m = /^\d+/.exec(fmt.slice(i, i + 12));
        spec.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (!afterIndex) argIndex();
    if (i >= end) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(fmt.codePointAt(i));
    i += verb.length;
    if (spec.minus) spec.zero = false;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum++], verb, spec);
  }
  if (!reordered && argNum < args.length) {
    out += "%!(EXTRA " + args.slice(argNum).map((a) => `${a.t}=${formatArg(a, "v", blankSpec())}`).join(", ") + ")";
  }
  return out;
}
function blankSpec() {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };
}
function badVerb(a, verb) {
  return `%!${verb}(${a.t}=${formatArg(a, "v", blankSpec())})`;
}
function formatArg(a, verb, spec) {
  if (verb === "T") return pad2(a.t === "*big.Int" ? "*big.Int" : a.t, spec, false);
  switch (a.t) {
    case "int64":
    case "*big.Int":
      return formatInt(a, verb, spec);
    case "float64":
      return formatFloat(a, verb, spec);
    case "string":
      return formatString(a, verb, spec);
  }
}
function pad2(s, spec, zeroAllowed) {
  if (spec.width < 0) return s;
  const n = spec.width - runeLength(s);
  if (n <= 0) return s;
  if (spec.minus) return s + " ".repeat(n);
  if (spec.zero && zeroAllowed) {
    const sign = s[0] === "-" || s[0] === "+" || s[0] === " " ? s[0] : "";
    return sign + "0".repeat(n) + s.slice(sign.length);
  }
  return " ".repeat(n) + s;
}
function formatInt(a, verb, spec) {
  const v = a.v;
  const isBig = a.t === "*big.Int";
  let base;
  let digitsUpper = false;
  switch (verb) {
    case "v":
    case "d":
      base = 10;
      break;
    case "s":
      if (!isBig) return badVerb(a, verb);
      base = 10;
      break;
    case "b":
      base = 2;
      break;
    case "o":
    case "O":
      base = 8;
      break;
    case "x":
      base = 16;
      break;
    case "X":
      base = 16;
      digitsUpper = true;
      break;
    case "c":
      if (isBig) return badVerb(a, verb);
      return pad2(runeOf(v), spec, false);
    case "q":
      if (isBig) return badVerb(a, verb);
      return pad2(goQuoteRune(Number(v < 0n || v > 0x10ffffn ? 0xfffdn : v), spec.plus), spec, false);
    case "U": {
      if (isBig) return badVerb(a, verb);
      let s = "U+" + (v < 0n ? v + 2n ** 64n : v).toString(16).toUpperCase().padStart(4, "0");
      if (spec.sharp && v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn)) {
        s += ` '${String.fromCodePoint(Number(v))}'`;
      }
      return pad2(s, spec, false);
    }
    default:
      return badVerb(a, verb);
  }
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(base);
  if (digitsUpper) digits = digits.toUpperCase();
  if (spec.prec >= 0) {
    if (spec.prec === 0 && v === 0n) return pad2("", { ...spec, zero: false }, false);
    if (digits.length < spec.prec) digits = "0".repeat(spec.prec - digits.length) + digits;
  } else if (spec.zero && spec.width > 0 && !spec.minus) {
    const want = spec.width - (neg || spec.plus || spec.space ? 1 : 0);
    if (digits.length < want) digits = "0".repeat(want - digits.length) + digits;
  }
  let prefix = "";
  if (verb === "O") prefix = "0o";
  else if (spec.sharp) {
    if (base === 2) prefix = "0b";
    else if (base === 8) prefix = digits.startsWith("0") ? "" : "0";
    else if (base === 16) prefix = digitsUpper ? "0X" : "0x";
  }
  const sign = neg ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  return pad2(sign + prefix + digits, { ...spec, zero: false }, false);
}
function runeOf(v) {
  if (v < 0n || v > 0x10ffffn || v >= 0xd800n && v <= 0xdfffn) return "\uFFFD";
  return String.fromCodePoint(Number(v));
}
function exactDecimal(x) {
  if (x === 0) return { digits: "0", dp: 1 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = hi >>> 20 & 2047;
  let mant = BigInt(hi & 1048575) << 32n | BigInt(lo);
  let e;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  if (e >= 0) {
    const s2 = (mant << BigInt(e)).toString();
    return { digits: s2, dp: s2.length };
  }
  const s = (mant * 5n ** BigInt(-e)).toString();
  return { digits: s, dp: s.length + e };
}
function shortestDecimal(x) {
  if (x === 0) return { digits: "0", dp: 1 };
  const [m, ex] = Math.abs(x).toExponential().split("e");
  const digits = m.replace(".", "");
  return { digits, dp: Number(ex) + 1 };
}
function roundDigits(d, n) {
  if (n < 0) n = 0;
  if (d.digits.length <= n) return { digits: d.digits.padEnd(n, "0"), dp: d.dp };
  const keep = d.digits.slice(0, n);
  const rest = d.digits.slice(n);
  let up;
  if (rest[0] > "5") up = true;
  else if (rest[0] < "5") up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = n > 0 && (Number(keep[n - 1]) & 1) === 1;
  if (!up) return { digits: keep === "" ? "0" : keep, dp: keep === "" ? d.dp - n + 1 : d.dp };
  if (keep === "") return { digits: "1", dp: d.dp + 1 };
  const bumped = (BigInt(keep) + 1n).toString();
  if (bumped.length > keep.length) return { digits: bumped.slice(0, n), dp: d.dp + 1 };
  return { digits: bumped, dp: d.dp };
}
function fmtE(x, prec, upper) {
  let d;
  if (prec < 0) d = shortestDecimal(x);
  else d = roundDigits(exactDecimal(x), prec + 1);
  const mant = d.digits[0] + (d.digits.length > 1 ? "." + d.digits.slice(1) : "");
  const exp = x === 0 ? 0 : d.dp - 1;
  const es = (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  return mant + (upper ? "E" : "e") + es;
}
function fmtF(x, prec) {
  if (prec < 0) {
    const d = shortestDecimal(x);
    return layoutF(d, Math.max(d.digits.length - d.dp, 0));
  }
  const exact = exactDecimal(x);
  if (exact.dp + prec < 0) return layoutF({ digits: "0", dp: 1 }, prec);
  return layoutF(roundDigits(exact, exact.dp + prec), prec);
}
function layoutF(d, prec) {
  let intPart;
  let frac;
  if (d.dp <= 0) {
    intPart = "0";
    frac = "0".repeat(-d.dp) + d.digits;
  } else if (d.dp >= d.digits.length) {
    intPart = d.digits + "0".repeat(d.dp - d.digits.length);
    frac = "";
  } else {
    intPart = d.digits.slice(0, d.dp);
    frac = d.digits.slice(d.dp);
  }
  intPart = intPart.replace(/^0+(?=\d)/, "");
  frac = frac.padEnd(prec, "0").slice(0, prec);
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}
function fmtG(x, prec, upper) {
  const shortest = prec < 0;
  let d;
  if (shortest) d = shortestDecimal(x);
  else {
    if (prec === 0) prec = 1;
    d = roundDigits(exactDecimal(x), prec);
    d = { digits: d.digits.replace(/0+$/, "") || "0", dp: d.dp };
  }
  let eprec = shortest ? 6 : prec;
  if (!shortest && eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
  const exp = x === 0 ? 0 : d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    const mant = d.digits[0] + (d.digits.length > 1 ? "." + d.digits.slice(1) : "");
    return mant + (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  }
  return layoutF(d, Math.max(d.digits.length - d.dp, 0));
}
function fmtHexFloat(x, prec, upper) {
  if (x === 0) return upper ? "0X0P+00" : "0x0p+00";
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  let exp = (hi >>> 20 & 2047) - 1023;
  let mant = BigInt(hi & 1048575) << 32n | BigInt(lo);
  if (exp === -1023) {
    exp = -1022;
    while ((mant & 1n << 52n) === 0n) {
      mant <<= 1n;
      exp--;
    }
    mant &= (1n << 52n) - 1n;
  }
  let frac = mant.toString(16).padStart(13, "0");
  let lead = 1;
  if (prec >= 0 && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    let m = mant + (1n << 52n);
    const rem = m & (1n << shift) - 1n;
    m >>= shift;
    const half = 1n << shift - 1n;
    if (rem > half || rem === half && (m & 1n) === 1n) m++;
    if (m >> BigInt(prec * 4) >= 2n) {
      m >>= 1n;
      exp++;
    }
    lead = Number(m >> BigInt(prec * 4));
    frac = prec > 0 ? (m & (1n << BigInt(prec * 4)) - 1n).toString(16).padStart(prec, "0") : "";
  } else {
    frac = frac.replace(/0+$/, "");
    if (prec > 13) frac = frac.padEnd(prec, "0");
  }
  let s = `0x${lead}${frac ? "." + frac : ""}p${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  if (upper) s = s.toUpperCase();
  return s;
}
function formatFloat(a, verb, spec) {
  const x = a.v;
  let body;
  switch (verb) {
    case "v":
    case "g":
      body = fmtG(x, verb === "v" ? -1 : spec.prec, false);
      break;
    case "G":
      body = fmtG(x, spec.prec, true);
      break;
    case "e":
    case "E":
      body = fmtE(x, spec.prec < 0 ? 6 : spec.prec, verb === "E");
      break;
    case "f":
    case "F":
      body = fmtF(x, spec.prec < 0 ? 6 : spec.prec);
      break;
    case "x":
    case "X":
      body = fmtHexFloat(x, spec.prec, verb === "X");
      break;
    default:
      return badVerb(a, verb);
  }
  if (body.startsWith("-")) body = body.slice(1);
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  return pad2(sign + body, spec, true);
}
function truncateRunes(s, n) {
  if (n < 0) return s;
  let out = "";
  let count = 0;
  for (const ch of s) {
    if (count++ >= n) break;
    out += ch;
  }
  return out;
}
function canBackquote(s) {
  return !/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(s);
}
function formatString(a, verb, spec) {
  const s = a.v;
  switch (verb) {
    case "v":
    case "s":
      return pad2(truncateRunes(s, spec.prec), spec, true);
    case "t":
      if (a.bool !== void 0) return pad2(s, spec, false);
      return badVerb(a, verb);
    case "q": {
      const t = truncateRunes(s, spec.prec);
      if (spec.sharp && canBackquote(t)) return pad2("`" + t + "`", spec, true);
      return pad2(goQuote(t, spec.plus), spec, true);
    }
    case "x":
    case "X": {
      let bytes = utf8(s);
      if (spec.prec >= 0) bytes = bytes.subarray(0, spec.prec);
      let hex2 = toHex(bytes);
      if (verb === "X") hex2 = hex2.toUpperCase();
      const prefix = spec.sharp ? verb === "X" ? "0X" : "0x" : "";
      let body;
      if (spec.space) {
        const parts = [];
        for (let i = 0; i < hex2.length; i += 2) parts.push(prefix + hex2.slice(i, i + 2));
        body = parts.join(" ");
      } else body = prefix + hex2;
      return pad2(body, spec, true);
    }
    default:
      return badVerb(a, verb);
  }
}

// ../../src/builtins/host/tz.ts
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civilFromDays(days) {
  const z3 = days + 719468;
  const era = Math.floor(z3 / 146097);
  const doe = z3 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
function isLeap(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}
function daysIn(month, year) {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
function civilFromLocalSeconds(local) {
  const days = Math.floor(local / 86400);
  const rem = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  return { year, month, day, hour: Math.floor(rem / 3600), minute: Math.floor(rem % 3600 / 60), second: rem % 60 };
}
function localSecondsFromCivil(c) {
  const m0 = c.month - 1;
  const year = c.year + Math.floor(m0 / 12);
  const month = (m0 % 12 + 12) % 12 + 1;
  return daysFromCivil(year, month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}
function weekdayOfLocalSeconds(local) {
  const days = Math.floor(local / 86400);
  return ((days + 4) % 7 + 7) % 7;
}
var UTC = { name: "UTC", offsetAt: () => 0, abbrevAt: () => "UTC" };
function fixedZone(name, offset) {
  return { name, offsetAt: () => offset, abbrevAt: () => name };
}
var FIELDS = {
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  era: "short"
};
var ABBREV_LOCALES = ["en-US", "en-GB", "en-AU", "en-IN"];
var IntlZone = class {
  constructor(name, ianaName) {
    this.name = name;
    this.ianaName = ianaName;
    this.fields = new Intl.DateTimeFormat("en-US", { ...FIELDS, timeZone: ianaName });
  }
  name;
  ianaName;
  fields;
  abbrevFormats = /* @__PURE__ */ new Map();
  abbrevCache = /* @__PURE__ */ new Map();
  offsetAt(sec) {
    const parts = this.fields.formatToParts(new Date(sec * 1e3));
    let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    let bc = false;
    for (const p of parts) {
      switch (p.type) {
        case "year":
          year = Number(p.value);
          break;
        case "month":
          month = Number(p.value);
          break;
        case "day":
          day = Number(p.value);
          break;
        case "hour":
          hour = Number(p.value);
          break;
        case "minute":
          minute = Number(p.value);
          break;
        case "second":
          second = Number(p.value);
          break;
        case "era":
          bc = p.value === "BC" || p.value === "B";
          break;
      }
    }
    if (bc) year = 1 - year;
    const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return local - sec;
  }
  abbrevAt(sec) {
    const offset = this.offsetAt(sec);
    const cached = this.abbrevCache.get(offset);
    if (cached !== void 0) return cached;
    let abbrev = "";
    for (const locale of ABBREV_LOCALES) {
      let f = this.abbrevFormats.get(locale);
      if (!f) {
        f = new Intl.DateTimeFormat(locale, { timeZone: this.ianaName, timeZoneName: "short" });
        this.abbrevFormats.set(locale, f);
      }
      const v = f.formatToParts(new Date(sec * 1e3)).find((p) => p.type === "timeZoneName")?.value ?? "";
      if (/^[A-Z]{2,5}$/.test(v) && !(v === "GMT" && offset !== 0)) {
        abbrev = v;
        break;
      }
    }
    if (abbrev === "") {
      const a = Math.abs(offset);
      const hh = String(Math.floor(a / 3600)).padStart(2, "0");
      const mm = Math.floor(a % 3600 / 60);
      abbrev = (offset < 0 ? "-" : "+") + hh + (mm ? String(mm).padStart(2, "0") : "");
    }
    this.abbrevCache.set(offset, abbrev);
    return abbrev;
  }
};
var zoneCache = /* @__PURE__ */ new Map();
function localZoneName() {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
function loadZone(name) {
  if (name === "" || name === "UTC") return UTC;
  const cached = zoneCache.get(name);
  if (cached) return cached;
  let zone;
  const iana = name === "Local" ? localZoneName() : name;
  if (iana === "UTC" || iana === "Etc/UTC") {
    zone = name === "Local" ? { ...UTC, name: "Local" } : fixedZoneNamed(name, "UTC");
  } else {
    if (/^[+-]/.test(iana)) fail(`unknown time zone ${name}`);
    let resolved;
    try {
      resolved = new Intl.DateTimeFormat("en-US", { timeZone: iana }).resolvedOptions().timeZone;
    } catch {
      fail(`unknown time zone ${name}`);
    }
    if (resolved !== iana && resolved.toLowerCase() === iana.toLowerCase()) fail(`unknown time zone ${name}`);
    zone = new IntlZone(name, iana);
  }
  if (zoneCache.size > 512) zoneCache.clear();
  zoneCache.set(name, zone);
  return zone;
}
function fixedZoneNamed(name, abbrev) {
  return { name, offsetAt: () => 0, abbrevAt: () => abbrev };
}
function instantFromCivil(c, nsec, zone) {
  const carry = Math.floor(nsec / 1e9);
  const ns = nsec - carry * 1e9;
  const local = localSecondsFromCivil(c) + carry;
  let offset = zone.offsetAt(local);
  if (offset !== 0) {
    const utc = local - offset;
    const offset2 = zone.offsetAt(utc);
    if (offset2 !== offset) offset = offset2;
  }
  return { sec: local - offset, nsec: ns };
}

// ../../src/builtins/host/golayout.ts
var isLower = (c) => c !== void 0 && c >= "a" && c <= "z";
var isDigitAt = (s, i) => i < s.length && s[i] >= "0" && s[i] <= "9";
function nextStdChunk(layout) {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const at = (s) => layout.startsWith(s, i);
    const chunk = (std, len, extra = {}) => ({
      prefix: layout.slice(0, i),
      std,
      text: layout.slice(i, i + len),
      suffix: layout.slice(i + len),
      ...extra
    });
    switch (c) {
      case "J":
        if (at("Jan")) {
          if (at("January")) return chunk("LongMonth", 7);
          if (!isLower(layout[i + 3])) return chunk("Month", 3);
        }
        break;
      case "M":
        if (at("Mon")) {
          if (at("Monday")) return chunk("LongWeekDay", 6);
          if (!isLower(layout[i + 3])) return chunk("WeekDay", 3);
        }
        if (at("MST")) return chunk("TZ", 3);
        break;
      case "0": {
        const n = layout[i + 1];
        if (n !== void 0 && n >= "1" && n <= "6") {
          return chunk(["ZeroMonth", "ZeroDay", "ZeroHour12", "ZeroMinute", "ZeroSecond", "Year"][Number(n) - 1], 2);
        }
        if (at("002")) return chunk("ZeroYearDay", 3);
        break;
      }
      case "1":
        if (layout[i + 1] === "5") return chunk("Hour", 2);
        return chunk("NumMonth", 1);
      case "2":
        if (at("2006")) return chunk("LongYear", 4);
        return chunk("Day", 1);
      case "_":
        if (layout[i + 1] === "2") {
          if (layout.startsWith("2006", i + 1)) {
            return { prefix: layout.slice(0, i + 1), std: "LongYear", text: "2006", suffix: layout.slice(i + 5) };
          }
          return chunk("UnderDay", 2);
        }
        if (at("__2")) return chunk("UnderYearDay", 3);
        break;
      case "3":
        return chunk("Hour12", 1);
      case "4":
        return chunk("Minute", 1);
      case "5":
        return chunk("Second", 1);
      case "P":
        if (layout[i + 1] === "M") return chunk("PM", 2);
        break;
      case "p":
        if (layout[i + 1] === "m") return chunk("pm", 2);
        break;
      case "-":
        if (at("-070000")) return chunk("NumSecondsTz", 7);
        if (at("-07:00:00")) return chunk("NumColonSecondsTZ", 9);
        if (at("-0700")) return chunk("NumTZ", 5);
        if (at("-07:00")) return chunk("NumColonTZ", 6);
        if (at("-07")) return chunk("NumShortTZ", 3);
        break;
      case "Z":
        if (at("Z070000")) return chunk("ISO8601SecondsTZ", 7);
        if (at("Z07:00:00")) return chunk("ISO8601ColonSecondsTZ", 9);
        if (at("Z0700")) return chunk("ISO8601TZ", 5);
        if (at("Z07:00")) return chunk("ISO8601ColonTZ", 6);
        if (at("Z07")) return chunk("ISO8601ShortTZ", 3);
        break;
      case ".":
      case ",": {
        const d = layout[i + 1];
        if (d === "0" || d === "9") {
          let j = i + 1;
          while (j < layout.length && layout[j] === d) j++;
          if (!isDigitAt(layout, j)) {
            return chunk(d === "0" ? "FracSecond0" : "FracSecond9", j - i, { digits: j - (i + 1), sep: c });
          }
        }
        break;
      }
    }
  }
  return { prefix: layout, text: "", suffix: "" };
}
var LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
var LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
var WEEKDAY_NAMES = LONG_DAYS;
var NAMED_LAYOUTS = {
  ANSIC: "Mon Jan _2 15:04:05 2006",
  UnixDate: "Mon Jan _2 15:04:05 MST 2006",
  RubyDate: "Mon Jan 02 15:04:05 -0700 2006",
  RFC822: "02 Jan 06 15:04 MST",
  RFC822Z: "02 Jan 06 15:04 -0700",
  RFC850: "Monday, 02-Jan-06 15:04:05 MST",
  RFC1123: "Mon, 02 Jan 2006 15:04:05 MST",
  RFC1123Z: "Mon, 02 Jan 2006 15:04:05 -0700",
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00"
};
var RFC3339 = NAMED_LAYOUTS.RFC3339;
var RFC3339_NANO = NAMED_LAYOUTS.RFC3339Nano;
function padInt(n, width) {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? "-" + s : s;
}
function formatTime(t, zone, layout) {
  const offset = zone.offsetAt(t.sec);
  const local = t.sec + offset;
  const c = civilFromLocalSeconds(local);
  let out = "";
  let rest = layout;
  for (; ; ) {
    const ch = nextStdChunk(rest);
    out += ch.prefix;
    if (!ch.std) break;
    rest = ch.suffix;
    switch (ch.std) {
      case "Year":
        out += padInt(Math.abs(c.year) % 100, 2);
        break;
      case "LongYear":
        out += padInt(c.year, 4);
        break;
      case "Month":
        out += LONG_MONTHS[c.month - 1].slice(0, 3);
        break;
      case "LongMonth":
        out += LONG_MONTHS[c.month - 1];
        break;
      case "NumMonth":
        out += String(c.month);
        break;
      case "ZeroMonth":
        out += padInt(c.month, 2);
        break;
      case "WeekDay":
        out += LONG_DAYS[weekdayOfLocalSeconds(local)].slice(0, 3);
        break;
      case "LongWeekDay":
        out += LONG_DAYS[weekdayOfLocalSeconds(local)];
        break;
      case "Day":
        out += String(c.day);
        break;
      case "UnderDay":
        out += c.day < 10 ? " " + c.day : String(c.day);
        break;
      case "ZeroDay":
        out += padInt(c.day, 2);
        break;
      case "UnderYearDay":
      case "ZeroYearDay": {
        const yday = Math.floor(local / 86400) - daysFromCivil(c.year, 1, 1) + 1;
        out += ch.std === "ZeroYearDay" ? padInt(yday, 3) : String(yday).padStart(3, " ");
        break;
      }
      case "Hour":
        out += padInt(c.hour, 2);
        break;
      case "Hour12":
        out += String(c.hour % 12 === 0 ? 12 : c.hour % 12);
        break;
      case "ZeroHour12":
        out += padInt(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
        break;
      case "Minute":
        out += String(c.minute);
        break;
      case "ZeroMinute":
        out += padInt(c.minute, 2);
        break;
      case "Second":
        out += String(c.second);
        break;
      case "ZeroSecond":
        out += padInt(c.second, 2);
        break;
      case "PM":
        out += c.hour >= 12 ? "PM" : "AM";
        break;
      case "pm":
        out += c.hour >= 12 ? "pm" : "am";
        break;
      case "TZ": {
        const name = zone.abbrevAt(t.sec);
        if (name) out += name;
        else {
          const zm = Math.trunc(offset / 60);
          out += (zm < 0 ? "-" : "+") + padInt(Math.floor(Math.abs(zm) / 60), 2) + padInt(Math.abs(zm) % 60, 2);
        }
        break;
      }
      case "FracSecond0":
      case "FracSecond9": {
        const trim = ch.std === "FracSecond9";
        if (trim && t.nsec === 0) break;
        let frac = padInt(t.nsec, 9).slice(0, ch.digits);
        if (trim) frac = frac.replace(/0+$/, "");
        if (frac || !trim) out += ch.sep + frac;
        break;
      }
      default:
        out += formatOffset(ch.std, offset);
    }
  }
  return out;
}
function formatOffset(std, offset) {
  const iso = std.startsWith("ISO8601");
  if (iso && offset === 0) return "Z";
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let s = "+";
  if (zone < 0) {
    s = "-";
    zone = -zone;
    abs = -abs;
  }
  s += padInt(Math.floor(zone / 60), 2);
  const colon = std === "ISO8601ColonTZ" || std === "NumColonTZ" || std === "ISO8601ColonSecondsTZ" || std === "NumColonSecondsTZ";
  if (colon) s += ":";
  if (std !== "NumShortTZ" && std !== "ISO8601ShortTZ") s += padInt(zone % 60, 2);
  if (std === "ISO8601SecondsTZ" || std === "NumSecondsTz" || std === "NumColonSecondsTZ" || std === "ISO8601ColonSecondsTZ") {
    if (std === "NumColonSecondsTZ" || std === "ISO8601ColonSecondsTZ") s += ":";
    s += padInt(abs % 60, 2);
  }
  return s;
}
var ParseFailure = class extends Error {
};
function getnum(s, fixed) {
  if (!isDigitAt(s, 0)) throw new ParseFailure();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new ParseFailure();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}
function getnum3(s, fixed) {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + Number(s[i]);
  if (i === 0 || fixed && i !== 3) throw new ParseFailure();
  return [n, s.slice(i)];
}
function lookup(names, s) {
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (s.length >= n.length && s.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [i, s.slice(n.length)];
  }
  throw new ParseFailure();
}
function skip(value, prefix) {
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") throw new ParseFailure();
      prefix = prefix.replace(/^ +/, "");
      value = value.replace(/^ +/, "");
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new ParseFailure();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}
var commaOrPeriod = (c) => c === "." || c === ",";
function parseNanoseconds(value, nbytes) {
  if (!commaOrPeriod(value[0])) throw new ParseFailure();
  if (nbytes > 10) nbytes = 10;
  const digits = value.slice(1, nbytes);
  if (!/^\d*$/.test(digits)) throw new ParseFailure();
  return Number(digits.padEnd(9, "0")) || 0;
}
function leadingInt(s) {
  const m = /^\d+/.exec(s);
  if (!m) return void 0;
  return [Number(m[0]), s.slice(m[0].length)];
}
function parseSignedOffset(value) {
  const sign = value[0];
  if (sign !== "-" && sign !== "+") return 0;
  const li = leadingInt(value.slice(1));
  if (!li || li[0] > 23) return 0;
  return value.length - li[1].length;
}
function parseTimeZone(value) {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) {
    const rest = value.slice(3);
    return rest.length === 0 ? 3 : 3 + parseSignedOffset(rest);
  }
  if (value[0] === "+" || value[0] === "-") return parseSignedOffset(value);
  let nUpper = 0;
  while (nUpper < 6 && nUpper < value.length && value[nUpper] >= "A" && value[nUpper] <= "Z") nUpper++;
  switch (nUpper) {
    case 3:
      return 3;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : 0;
    case 5:
      return value[4] === "T" ? 5 : 0;
    default:
      return 0;
  }
}
function quote(s) {
  return JSON.stringify(s);
}
function parseTime(layout, value) {
  const alayout = layout;
  const avalue = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pmSet = false;
  let amSet = false;
  let z3;
  let zoneOffset = -1;
  let zoneName = "";
  let rangeErr = "";
  for (; ; ) {
    const ch = nextStdChunk(layout);
    try {
      value = skip(value, ch.prefix);
    } catch {
      fail(`parsing time ${quote(avalue)} as ${quote(alayout)}: cannot parse ${quote(value)} as ${quote(ch.prefix)}`);
    }
    if (!ch.std) {
      if (value.length !== 0) fail(`parsing time ${quote(avalue)}: extra text: ${quote(value)}`);
      break;
    }
    layout = ch.suffix;
    const hold = value;
    try {
      switch (ch.std) {
        case "Year": {
          if (value.length < 2) throw new ParseFailure();
          const p = value.slice(0, 2);
          if (!/^\d\d$/.test(p)) throw new ParseFailure();
          value = value.slice(2);
          year = Number(p);
          year += year >= 69 ? 1900 : 2e3;
          break;
        }
        case "LongYear": {
          if (value.length < 4 || !isDigitAt(value, 0)) throw new ParseFailure();
          const p = value.slice(0, 4);
          if (!/^\d{4}$/.test(p)) throw new ParseFailure();
          value = value.slice(4);
          year = Number(p);
          break;
        }
        case "Month":
          [month, value] = lookup(LONG_MONTHS.map((m) => m.slice(0, 3)), value);
          month++;
          break;
        case "LongMonth":
          [month, value] = lookup(LONG_MONTHS, value);
          month++;
          break;
        case "NumMonth":
        case "ZeroMonth":
          [month, value] = getnum(value, ch.std === "ZeroMonth");
          if (month <= 0 || month > 12) rangeErr = "month";
          break;
        case "WeekDay":
          [, value] = lookup(LONG_DAYS.map((d) => d.slice(0, 3)), value);
          break;
        case "LongWeekDay":
          [, value] = lookup(LONG_DAYS, value);
          break;
        case "Day":
        case "UnderDay":
        case "ZeroDay":
          if (ch.std === "UnderDay" && value[0] === " ") value = value.slice(1);
          [day, value] = getnum(value, ch.std === "ZeroDay");
          break;
        case "UnderYearDay":
        case "ZeroYearDay":
          for (let i = 0; i < 2; i++) if (ch.std === "UnderYearDay" && value[0] === " ") value = value.slice(1);
          [yday, value] = getnum3(value, ch.std === "ZeroYearDay");
          break;
        case "Hour":
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = "hour";
          break;
        case "Hour12":
        case "ZeroHour12":
          [hour, value] = getnum(value, ch.std === "ZeroHour12");
          if (hour < 0 || hour > 12) rangeErr = "hour";
          break;
        case "Minute":
        case "ZeroMinute":
          [min, value] = getnum(value, ch.std === "ZeroMinute");
          if (min < 0 || min >= 60) rangeErr = "minute";
          break;
        case "Second":
        case "ZeroSecond": {
          [sec, value] = getnum(value, ch.std === "ZeroSecond");
          if (sec < 0 || sec >= 60) {
            rangeErr = "second";
            break;
          }
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout).std;
            if (next === "FracSecond0" || next === "FracSecond9") break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            nsec = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case "PM":
        case "pm": {
          if (value.length < 2) throw new ParseFailure();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pm, am] = ch.std === "PM" ? ["PM", "AM"] : ["pm", "am"];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw new ParseFailure();
          break;
        }
        case "ISO8601TZ":
        case "ISO8601ShortTZ":
        case "ISO8601ColonTZ":
        case "ISO8601SecondsTZ":
        case "ISO8601ColonSecondsTZ":
        case "NumTZ":
        case "NumShortTZ":
        case "NumColonTZ":
        case "NumSecondsTz":
        case "NumColonSecondsTZ": {
          if (ch.std.startsWith("ISO8601") && value[0] === "Z") {
            value = value.slice(1);
            z3 = UTC;
            break;
          }
          let sign, hh, mm, ss;
          const std = ch.std;
          if (std === "ISO8601ColonTZ" || std === "NumColonTZ") {
            if (value.length < 6 || value[3] !== ":") throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(4, 6), "00", value.slice(6)];
          } else if (std === "NumShortTZ" || std === "ISO8601ShortTZ") {
            if (value.length < 3) throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), "00", "00", value.slice(3)];
          } else if (std === "ISO8601ColonSecondsTZ" || std === "NumColonSecondsTZ") {
            if (value.length < 9 || value[3] !== ":" || value[6] !== ":") throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
          } else if (std === "ISO8601SecondsTZ" || std === "NumSecondsTz") {
            if (value.length < 7) throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
          } else {
            if (value.length < 5) throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(3, 5), "00", value.slice(5)];
          }
          const [hr] = getnum(hh, true);
          const [mi] = getnum(mm, true);
          const [se] = getnum(ss, true);
          if (hr > 24) rangeErr = "time zone offset hour";
          if (mi > 60) rangeErr = "time zone offset minute";
          if (se > 60) rangeErr = "time zone offset second";
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === "-") zoneOffset = -zoneOffset;
          else if (sign !== "+") throw new ParseFailure();
          break;
        }
        case "TZ": {
          if (value.startsWith("UTC")) {
            z3 = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw new ParseFailure();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case "FracSecond0": {
          const ndigit = 1 + ch.digits;
          if (value.length < ndigit) throw new ParseFailure();
          nsec = parseNanoseconds(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case "FracSecond9": {
          if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigitAt(value, 1)) break;
          let i = 0;
          while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
          nsec = parseNanoseconds(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      fail(`parsing time ${quote(avalue)} as ${quote(alayout)}: cannot parse ${quote(hold)} as ${quote(ch.text)}`);
    }
    if (rangeErr) fail(`parsing time ${quote(avalue)}: ${rangeErr} out of range`);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    if (yday < 1 || yday > (isLeap(year) ? 366 : 365)) fail(`parsing time ${quote(avalue)}: day-of-year out of range`);
    const [, m, d] = civilFromDays(daysFromCivil(year, 1, 1) + yday - 1);
    if (month >= 0 && month !== m) fail(`parsing time ${quote(avalue)}: day-of-year does not match month`);
    if (day >= 0 && day !== d) fail(`parsing time ${quote(avalue)}: day-of-year does not match day`);
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) fail(`parsing time ${quote(avalue)}: day out of range`);
  const civil = { year, month, day, hour, minute: min, second: sec };
  if (z3) return instantFromCivil(civil, nsec, z3);
  if (zoneOffset !== -1) return instantFromCivil(civil, nsec, fixedZone("", zoneOffset));
  if (zoneName !== "") {
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith("GMT")) offset = Number(zoneName.slice(3)) * 3600;
    return instantFromCivil(civil, nsec, fixedZone(zoneName, offset));
  }
  return instantFromCivil(civil, nsec, UTC);
}

// ../../src/builtins/host/time.ts
var NS = 1000000000n;
var INT64_MIN2 = -(2n ** 63n);
var INT64_MAX2 = 2n ** 63n - 1n;
function instantFromNs(ns) {
  let sec = ns / NS;
  let nsec = ns % NS;
  if (nsec < 0n) {
    nsec += NS;
    sec -= 1n;
  }
  return { sec: Number(sec), nsec: Number(nsec) };
}
function instantToNs(t) {
  const ns = BigInt(t.sec) * NS + BigInt(t.nsec);
  if (ns < INT64_MIN2 || ns > INT64_MAX2) fail("time outside of valid range");
  return Number(ns);
}
function nsOperand(v, pos) {
  const n = num(v, pos);
  if (!Number.isInteger(n)) fail("timestamp too big");
  const b = BigInt(n);
  if (b < INT64_MIN2 || b > INT64_MAX2) fail("timestamp too big");
  return b;
}
function tzTime(x, pos) {
  if (typeof x === "number") return { t: instantFromNs(nsOperand(x, pos)), zone: UTC, layout: "" };
  if (!Array.isArray(x)) fail(`operand ${pos} must be either number (ns) or [number (ns), string (tz)] but got ${x === null ? "null" : typeof x}`);
  const a = arr(x, pos);
  if (a.length === 0) fail(`operand ${pos} must be either number (ns) or [number (ns), string (tz)] but got empty array`);
  const t = instantFromNs(nsOperand(a[0], pos));
  const zone = a.length > 1 ? loadZone(str(a[1], pos)) : UTC;
  const layout = a.length > 2 ? str(a[2], pos) : "";
  return { t, zone, layout };
}
function parseRfc3339Ns(value) {
  return instantToNs(parseTime(RFC3339, str(value, 1)));
}
function parseNs(layout, value) {
  let l = str(layout, 1);
  const v = str(value, 2);
  l = NAMED_LAYOUTS[l] ?? l;
  return instantToNs(parseTime(l, v));
}
var DURATION_UNITS = {
  ns: 1n,
  us: 1000n,
  "\xB5s": 1000n,
  // U+00B5 micro sign
  "\u03BCs": 1000n,
  // U+03BC Greek mu
  ms: 1000000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS
};
function parseDurationNs(duration) {
  const orig = str(duration, 1);
  const invalid = () => fail(`time: invalid duration ${JSON.stringify(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") invalid();
  let d = 0n;
  const LIMIT = 2n ** 63n;
  while (s !== "") {
    if (!(s[0] === "." || s[0] >= "0" && s[0] <= "9")) invalid();
    const intMatch = /^\d*/.exec(s)[0];
    s = s.slice(intMatch.length);
    const v0 = intMatch === "" ? 0n : BigInt(intMatch);
    if (v0 > LIMIT) invalid();
    let f = 0;
    let scale = 1;
    let post = false;
    if (s[0] === ".") {
      s = s.slice(1);
      const fracMatch = /^\d*/.exec(s)[0];
      s = s.slice(fracMatch.length);
      post = fracMatch.length > 0;
      let overflow = false;
      let x = 0n;
      for (const digit of fracMatch) {
        if (overflow) continue;
        const y = x * 10n + BigInt(digit);
        if (x > (LIMIT - 1n) / 10n || y > LIMIT) {
          overflow = true;
          continue;
        }
        x = y;
        scale *= 10;
      }
      f = Number(x);
    }
    if (intMatch === "" && !post) invalid();
    const unitMatch = /^[^.0-9]*/.exec(s)[0];
    if (unitMatch === "") fail(`time: missing unit in duration ${JSON.stringify(orig)}`);
    s = s.slice(unitMatch.length);
    const unit = DURATION_UNITS[unitMatch];
    if (unit === void 0) fail(`time: unknown unit ${JSON.stringify(unitMatch)} in duration ${JSON.stringify(orig)}`);
    if (v0 > LIMIT / unit) invalid();
    let v = v0 * unit;
    if (f > 0) {
      v += BigInt(Math.trunc(f * (Number(unit) / scale)));
      if (v > LIMIT) invalid();
    }
    d += v;
    if (d > LIMIT) invalid();
  }
  if (neg) return Number(-d);
  if (d > LIMIT - 1n) invalid();
  return Number(d);
}
function format(x) {
  const { t, zone, layout } = tzTime(x, 1);
  const l = layout === "" ? RFC3339_NANO : NAMED_LAYOUTS[layout] ?? layout;
  return formatTime(t, zone, l);
}
function civilOf(x, pos) {
  const { t, zone } = tzTime(x, pos);
  const local = t.sec + zone.offsetAt(t.sec);
  return { t, zone, local, civil: civilFromLocalSeconds(local) };
}
function date(x) {
  const { civil } = civilOf(x, 1);
  return [civil.year, civil.month, civil.day];
}
function clock(x) {
  const { civil } = civilOf(x, 1);
  return [civil.hour, civil.minute, civil.second];
}
function weekday(x) {
  const { local } = civilOf(x, 1);
  const days = Math.floor(local / 86400);
  return WEEKDAY_NAMES[((days + 4) % 7 + 7) % 7];
}
function addDate(x, years, months, days) {
  const { t, zone, civil } = civilOf(x, 1);
  const y = int(years, 2);
  const m = int(months, 3);
  const d = int(days, 4);
  const result = instantFromCivil(
    { ...civil, year: civil.year + y, month: civil.month + m, day: civil.day + d },
    t.nsec,
    zone
  );
  return instantToNs(result);
}
function diff(x1, x2) {
  const a = tzTime(x1, 1);
  const b = tzTime(x2, 2);
  const zone = a.zone;
  let t1 = a.t;
  let t2 = b.t;
  if (t1.sec > t2.sec || t1.sec === t2.sec && t1.nsec > t2.nsec) [t1, t2] = [t2, t1];
  const c1 = civilFromLocalSeconds(t1.sec + zone.offsetAt(t1.sec));
  const c2 = civilFromLocalSeconds(t2.sec + zone.offsetAt(t2.sec));
  let year = c2.year - c1.year;
  let month = c2.month - c1.month;
  let day = c2.day - c1.day;
  let hour = c2.hour - c1.hour;
  let min = c2.minute - c1.minute;
  let sec = c2.second - c1.second;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    const [, , dayOf32nd] = civilFromDaysOf(c1.year, c1.month, 32);
    day += 32 - dayOf32nd;
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}
function civilFromDaysOf(year, month, day) {
  const c = civilFromLocalSeconds(daysFromCivil(year, month, day) * 86400);
  return [c.year, c.month, c.day];
}
function nowNsFrom(now) {
  let cached;
  return () => {
    if (cached === void 0) {
      const n = now();
      if (n < INT64_MIN2 || n > INT64_MAX2) fail("time outside of valid range");
      cached = Number(n);
    }
    return cached;
  };
}

// ../../src/builtins/host/tokens.ts
function splitToken(v) {
  const s = str(v, 1);
  if (!s.includes(".")) fail("encoded JWT had no period separators");
  const parts = s.split(".");
  if (parts.length !== 3) fail(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0], payload: parts[1], signature: parts[2] };
}
function decodeJsonObject(part, what) {
  let text;
  try {
    text = fromUtf8(base64UrlDecode(part));
  } catch (e) {
    fail(`JWT ${what} had invalid encoding: ${e.message}`);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    fail(`JWT ${what} had invalid encoding: not valid JSON`);
  }
  if (!isObject(value)) fail(`JWT ${what} must be a JSON object`);
  return value;
}
function jwtDecode(jwt) {
  for (let depth = 0; depth < 16; depth++) {
    const token = splitToken(jwt);
    const header = decodeJsonObject(token.header, "header");
    if (header.cty === "JWT") {
      let inner;
      try {
        inner = fromUtf8(base64UrlDecode(token.payload));
      } catch (e) {
        fail(`JWT payload had invalid encoding: ${e.message}`);
      }
      jwt = inner.replace(/^["']+|["']+$/g, "");
      continue;
    }
    const payload = decodeJsonObject(token.payload, "payload");
    let sig;
    try {
      sig = base64UrlDecode(token.signature);
    } catch (e) {
      fail(`JWT signature had invalid encoding: ${e.message}`);
    }
    return [header, payload, toHex(sig)];
  }
  fail("JWT nesting too deep");
}
function verifyHmac(d, token, secret) {
  const sig = base64UrlDecode(token.signature);
  const mac = hmac(d, utf8(secret), utf8(`${token.header}.${token.payload}`));
  return constantTimeEqual(sig, mac);
}
var verifyHs = (d) => (jwt, secret) => {
  const token = splitToken(jwt);
  const key = str(secret, 2);
  let ok;
  try {
    ok = verifyHmac(d, token, key);
  } catch (e) {
    fail(`JWT signature had invalid encoding: ${e.message}`);
  }
  return ok;
};
var jwtVerifyHs256 = verifyHs(SHA256);
var jwtVerifyHs384 = verifyHs(SHA384);
var jwtVerifyHs512 = verifyHs(SHA512);
var HMAC_ALGS = { HS256: SHA256, HS384: SHA384, HS512: SHA512 };
var ASYMMETRIC_ALGS = /* @__PURE__ */ new Set(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]);
function parseConstraints(v, now) {
  const o = obj(v, 2);
  const c = { time: Number.NaN };
  for (const key of Object.keys(o)) {
    const value = o[key];
    switch (key) {
      case "cert":
      case "secret":
      case "alg":
      case "iss":
      case "aud":
        if (typeof value !== "string") fail(`${key} constraint: must be a string`);
        c[key] = value;
        break;
      case "time":
        c.time = num(value, 2);
        break;
      default:
        fail(`unknown token validation constraint: ${key}`);
    }
  }
  const keys = (c.cert !== void 0 ? 1 : 0) + (c.secret !== void 0 && c.secret !== "" ? 1 : 0);
  if (keys > 1) fail("duplicate key constraints");
  if (keys < 1) fail("no key constraint");
  if (Number.isNaN(c.time)) c.time = now();
  return c;
}
var UNVERIFIED = () => [false, {}, {}];
function jwtDecodeVerify(jwt, constraints, now) {
  const c = parseConstraints(constraints, now);
  let header;
  let payload;
  for (let depth = 0; ; depth++) {
    if (depth > 16) fail("JWT nesting too deep");
    const token = splitToken(jwt);
    header = decodeJsonObject(token.header, "header");
    const alg = header.alg;
    if (typeof alg !== "string" || alg === "") return UNVERIFIED();
    if (c.alg !== void 0 && c.alg !== alg) return UNVERIFIED();
    let signature;
    try {
      signature = base64UrlDecode(token.signature);
    } catch (e) {
      fail(`JWT signature had invalid encoding: ${e.message}`);
    }
    const digest2 = HMAC_ALGS[alg];
    if (!digest2) {
      if (ASYMMETRIC_ALGS.has(alg)) return UNVERIFIED();
      fail(`unknown JWS algorithm: ${alg}`);
    }
    if (c.secret === void 0) return UNVERIFIED();
    const mac = hmac(digest2, utf8(c.secret), utf8(`${token.header}.${token.payload}`));
    if (!constantTimeEqual(signature, mac)) return UNVERIFIED();
    const cty = typeof header.cty === "string" ? header.cty.toUpperCase() : "";
    if (cty === "JWT") {
      try {
        jwt = fromUtf8(base64UrlDecode(token.payload));
      } catch (e) {
        fail(`JWT payload had invalid encoding: ${e.message}`);
      }
      continue;
    }
    payload = decodeJsonObject(token.payload, "payload");
    break;
  }
  if (c.iss !== void 0 && c.iss !== "") {
    if (payload.iss !== c.iss) return UNVERIFIED();
  }
  if (payload.aud !== void 0) {
    if (!validAudience(payload.aud, c.aud)) return UNVERIFIED();
  } else if (c.aud !== void 0 && c.aud !== "") {
    return UNVERIFIED();
  }
  const seconds2 = c.time / 1e9;
  if (payload.exp !== void 0) {
    if (typeof payload.exp !== "number") fail("exp value must be a number");
    if (seconds2 >= payload.exp) return UNVERIFIED();
  }
  if (payload.nbf !== void 0) {
    if (typeof payload.nbf !== "number") fail("nbf value must be a number");
    if (seconds2 < payload.nbf) return UNVERIFIED();
  }
  return [true, header, payload];
}
function validAudience(aud, want) {
  if (want === void 0 || want === "") return false;
  if (typeof aud === "string") return aud === want;
  if (Array.isArray(aud)) return aud.some((a) => a === want);
  return false;
}

// ../../src/builtins/host/index.ts
var defaultNow = () => BigInt(Date.now()) * 1000000n;
function createHostBuiltins(options = {}) {
  const strict = options.strict ?? false;
  const random = options.random ?? defaultRandomBytes;
  const clockSource = options.now ?? defaultNow;
  let now;
  let uuid;
  let randIntn;
  let resetScheduled = false;
  const reset = () => {
    now = nowNsFrom(clockSource);
    uuid = makeUuid(random);
    randIntn = makeRandIntn(random);
    resetScheduled = false;
  };
  reset();
  const touch = () => {
    if (!resetScheduled) {
      resetScheduled = true;
      queueMicrotask(reset);
    }
  };
  const impls = {
    sprintf: (f, v) => sprintf(f, v),
    "regex.match": (p, v) => regexMatch(p, v),
    "regex.is_valid": (p) => regexIsValid(p),
    "regex.find_n": (p, v, n) => regexFindN(p, v, n),
    "regex.find_all_string_submatch_n": (p, v, n) => regexFindAllStringSubmatchN(p, v, n),
    "regex.split": (p, v) => regexSplit(p, v),
    "regex.replace": (s, p, v) => regexReplace(s, p, v),
    "regex.template_match": (t, v, ds, de) => regexTemplateMatch(t, v, ds, de),
    "glob.match": (p, d, m) => globMatch(p, d, m),
    "glob.quote_meta": (p) => globQuoteMeta(p),
    "time.now_ns": () => {
      touch();
      return now();
    },
    "time.parse_rfc3339_ns": (v) => parseRfc3339Ns(v),
    "time.parse_ns": (l, v) => parseNs(l, v),
    "time.parse_duration_ns": (d) => parseDurationNs(d),
    "time.format": (x) => format(x),
    "time.date": (x) => date(x),
    "time.clock": (x) => clock(x),
    "time.weekday": (x) => weekday(x),
    "time.add_date": (x, y, m, d) => addDate(x, y, m, d),
    "time.diff": (a, b) => diff(a, b),
    "net.cidr_contains": (a, b) => cidrContains(a, b),
    "net.cidr_intersects": (a, b) => cidrIntersects(a, b),
    "net.cidr_is_valid": (a) => cidrIsValid(a),
    "net.cidr_merge": (a) => cidrMerge(a),
    "net.cidr_expand": (a) => cidrExpand(a),
    "net.cidr_contains_matches": (a, b) => cidrContainsMatches(a, b),
    "crypto.md5": (x) => cryptoMd5(x),
    "crypto.sha1": (x) => cryptoSha1(x),
    "crypto.sha256": (x) => cryptoSha256(x),
    "crypto.hmac.md5": (x, k) => cryptoHmacMd5(x, k),
    "crypto.hmac.sha1": (x, k) => cryptoHmacSha1(x, k),
    "crypto.hmac.sha256": (x, k) => cryptoHmacSha256(x, k),
    "crypto.hmac.sha512": (x, k) => cryptoHmacSha512(x, k),
    "crypto.hmac.equal": (a, b) => cryptoHmacEqual(a, b),
    "io.jwt.decode": (t) => jwtDecode(t),
    "io.jwt.verify_hs256": (t, s) => jwtVerifyHs256(t, s),
    "io.jwt.verify_hs384": (t, s) => jwtVerifyHs384(t, s),
    "io.jwt.verify_hs512": (t, s) => jwtVerifyHs512(t, s),
    "io.jwt.decode_verify": (t, c) => jwtDecodeVerify(t, c, () => {
      touch();
      return now();
    }),
    "semver.compare": (a, b) => semverCompare(a, b),
    "semver.is_valid": (v) => semverIsValid(v),
    "units.parse": (x) => unitsParse(x),
    "units.parse_bytes": (x) => unitsParseBytes(x),
    "urlquery.encode": (x) => urlqueryEncode(x),
    "urlquery.decode": (x) => urlqueryDecode(x),
    "urlquery.encode_object": (x) => urlqueryEncodeObject(x),
    "urlquery.decode_object": (x) => urlqueryDecodeObject(x),
    "yaml.marshal": (x) => yamlMarshal(x),
    "yaml.unmarshal": (x) => yamlUnmarshal(x),
    "yaml.is_valid": (x) => yamlIsValid(x),
    "json.marshal_with_options": (x, o) => jsonMarshalWithOptions(x, o),
    "json.patch": (x, p) => jsonPatch(x, p),
    "bits.or": (x, y) => bitsOr(x, y),
    "bits.and": (x, y) => bitsAnd(x, y),
    "bits.xor": (x, y) => bitsXor(x, y),
    "bits.negate": (x) => bitsNegate(x),
    "bits.lsh": (x, s) => bitsLsh(x, s),
    "bits.rsh": (x, s) => bitsRsh(x, s),
    "graph.reachable": (g, i) => graphReachable(g, i),
    "uuid.rfc4122": (k) => {
      touch();
      return uuid(k);
    },
    "rand.intn": (s, n) => {
      touch();
      return randIntn(s, n);
    },
    "opa.runtime": makeOpaRuntime(options.runtime),
    trace: (n) => trace(n)
  };
  const out = {};
  for (const name of hostBuiltinNames()) {
    const fn = impls[name];
    if (!fn) throw new Error(`host builtin ${name} is catalogued but not implemented`);
    out[HOST_PREFIX + name] = wrapBuiltin(name, fn, strict);
  }
  return out;
}
var hostBuiltins = createHostBuiltins();

// ../../src/engine/policy.ts
var PolicyLoadError = class extends Error {
  name = "PolicyLoadError";
  code = "ERR_POLICY_LOAD";
  constructor(message, options) {
    super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
  }
};
function isEdgeRuntime() {
  return typeof globalThis.EdgeRuntime === "string";
}
function isWasmModule(value) {
  return value instanceof WebAssembly.Module || value !== null && typeof value === "object" && Object.prototype.toString.call(value) === "[object WebAssembly.Module]";
}
var EDGE_BYTES_MESSAGE = "accord: an Edge runtime cannot compile WebAssembly from bytes. Import the compiled policy as a module (`import policy from './policy.wasm?module'`) and pass the WebAssembly.Module to Accord.";
var INT64_MAX3 = 9223372036854775807n;
async function loadAccordPolicy(source, options = {}) {
  const isModule = isWasmModule(source);
  if (!isModule && isEdgeRuntime()) throw new PolicyLoadError(EDGE_BYTES_MESSAGE);
  const builtins = {
    ...options.customBuiltins ?? {},
    ...createHostBuiltins({ strict: options.strictBuiltinErrors, now: options.now })
  };
  const now = options.now;
  if (now) {
    builtins[`${HOST_PREFIX}time.now_ns`] = () => {
      const n = now();
      if (n < 0n || n > INT64_MAX3) throw new Error("eval_builtin_error: time.now_ns: time outside of valid range");
      return Number(n);
    };
  }
  const bytesOrModule = isModule ? source : source instanceof Uint8Array ? source.slice().buffer : source;
  return loadPolicy(bytesOrModule, { initial: options.memoryPages ?? 5 }, builtins);
}

// ../../src/engine/sha256.ts
var K = new Uint32Array([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var W = new Uint32Array(64);
var encoder2 = new TextEncoder();
function digest(data) {
  const bitLen = data.length * 8;
  const padded = new Uint8Array(data.length + 9 + 63 >> 6 << 6);
  padded.set(data);
  padded[data.length] = 128;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 4294967296));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const H = new Uint32Array([1779033703, 3144134277, 1013904242, 2773480762, 1359893119, 2600822924, 528734635, 1541459225]);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a2 = W[i - 15];
      const b2 = W[i - 2];
      const s0 = (a2 >>> 7 | a2 << 25) ^ (a2 >>> 18 | a2 << 14) ^ a2 >>> 3;
      const s1 = (b2 >>> 17 | b2 << 15) ^ (b2 >>> 19 | b2 << 13) ^ b2 >>> 10;
      W[i] = W[i - 16] + s0 + W[i - 7] + s1 | 0;
    }
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h2 = H[7];
    for (let i = 0; i < 64; i++) {
      const S1 = (e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7);
      const ch = e & f ^ ~e & g;
      const t1 = h2 + S1 + ch + K[i] + W[i] | 0;
      const S0 = (a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10);
      const maj = a & b ^ a & c ^ b & c;
      const t2 = S0 + maj | 0;
      h2 = g;
      g = f;
      f = e;
      e = d + t1 | 0;
      d = c;
      c = b;
      b = a;
      a = t1 + t2 | 0;
    }
    H[0] += a;
    H[1] += b;
    H[2] += c;
    H[3] += d;
    H[4] += e;
    H[5] += f;
    H[6] += g;
    H[7] += h2;
  }
  return H;
}
function hex(words) {
  let out = "";
  for (let i = 0; i < words.length; i++) out += words[i].toString(16).padStart(8, "0");
  return out;
}
function sha256Hex(s) {
  return hex(digest(encoder2.encode(s)));
}
var MEMO_MAX = 4096;
var memo = /* @__PURE__ */ new Map();
function hashId(id) {
  let h2 = memo.get(id);
  if (h2 === void 0) {
    h2 = sha256Hex(id);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(id, h2);
  }
  return h2;
}
async function sha256HexBytes(bytes) {
  const out = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let s = "";
  for (let i = 0; i < out.length; i++) s += out[i].toString(16).padStart(2, "0");
  return s;
}

// ../../src/engine/loader.ts
var PolicyEvalError = class extends Error {
  name = "PolicyEvalError";
  code = "ERR_EVAL";
  constructor(message, options) {
    super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
  }
};
function describe(err) {
  if (typeof err === "string") return err.slice(0, 300);
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  if (err && typeof err === "object" && typeof err.message === "string") {
    return String(err.message).slice(0, 300);
  }
  return "unknown error";
}
var PolicyHolder = class {
  constructor(opts) {
    this.opts = opts;
  }
  opts;
  compiled;
  instance;
  pending;
  entrypointId = -1;
  rev = "unknown";
  stats = { instances: 0, replaced: 0 };
  /** sha256 hex of the module bytes, the `revision` option, or "unknown" before loading. */
  get revision() {
    return this.rev;
  }
  /** The ready instance, synchronously, if there is one (the hot path). */
  get current() {
    return this.instance;
  }
  compile() {
    this.compiled ??= (async () => {
      let given = this.opts.policy;
      if (typeof given === "function") given = given();
      const source = await given;
      if (isWasmModule(source)) {
        const revision2 = this.opts.revision ?? "unknown";
        this.rev = revision2;
        return { module: source, revision: revision2 };
      }
      let bytes;
      if (source instanceof Uint8Array) bytes = source;
      else if (source instanceof ArrayBuffer || Object.prototype.toString.call(source) === "[object ArrayBuffer]") {
        bytes = new Uint8Array(source);
      } else if (ArrayBuffer.isView(source)) {
        const v = source;
        bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      } else {
        throw new PolicyLoadError("accord: `policy` must be a WebAssembly.Module, an ArrayBuffer or a Uint8Array");
      }
      if (isEdgeRuntime()) throw new PolicyLoadError(EDGE_BYTES_MESSAGE);
      const [module, revision] = await Promise.all([
        WebAssembly.compile(bytes),
        this.opts.revision !== void 0 ? Promise.resolve(this.opts.revision) : sha256HexBytes(bytes)
      ]);
      this.rev = revision;
      return { module, revision };
    })().catch((err) => {
      throw err instanceof PolicyLoadError ? err : new PolicyLoadError(`accord: policy load failed: ${describe(err)}`, { cause: err });
    });
    return this.compiled;
  }
  /** The live instance, creating one if needed. Rejects with PolicyLoadError. */
  get() {
    if (this.instance) return Promise.resolve(this.instance);
    this.pending ??= this.instantiate().finally(() => {
      this.pending = void 0;
    });
    return this.pending;
  }
  async instantiate() {
    const { module } = await this.compile();
    let p;
    try {
      p = await loadAccordPolicy(module, {
        customBuiltins: this.opts.customBuiltins,
        strictBuiltinErrors: this.opts.strictBuiltinErrors,
        memoryPages: this.opts.memoryPages,
        now: this.opts.now
      });
      if (this.opts.data !== void 0) p.setData(this.opts.data);
    } catch (err) {
      throw err instanceof PolicyLoadError ? err : new PolicyLoadError(`accord: policy instantiation failed: ${describe(err)}`, { cause: err });
    }
    const id = p.entrypoints[this.opts.entrypoint];
    if (typeof id !== "number") {
      throw new PolicyLoadError(`accord: entrypoint "${this.opts.entrypoint}" is not in the policy (has: ${Object.keys(p.entrypoints).join(", ")})`);
    }
    this.entrypointId = id;
    this.stats.instances++;
    this.instance = p;
    return p;
  }
  /**
   * Evaluate on the live instance. Synchronous. A throw (trap, abort, conflict, strict builtin
   * error) discards the instance: its memory may be in any state. The next call gets a fresh one.
   */
  evaluate(p, input) {
    try {
      const rs = p.evaluate(input, this.entrypointId);
      return rs;
    } catch (err) {
      if (this.instance === p) {
        this.instance = void 0;
        this.stats.replaced++;
        this.get().catch(() => void 0);
      }
      throw new PolicyEvalError(`policy evaluation failed: ${describe(err)}`, { cause: err });
    }
  }
};

// ../../src/engine/reasons.ts
var DECISION_REASONS = [
  /** The policy allowed. */
  "allowed",
  /** Edge precheck, opaque API key: shape valid, nothing else checkable on Edge; the Node layers decide. */
  "deferred",
  /** The policy denied and the request carried no credential. */
  "no_credentials",
  /** The credential's session was revoked (itself, its subject, or its service account). */
  "session_revoked",
  /** The credential names a session that does not exist (unknown, expired, malformed id). */
  "session_not_found",
  /** The policy denied. */
  "policy_denied"
];
var ENGINE_ERROR_CODES = [
  "ERR_POLICY_LOAD",
  "ERR_EVAL",
  "ERR_POLICY_RESULT",
  "ERR_INPUT_INVALID",
  "ERR_SESSION_MISMATCH",
  "ERR_EDGE_UNVERIFIABLE",
  "ERR_INTERNAL"
];
var EngineError = class extends Error {
  constructor(code, detail, options) {
    super(`${code}: ${detail}`, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.code = code;
    this.detail = detail;
  }
  code;
  detail;
  name = "EngineError";
};
var UNAVAILABLE = /* @__PURE__ */ new Set([
  "ERR_STORE_UNAVAILABLE",
  "ERR_STORE_TIMEOUT",
  "ERR_STORE_CORRUPT",
  "ERR_JWKS_UNAVAILABLE",
  "ERR_JWKS_TIMEOUT"
]);
var SERVER = /* @__PURE__ */ new Set([
  "ERR_POLICY_LOAD",
  "ERR_EVAL",
  "ERR_POLICY_RESULT",
  "ERR_INPUT_INVALID",
  "ERR_INTERNAL",
  "ERR_CLAIMS_INTERNAL",
  "ERR_JWKS_INVALID"
]);
function statusFor(reason) {
  if (reason === "allowed" || reason === "deferred") return 200;
  if (reason === "policy_denied" || reason === "ERR_EDGE_UNVERIFIABLE") return 403;
  if (UNAVAILABLE.has(reason)) return 503;
  if (SERVER.has(reason)) return 500;
  return 401;
}

// ../../src/engine/authorizer.ts
function createRequestMemo(requestId) {
  return requestId === void 0 ? {} : { requestId };
}
var DEFAULT_ENTRYPOINT = "app/authz/decision";
var DEFAULT_TIMEOUT_MS = 1e3;
var DEFAULT_MAX_INPUT_BYTES = 64 * 1024;
var REQUEST_ID = /^[A-Za-z0-9._:\-]{1,128}$/;
var LAYER_SET = new Set(LAYERS);
var encoder3 = new TextEncoder();
var TIMEOUT = /* @__PURE__ */ Symbol("timeout");
var Deadline = class {
  constructor(ms, start) {
    this.ms = ms;
    this.end = start + ms;
  }
  ms;
  timer;
  guard;
  end;
  remaining() {
    return Math.max(1, Math.ceil(this.end - performance.now()));
  }
  async race(p, code, what) {
    if (!this.guard) {
      this.guard = new Promise((_, reject) => {
        this.timer = setTimeout(() => reject(TIMEOUT), this.remaining());
      });
      this.guard.catch(() => void 0);
    }
    try {
      return await Promise.race([p, this.guard]);
    } catch (err) {
      if (err === TIMEOUT) throw new EngineError(code, `${what}: no answer within ${this.ms} ms`);
      throw err;
    }
  }
  clear() {
    if (this.timer !== void 0) clearTimeout(this.timer);
  }
};
function isVerifier(v) {
  return !!v && typeof v === "object" && typeof v.verify === "function";
}
function toSeconds(ms) {
  return Math.floor(ms / 1e3);
}
function errorDetail(err) {
  if (err instanceof EngineError) return { code: err.code, message: err.detail };
  if (err instanceof ClaimsError) return { code: err.code, message: err.reason };
  if (err instanceof SessionStoreError) return { code: err.code, message: err.reason };
  if (err instanceof PolicyLoadError) return { code: "ERR_POLICY_LOAD", message: err.message };
  if (err instanceof PolicyEvalError) return { code: "ERR_EVAL", message: err.message };
  return { code: "ERR_INTERNAL", message: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : "unknown error" };
}
function defaultSessionSubject(record) {
  const md = record.metadata ?? {};
  const roles = Array.isArray(md.roles) && md.roles.every((r) => typeof r === "string") ? md.roles : [];
  const subject = { sub: record.subject, roles, kind: record.kind };
  if (typeof md.tenant === "string") subject.tenant = md.tenant;
  return subject;
}
function sessionInput(record, idHash) {
  const s = {
    id: idHash,
    kind: record.kind,
    created_at: toSeconds(record.created_at),
    expires_at: toSeconds(record.expires_at),
    revoked: record.revoked,
    version: record.version,
    auth_time: toSeconds(record.auth_time)
  };
  if (record.revoked_at !== void 0) s.revoked_at = toSeconds(record.revoked_at);
  if (record.amr !== void 0) s.amr = record.amr;
  return s;
}
function checkRecord(record, id) {
  const r = record;
  const ok = r !== null && typeof r === "object" && r.id === id && typeof r.subject === "string" && r.subject.length > 0 && typeof r.revoked === "boolean" && (r.kind === "user" || r.kind === "service") && Number.isFinite(r.created_at) && Number.isFinite(r.expires_at) && Number.isFinite(r.auth_time) && Number.isInteger(r.version) && r.version > 0 && (r.metadata === void 0 || typeof r.metadata === "object" && r.metadata !== null);
  if (!ok) throw new SessionStoreError("ERR_STORE_CORRUPT", "session store returned an invalid record");
  return r;
}
function subjectFromClaims(claims, sessionKind) {
  const p = claims.payload;
  if (typeof p.sub !== "string" || p.sub.length === 0) {
    throw new ClaimsError("ERR_JWT_CLAIM_VALIDATION_FAILED", 'token has no "sub" claim', { claim: "sub" });
  }
  const s = {};
  for (const k of Object.keys(p)) if (k !== "sid") s[k] = p[k];
  s.roles = p.roles === void 0 ? [] : p.roles;
  s.kind = sessionKind ?? (p.kind === "service" ? "service" : "user");
  return s;
}
function createEngine(options, mode) {
  if (!options || typeof options !== "object") throw new TypeError("accord: authorizer options required");
  if (options.policy === void 0 || options.policy === null) throw new TypeError("accord: `policy` is required");
  if (!options.claims) throw new TypeError("accord: `claims` (a verifier or its options) is required");
  const verifier = isVerifier(options.claims) ? options.claims : createClaimsVerifier(options.claims);
  const entrypoint = options.entrypoint ?? DEFAULT_ENTRYPOINT;
  const clock2 = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError("accord: invalid timeoutMs");
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const schema = options.inputSchema ?? AuthzInputSchema;
  const audit = options.audit;
  const labels = options.labels;
  const requestIdHeader = options.requestIdHeader?.toLowerCase();
  if (requestIdHeader !== void 0) validateAllowList([requestIdHeader]);
  const readOpts = {
    cookieName: validateCookieName(options.cookieName ?? "accord_session"),
    headerAllowList: validateAllowList(options.headers ?? DEFAULT_HEADER_ALLOW_LIST),
    maxCredentialBytes: options.maxCredentialBytes ?? 8192,
    maxCookieHeaderBytes: options.maxCookieHeaderBytes ?? 16384,
    ip: options.ip
  };
  let evalNowNs = 0n;
  const holder = new PolicyHolder({
    policy: options.policy,
    revision: options.revision,
    entrypoint,
    data: options.data,
    customBuiltins: options.customBuiltins,
    strictBuiltinErrors: options.strictBuiltinErrors,
    now: () => evalNowNs
  });
  const counters = { decisions: 0, allowed: 0, denied: 0, errors: 0 };
  const memos = /* @__PURE__ */ new WeakMap();
  function emit(event) {
    if (!audit) return;
    try {
      audit.log(event);
    } catch {
    }
  }
  function verifyToken(token, memo2) {
    const map = memo2.claims ??= /* @__PURE__ */ new Map();
    let p = map.get(token);
    if (!p) {
      p = verifier.verify(token);
      map.set(token, p);
    }
    return p;
  }
  async function decide(request, opts) {
    const t0 = performance.now();
    const nowMs = clock2();
    const nowNs = BigInt(Math.floor(nowMs)) * 1000000n;
    const decisionId = crypto.randomUUID();
    const deadline = new Deadline(timeoutMs, t0);
    let tVerify = 0;
    let tSession = 0;
    let tEval = 0;
    let layer = opts && typeof opts === "object" ? opts.layer : void 0;
    let requestId = "";
    let facts;
    let subject;
    let session;
    let sessionState = "none";
    let subjectId;
    let sessionHash;
    let candidate;
    let input;
    let result;
    let hadCredential = false;
    const finish = (allow, reason, reasons, obligations, error) => {
      deadline.clear();
      const outcome = error ? "error" : allow ? "allow" : "deny";
      counters.decisions++;
      if (outcome === "allow") counters.allowed++;
      else if (outcome === "deny") counters.denied++;
      else counters.errors++;
      const revision = holder.revision;
      const decision = {
        allow,
        reason,
        reasons: Object.freeze(reasons),
        decision_id: decisionId,
        request_id: requestId,
        layer,
        policy_revision: revision,
        authoritative: mode.kind === "authoritative",
        status: statusFor(reason)
      };
      if (subjectId !== void 0) decision.subject = subjectId;
      if (sessionHash !== void 0) decision.session_id = sessionHash;
      if (obligations !== void 0) decision.obligations = obligations;
      if (audit) {
        if (input === void 0 && facts !== void 0 && opts && typeof opts === "object") candidate ??= build();
        const total = performance.now() - t0;
        const event = {
          decision_id: decisionId,
          request_id: requestId,
          layer,
          outcome,
          reason,
          path: entrypoint,
          input: input ?? candidate,
          result,
          bundles: { accord: { revision } },
          timestamp: nowMs,
          metrics: {
            timer_verify_ns: Math.round(tVerify * 1e6),
            timer_session_ns: Math.round(tSession * 1e6),
            timer_eval_ns: Math.round(tEval * 1e6),
            timer_total_ns: Math.round(total * 1e6)
          },
          nd_builtin_cache: { "time.now_ns": { "[]": Number(nowNs) } }
        };
        if (labels) event.labels = labels;
        if (subjectId !== void 0) event.subject_id = subjectId;
        if (sessionHash !== void 0) event.session_id_hash = sessionHash;
        if (error) event.error = error;
        emit(event);
      }
      return Object.freeze(decision);
    };
    let reqInput;
    const build = () => buildInput({
      subject,
      session,
      request: reqInput ?? {},
      action: opts.action,
      resource: opts.resource,
      layer,
      extra: opts.input
    });
    try {
      if (!opts || typeof opts !== "object") throw new EngineError("ERR_INPUT_INVALID", "authorize() options missing");
      if (mode.kind === "edge-precheck") {
        if (layer === void 0) layer = "middleware";
        if (layer !== "middleware") {
          throw new EngineError("ERR_INPUT_INVALID", `the Edge precheck only serves the middleware layer (got ${String(layer).slice(0, 32)}); use createAuthorizer`);
        }
      }
      if (!LAYER_SET.has(layer)) throw new EngineError("ERR_INPUT_INVALID", "unknown layer");
      const isReq = isRequestLike(request);
      if (!isReq && (request === null || typeof request !== "object")) {
        throw new EngineError("ERR_INPUT_INVALID", "authorize() needs a Request or a context object");
      }
      let memo2 = opts.memo;
      if (!memo2) {
        memo2 = memos.get(request);
        if (!memo2) memos.set(request, memo2 = {});
      }
      let rid = typeof opts.requestId === "string" && REQUEST_ID.test(opts.requestId) ? opts.requestId : void 0;
      if (rid === void 0 && requestIdHeader && isReq) {
        const h2 = request.headers.get(requestIdHeader);
        if (h2 && REQUEST_ID.test(h2)) rid = h2;
      }
      requestId = rid ?? (memo2.requestId ??= decisionId);
      facts = isReq ? readRequest(request, readOpts) : readContext(request, readOpts);
      reqInput = {
        method: facts.method,
        path: facts.path,
        time: toSeconds(nowMs),
        headers: facts.headers
      };
      if (facts.ip !== void 0) reqInput.ip = facts.ip;
      const cred = facts.credential;
      if (cred.kind === "invalid") throw new EngineError(cred.code, cred.detail);
      hadCredential = cred.kind !== "none";
      if (cred.kind === "jwt") {
        const tv = performance.now();
        let claims;
        try {
          claims = await deadline.race(verifyToken(cred.value, memo2), "ERR_JWKS_TIMEOUT", "token verification");
        } catch (err) {
          throw err instanceof EngineError ? err : toClaimsError(err);
        } finally {
          tVerify = performance.now() - tv;
        }
        subjectId = claims.subject;
        const sid = claims.sessionId;
        let kind;
        if (sid !== void 0) {
          if (!isSessionId(sid)) {
            sessionState = "not_found";
          } else {
            sessionHash = hashId(sid);
            if (mode.kind === "edge-precheck") {
              sessionState = "unverified";
              session = { id: sessionHash, unverified: true };
            } else {
              const record = await lookup2(sid);
              if (record === null) sessionState = "not_found";
              else {
                if (record.subject !== claims.subject) {
                  throw new EngineError("ERR_SESSION_MISMATCH", `token "sub" differs from its session's subject`);
                }
                kind = record.kind;
                session = sessionInput(record, sessionHash);
                sessionState = record.revoked ? "revoked" : "active";
              }
            }
          }
        }
        if (sessionState !== "revoked" && sessionState !== "not_found") subject = subjectFromClaims(claims, kind);
      } else if (cred.kind === "opaque") {
        sessionHash = hashId(cred.value);
        if (mode.kind === "edge-precheck") {
          if (mode.apiKeys === "deny") throw new EngineError("ERR_EDGE_UNVERIFIABLE", "opaque credential cannot be checked on Edge");
          return finish(true, "deferred", []);
        }
        const record = await lookup2(cred.value);
        if (record === null) sessionState = "not_found";
        else {
          if (record.kind !== "service" && mode.opaqueSessions !== "any") {
            throw new EngineError("ERR_CREDENTIAL_INVALID", "opaque credential names a user session (only API keys may be presented bare)");
          }
          subjectId = record.subject;
          session = sessionInput(record, sessionHash);
          sessionState = record.revoked ? "revoked" : "active";
          if (!record.revoked) subject = mode.sessionSubject(record);
        }
      }
      candidate = build();
      const parsed = schema.safeParse(candidate);
      if (!parsed.success) throw new EngineError("ERR_INPUT_INVALID", `input rejected by schema: ${describeIssues(parsed.error.issues)}`);
      input = parsed.data;
      let policy = holder.current;
      if (!policy) {
        try {
          policy = await deadline.race(holder.get(), "ERR_POLICY_LOAD", "policy load");
        } catch (err) {
          if (err instanceof EngineError) throw err;
          throw new EngineError("ERR_POLICY_LOAD", err instanceof Error ? err.message : "policy load failed", { cause: err });
        }
      }
      const te = performance.now();
      const bytes = encoder3.encode(JSON.stringify(input));
      if (bytes.byteLength > maxInputBytes) {
        throw new EngineError("ERR_INPUT_INVALID", `input is ${bytes.byteLength} bytes (max ${maxInputBytes})`);
      }
      evalNowNs = nowNs;
      let rs;
      try {
        rs = holder.evaluate(policy, bytes.buffer);
      } finally {
        tEval = performance.now() - te;
      }
      if (!Array.isArray(rs) || rs.length !== 1 || rs[0] === null || typeof rs[0] !== "object" || !("result" in rs[0])) {
        throw new EngineError("ERR_POLICY_RESULT", Array.isArray(rs) && rs.length === 0 ? `${entrypoint} is undefined for this input` : "unexpected result set");
      }
      result = rs[0].result;
      let allow;
      let reasons = [];
      let obligations;
      if (typeof result === "boolean") allow = result;
      else if (result !== null && typeof result === "object" && typeof result.allow === "boolean") {
        const r = result;
        allow = r.allow;
        if (Array.isArray(r.reasons)) reasons = r.reasons.filter((x) => typeof x === "string");
        if (r.obligations !== null && typeof r.obligations === "object" && !Array.isArray(r.obligations)) {
          obligations = r.obligations;
        }
      } else {
        throw new EngineError("ERR_POLICY_RESULT", `${entrypoint} must be a boolean or an object with a boolean "allow"`);
      }
      if (allow) return finish(true, "allowed", reasons, obligations);
      const reason = sessionState === "revoked" ? "session_revoked" : sessionState === "not_found" ? "session_not_found" : !hadCredential ? "no_credentials" : "policy_denied";
      return finish(false, reason, reasons, obligations);
    } catch (err) {
      const e = errorDetail(err);
      if (!LAYER_SET.has(layer)) layer = "route";
      return finish(false, e.code, [], void 0, e);
    }
    async function lookup2(id) {
      const ts = performance.now();
      try {
        const store = mode.store;
        const signal = opts.signal ?? facts?.signal;
        const p = store.get(id, { timeoutMs: deadline.remaining(), ...signal ? { signal } : {} });
        const record = await deadline.race(Promise.resolve(p), "ERR_STORE_TIMEOUT", "session lookup");
        if (record === null || record === void 0) return null;
        const r = checkRecord(record, id);
        return r.expires_at <= nowMs ? null : r;
      } catch (err) {
        if (err instanceof EngineError || err instanceof SessionStoreError) throw err;
        throw new SessionStoreError("ERR_STORE_UNAVAILABLE", "session store failed", { cause: err });
      } finally {
        tSession = performance.now() - ts;
      }
    }
  }
  return {
    authorize(request, opts) {
      try {
        return decide(request, opts);
      } catch {
        return Promise.resolve(
          Object.freeze({
            allow: false,
            reason: "ERR_INTERNAL",
            reasons: [],
            decision_id: crypto.randomUUID(),
            request_id: "",
            layer: "route",
            policy_revision: holder.revision,
            authoritative: mode.kind === "authoritative",
            status: 500
          })
        );
      }
    },
    async ready() {
      await verifier.ready();
      await holder.get();
    },
    get revision() {
      return holder.revision;
    },
    mode: mode.kind,
    stats: () => ({ ...counters, ...holder.stats })
  };
}
function createAuthorizer(options) {
  const store = options?.sessions;
  if (!store || typeof store !== "object" || typeof store.get !== "function") {
    throw new TypeError(
      "accord: createAuthorizer needs `sessions` (a SessionStore): authoritative layers always consult the store. For Edge middleware, use createEdgeAuthorizer."
    );
  }
  const opaque = options.opaqueSessions ?? "service";
  if (opaque !== "service" && opaque !== "any") throw new TypeError('accord: opaqueSessions must be "service" or "any"');
  return createEngine(options, {
    kind: "authoritative",
    store,
    opaqueSessions: opaque,
    sessionSubject: options.sessionSubject ?? defaultSessionSubject,
    apiKeys: "deny"
  });
}
function createEdgeAuthorizer(options) {
  if (options?.sessions !== void 0) {
    throw new TypeError("accord: createEdgeAuthorizer takes no `sessions`: Edge cannot consult the store. Use createAuthorizer on Node.");
  }
  const apiKeys = options?.apiKeys ?? "defer";
  if (apiKeys !== "defer" && apiKeys !== "deny") throw new TypeError('accord: apiKeys must be "defer" or "deny"');
  const engine = createEngine(options, {
    kind: "edge-precheck",
    opaqueSessions: "service",
    sessionSubject: defaultSessionSubject,
    apiKeys
  });
  return engine;
}

export {
  createClaimsVerifier,
  isSessionId,
  SessionStoreError,
  MemoryStore,
  CachedStore,
  isForbiddenHeader,
  DEFAULT_HEADER_ALLOW_LIST,
  classifyCredential,
  readCookie,
  LAYERS,
  LayerSchema,
  SubjectSchema,
  VerifiedSessionSchema,
  UnverifiedSessionSchema,
  SessionInputSchema,
  RequestInputSchema,
  ActionSchema,
  ResourceSchema,
  AuthzInputSchema,
  buildInput,
  PolicyLoadError,
  isEdgeRuntime,
  isWasmModule,
  EDGE_BYTES_MESSAGE,
  loadAccordPolicy,
  PolicyEvalError,
  DECISION_REASONS,
  ENGINE_ERROR_CODES,
  EngineError,
  statusFor,
  createRequestMemo,
  createAuthorizer,
  createEdgeAuthorizer
};
