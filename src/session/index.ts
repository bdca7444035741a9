// Accord sessions, Edge-safe part: record schema, errors, the store contract, MemoryStore and
// CachedStore. The Redis and Postgres stores are Node-only and live in ./redis.ts and
// ./postgres.ts; nothing here imports them.
export {
  CreateSessionInputSchema,
  SESSION_ID_PATTERN,
  SessionKindSchema,
  SessionRecordSchema,
  applyCutoff,
  isSessionId,
  newSessionId,
  parseRevocationEvent,
} from './record.js';
export type { CreateSessionInput, RevocationEvent, SessionKind, SessionRecord } from './record.js';
export { SESSION_STORE_ERROR_CODES, SessionStoreError } from './errors.js';
export type { SessionStoreErrorCode } from './errors.js';
export { DEFAULT_STORE_TIMEOUT_MS, withDeadline } from './deadline.js';
export type { StoreOpOptions } from './deadline.js';
export { DEFAULT_MAX_LIFETIME_MS } from './types.js';
export type { RevocationListener, SessionStore, StoreOptions } from './types.js';
export { MemoryStore } from './memory.js';
export { CachedStore } from './cached.js';
export type { CachedStoreOptions, CachedStoreStats } from './cached.js';
