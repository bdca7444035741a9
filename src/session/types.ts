// The SessionStore contract every store (memory, Redis, Postgres, cached) implements. Edge-safe.
import type { StoreOpOptions } from './deadline.js';
import type { CreateSessionInput, RevocationEvent, SessionRecord } from './record.js';

export type { StoreOpOptions } from './deadline.js';

export interface RevocationListener {
  /** A revocation happened somewhere (this or another instance). */
  onEvent(event: RevocationEvent): void;
  /**
   * The event feed went down (false) or came (back) up (true). While it is down, events may be
   * lost: a cache must stop serving entries, and clear them when it comes back.
   */
  onStatus?(connected: boolean): void;
}

export interface SessionStore {
  /** "memory", "redis", "postgres", "cached(redis)" ... for logs. */
  readonly name: string;

  /** Create a session with a fresh 256-bit id. */
  create(input: CreateSessionInput, opts?: StoreOpOptions): Promise<SessionRecord>;

  /**
   * Authoritative read. Returns null when the id is unknown, malformed or expired. A revoked
   * session (its own flag, or its subject's cutoff) is returned with `revoked: true`.
   */
  get(id: string, opts?: StoreOpOptions): Promise<SessionRecord | null>;

  /**
   * The same read, synchronously, for a store that can answer without I/O (MemoryStore always;
   * CachedStore on a fresh hit): exactly what get() would resolve with now (a record or null), or
   * `undefined` when only get() can answer (I/O needed, a cache miss, a closed store, an aborted
   * signal: get() then fails typed). Never throws for those. Optional: the engine uses it to
   * decide without awaiting when it can, and calls get() otherwise.
   */
  getSync?(id: string, opts?: StoreOpOptions): SessionRecord | null | undefined;

  /**
   * Sliding expiry: extend expires_at to now + ttlMs, never beyond created_at + maxLifetimeMs and
   * never shortening it. No effect on revoked or expired sessions. Returns the record as get() would.
   */
  touch(id: string, ttlMs: number, opts?: StoreOpOptions): Promise<SessionRecord | null>;

  /** Revoke one session (logout, one API key). Resolves true when the session existed. Idempotent. */
  revoke(id: string, opts?: StoreOpOptions): Promise<boolean>;

  /**
   * Revoke every session of `subject` created at or before `before` (password change, incident;
   * inclusive: a session from the same millisecond cannot be ordered against the call).
   * Recorded as a cutoff, so sessions being created concurrently with an older created_at cannot
   * slip through; a later cutoff replaces an earlier one, an earlier one never moves it back.
   */
  revokeSubject(subject: string, before: Date, opts?: StoreOpOptions): Promise<void>;

  /**
   * Non-human identities: a service account is a subject whose sessions have kind 'service'
   * (each API key is one such session; the key is the session id). Revokes all of them issued
   * at or before `before` (default now) and broadcasts a subject event marked kind 'service'.
   */
  revokeServiceAccount(subject: string, opts?: StoreOpOptions & { before?: Date }): Promise<void>;

  /** Revocation feed, when the store has one. Returns an unsubscribe function. */
  subscribe?(listener: RevocationListener): () => void;

  /** Release connections and timers. Further operations fail with ERR_STORE_UNAVAILABLE. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Default deadline per operation, ms (default 250). */
  timeoutMs?: number;
  /** Upper bound on any session's lifetime (create ttl and touch), ms (default 30 days). */
  maxLifetimeMs?: number;
  /** ms clock (tests). Default Date.now. */
  clock?: () => number;
}

export const DEFAULT_MAX_LIFETIME_MS = 30 * 24 * 3600 * 1000;
