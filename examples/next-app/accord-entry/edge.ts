// What Edge code of the example imports from Accord's runtime (bundled into generated/accord/edge.js
// by scripts/prepare.mjs). Only the engine: no audit delivery (Node sinks), no stores.
export { createEdgeAuthorizer, createAuthorizer } from '../../../src/engine/index.js';
export type { Decision, EdgeAuthorizer, Authorizer } from '../../../src/engine/index.js';
export { SessionStoreError, isSessionId, withDeadline } from '../../../src/session/index.js';
export type { SessionRecord, SessionStore } from '../../../src/session/index.js';
