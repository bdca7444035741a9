// Accord decision logs — Edge-safe entry point (no node: imports anywhere below).
// Node-only pieces (file sink, signal-based shutdown flush) live in `./node.ts`.

export {
  createAuditLogger,
  type AuditLogger,
  type AuditLoggerOptions,
  type AuditMetrics,
  type FlushOptions,
} from './logger.js';
export {
  DecisionEventSchema,
  LabelsSchema,
  NdBuiltinCacheSchema,
  LAYERS,
  OUTCOMES,
  OPA_FIELDS,
  ACCORD_FIELDS,
  newDecisionId,
  parseDecisionEvent,
  timeFromEpochMs,
  timeFromInput,
  type DecisionEvent,
  type DecisionEventInput,
  type Layer,
  type Outcome,
  type EventTime,
} from './event.js';
export {
  maskEvent,
  applyDefaultMask,
  applyMaskRules,
  looksSensitive,
  parsePointer,
  sensitiveKeyMatcher,
  shouldDrop,
  DEFAULT_SENSITIVE_KEYS,
  SENSITIVE_KEY_SUFFIXES,
  REDACTED,
  TRUNCATED,
  MAX_DEPTH,
  type MaskRule,
  type MaskPolicy,
  type DropPolicy,
  type MaskOptions,
} from './mask.js';
export {
  Delivery,
  DEFAULT_DELIVERY,
  CompressionUnavailableError,
  encodeFramed,
  gzip,
  parseRetryAfter,
  postBody,
  failureFromResponse,
  utf8Length,
  type HttpTarget,
  type Unit,
} from './delivery.js';
export type {
  AuditSink,
  AuditWarning,
  DeliveryOptions,
  Framing,
  PreparedEvent,
  SendRequest,
  SendResult,
  SinkMetrics,
} from './types.js';
export { sha256Hex } from './sha256.js';
export { policyLogHooks, type PolicyLogHooks, type PolicyLogHookOptions } from './policy-hooks.js';
export { requestFacts, policyRevision, type RequestFacts } from './fields.js';
export { consoleSink, formatPretty, type ConsoleSinkOptions } from './sinks/console.js';
export { httpSink, type HttpSinkOptions } from './sinks/http.js';
export { splunkSink, formatSplunkHec, hecTime, type SplunkSinkOptions } from './sinks/splunk.js';
export { elasticSink, toEcs, formatEcs, ECS_VERSION, type ElasticSinkOptions } from './sinks/elastic.js';
export {
  otlpSink,
  toOtlpLogRecord,
  otlpResource,
  otlpEnvelope,
  toAnyValue,
  type OtlpSinkOptions,
} from './sinks/otlp.js';
export {
  ocsfSink,
  toOcsf,
  formatOcsf,
  ocsfActivityId,
  OCSF_VERSION,
  OCSF_CLASS_UID,
  OCSF_CATEGORY_UID,
  type OcsfSinkOptions,
  type OcsfOptions,
} from './sinks/ocsf.js';
