// Shared delivery machinery: a byte-bounded queue per sink, batching by count/bytes/time, gzip,
// retries with exponential backoff and full jitter, Retry-After, request splitting. Edge-safe:
// only fetch, CompressionStream (looked up when a batch is compressed, never at import), TextEncoder,
// AbortController and timers.
//
// Guarantees (see docs/audit.md):
// - At-least-once while the queue has room: a batch is retried until the receiver answers 2xx, the
//   receiver refuses it for good (4xx other than 408/429 → counted as `rejected`), or `close()`
//   reaches its deadline (→ `abandoned`). A request whose response was lost (timeout, reset) is
//   re-sent, so receivers may see duplicates: every event carries its `decision_id` for deduping.
// - Bounded memory: queued + in-flight formatted bytes never exceed `queueBytes`. On overflow the
//   oldest *queued* events are dropped (in-flight ones are being delivered), counted in `dropped`
//   and reported through a rate-limited `overflow` warning.

import type {
  AuditSink,
  AuditWarning,
  DeliveryOptions,
  Framing,
  SendRequest,
  SendResult,
  SinkMetrics,
} from './types.js';

export const DEFAULT_DELIVERY: DeliveryOptions = {
  queueBytes: 16 * 1024 * 1024,
  batchEvents: 2000,
  batchBytes: 1024 * 1024,
  flushIntervalMs: 1000,
  retryBaseMs: 250,
  retryMaxMs: 30_000,
  retryAfterMaxMs: 120_000,
  requestTimeoutMs: 10_000,
  concurrency: 1,
};

// ── Small Edge-safe helpers ─────────────────────────────────────────────────────────────────

type TimerHandle = ReturnType<typeof setTimeout>;

/** Lets a timer not keep a Node process alive (no-op elsewhere). */
export function unref(t: TimerHandle): TimerHandle {
  (t as { unref?: () => void }).unref?.();
  return t;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type CompressionStreamCtor = new (format: 'gzip') => {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
};

/**
 * The runtime's `CompressionStream`, looked up through `globalThis` only when a batch is compressed.
 * No module-level reference: bundlers that check Edge code for APIs they consider unsupported
 * (Next.js lists `CompressionStream`) see none, and importing the audit module never needs it.
 */
function compressionStream(): InstanceType<CompressionStreamCtor> {
  const C = (globalThis as { CompressionStream?: CompressionStreamCtor }).CompressionStream;
  try {
    if (typeof C === 'function') return new C('gzip');
  } catch (err) {
    // Next.js's Edge sandbox defines CompressionStream as a stub that throws when constructed.
    throw new CompressionUnavailableError(errorText(err));
  }
  throw new CompressionUnavailableError('CompressionStream is not defined');
}

/** The runtime has no usable Compression Streams API (see `gzip`). */
export class CompressionUnavailableError extends Error {
  constructor(detail: string) {
    super(`gzip: no usable CompressionStream in this runtime (${detail})`);
    this.name = 'CompressionUnavailableError';
  }
}

/**
 * gzip via the Compression Streams API (Node ≥ 18, browsers, Edge runtimes); level fixed by the
 * runtime. Rejects with `CompressionUnavailableError` where the API is missing.
 */
export async function gzip(data: string | Uint8Array): Promise<Uint8Array> {
  const cs = compressionStream();
  const writer = cs.writable.getWriter();
  writer.write(typeof data === 'string' ? encoder.encode(data) : data).catch(() => {});
  writer.close().catch(() => {});
  const reader = cs.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** A queued unit: the formatted string, or its UTF-8 bytes (sinks with `framing`, see `Delivery`). */
export type Unit = string | Uint8Array;

/**
 * `open + units.join(separator) + close` as UTF-8 bytes, written straight into one buffer (no
 * joined string: building a megabyte string costs more than gzipping it). Units may be strings or
 * UTF-8 bytes. `sizeHint` is the expected length (bytes, or UTF-16 code units for strings, exact
 * for ASCII); the buffer grows if non-ASCII text needs more.
 */
export function encodeFramed(units: readonly Unit[], framing: Framing, sizeHint = 0): Uint8Array {
  const open = encoder.encode(framing.open);
  const sep = encoder.encode(framing.separator);
  const close = encoder.encode(framing.close);
  let hint = sizeHint;
  if (hint <= 0) for (const u of units) hint += u.length + sep.length;
  let buf = new Uint8Array(hint + open.length + close.length + 16);
  let off = 0;
  const room = (n: number): void => {
    if (off + n <= buf.length) return;
    const grown = new Uint8Array(Math.max(buf.length * 2, off + n + 16));
    grown.set(buf.subarray(0, off));
    buf = grown;
  };
  const putBytes = (b: Uint8Array): void => {
    room(b.length);
    if (b.length === 1) buf[off++] = b[0];
    else {
      buf.set(b, off);
      off += b.length;
    }
  };
  const putString = (str: string): void => {
    let s = str;
    for (;;) {
      room(s.length);
      const r = encoder.encodeInto(s, buf.subarray(off));
      off += r.written;
      if (r.read === s.length) return;
      s = s.slice(r.read);
      room(s.length * 3);
    }
  };
  putBytes(open);
  for (let i = 0; i < units.length; i++) {
    if (i > 0 && sep.length) putBytes(sep);
    const u = units[i];
    if (typeof u === 'string') putString(u);
    else putBytes(u);
  }
  putBytes(close);
  return buf.subarray(0, off);
}

/** UTF-8 byte length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (err as { code?: string }).code;
    return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
  }
  return String(err);
}

/** `true` when a fetch error means the request certainly never reached the server. */
function neverSent(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

/** Classifies a non-2xx response (reads at most a short error text). */
export async function failureFromResponse(res: Response): Promise<SendResult> {
  let text = '';
  try {
    text = (await res.text()).slice(0, 300);
  } catch {
    /* ignore */
  }
  const status = res.status;
  return {
    ok: false,
    retryable: status === 408 || status === 429 || status >= 500,
    status,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    error: `HTTP ${status}${text ? `: ${text}` : ''}`,
  };
}

export interface HttpTarget {
  url: string;
  /** Extra request headers (authentication, tenancy). */
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies). Defaults to `delivery.fetch`, else the global fetch. */
  fetch?: typeof fetch;
}

/**
 * POSTs one body and classifies the outcome. `onSuccess` may inspect a 2xx response (e.g. Elastic's
 * per-item errors); otherwise the body is drained so the connection can be reused.
 */
export async function postBody(
  target: HttpTarget,
  req: SendRequest,
  contentType: string,
  onSuccess?: (res: Response) => Promise<SendResult>,
): Promise<SendResult> {
  const headers: Record<string, string> = { 'content-type': contentType, ...target.headers };
  if (req.gzip) headers['content-encoding'] = 'gzip';
  let res: Response;
  try {
    res = await (target.fetch ?? req.fetch ?? fetch)(target.url, {
      method: 'POST',
      headers,
      body: req.body as BodyInit,
      signal: req.signal,
    });
  } catch (err) {
    return { ok: false, retryable: true, error: errorText(err), ...(neverSent(err) ? {} : { maybeDelivered: true }) };
  }
  if (res.status >= 200 && res.status < 300) {
    if (onSuccess) {
      try {
        return await onSuccess(res);
      } catch (err) {
        // The receiver answered 2xx; an unreadable body does not make the batch undelivered.
        return { ok: true };
      }
    }
    try {
      await res.arrayBuffer();
    } catch {
      /* ignore */
    }
    return { ok: true };
  }
  return failureFromResponse(res);
}

// ── The per-sink delivery queue ─────────────────────────────────────────────────────────────

interface Batch {
  units: Unit[];
  bytes: number;
}

interface Encoded extends Batch {
  body: string | Uint8Array;
  /** `body` is gzip-compressed (false for a gzip sink only when the runtime cannot compress). */
  gzip: boolean;
  /** Body size in bytes (UTF-16 code units for uncompressed bodies without a size limit). */
  size: number;
}

const unitBytes = (u: Unit) => u.length + 1;
const sumBytes = (units: readonly Unit[]) => units.reduce((n, u) => n + unitBytes(u), 0);
/** Size of the blocks units are encoded into (sinks with `framing`). */
const ARENA_BYTES = 128 * 1024;

/**
 * One sink's queue and sender.
 *
 * For sinks that declare `framing` (all HTTP sinks), each unit is encoded to UTF-8 as it is
 * enqueued, into shared 128 KiB blocks, and queued as a view of those bytes: the formatted string
 * dies young instead of waiting in the queue, which keeps the garbage collector's work flat however
 * long the queue grows, and a batch's body is a copy of bytes. Other sinks queue the strings.
 * Sizes are the unit's length plus a separator: UTF-8 bytes for framed sinks, UTF-16 code units
 * otherwise (equal for ASCII JSON, which is what sinks emit for most events).
 */
export class Delivery {
  readonly name: string;
  readonly options: DeliveryOptions;
  private readonly sink: AuditSink;
  private readonly onWarning: (w: AuditWarning) => void;

  private units: (Unit | undefined)[] = [];
  private head = 0;
  /** Units are queued as UTF-8 bytes (the sink declares `framing`). */
  private readonly bytesMode: boolean;
  private arena?: Uint8Array;
  private arenaOff = 0;
  private queuedBytes = 0;
  private inflightEvents = 0;
  private inflightBytes = 0;
  private workers = 0;
  private urgent = false;
  private flushes = 0;
  private closing = false;
  private stopped = false;
  private closed?: Promise<boolean>;
  private timer?: TimerHandle;
  private idleWaiters: (() => void)[] = [];
  private workerWaiters: (() => void)[] = [];
  private readonly shutdown = new AbortController();
  /** Observed raw:compressed size ratio, used to size batches under `maxBodyBytes`. */
  private ratio: number;
  /** The runtime has no Compression Streams API (and no `delivery.compress` is set). */
  private cannotCompress = false;
  private readonly warnState = new Map<AuditWarning['kind'], { last: number; pending: number; timer?: TimerHandle }>();
  private readonly m: Omit<SinkMetrics, 'queuedEvents' | 'queuedBytes' | 'inflightEvents'> = {
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
    bytesSent: 0,
  };

  constructor(
    sink: AuditSink,
    options: Partial<DeliveryOptions> = {},
    onWarning: (w: AuditWarning) => void = () => {},
    name: string = sink.name,
  ) {
    this.sink = sink;
    this.name = name;
    const o = { ...DEFAULT_DELIVERY, ...options, ...sink.delivery };
    // A batch must leave room for new events while it is in flight.
    o.batchBytes = Math.max(1, Math.min(o.batchBytes, Math.floor(o.queueBytes / 4)));
    o.batchEvents = Math.max(1, o.batchEvents);
    o.concurrency = Math.max(1, Math.floor(o.concurrency));
    this.options = o;
    this.onWarning = onWarning;
    this.ratio = sink.gzip ? 4 : 1;
    this.bytesMode = sink.framing !== undefined;
  }

  // ── Intake ────────────────────────────────────────────────────────────────────────────────

  /** Adds one formatted unit. Synchronous; never throws. */
  enqueue(unit: string): void {
    this.m.enqueued++;
    if (this.stopped || this.closing) {
      this.m.abandoned++;
      this.warn('abandoned', 1, 'event logged after close()');
      return;
    }
    // A string's UTF-8 size is at least its length: a unit that long cannot fit, encoded or not.
    let bytes = unitBytes(unit);
    let u: Unit = unit;
    if (bytes <= this.options.queueBytes && this.bytesMode) {
      u = this.toBytes(unit);
      bytes = unitBytes(u);
    }
    if (bytes > this.options.queueBytes) {
      this.m.oversize++;
      this.warn('oversize', 1, `event of ${bytes} bytes exceeds queueBytes`);
      return;
    }
    this.units.push(u);
    this.queuedBytes += bytes;
    let dropped = 0;
    while (this.queuedBytes + this.inflightBytes > this.options.queueBytes && this.queued > 0) {
      this.dropHead();
      dropped++;
    }
    if (dropped) {
      this.m.dropped += dropped;
      this.warn('overflow', dropped, `queue full (${this.options.queueBytes} bytes): dropped oldest events`);
    }
    this.schedule();
  }

  /** UTF-8 bytes of a unit, as a view into the current block (a new block when it is full). */
  private toBytes(unit: string): Uint8Array {
    let a = this.arena;
    let start = this.arenaOff;
    if (!a || a.length - start < unit.length) {
      a = this.arena = new Uint8Array(Math.max(ARENA_BYTES, unit.length + 16));
      start = 0;
    }
    let r = encoder.encodeInto(unit, start === 0 ? a : a.subarray(start));
    if (r.read < unit.length) {
      // Non-ASCII text needed more room than was left: encode it again into a fresh block.
      a = this.arena = new Uint8Array(Math.max(ARENA_BYTES, unit.length * 3));
      start = 0;
      r = encoder.encodeInto(unit, a);
    }
    this.arenaOff = start + r.written;
    return a.subarray(start, this.arenaOff);
  }

  /** Counts a unit this sink failed to format (the event never reached the queue). */
  formatError(err: unknown): void {
    this.m.formatErrors++;
    this.m.lastError = `format: ${errorText(err)}`;
    this.warn('error', 1, this.m.lastError);
  }

  private get queued(): number {
    return this.units.length - this.head;
  }

  private dropHead(): void {
    const u = this.units[this.head]!;
    this.units[this.head] = undefined;
    this.head++;
    this.queuedBytes -= unitBytes(u);
    this.compact();
  }

  private compact(): void {
    if (this.head === this.units.length) {
      this.units = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.units.length) {
      this.units = this.units.slice(this.head);
      this.head = 0;
    }
  }

  private targetBytes(): number {
    const max = this.sink.maxBodyBytes;
    if (!max) return this.options.batchBytes;
    return Math.max(256, Math.min(this.options.batchBytes, Math.floor(max * this.ratio * 0.85)));
  }

  private hasWork(): boolean {
    if (this.stopped || this.queued === 0) return false;
    return (
      this.urgent ||
      this.closing ||
      this.flushes > 0 ||
      this.queued >= this.options.batchEvents ||
      this.queuedBytes >= this.targetBytes()
    );
  }

  private schedule(): void {
    if (this.hasWork()) {
      if (this.workers < this.options.concurrency) this.kick();
      return;
    }
    if (!this.timer && this.queued > 0 && !this.stopped) {
      this.timer = unref(
        setTimeout(() => {
          this.timer = undefined;
          this.urgent = true;
          this.kick();
        }, this.options.flushIntervalMs),
      );
    }
  }

  private kick(): void {
    if (this.timer && this.hasWork()) {
      clearTimeout(this.timer);
      this.timer = undefined;
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
  private async work(): Promise<void> {
    let ahead: Promise<Encoded | null> | undefined;
    try {
      for (;;) {
        let enc: Encoded | null;
        if (ahead) {
          enc = await ahead;
          ahead = undefined;
        } else if (this.hasWork()) {
          enc = await this.encodeBatch(this.take());
        } else break;
        if (!enc) continue;
        if (this.hasWork()) ahead = this.encodeBatch(this.take());
        await this.sendBatch(enc);
      }
    } catch (err) {
      // encodeBatch/sendBatch handle their own failures; this guard keeps the accounting right.
      this.m.lastError = `internal: ${errorText(err)}`;
      void ahead?.then((enc) => enc && this.settle(enc.units, enc.bytes, 'rejected'));
    } finally {
      this.workers--;
      if (this.queued === 0) this.urgent = false;
      if (this.workers === 0) for (const w of this.workerWaiters.splice(0)) w();
      this.checkIdle();
      if (!this.stopped) this.schedule();
    }
  }

  private take(): Batch {
    const target = this.targetBytes();
    let n = 0;
    let bytes = 0;
    while (this.head + n < this.units.length && n < this.options.batchEvents) {
      const b = unitBytes(this.units[this.head + n]!);
      if (n > 0 && bytes + b > target) break;
      bytes += b;
      n++;
    }
    const units = this.units.slice(this.head, this.head + n) as Unit[];
    this.units.fill(undefined, this.head, this.head + n);
    this.head += n;
    this.compact();
    this.queuedBytes -= bytes;
    this.inflightEvents += n;
    this.inflightBytes += bytes;
    return { units, bytes };
  }

  /** Puts in-flight units back at the front of the queue (after a split). */
  private requeueFront(units: Unit[]): number {
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

  private release(events: number, bytes: number): void {
    this.inflightEvents -= events;
    this.inflightBytes -= bytes;
    this.checkIdle();
  }

  // ── Sending ───────────────────────────────────────────────────────────────────────────────

  /** Abandons (at shutdown) or settles a batch that will not be sent. */
  private settle(units: readonly Unit[], bytes: number, as: 'abandoned' | 'rejected' | 'oversize'): void {
    this.m[as] += units.length;
    this.release(units.length, bytes);
  }

  /**
   * Encodes (and compresses) a batch. If the result exceeds `maxBodyBytes`, the tail half goes back
   * to the front of the queue and the head half is re-encoded. Returns `null` when the batch was
   * settled instead (oversize single event, encoding failure, shutdown).
   */
  private async encodeBatch(batch: Batch): Promise<Encoded | null> {
    let { units, bytes } = batch;
    for (;;) {
      if (this.stopped) {
        this.settle(units, bytes, 'abandoned');
        return null;
      }
      let rawSize: number;
      let body: string | Uint8Array;
      let gz = !!this.sink.gzip;
      try {
        const framing = this.sink.framing;
        let raw: string | Uint8Array;
        if (framing) raw = encodeFramed(units, framing, bytes);
        else {
          // Units are strings unless the sink dropped a framing it declared at construction.
          raw = this.sink.encode(
            this.bytesMode ? units.map((u) => (typeof u === 'string' ? u : decoder.decode(u))) : (units as string[]),
          );
          if (this.sink.gzip) raw = encoder.encode(raw);
        }
        rawSize = raw.length;
        body = raw;
        if (gz) {
          const compressed = await this.compress(raw as Uint8Array);
          if (compressed) body = compressed;
          else gz = false;
        }
      } catch (err) {
        this.m.lastError = `encode: ${errorText(err)}`;
        this.warn('error', units.length, this.m.lastError);
        this.settle(units, bytes, 'rejected');
        return null;
      }
      const max = this.sink.maxBodyBytes;
      // Exact UTF-8 size only when a limit needs it; otherwise code units (metrics only).
      const size = typeof body !== 'string' ? body.byteLength : max ? utf8Length(body) : body.length;
      if (size > 0) this.ratio = gz ? this.ratio * 0.7 + (rawSize / size) * 0.3 : 1;
      if (max && size > max) {
        if (units.length > 1) {
          const half = Math.ceil(units.length / 2);
          bytes -= this.requeueFront(units.slice(half));
          units = units.slice(0, half);
          continue;
        }
        this.warn('oversize', 1, `one event encodes to ${size} bytes > maxBodyBytes ${max}`);
        this.settle(units, bytes, 'oversize');
        return null;
      }
      return { units, bytes, body, size, gzip: gz };
    }
  }

  /**
   * gzip with `delivery.compress`, else the Compression Streams API. Where the runtime has none
   * (`CompressionUnavailableError`), returns `undefined` from then on: the body goes uncompressed,
   * without `Content-Encoding`, with one warning, rather than losing the events.
   */
  private async compress(raw: Uint8Array): Promise<Uint8Array | undefined> {
    if (this.options.compress) return this.options.compress(raw);
    if (this.cannotCompress) return undefined;
    try {
      return await gzip(raw);
    } catch (err) {
      if (!(err instanceof CompressionUnavailableError)) throw err;
      this.cannotCompress = true;
      this.warn('error', 1, `${err.message}: sending uncompressed bodies (set delivery.compress to compress)`);
      return undefined;
    }
  }

  /** Sends one encoded batch until it is acknowledged, refused for good, or shutdown abandons it. */
  private async sendBatch(enc: Encoded): Promise<void> {
    let attempt = 0;
    for (;;) {
      const { units, bytes } = enc;
      if (this.stopped) {
        this.settle(units, bytes, 'abandoned');
        return;
      }
      const res: SendResult = await this.sendOnce(enc.body, units.length, enc.gzip);
      this.m.requests++;
      this.m.bytesSent += enc.size;
      if (res.ok) {
        const retry = (res.retryItems ?? []).filter((i) => Number.isInteger(i) && i >= 0 && i < units.length);
        const rejected = Math.min(Math.max(0, res.rejectedItems ?? 0), units.length - retry.length);
        this.m.delivered += units.length - retry.length - rejected;
        if (rejected) {
          this.m.rejected += rejected;
          this.warn('rejected', rejected, `${this.name}: receiver rejected ${rejected} event(s)`);
        }
        if (retry.length === 0) {
          this.release(units.length, bytes);
          return;
        }
        // Per-item retry (e.g. Elastic 429 on some documents): re-encode only those.
        const keep = retry.map((i) => units[i]);
        const keepBytes = sumBytes(keep);
        this.release(units.length - keep.length, bytes - keepBytes);
        this.m.retries++;
        await this.backoff(++attempt, undefined);
        const next = await this.encodeBatch({ units: keep, bytes: keepBytes });
        if (!next) return;
        enc = next;
        continue;
      }
      this.m.lastError = res.error;
      if (res.status === 413 && units.length > 1) {
        // Too large for the receiver: halve (the tail is queued again) and try again.
        this.ratio = Math.max(0.5, this.ratio / 2);
        const half = Math.ceil(units.length / 2);
        const headBytes = bytes - this.requeueFront(units.slice(half));
        const next = await this.encodeBatch({ units: units.slice(0, half), bytes: headBytes });
        if (!next) return;
        enc = next;
        continue;
      }
      if (!res.retryable) {
        this.warn('rejected', units.length, `${this.name}: ${res.error} — batch dropped`);
        this.settle(units, bytes, 'rejected');
        return;
      }
      this.m.retries++;
      if (res.maybeDelivered) this.m.duplicatesPossible++;
      await this.backoff(++attempt, res.retryAfterMs);
    }
  }

  private async sendOnce(body: string | Uint8Array, count: number, gzip: boolean): Promise<SendResult> {
    const ctrl = new AbortController();
    const onShutdown = () => ctrl.abort(new Error('audit logger closed'));
    this.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
    const t = unref(setTimeout(() => ctrl.abort(new Error('request timeout')), this.options.requestTimeoutMs));
    try {
      const req: SendRequest = { body, count, gzip, signal: ctrl.signal };
      if (this.options.fetch) req.fetch = this.options.fetch;
      return await this.sink.send(req);
    } catch (err) {
      return { ok: false, retryable: true, error: errorText(err), maybeDelivered: true };
    } finally {
      clearTimeout(t);
      this.shutdown.signal.removeEventListener('abort', onShutdown);
    }
  }

  private backoff(attempt: number, retryAfterMs: number | undefined): Promise<void> {
    const o = this.options;
    const delay =
      retryAfterMs !== undefined
        ? Math.min(retryAfterMs, o.retryAfterMaxMs)
        : Math.random() * Math.min(o.retryMaxMs, o.retryBaseMs * 2 ** (attempt - 1));
    return this.sleep(delay);
  }

  private sleep(ms: number): Promise<void> {
    if (this.shutdown.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.shutdown.signal.removeEventListener('abort', done);
        resolve();
      };
      const t = unref(setTimeout(done, ms));
      this.shutdown.signal.addEventListener('abort', done, { once: true });
    });
  }

  // ── Flush / close ─────────────────────────────────────────────────────────────────────────

  private get idle(): boolean {
    return this.queued === 0 && this.inflightEvents === 0;
  }

  private checkIdle(): void {
    if (this.idle && this.idleWaiters.length) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves `true` once nothing is queued or in flight, `false` if `timeoutMs` passes first. */
  private waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      // Deliberately not unref'd: an awaited flush keeps a Node process alive until its deadline.
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
  async flush(timeoutMs = 10_000): Promise<boolean> {
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
  close(timeoutMs = 10_000): Promise<boolean> {
    this.closed ??= (async () => {
      this.closing = true;
      this.kick();
      const ok = await this.waitIdle(timeoutMs);
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      if (!ok) {
        const left = this.queued;
        const undelivered = left + this.inflightEvents;
        this.m.abandoned += left;
        this.units = [];
        this.head = 0;
        this.queuedBytes = 0;
        this.shutdown.abort();
        if (this.workers > 0) {
          await new Promise<void>((resolve) => {
            const t = unref(setTimeout(resolve, 1000));
            this.workerWaiters.push(() => {
              clearTimeout(t);
              resolve();
            });
          });
        }
        this.warn('abandoned', undelivered, `${this.name}: close() deadline passed with events undelivered`);
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

  metrics(): SinkMetrics {
    return {
      ...this.m,
      queuedEvents: this.queued,
      queuedBytes: this.queuedBytes,
      inflightEvents: this.inflightEvents,
    };
  }

  // ── Warnings (rate-limited per kind: the first at once, the rest summarised every 5 s) ────────

  private warn(kind: AuditWarning['kind'], count: number, message: string): void {
    const now = Date.now();
    let s = this.warnState.get(kind);
    if (!s) this.warnState.set(kind, (s = { last: 0, pending: 0 }));
    s.pending += count;
    const emit = () => {
      const st = s!;
      st.timer = undefined;
      if (st.pending === 0) return;
      st.last = Date.now();
      const n = st.pending;
      st.pending = 0;
      try {
        this.onWarning({ kind, sink: this.name, count: n, message });
      } catch {
        /* a warning handler must not break delivery */
      }
    };
    if (now - s.last >= 5000) emit();
    else if (!s.timer) s.timer = unref(setTimeout(emit, 5000 - (now - s.last)));
  }
}
