// Accord's runtime entry point: everything an app bundles, Edge-safe (no node: imports), no
// compiler. Node-only pieces have their own entry points: accord/session/redis,
// accord/session/postgres, accord/audit/node; the compiler is accord/compiler.
export { VERSION } from './version.js';

// One decision path for every layer.
export * from './engine/index.js';
export { loadAccordPolicy, type LoadOptions, type PolicySource, type CustomBuiltins } from './engine/policy.js';

// Verified claims (jose) and server-side sessions.
export * from './claims/index.js';
export * from './session/index.js';

// Host builtins for loading Accord modules with the unmodified SDK:
//   loadPolicy(bytes, undefined, hostBuiltins)
export { hostBuiltins, createHostBuiltins, type HostBuiltinOptions } from './builtins/host/index.js';

// Decision logs (the engine's `audit` option). `LAYERS`/`Layer` come from the engine above.
export {
  createAuditLogger,
  DecisionEventSchema,
  parseDecisionEvent,
  newDecisionId,
  maskEvent,
  policyLogHooks,
  type AuditLogger,
  type AuditLoggerOptions,
  type AuditMetrics,
  type DecisionEvent,
  type DecisionEventInput,
  type Outcome,
} from './audit/index.js';
export {
  consoleSink,
  httpSink,
  splunkSink,
  elasticSink,
  otlpSink,
  ocsfSink,
  type ConsoleSinkOptions,
  type HttpSinkOptions,
  type SplunkSinkOptions,
  type ElasticSinkOptions,
  type OtlpSinkOptions,
  type OcsfSinkOptions,
  // For custom sinks written against `accord`.
  type AuditSink,
  type AuditWarning,
  type DeliveryOptions,
  type Framing,
  type PreparedEvent,
  type SendRequest,
  type SendResult,
  type SinkMetrics,
} from './audit/index.js';
