// Stable reason codes of a Decision, and the HTTP status each suggests. Edge-safe.
//
// `Decision.reason` is one of these codes and nothing else: it is safe to return to a client (it
// never carries a message, a claim value or a stack). Details go to the audit event only.
import type { ClaimsErrorCode } from '../claims/index.js';
import type { SessionStoreErrorCode } from '../session/index.js';
import type { CredentialErrorCode } from './credentials.js';

/** Decisions that are not errors. */
export const DECISION_REASONS = [
  /** The policy allowed. */
  'allowed',
  /** Edge precheck, opaque API key: shape valid, nothing else checkable on Edge; the Node layers decide. */
  'deferred',
  /** The policy denied and the request carried no credential. */
  'no_credentials',
  /** The credential's session was revoked (itself, its subject, or its service account). */
  'session_revoked',
  /** The credential names a session that does not exist (unknown, expired, malformed id). */
  'session_not_found',
  /** The policy denied. */
  'policy_denied',
] as const;

/** Engine error codes (besides ClaimsError and SessionStoreError codes, which are used as-is). */
export const ENGINE_ERROR_CODES = [
  'ERR_POLICY_LOAD',
  'ERR_EVAL',
  'ERR_POLICY_RESULT',
  'ERR_INPUT_INVALID',
  'ERR_SESSION_MISMATCH',
  'ERR_EDGE_UNVERIFIABLE',
  'ERR_INTERNAL',
] as const;

export type DecisionReasonCode = (typeof DECISION_REASONS)[number];
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];
export type ErrorReasonCode = EngineErrorCode | ClaimsErrorCode | SessionStoreErrorCode | CredentialErrorCode;
export type Reason = DecisionReasonCode | ErrorReasonCode;

/** An engine failure: `code` is the Decision's reason, `detail` goes to the audit event only. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: ErrorReasonCode,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

const UNAVAILABLE = new Set<string>([
  'ERR_STORE_UNAVAILABLE',
  'ERR_STORE_TIMEOUT',
  'ERR_STORE_CORRUPT',
  'ERR_JWKS_UNAVAILABLE',
  'ERR_JWKS_TIMEOUT',
]);
const SERVER = new Set<string>([
  'ERR_POLICY_LOAD',
  'ERR_EVAL',
  'ERR_POLICY_RESULT',
  'ERR_INPUT_INVALID',
  'ERR_INTERNAL',
  'ERR_CLAIMS_INTERNAL',
  'ERR_JWKS_INVALID',
]);

/** The HTTP status a response to this decision should carry. */
export function statusFor(reason: Reason): 200 | 401 | 403 | 500 | 503 {
  if (reason === 'allowed' || reason === 'deferred') return 200;
  if (reason === 'policy_denied' || reason === 'ERR_EDGE_UNVERIFIABLE') return 403;
  if (UNAVAILABLE.has(reason)) return 503;
  if (SERVER.has(reason)) return 500;
  return 401; // no_credentials, session_*, ERR_SESSION_MISMATCH, token and credential errors
}
