// Typed verification errors. Edge-safe: no node: imports.
//
// A ClaimsError carries three things, each for a different audience:
//   code          stable machine-readable identifier (switch on it, count it, alert on it)
//   reason        short human text that is safe to log: it never contains the token, claim
//                 values, key material or the kid the attacker chose
//   publicMessage the only text a client may see; identical for every failure so that a
//                 response never becomes an oracle ("expired" vs "bad signature" vs "unknown kid")
// `cause` keeps the underlying jose error for debugging; toJSON() leaves it out so that
// `JSON.stringify(err)` in a logger cannot leak a (verified) payload.
import { errors as jose } from 'jose';

export const CLAIMS_ERROR_CODES = [
  'ERR_TOKEN_TOO_LARGE',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JWKS_INVALID',
  'ERR_JWKS_TIMEOUT',
  'ERR_JWKS_UNAVAILABLE',
  'ERR_CLAIMS_INTERNAL',
] as const;

export type ClaimsErrorCode = (typeof CLAIMS_ERROR_CODES)[number];

/** The message a client may see, for every failure. */
export const CLAIMS_PUBLIC_MESSAGE = 'Unauthorized';

export class ClaimsError extends Error {
  override readonly name = 'ClaimsError';
  readonly code: ClaimsErrorCode;
  /** Safe to log: never includes the token, claim values or key material. */
  readonly reason: string;
  /** The claim that failed validation, when the failure is about one claim ("exp", "iss", ...). */
  readonly claim: string | undefined;
  /** Generic text for a client response. */
  readonly publicMessage = CLAIMS_PUBLIC_MESSAGE;

  constructor(code: ClaimsErrorCode, reason: string, options?: { cause?: unknown; claim?: string }) {
    super(`${code}: ${reason}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = reason;
    this.claim = options?.claim;
  }

  toJSON(): { name: string; code: ClaimsErrorCode; reason: string; claim?: string } {
    return this.claim === undefined
      ? { name: this.name, code: this.code, reason: this.reason }
      : { name: this.name, code: this.code, reason: this.reason, claim: this.claim };
  }

  static is(value: unknown, code?: ClaimsErrorCode): value is ClaimsError {
    return value instanceof ClaimsError && (code === undefined || value.code === code);
  }
}

const JOSE_CODES: ReadonlySet<string> = new Set<ClaimsErrorCode>([
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JWKS_INVALID',
  'ERR_JWKS_TIMEOUT',
]);

/**
 * Map anything thrown while verifying to a ClaimsError. jose's messages are fixed strings
 * (e.g. `unexpected "iss" claim value`), never values from the token, so they are safe reasons.
 */
export function toClaimsError(err: unknown): ClaimsError {
  if (err instanceof ClaimsError) return err;
  if (err instanceof jose.JOSEError) {
    if (JOSE_CODES.has(err.code)) {
      const claim =
        err instanceof jose.JWTClaimValidationFailed || err instanceof jose.JWTExpired ? err.claim : undefined;
      return new ClaimsError(err.code as ClaimsErrorCode, err.message || err.code, { cause: err, claim });
    }
    // Generic JOSEError: jose uses it for a JWKS endpoint answering non-200 or non-JSON.
    return new ClaimsError('ERR_JWKS_UNAVAILABLE', 'key set endpoint returned an unusable response', { cause: err });
  }
  if (err instanceof TypeError) {
    // jose throws TypeError when a key cannot be used with the token's algorithm. Keys are bound
    // to their algorithms before jose sees them, so this means the key material itself is wrong.
    return new ClaimsError('ERR_CLAIMS_INTERNAL', 'key unusable for the token algorithm', { cause: err });
  }
  return new ClaimsError('ERR_CLAIMS_INTERNAL', 'unexpected verification failure', { cause: err });
}
