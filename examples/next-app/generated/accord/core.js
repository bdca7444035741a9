import {
  ActionSchema,
  AuthzInputSchema,
  CachedStore,
  DECISION_REASONS,
  DEFAULT_HEADER_ALLOW_LIST,
  EDGE_BYTES_MESSAGE,
  ENGINE_ERROR_CODES,
  EngineError,
  LAYERS,
  LayerSchema,
  MemoryStore,
  PolicyEvalError,
  PolicyLoadError,
  RequestInputSchema,
  ResourceSchema,
  SessionInputSchema,
  SessionStoreError,
  SubjectSchema,
  UnverifiedSessionSchema,
  VerifiedSessionSchema,
  buildInput,
  classifyCredential,
  createAuthorizer,
  createClaimsVerifier,
  createEdgeAuthorizer,
  createRequestMemo,
  isEdgeRuntime,
  isForbiddenHeader,
  isSessionId,
  isWasmModule,
  loadAccordPolicy,
  readCookie,
  statusFor
} from "./chunk-6DNHPHTY.js";

// ../../src/audit/event.ts
import { z } from "zod";
var LAYERS2 = [
  "proxy",
  "middleware",
  "route",
  "server_component",
  "server_action",
  "loader",
  "action"
];
var OUTCOMES = ["allow", "deny", "error"];
var NdBuiltinCacheSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
var LabelsSchema = z.object({ app: z.string(), env: z.string(), instance: z.string() }).catchall(z.string());
var DecisionEventSchema = z.object({
  // ── OPA decision-log fields ─────────────────────────────────────────────────────────────────
  labels: LabelsSchema,
  decision_id: z.uuid(),
  trace_id: z.string().optional(),
  span_id: z.string().optional(),
  bundles: z.record(z.string(), z.object({ revision: z.string() })),
  path: z.string(),
  query: z.string().optional(),
  input: z.unknown().optional(),
  result: z.unknown().optional(),
  requested_by: z.string().optional(),
  timestamp: z.iso.datetime({ offset: true }),
  metrics: z.record(z.string(), z.number()).optional(),
  erased: z.array(z.string()).optional(),
  masked: z.array(z.string()).optional(),
  nd_builtin_cache: NdBuiltinCacheSchema.optional(),
  // ── Accord fields ───────────────────────────────────────────────────────────────────────────
  layer: z.enum(LAYERS2),
  request_id: z.string().optional(),
  outcome: z.enum(OUTCOMES),
  reason: z.string().optional(),
  subject_id: z.string().optional(),
  session_id_hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional()
});
var OPA_FIELDS = [
  "labels",
  "decision_id",
  "trace_id",
  "span_id",
  "bundles",
  "path",
  "query",
  "input",
  "result",
  "requested_by",
  "timestamp",
  "metrics",
  "erased",
  "masked",
  "nd_builtin_cache"
];
var cachedSecond = NaN;
var cachedPrefix = "";
function timeFromEpochMs(ms) {
  let whole = Math.floor(ms);
  let sub = Math.round((ms - whole) * 1e6);
  if (sub >= 1e6) {
    whole += 1;
    sub -= 1e6;
  }
  const second = Math.floor(whole / 1e3);
  if (second !== cachedSecond) {
    cachedPrefix = new Date(second * 1e3).toISOString().slice(0, 19);
    cachedSecond = second;
  }
  const msPart = whole - second * 1e3;
  const frac = `${msPart < 10 ? "00" : msPart < 100 ? "0" : ""}${msPart}${String(sub).padStart(6, "0")}`;
  return { timestamp: `${cachedPrefix}.${frac}Z`, ns: `${whole}${frac.slice(3)}` };
}
var RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;
function timeFromInput(value) {
  if (typeof value === "number") return Number.isFinite(value) ? timeFromEpochMs(value) : void 0;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? timeFromEpochMs(ms) : void 0;
  }
  if (typeof value !== "string") return void 0;
  const m = RFC3339.exec(value);
  if (!m) return void 0;
  const secondsMs = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (!Number.isFinite(secondsMs) || secondsMs < 0) return void 0;
  const frac = (m[2] ?? "").padEnd(9, "0");
  return { timestamp: value, ns: `${Math.floor(secondsMs / 1e3)}${frac}` };
}
function nsToMs(ns) {
  return Number(ns.slice(0, -6));
}

// ../../src/audit/delivery.ts
var DEFAULT_DELIVERY = {
  queueBytes: 16 * 1024 * 1024,
  batchEvents: 2e3,
  batchBytes: 1024 * 1024,
  flushIntervalMs: 1e3,
  retryBaseMs: 250,
  retryMaxMs: 3e4,
  retryAfterMaxMs: 12e4,
  requestTimeoutMs: 1e4,
  concurrency: 1
};
function unref(t) {
  t.unref?.();
  return t;
}
var encoder = new TextEncoder();
async function gzip(data) {
  const cs = new CompressionStream("gzip");
  const writer = cs.writable.getWriter();
  writer.write(typeof data === "string" ? encoder.encode(data) : data).catch(() => {
  });
  writer.close().catch(() => {
  });
  return new Uint8Array(await new Response(cs.readable).arrayBuffer());
}
function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) n += 1;
    else if (c < 2048) n += 2;
    else if (c >= 55296 && c <= 56319 && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
function errorText(err) {
  if (err instanceof Error) {
    const cause = err.cause;
    const detail = cause?.code ?? cause?.message ?? err.code;
    return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
  }
  return String(err);
}
var unitBytes = (u) => u.length + 1;
var sumBytes = (units) => units.reduce((n, u) => n + unitBytes(u), 0);
var Delivery = class {
  name;
  options;
  sink;
  onWarning;
  units = [];
  head = 0;
  queuedBytes = 0;
  inflightEvents = 0;
  inflightBytes = 0;
  workers = 0;
  urgent = false;
  flushes = 0;
  closing = false;
  stopped = false;
  closed;
  timer;
  idleWaiters = [];
  workerWaiters = [];
  shutdown = new AbortController();
  /** Observed raw:compressed size ratio, used to size batches under `maxBodyBytes`. */
  ratio;
  warnState = /* @__PURE__ */ new Map();
  m = {
    enqueued: 0,
    delivered: 0,
    dropped: 0,
    rejected: 0,
    oversize: 0,
    abandoned: 0,
    formatErrors: 0,
    retries: 0,
    duplicatesPossible: 0,
    requests: 0,
    bytesSent: 0
  };
  constructor(sink, options = {}, onWarning = () => {
  }, name = sink.name) {
    this.sink = sink;
    this.name = name;
    const o = { ...DEFAULT_DELIVERY, ...options, ...sink.delivery };
    o.batchBytes = Math.max(1, Math.min(o.batchBytes, Math.floor(o.queueBytes / 4)));
    o.batchEvents = Math.max(1, o.batchEvents);
    o.concurrency = Math.max(1, Math.floor(o.concurrency));
    this.options = o;
    this.onWarning = onWarning;
    this.ratio = sink.gzip ? 4 : 1;
  }
  // ── Intake ────────────────────────────────────────────────────────────────────────────────
  /** Adds one formatted unit. Synchronous; never throws. */
  enqueue(unit) {
    this.m.enqueued++;
    if (this.stopped || this.closing) {
      this.m.abandoned++;
      this.warn("abandoned", 1, "event logged after close()");
      return;
    }
    const bytes = unitBytes(unit);
    if (bytes > this.options.queueBytes) {
      this.m.oversize++;
      this.warn("oversize", 1, `event of ${bytes} bytes exceeds queueBytes`);
      return;
    }
    this.units.push(unit);
    this.queuedBytes += bytes;
    let dropped = 0;
    while (this.queuedBytes + this.inflightBytes > this.options.queueBytes && this.queued > 0) {
      this.dropHead();
      dropped++;
    }
    if (dropped) {
      this.m.dropped += dropped;
      this.warn("overflow", dropped, `queue full (${this.options.queueBytes} bytes): dropped oldest events`);
    }
    this.schedule();
  }
  /** Counts a unit this sink failed to format (the event never reached the queue). */
  formatError(err) {
    this.m.formatErrors++;
    this.m.lastError = `format: ${errorText(err)}`;
    this.warn("error", 1, this.m.lastError);
  }
  get queued() {
    return this.units.length - this.head;
  }
  dropHead() {
    const u = this.units[this.head];
    this.units[this.head] = void 0;
    this.head++;
    this.queuedBytes -= unitBytes(u);
    this.compact();
  }
  compact() {
    if (this.head === this.units.length) {
      this.units = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.units.length) {
      this.units = this.units.slice(this.head);
      this.head = 0;
    }
  }
  targetBytes() {
    const max = this.sink.maxBodyBytes;
    if (!max) return this.options.batchBytes;
    return Math.max(256, Math.min(this.options.batchBytes, Math.floor(max * this.ratio * 0.85)));
  }
  hasWork() {
    if (this.stopped || this.queued === 0) return false;
    return this.urgent || this.closing || this.flushes > 0 || this.queued >= this.options.batchEvents || this.queuedBytes >= this.targetBytes();
  }
  schedule() {
    if (this.hasWork()) {
      if (this.workers < this.options.concurrency) this.kick();
      return;
    }
    if (!this.timer && this.queued > 0 && !this.stopped) {
      this.timer = unref(
        setTimeout(() => {
          this.timer = void 0;
          this.urgent = true;
          this.kick();
        }, this.options.flushIntervalMs)
      );
    }
  }
  kick() {
    if (this.timer && this.hasWork()) {
      clearTimeout(this.timer);
      this.timer = void 0;
    }
    while (this.workers < this.options.concurrency && this.hasWork()) {
      this.workers++;
      void this.work();
    }
  }
  /**
   * One sender. While a batch is on the wire, the next one is already being encoded and compressed
   * (compression runs off the main thread), so a single in-order sender keeps the link busy.
   */
  async work() {
    let ahead;
    try {
      for (; ; ) {
        let enc;
        if (ahead) {
          enc = await ahead;
          ahead = void 0;
        } else if (this.hasWork()) {
          enc = await this.encodeBatch(this.take());
        } else break;
        if (!enc) continue;
        if (this.hasWork()) ahead = this.encodeBatch(this.take());
        await this.sendBatch(enc);
      }
    } catch (err) {
      this.m.lastError = `internal: ${errorText(err)}`;
      void ahead?.then((enc) => enc && this.settle(enc.units, enc.bytes, "rejected"));
    } finally {
      this.workers--;
      if (this.queued === 0) this.urgent = false;
      if (this.workers === 0) for (const w of this.workerWaiters.splice(0)) w();
      this.checkIdle();
      if (!this.stopped) this.schedule();
    }
  }
  take() {
    const target = this.targetBytes();
    let n = 0;
    let bytes = 0;
    while (this.head + n < this.units.length && n < this.options.batchEvents) {
      const b = unitBytes(this.units[this.head + n]);
      if (n > 0 && bytes + b > target) break;
      bytes += b;
      n++;
    }
    const units = this.units.slice(this.head, this.head + n);
    this.units.fill(void 0, this.head, this.head + n);
    this.head += n;
    this.compact();
    this.queuedBytes -= bytes;
    this.inflightEvents += n;
    this.inflightBytes += bytes;
    return { units, bytes };
  }
  /** Puts in-flight units back at the front of the queue (after a split). */
  requeueFront(units) {
    const bytes = sumBytes(units);
    if (this.head >= units.length) {
      this.head -= units.length;
      for (let i = 0; i < units.length; i++) this.units[this.head + i] = units[i];
    } else {
      this.units.splice(this.head, 0, ...units);
    }
    this.queuedBytes += bytes;
    this.inflightEvents -= units.length;
    this.inflightBytes -= bytes;
    return bytes;
  }
  release(events, bytes) {
    this.inflightEvents -= events;
    this.inflightBytes -= bytes;
    this.checkIdle();
  }
  // ── Sending ───────────────────────────────────────────────────────────────────────────────
  /** Abandons (at shutdown) or settles a batch that will not be sent. */
  settle(units, bytes, as) {
    this.m[as] += units.length;
    this.release(units.length, bytes);
  }
  /**
   * Encodes (and compresses) a batch. If the result exceeds `maxBodyBytes`, the tail half goes back
   * to the front of the queue and the head half is re-encoded. Returns `null` when the batch was
   * settled instead (oversize single event, encoding failure, shutdown).
   */
  async encodeBatch(batch) {
    let { units, bytes } = batch;
    for (; ; ) {
      if (this.stopped) {
        this.settle(units, bytes, "abandoned");
        return null;
      }
      let raw;
      let body;
      try {
        raw = this.sink.encode(units);
        body = this.sink.gzip ? await (this.options.compress ?? gzip)(raw) : raw;
      } catch (err) {
        this.m.lastError = `encode: ${errorText(err)}`;
        this.warn("error", units.length, this.m.lastError);
        this.settle(units, bytes, "rejected");
        return null;
      }
      const max = this.sink.maxBodyBytes;
      const size = typeof body !== "string" ? body.byteLength : max ? utf8Length(body) : body.length;
      if (this.sink.gzip && size > 0) this.ratio = this.ratio * 0.7 + raw.length / size * 0.3;
      if (max && size > max) {
        if (units.length > 1) {
          const half = Math.ceil(units.length / 2);
          bytes -= this.requeueFront(units.slice(half));
          units = units.slice(0, half);
          continue;
        }
        this.warn("oversize", 1, `one event encodes to ${size} bytes > maxBodyBytes ${max}`);
        this.settle(units, bytes, "oversize");
        return null;
      }
      return { units, bytes, body, size };
    }
  }
  /** Sends one encoded batch until it is acknowledged, refused for good, or shutdown abandons it. */
  async sendBatch(enc) {
    let attempt = 0;
    for (; ; ) {
      const { units, bytes } = enc;
      if (this.stopped) {
        this.settle(units, bytes, "abandoned");
        return;
      }
      const res = await this.sendOnce(enc.body, units.length);
      this.m.requests++;
      this.m.bytesSent += enc.size;
      if (res.ok) {
        const retry = (res.retryItems ?? []).filter((i) => Number.isInteger(i) && i >= 0 && i < units.length);
        const rejected = Math.min(Math.max(0, res.rejectedItems ?? 0), units.length - retry.length);
        this.m.delivered += units.length - retry.length - rejected;
        if (rejected) {
          this.m.rejected += rejected;
          this.warn("rejected", rejected, `${this.name}: receiver rejected ${rejected} event(s)`);
        }
        if (retry.length === 0) {
          this.release(units.length, bytes);
          return;
        }
        const keep = retry.map((i) => units[i]);
        const keepBytes = sumBytes(keep);
        this.release(units.length - keep.length, bytes - keepBytes);
        this.m.retries++;
        await this.backoff(++attempt, void 0);
        const next = await this.encodeBatch({ units: keep, bytes: keepBytes });
        if (!next) return;
        enc = next;
        continue;
      }
      this.m.lastError = res.error;
      if (res.status === 413 && units.length > 1) {
        this.ratio = Math.max(0.5, this.ratio / 2);
        const half = Math.ceil(units.length / 2);
        const headBytes = bytes - this.requeueFront(units.slice(half));
        const next = await this.encodeBatch({ units: units.slice(0, half), bytes: headBytes });
        if (!next) return;
        enc = next;
        continue;
      }
      if (!res.retryable) {
        this.warn("rejected", units.length, `${this.name}: ${res.error} \u2014 batch dropped`);
        this.settle(units, bytes, "rejected");
        return;
      }
      this.m.retries++;
      if (res.maybeDelivered) this.m.duplicatesPossible++;
      await this.backoff(++attempt, res.retryAfterMs);
    }
  }
  async sendOnce(body, count) {
    const ctrl = new AbortController();
    const onShutdown = () => ctrl.abort(new Error("audit logger closed"));
    this.shutdown.signal.addEventListener("abort", onShutdown, { once: true });
    const t = unref(setTimeout(() => ctrl.abort(new Error("request timeout")), this.options.requestTimeoutMs));
    try {
      return await this.sink.send({ body, count, gzip: !!this.sink.gzip, signal: ctrl.signal });
    } catch (err) {
      return { ok: false, retryable: true, error: errorText(err), maybeDelivered: true };
    } finally {
      clearTimeout(t);
      this.shutdown.signal.removeEventListener("abort", onShutdown);
    }
  }
  backoff(attempt, retryAfterMs) {
    const o = this.options;
    const delay = retryAfterMs !== void 0 ? Math.min(retryAfterMs, o.retryAfterMaxMs) : Math.random() * Math.min(o.retryMaxMs, o.retryBaseMs * 2 ** (attempt - 1));
    return this.sleep(delay);
  }
  sleep(ms) {
    if (this.shutdown.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.shutdown.signal.removeEventListener("abort", done);
        resolve();
      };
      const t = unref(setTimeout(done, ms));
      this.shutdown.signal.addEventListener("abort", done, { once: true });
    });
  }
  // ── Flush / close ─────────────────────────────────────────────────────────────────────────
  get idle() {
    return this.queued === 0 && this.inflightEvents === 0;
  }
  checkIdle() {
    if (this.idle && this.idleWaiters.length) for (const w of this.idleWaiters.splice(0)) w();
  }
  /** Resolves `true` once nothing is queued or in flight, `false` if `timeoutMs` passes first. */
  waitIdle(timeoutMs) {
    if (this.idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        const i = this.idleWaiters.indexOf(onIdle);
        if (i >= 0) this.idleWaiters.splice(i, 1);
        resolve(false);
      }, Math.max(0, timeoutMs));
      const onIdle = () => {
        clearTimeout(t);
        resolve(true);
      };
      this.idleWaiters.push(onIdle);
    });
  }
  /** Sends everything queued now; resolves `true` when all of it is delivered (or settled). */
  async flush(timeoutMs = 1e4) {
    if (this.idle) return true;
    this.flushes++;
    this.kick();
    try {
      return await this.waitIdle(timeoutMs);
    } finally {
      this.flushes--;
    }
  }
  /**
   * Stops intake, sends what is queued until `timeoutMs`, then aborts what is left (counted as
   * `abandoned`) and closes the sink. Idempotent.
   */
  close(timeoutMs = 1e4) {
    this.closed ??= (async () => {
      this.closing = true;
      this.kick();
      const ok = await this.waitIdle(timeoutMs);
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = void 0;
      if (!ok) {
        const left = this.queued;
        const undelivered = left + this.inflightEvents;
        this.m.abandoned += left;
        this.units = [];
        this.head = 0;
        this.queuedBytes = 0;
        this.shutdown.abort();
        if (this.workers > 0) {
          await new Promise((resolve) => {
            const t = unref(setTimeout(resolve, 1e3));
            this.workerWaiters.push(() => {
              clearTimeout(t);
              resolve();
            });
          });
        }
        this.warn("abandoned", undelivered, `${this.name}: close() deadline passed with events undelivered`);
      }
      this.shutdown.abort();
      for (const s of this.warnState.values()) if (s.timer) clearTimeout(s.timer);
      try {
        await this.sink.close?.();
      } catch (err) {
        this.m.lastError = `close: ${errorText(err)}`;
      }
      return ok;
    })();
    return this.closed;
  }
  metrics() {
    return {
      ...this.m,
      queuedEvents: this.queued,
      queuedBytes: this.queuedBytes,
      inflightEvents: this.inflightEvents
    };
  }
  // ── Warnings (rate-limited per kind: the first at once, the rest summarised every 5 s) ────────
  warn(kind, count, message) {
    const now = Date.now();
    let s = this.warnState.get(kind);
    if (!s) this.warnState.set(kind, s = { last: 0, pending: 0 });
    s.pending += count;
    const emit = () => {
      const st = s;
      st.timer = void 0;
      if (st.pending === 0) return;
      st.last = Date.now();
      const n = st.pending;
      st.pending = 0;
      try {
        this.onWarning({ kind, sink: this.name, count: n, message });
      } catch {
      }
    };
    if (now - s.last >= 5e3) emit();
    else if (!s.timer) s.timer = unref(setTimeout(emit, 5e3 - (now - s.last)));
  }
};

// ../../src/audit/mask.ts
var REDACTED = "[REDACTED]";
var TRUNCATED = "[TRUNCATED]";
var MAX_DEPTH = 64;
var DEFAULT_SENSITIVE_KEYS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "cookies",
  "set-cookie",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "session_token",
  "csrf_token",
  "password",
  "passwd",
  "secret",
  "client_secret",
  "api_key",
  "private_key",
  "session_id",
  "sessionid",
  "x-auth-token"
];
var SENSITIVE_KEY_SUFFIXES = ["token", "secret", "password", "apikey"];
var TOKEN_QUERY_PARAMS = "access_token|id_token|refresh_token|token|code|client_secret|password|passwd|secret|api_key|apikey|session_id|sessionid";
var QUERY_TOKEN = new RegExp(`([?&#;]|^)(${TOKEN_QUERY_PARAMS})=([^&#\\s]*)`, "gi");
var QUERY_TOKEN_TEST = new RegExp(`(?:[?&#;]|^)(?:${TOKEN_QUERY_PARAMS})=[^&#\\s]`, "i");
var JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/;
var AUTH_SCHEME = /^\s*(?:bearer|dpop|token|apikey|splunk)\s+[A-Za-z0-9._~+/=-]{8,}\s*$/i;
var BASIC = /^\s*basic\s+([A-Za-z0-9+/]{4,}={0,2})\s*$/i;
function isBasicCredential(s) {
  const m = BASIC.exec(s);
  if (!m) return false;
  try {
    return atob(m[1]).includes(":");
  } catch {
    return false;
  }
}
var KEEP = 0;
var ERASE = 1;
var REWRITE = 2;
function normalizeKey(key) {
  return key.toLowerCase().replace(/[-_.\s]/g, "");
}
function sensitiveKeyMatcher(extra = []) {
  const names = new Set([...DEFAULT_SENSITIVE_KEYS, ...extra].map(normalizeKey));
  const memo = /* @__PURE__ */ new Map();
  return (key) => {
    let hit = memo.get(key);
    if (hit !== void 0) return hit;
    const n = normalizeKey(key);
    hit = names.has(n);
    if (!hit) {
      for (const s of SENSITIVE_KEY_SUFFIXES) if (n.endsWith(s)) {
        hit = true;
        break;
      }
    }
    if (memo.size >= 4096) memo.clear();
    memo.set(key, hit);
    return hit;
  };
}
function classifyString(s) {
  if (s.length < 8) return KEEP;
  if (s.length >= 16 && s.includes("eyJ") && JWT.test(s)) return ERASE;
  if (AUTH_SCHEME.test(s) || isBasicCredential(s)) return ERASE;
  if (s.includes("=") && QUERY_TOKEN_TEST.test(s)) return REWRITE;
  return KEEP;
}
function rewriteString(s) {
  return s.replace(QUERY_TOKEN, (_m, lead, name) => `${lead}${name}=${REDACTED}`);
}
function escapeToken(t) {
  return t.includes("~") || t.includes("/") ? t.replace(/~/g, "~0").replace(/\//g, "~1") : t;
}
function parsePointer(pointer2) {
  if (typeof pointer2 !== "string" || !pointer2.startsWith("/")) return void 0;
  return pointer2.slice(1).split("/").map((t) => t.includes("~") ? t.replace(/~1/g, "/").replace(/~0/g, "~") : t);
}
function pointer(ctx, last) {
  let p = "";
  for (const t of ctx.path) p += `/${escapeToken(t)}`;
  if (last !== void 0) p += `/${escapeToken(String(last))}`;
  return p;
}
function isPlainContainer(v) {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Array.isArray(v);
}
function walk(v, ctx, depth) {
  if (typeof v === "string") {
    const c = classifyString(v);
    if (c === KEEP) return v;
    ctx.masked.push(pointer(ctx));
    return c === ERASE ? REDACTED : rewriteString(v);
  }
  if (v === null || typeof v !== "object") return v;
  if (depth >= MAX_DEPTH) {
    ctx.masked.push(pointer(ctx));
    return TRUNCATED;
  }
  if (!isPlainContainer(v)) {
    const toJSON = v.toJSON;
    if (typeof toJSON === "function") {
      let j;
      try {
        j = toJSON.call(v);
      } catch {
        ctx.masked.push(pointer(ctx));
        return TRUNCATED;
      }
      const m = walk(j, ctx, depth + 1);
      return m === j ? v : m;
    }
    if (v instanceof Map || v instanceof Set) return v;
  }
  return Array.isArray(v) ? walkArray(v, ctx, depth) : walkObject(v, ctx, depth);
}
function walkArray(arr, ctx, depth) {
  let out;
  const tupleSecret = arr.length === 2 && typeof arr[0] === "string" && ctx.isKey(arr[0]);
  for (let i = 0; i < arr.length; i++) {
    const val = arr[i];
    let nv;
    if (tupleSecret && i === 1 && val !== void 0 && val !== null) {
      ctx.masked.push(pointer(ctx, 1));
      nv = REDACTED;
    } else if (val !== null && (typeof val === "object" || typeof val === "string")) {
      ctx.path.push(String(i));
      nv = walk(val, ctx, depth + 1);
      ctx.path.pop();
    } else continue;
    if (nv !== val) {
      out ??= arr.slice();
      out[i] = nv;
    }
  }
  return out ?? arr;
}
function walkObject(obj, ctx, depth) {
  let out;
  const pairName = typeof obj.name === "string" ? obj.name : typeof obj.key === "string" ? obj.key : void 0;
  const pairSecret = pairName !== void 0 && "value" in obj && ctx.isKey(pairName);
  for (const key of Object.keys(obj)) {
    const val = obj[key];
    if (val === void 0) continue;
    if (key.length >= 8 && classifyString(key) === ERASE) {
      out ??= { ...obj };
      delete out[key];
      ctx.erased.push(pointer(ctx, REDACTED));
      continue;
    }
    if (ctx.isKey(key) || pairSecret && key === "value") {
      out ??= { ...obj };
      delete out[key];
      ctx.erased.push(pointer(ctx, key));
      continue;
    }
    let nv;
    if (typeof val === "string") {
      const c = classifyString(val);
      if (c === KEEP) continue;
      if (c === ERASE) {
        out ??= { ...obj };
        delete out[key];
        ctx.erased.push(pointer(ctx, key));
        continue;
      }
      ctx.masked.push(pointer(ctx, key));
      nv = rewriteString(val);
    } else if (val !== null && typeof val === "object") {
      ctx.path.push(key);
      nv = walk(val, ctx, depth + 1);
      ctx.path.pop();
    } else continue;
    if (nv !== val) {
      out ??= { ...obj };
      out[key] = nv;
    }
  }
  return out ?? obj;
}
var ND_SENSITIVE = /authorization|cookie|token|secret|password|api[-_]?key|eyJ/i;
function walkNdCache(cache, ctx) {
  let out;
  ctx.path.push("nd_builtin_cache");
  for (const builtin of Object.keys(cache)) {
    const entries = cache[builtin];
    if (entries === null || typeof entries !== "object" || Array.isArray(entries)) continue;
    let outEntries;
    ctx.path.push(builtin);
    for (const argsKey of Object.keys(entries)) {
      const val = entries[argsKey];
      if (ND_SENSITIVE.test(argsKey) || classifyString(argsKey) !== KEEP) {
        outEntries ??= { ...entries };
        delete outEntries[argsKey];
        ctx.erased.push(pointer(ctx, REDACTED));
        continue;
      }
      ctx.path.push(argsKey);
      const nv = walk(val, ctx, 2);
      ctx.path.pop();
      if (nv !== val) {
        outEntries ??= { ...entries };
        outEntries[argsKey] = nv;
      }
    }
    ctx.path.pop();
    if (outEntries) {
      out ??= { ...cache };
      out[builtin] = outEntries;
    }
  }
  ctx.path.pop();
  return out ?? cache;
}
function applyDefaultMask(event, isKey) {
  const ctx = { isKey, path: [], erased: [], masked: [] };
  for (const field of ["input", "result"]) {
    const v = event[field];
    if (v === void 0 || v === null) continue;
    ctx.path.push(field);
    const nv = walk(v, ctx, 1);
    ctx.path.pop();
    if (nv !== v) event[field] = nv;
  }
  const nd = event.nd_builtin_cache;
  if (nd !== null && typeof nd === "object" && !Array.isArray(nd)) {
    const nv = walkNdCache(nd, ctx);
    if (nv !== nd) event.nd_builtin_cache = nv;
  }
  if (typeof event.reason === "string" && classifyString(event.reason) !== KEEP) {
    event.reason = classifyString(event.reason) === ERASE ? REDACTED : rewriteString(event.reason);
    ctx.masked.push("/reason");
  }
  const err = event.error;
  if (err && typeof err.message === "string" && classifyString(err.message) !== KEEP) {
    event.error = {
      ...err,
      message: classifyString(err.message) === ERASE ? REDACTED : rewriteString(err.message)
    };
    ctx.masked.push("/error/message");
  }
  record(event, ctx.erased, ctx.masked);
  return ctx.erased.length + ctx.masked.length;
}
function record(event, erased, masked) {
  if (erased.length) event.erased = event.erased ? [...event.erased, ...erased] : erased;
  if (masked.length) event.masked = event.masked ? [...event.masked, ...masked] : masked;
}
var MASKABLE_ROOTS = /* @__PURE__ */ new Set(["input", "result", "nd_builtin_cache"]);
function cloneContainer(v) {
  return Array.isArray(v) ? v.slice() : { ...v };
}
function arrayIndex(token, length) {
  if (!/^(?:0|[1-9]\d*)$/.test(token)) return -1;
  const i = Number(token);
  return i < length ? i : -1;
}
function applyMaskRules(event, rules, stats = { invalid: 0 }) {
  const erased = [];
  const masked = [];
  for (const rule of rules) {
    let op;
    let path;
    let value;
    if (typeof rule === "string") {
      op = "remove";
      path = rule;
    } else if (rule && typeof rule === "object" && (rule.op === "remove" || rule.op === "upsert")) {
      op = rule.op;
      path = rule.path;
      value = rule.value;
    } else {
      stats.invalid++;
      continue;
    }
    const tokens = parsePointer(path);
    if (!tokens || tokens.length === 0 || !MASKABLE_ROOTS.has(tokens[0])) {
      stats.invalid++;
      continue;
    }
    if (applyOne(event, tokens, op, value)) (op === "remove" ? erased : masked).push(path);
  }
  record(event, erased, masked);
  return stats;
}
function applyOne(root, tokens, op, value) {
  if (tokens.length === 1) {
    const key = tokens[0];
    if (root[key] === void 0) return false;
    if (op === "remove") delete root[key];
    else root[key] = value;
    return true;
  }
  if (root[tokens[0]] === void 0 || root[tokens[0]] === null || typeof root[tokens[0]] !== "object") {
    return false;
  }
  let parent = root;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    let child;
    if (Array.isArray(parent)) {
      const idx = arrayIndex(t, parent.length);
      if (idx < 0) return false;
      child = parent[idx];
      if (child === null || typeof child !== "object") return false;
      const copy2 = cloneContainer(child);
      parent[idx] = copy2;
      parent = copy2;
      continue;
    }
    child = Object.prototype.hasOwnProperty.call(parent, t) ? parent[t] : void 0;
    if (child === void 0) {
      if (op !== "upsert") return false;
      let cur = parent;
      for (let j = i; j < tokens.length - 1; j++) {
        const next = {};
        cur[tokens[j]] = next;
        cur = next;
      }
      cur[tokens[tokens.length - 1]] = value;
      return true;
    }
    if (child === null || typeof child !== "object") return false;
    const copy = cloneContainer(child);
    parent[t] = copy;
    parent = copy;
  }
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    if (op === "remove") return false;
    const idx = arrayIndex(last, parent.length);
    if (idx < 0) return false;
    parent[idx] = value;
    return true;
  }
  if (op === "remove") {
    if (!Object.prototype.hasOwnProperty.call(parent, last) || parent[last] === void 0) return false;
    delete parent[last];
    return true;
  }
  parent[last] = value;
  return true;
}
function applyPolicyRules(event, policy, onError, stats) {
  let rules;
  try {
    rules = policy(event);
  } catch (err) {
    onError?.(err);
    applyMaskRules(event, ["/input", "/result"], stats);
    return;
  }
  if (rules && rules.length) applyMaskRules(event, rules, stats);
}
function shouldDrop(event, policy, onError) {
  if (!policy) return false;
  try {
    return policy(event) === true;
  } catch (err) {
    onError?.(err);
    return false;
  }
}

// ../../src/audit/sha256.ts
var K = new Uint32Array([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var encoder2 = new TextEncoder();
var W = new Uint32Array(64);
function sha256Hex(text) {
  const data = encoder2.encode(text);
  const bitLen = data.length * 8;
  const padded = new Uint8Array(data.length + 9 + 63 >> 6 << 6);
  padded.set(data);
  padded[data.length] = 128;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 4294967296));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  let h0 = 1779033703, h1 = 3144134277, h2 = 1013904242, h3 = 2773480762;
  let h4 = 1359893119, h5 = 2600822924, h6 = 528734635, h7 = 1541459225;
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const w15 = W[i - 15], w2 = W[i - 2];
      const s0 = (w15 >>> 7 | w15 << 25) ^ (w15 >>> 18 | w15 << 14) ^ w15 >>> 3;
      const s1 = (w2 >>> 17 | w2 << 15) ^ (w2 >>> 19 | w2 << 13) ^ w2 >>> 10;
      W[i] = W[i - 16] + s0 + W[i - 7] + s1 | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = (e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7);
      const ch = e & f ^ ~e & g;
      const t1 = h + S1 + ch + K[i] + W[i] | 0;
      const S0 = (a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10);
      const maj = a & b ^ a & c ^ b & c;
      const t2 = S0 + maj | 0;
      h = g;
      g = f;
      f = e;
      e = d + t1 | 0;
      d = c;
      c = b;
      b = a;
      a = t1 + t2 | 0;
    }
    h0 = h0 + a | 0;
    h1 = h1 + b | 0;
    h2 = h2 + c | 0;
    h3 = h3 + d | 0;
    h4 = h4 + e | 0;
    h5 = h5 + f | 0;
    h6 = h6 + g | 0;
    h7 = h7 + h | 0;
  }
  let out = "";
  for (const v of [h0, h1, h2, h3, h4, h5, h6, h7]) out += (v >>> 0).toString(16).padStart(8, "0");
  return out;
}

// ../../src/audit/logger.ts
var DRAIN_SLICE_MS = 2;
var defer = typeof setImmediate === "function" ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);
function defaultWarning(w) {
  console.warn(`[accord/audit] ${w.kind}${w.sink ? ` (${w.sink})` : ""}: ${w.message} [${w.count}]`);
}
function safeStringify(value) {
  const seen = /* @__PURE__ */ new WeakSet();
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === "bigint") return v.toString();
    if (v !== null && typeof v === "object") {
      if (seen.has(v)) return "[Circular]";
      seen.add(v);
    }
    return v;
  });
}
var Prepared = class {
  constructor(event, json, ns) {
    this.event = event;
    this.json = json;
    this.ns = ns;
    this.ms = nsToMs(ns);
  }
  event;
  json;
  ns;
  ms;
  opa;
  get opaJson() {
    if (this.opa === void 0) {
      const opa = {};
      for (const k of OPA_FIELDS) opa[k] = this.event[k];
      try {
        this.opa = JSON.stringify(opa);
      } catch {
        this.opa = safeStringify(opa);
      }
    }
    return this.opa;
  }
};
function createAuditLogger(options) {
  const onWarning = options.onWarning ?? defaultWarning;
  const labels = {
    ...options.labels,
    app: options.labels?.app ?? "accord",
    env: options.labels?.env ?? globalThis.process?.env?.NODE_ENV ?? "production",
    instance: options.labels?.instance ?? crypto.randomUUID()
  };
  const bundles = options.bundles ?? { accord: { revision: options.revision ?? "unknown" } };
  const staticRules = Array.isArray(options.mask) ? options.mask : void 0;
  const maskPolicy = typeof options.mask === "function" ? options.mask : options.maskPolicy;
  const drop = options.drop ?? options.dropPolicy;
  const isKey = sensitiveKeyMatcher(options.sensitiveKeys);
  const maxPending = Math.max(1, options.maxPending ?? 4096);
  const hashCache = /* @__PURE__ */ new Map();
  const hashSession = options.hashSessionId ?? ((id) => {
    let h = hashCache.get(id);
    if (h === void 0) {
      h = sha256Hex(id);
      if (hashCache.size >= 1024) hashCache.clear();
      hashCache.set(id, h);
    }
    return h;
  });
  const safeHash = (id) => {
    try {
      return hashSession(id);
    } catch (err) {
      noteError(err);
      return void 0;
    }
  };
  const deliveryDefaults = {
    ...options.delivery,
    ...options.queueBytes !== void 0 ? { queueBytes: options.queueBytes } : {}
  };
  const used = /* @__PURE__ */ new Set();
  const deliveries = options.sinks.map((sink) => {
    let name = sink.name;
    for (let i = 2; used.has(name); i++) name = `${sink.name}#${i}`;
    used.add(name);
    return { sink, d: new Delivery(sink, deliveryDefaults, onWarning, name) };
  });
  const c = { logged: 0, filtered: 0, errors: 0, invalid: 0, afterClose: 0 };
  const ruleStats = { invalid: 0 };
  let lastErrorWarn = 0;
  const noteError = (err) => {
    c.errors++;
    const now = Date.now();
    if (now - lastErrorWarn >= 5e3) {
      lastErrorWarn = now;
      try {
        onWarning({ kind: "error", count: 1, message: err instanceof Error ? err.message : String(err) });
      } catch {
      }
    }
  };
  let clockBase = Date.now() - performance.now();
  let lastAnchor = Date.now();
  let pendingEvents = [];
  let pendingTimes = [];
  let pendingHead = 0;
  let drainScheduled = false;
  let closed = false;
  function prepare(raw, t) {
    const time = (raw.timestamp !== void 0 ? timeFromInput(raw.timestamp) : void 0) ?? timeFromEpochMs(clockBase + t);
    const ev = {
      labels: raw.labels ? { ...labels, ...raw.labels } : labels,
      decision_id: raw.decision_id ?? crypto.randomUUID(),
      trace_id: raw.trace_id,
      span_id: raw.span_id,
      bundles: raw.bundles ?? bundles,
      path: raw.path,
      query: raw.query,
      input: raw.input,
      result: raw.result,
      requested_by: raw.requested_by,
      timestamp: time.timestamp,
      metrics: raw.metrics,
      erased: Array.isArray(raw.erased) ? [...raw.erased] : void 0,
      masked: Array.isArray(raw.masked) ? [...raw.masked] : void 0,
      nd_builtin_cache: raw.nd_builtin_cache,
      layer: raw.layer,
      request_id: raw.request_id,
      outcome: raw.outcome,
      reason: raw.reason,
      subject_id: raw.subject_id,
      session_id_hash: raw.session_id_hash ?? (typeof raw.session_id === "string" ? safeHash(raw.session_id) : void 0),
      error: raw.error
    };
    try {
      applyDefaultMask(ev, isKey);
    } catch (err) {
      noteError(err);
      ev.input = ev.result = ev.nd_builtin_cache = void 0;
      ev.erased = [...ev.erased ?? [], "/input", "/result", "/nd_builtin_cache"];
    }
    const event = ev;
    if (shouldDrop(event, drop, noteError)) {
      c.filtered++;
      return null;
    }
    if (staticRules?.length) applyMaskRules(ev, staticRules, ruleStats);
    if (maskPolicy) applyPolicyRules(ev, maskPolicy, noteError, ruleStats);
    if (options.validate && !DecisionEventSchema.safeParse(ev).success) {
      c.invalid++;
      noteError(new Error(`invalid decision event ${String(ev.decision_id)}`));
    }
    let json;
    try {
      json = JSON.stringify(ev);
    } catch (err) {
      noteError(err);
      json = safeStringify(ev);
    }
    return new Prepared(event, json, time.ns);
  }
  function drain(all = false, downTo = -1) {
    if (downTo < 0) drainScheduled = false;
    const now = Date.now();
    if (now - lastAnchor > 1e3) {
      clockBase = now - performance.now();
      lastAnchor = now;
    }
    const started = performance.now();
    while (pendingEvents.length - pendingHead > Math.max(0, downTo)) {
      const i = pendingHead++;
      const raw = pendingEvents[i];
      const t = pendingTimes[i];
      pendingEvents[i] = void 0;
      deliver(raw, t);
      if (!all && downTo < 0 && (pendingHead & 63) === 0 && performance.now() - started > DRAIN_SLICE_MS) break;
    }
    if (pendingHead >= pendingEvents.length) {
      pendingEvents = [];
      pendingTimes = [];
      pendingHead = 0;
      return;
    }
    if (pendingHead > 4096 && pendingHead * 2 > pendingEvents.length) {
      pendingEvents = pendingEvents.slice(pendingHead);
      pendingTimes = pendingTimes.slice(pendingHead);
      pendingHead = 0;
    }
    if (!drainScheduled) {
      drainScheduled = true;
      defer(drain);
    }
  }
  function deliver(raw, t) {
    let prepared;
    try {
      prepared = prepare(raw, t);
    } catch (err) {
      noteError(err);
      return;
    }
    if (!prepared) return;
    for (const { sink, d } of deliveries) {
      let unit;
      try {
        unit = sink.format(prepared);
      } catch (err) {
        d.formatError(err);
        continue;
      }
      d.enqueue(unit);
    }
  }
  function log(event) {
    try {
      if (closed) {
        c.afterClose++;
        return;
      }
      pendingEvents.push(event);
      pendingTimes.push(performance.now());
      c.logged++;
      if (pendingEvents.length - pendingHead >= maxPending) drain(false, maxPending >> 1);
      else if (!drainScheduled) {
        drainScheduled = true;
        defer(drain);
      }
    } catch (err) {
      try {
        noteError(err);
      } catch {
      }
    }
  }
  async function flush(opts = {}) {
    drain(true);
    const timeoutMs = opts.timeoutMs ?? 1e4;
    const results = await Promise.all(deliveries.map(({ d }) => d.flush(timeoutMs)));
    return results.every(Boolean);
  }
  let closing;
  function close(opts = {}) {
    closing ??= (async () => {
      drain(true);
      closed = true;
      const timeoutMs = opts.timeoutMs ?? 1e4;
      const results = await Promise.all(deliveries.map(({ d }) => d.close(timeoutMs)));
      return results.every(Boolean);
    })();
    return closing;
  }
  function metrics() {
    const sinks = {};
    const sum = {
      enqueued: 0,
      delivered: 0,
      dropped: 0,
      rejected: 0,
      oversize: 0,
      abandoned: 0,
      retries: 0,
      duplicatesPossible: 0,
      queuedEvents: 0,
      inflightEvents: 0
    };
    for (const { d } of deliveries) {
      const m = d.metrics();
      sinks[d.name] = m;
      for (const k of Object.keys(sum)) sum[k] += m[k];
    }
    return {
      ...c,
      pending: pendingEvents.length - pendingHead,
      invalidMaskRules: ruleStats.invalid,
      ...sum,
      sinks
    };
  }
  return { log, flush, close, metrics };
}

// ../../src/audit/fields.ts
var isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
var str = (v) => typeof v === "string" && v !== "" ? v : void 0;
var IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
function asIp(v) {
  if (!v) return void 0;
  let s = v.trim();
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1];
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  if (IPV4.test(s)) return s;
  if (s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s)) return s;
  return void 0;
}
function header(headers, name) {
  if (!isObj(headers)) return void 0;
  const direct = headers[name];
  if (typeof direct === "string") return direct;
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) return str(headers[k]);
  return void 0;
}
function pathOf(url) {
  if (!url) return void 0;
  const q = url.search(/[?#]/);
  const noQuery = q >= 0 ? url.slice(0, q) : url;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(noQuery);
  return m ? m[1] ?? "/" : noQuery;
}
function requestFacts(event) {
  const input = isObj(event.input) ? event.input : void 0;
  const req = input && isObj(input.request) ? input.request : void 0;
  const facts = {};
  facts.method = str(req?.method) ?? str(input?.method);
  if (facts.method) facts.method = facts.method.toUpperCase();
  facts.path = pathOf(str(req?.path) ?? str(input?.path) ?? str(req?.url) ?? str(input?.url));
  facts.ip = asIp(str(req?.ip)) ?? asIp(str(req?.remote_addr)) ?? asIp(str(input?.ip)) ?? asIp(event.requested_by);
  facts.userAgent = header(req?.headers, "user-agent") ?? str(input?.user_agent);
  facts.action = str(input?.action);
  return facts;
}
function durationNs(event) {
  const t = event.metrics?.timer_total_ns ?? event.metrics?.timer_eval_ns;
  return typeof t === "number" && Number.isFinite(t) ? t : void 0;
}

// ../../src/audit/sinks/console.ts
var proc = () => globalThis.process;
function defaultWrite() {
  const out = proc()?.stdout;
  if (out && typeof out.write === "function") return (text) => void out.write(text);
  return (text) => {
    for (const line of text.split("\n")) if (line) console.log(line);
  };
}
var ANSI = {
  reset: "\x1B[0m",
  dim: "\x1B[2m",
  bold: "\x1B[1m",
  green: "\x1B[32m",
  yellow: "\x1B[33m",
  red: "\x1B[31m",
  cyan: "\x1B[36m",
  magenta: "\x1B[35m"
};
function formatPretty(p, color = false) {
  const e = p.event;
  const c = (code, s) => color ? `${ANSI[code]}${s}${ANSI.reset}` : s;
  const outcome = e.outcome === "allow" ? c("green", "ALLOW") : e.outcome === "deny" ? c("yellow", "DENY ") : c("red", "ERROR");
  const f = requestFacts(e);
  const parts = [
    c("dim", e.timestamp.slice(11, 23)),
    color ? `${ANSI.bold}${outcome}` : outcome,
    c("cyan", e.layer.padEnd(16)),
    e.path
  ];
  if (f.method || f.path) parts.push([f.method, f.path].filter(Boolean).join(" "));
  if (f.action) parts.push(`action=${f.action}`);
  if (e.subject_id) parts.push(c("magenta", `sub=${e.subject_id}`));
  const ns = durationNs(e);
  if (ns !== void 0) parts.push(`${(ns / 1e6).toFixed(2)}ms`);
  if (e.reason) parts.push(JSON.stringify(e.reason));
  if (e.error) parts.push(c("red", `${e.error.code}: ${e.error.message}`));
  if (e.request_id) parts.push(c("dim", `req=${e.request_id}`));
  parts.push(c("dim", `id=${e.decision_id.slice(0, 8)}`));
  return parts.join(" ");
}
function consoleSink(options = {}) {
  const env = proc()?.env ?? {};
  const mode = options.mode ?? (env.NODE_ENV === "production" ? "ndjson" : "pretty");
  const color = options.color ?? (!!proc()?.stdout?.isTTY && env.NO_COLOR === void 0);
  const write = options.write ?? defaultWrite();
  const ndjson = options.format ?? ((p) => p.json);
  return {
    name: options.name ?? "console",
    delivery: { flushIntervalMs: 100, batchEvents: 1e3, ...options.delivery },
    format: mode === "pretty" ? (p) => formatPretty(p, color) : ndjson,
    encode: (units) => `${units.join("\n")}
`,
    async send(req) {
      try {
        write(req.body);
        return { ok: true };
      } catch (err) {
        return { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
      }
    }
  };
}
export {
  ActionSchema,
  AuthzInputSchema,
  CachedStore,
  DECISION_REASONS,
  DEFAULT_HEADER_ALLOW_LIST,
  EDGE_BYTES_MESSAGE,
  ENGINE_ERROR_CODES,
  EngineError,
  LAYERS,
  LayerSchema,
  MemoryStore,
  PolicyEvalError,
  PolicyLoadError,
  RequestInputSchema,
  ResourceSchema,
  SessionInputSchema,
  SessionStoreError,
  SubjectSchema,
  UnverifiedSessionSchema,
  VerifiedSessionSchema,
  buildInput,
  classifyCredential,
  consoleSink,
  createAuditLogger,
  createAuthorizer,
  createClaimsVerifier,
  createEdgeAuthorizer,
  createRequestMemo,
  formatPretty,
  isEdgeRuntime,
  isForbiddenHeader,
  isSessionId,
  isWasmModule,
  loadAccordPolicy,
  readCookie,
  statusFor
};
