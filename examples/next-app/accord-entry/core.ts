// The parts of Accord's runtime the example app uses, bundled by scripts/prepare.mjs into
// generated/accord/core.js (Next's Turbopack cannot resolve the `.js` → `.ts` imports of the
// TypeScript sources directly; an installed `accord` package ships this as plain JS).
export * from '../../../src/engine/index.js';
export {
  MemoryStore,
  CachedStore,
  SessionStoreError,
  isSessionId,
  type SessionRecord,
  type SessionStore,
} from '../../../src/session/index.js';
export {
  createAuditLogger,
  consoleSink,
  formatPretty,
  type AuditLogger,
  type AuditSink,
  type DecisionEvent,
  type DecisionEventInput,
  type PreparedEvent,
} from '../../../src/audit/index.js';
export { createClaimsVerifier, type ClaimsVerifier } from '../../../src/claims/index.js';
