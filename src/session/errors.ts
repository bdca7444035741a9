// Typed store errors. Edge-safe. The engine turns every one of them into a deny (fail closed).

export const SESSION_STORE_ERROR_CODES = [
  /** The store cannot be reached (connection refused, dropped, closed, not ready). */
  'ERR_STORE_UNAVAILABLE',
  /** The operation did not finish within its deadline, or the caller's signal aborted it. */
  'ERR_STORE_TIMEOUT',
  /** The store answered with data that is not a valid session record. */
  'ERR_STORE_CORRUPT',
] as const;

export type SessionStoreErrorCode = (typeof SESSION_STORE_ERROR_CODES)[number];

export class SessionStoreError extends Error {
  override readonly name = 'SessionStoreError';
  readonly code: SessionStoreErrorCode;
  /** Safe to log: names the operation and the store, never ids or record contents. */
  readonly reason: string;

  constructor(code: SessionStoreErrorCode, reason: string, options?: { cause?: unknown }) {
    super(`${code}: ${reason}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = reason;
  }

  toJSON(): { name: string; code: SessionStoreErrorCode; reason: string } {
    return { name: this.name, code: this.code, reason: this.reason };
  }

  static is(value: unknown, code?: SessionStoreErrorCode): value is SessionStoreError {
    return value instanceof SessionStoreError && (code === undefined || value.code === code);
  }
}
