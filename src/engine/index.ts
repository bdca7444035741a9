// Accord's engine: the one decision path every layer calls. Edge-safe: no node: imports.
export { createAuthorizer, createEdgeAuthorizer, createRequestMemo } from './authorizer.js';
export type {
  AuditLike,
  AuthorizeOptions,
  Authorizer,
  AuthorizerOptions,
  AuthorizerStats,
  Decision,
  EdgeAuthorizeOptions,
  EdgeAuthorizer,
  EdgeAuthorizerOptions,
  RequestMemo,
} from './authorizer.js';
export {
  ActionSchema,
  AuthzInputSchema,
  LAYERS,
  LayerSchema,
  RequestInputSchema,
  ResourceSchema,
  SessionInputSchema,
  SubjectSchema,
  UnverifiedSessionSchema,
  VerifiedSessionSchema,
  buildInput,
} from './input.js';
export type { AuthzInput, InputSchemaLike, Layer, SessionInput, Subject } from './input.js';
export {
  DEFAULT_HEADER_ALLOW_LIST,
  classifyCredential,
  isForbiddenHeader,
  readCookie,
} from './credentials.js';
export type { AuthorizeContext, Credential, CredentialErrorCode, RequestLike } from './credentials.js';
export { DECISION_REASONS, ENGINE_ERROR_CODES, EngineError, statusFor } from './reasons.js';
export type { DecisionReasonCode, EngineErrorCode, ErrorReasonCode, Reason } from './reasons.js';
export { PolicyEvalError } from './loader.js';
export type { PolicyInput, PolicyStats } from './loader.js';
export {
  EDGE_BYTES_MESSAGE,
  PolicyLoadError,
  isEdgeRuntime,
  isWasmModule,
  loadAccordPolicy,
} from './policy.js';
export type { CustomBuiltins, LoadOptions, PolicySource } from './policy.js';
