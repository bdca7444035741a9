// Accord claims: jose-verified JWTs with a verification cache. Edge-safe: no node: imports.
export { createClaimsVerifier } from './verifier.js';
export type { ClaimsVerifier, ClaimsVerifierOptions, ClaimsVerifierStats, VerifiedClaims } from './verifier.js';
export { ClaimsError, CLAIMS_ERROR_CODES, CLAIMS_PUBLIC_MESSAGE, toClaimsError } from './errors.js';
export type { ClaimsErrorCode } from './errors.js';
export { DEFAULT_KID_PATTERN, DEFAULT_MAX_TOKEN_BYTES, isSafeKid, precheck } from './precheck.js';
export { ASYMMETRIC_ALGORITHMS, HMAC_ALGORITHMS } from './keys.js';
export type {
  Algorithm,
  AsymmetricAlgorithm,
  HmacAlgorithm,
  JwkKeySource,
  KeySource,
  PublicKeySource,
  RemoteJwksSource,
  SecretKeySource,
} from './keys.js';
export { LruCache } from './cache.js';
