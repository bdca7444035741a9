// RedisStore (Node only: ioredis). Never imported by the Edge-safe index.
//
// Layout under `keyPrefix` (default "accord:"):
//   {p}s:{id}        hash  d (immutable JSON: kind, auth_time, amr, metadata), sub, cat (created_at),
//                          exp (expires_at), ver, rev ("0"/"1"), rat (revoked_at); PEXPIREAT exp
//   {p}c:{subject}   hash  b (cutoff: sessions created at or before it are revoked), t (when recorded);
//                          expires maxLifetimeMs after the cutoff (no older session can remain)
//   {p}revocations   pub/sub channel of RevocationEvent JSON
// Every read and write is one Lua script: atomic, one round trip, the PUBLISH in the same script
// as the write it announces. Scripts read the cutoff key they derive from the session's subject,
// so this layout targets standalone Redis / Sentinel, not Redis Cluster.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { DEFAULT_STORE_TIMEOUT_MS, withDeadline } from './deadline.js';
import type { StoreOpOptions } from './deadline.js';
import { SessionStoreError } from './errors.js';
import { CreateSessionInputSchema, SessionRecordSchema, isSessionId, newSessionId, parseRevocationEvent } from './record.js';
import type { CreateSessionInput, RevocationEvent, SessionRecord } from './record.js';
import { DEFAULT_MAX_LIFETIME_MS } from './types.js';
import type { RevocationListener, SessionStore, StoreOptions } from './types.js';

export interface RedisStoreOptions extends StoreOptions {
  /** Connection URL (default REDIS_URL, else redis://127.0.0.1:6379). Ignored when `client` is given. */
  url?: string;
  /** Extra ioredis options for the connections this store creates. */
  redisOptions?: RedisOptions;
  /**
   * Bring your own client. Recommended settings: enableOfflineQueue false (fail fast while
   * disconnected), a short connectTimeout. The store does not close a client it did not create.
   */
  client?: Redis;
  /** Prefix for every key and the channel (default "accord:"). */
  keyPrefix?: string;
}

const GET_FIELDS = `
local v = redis.call('HMGET', KEYS[1], 'd', 'sub', 'cat', 'exp', 'ver', 'rev', 'rat')
if not v[1] then return false end
local c = redis.call('HMGET', ARGV[1] .. v[2], 'b', 't')
return {v[1], v[2], v[3], v[4], v[5], v[6] or '0', v[7] or '', c[1] or '', c[2] or ''}
`;

const SCRIPTS = {
  // KEYS[1]=session; ARGV[1]=cutoff prefix
  get: GET_FIELDS,
  // KEYS[1]=session; ARGV: d, sub, cat, exp
  create: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'sub', ARGV[2], 'cat', ARGV[3], 'exp', ARGV[4], 'ver', '1', 'rev', '0')
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1
`,
  // KEYS[1]=session; ARGV: cutoff prefix, now, now+ttl, maxLifetime
  touch: `
local s = redis.call('HMGET', KEYS[1], 'sub', 'cat', 'exp', 'rev')
if not s[1] then return false end
local cat, exp, now = tonumber(s[2]), tonumber(s[3]), tonumber(ARGV[2])
local b = redis.call('HGET', ARGV[1] .. s[1], 'b')
local revoked = s[4] == '1' or (b and cat <= tonumber(b))
if not revoked and exp > now then
  local nexp = math.min(math.max(exp, tonumber(ARGV[3])), cat + tonumber(ARGV[4]))
  if nexp > exp then
    redis.call('HSET', KEYS[1], 'exp', string.format('%d', nexp))
    redis.call('HINCRBY', KEYS[1], 'ver', 1)
    redis.call('PEXPIREAT', KEYS[1], string.format('%d', nexp))
  end
end
${GET_FIELDS}`,
  // KEYS[1]=session; ARGV: now, channel, payload
  revoke: `
local existed = redis.call('EXISTS', KEYS[1])
if existed == 1 and redis.call('HGET', KEYS[1], 'rev') ~= '1' then
  redis.call('HSET', KEYS[1], 'rev', '1', 'rat', ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'ver', 1)
end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return existed
`,
  // KEYS[1]=cutoff; ARGV: before, now, expireAt, channel, payload
  cutoff: `
local cur = tonumber(redis.call('HGET', KEYS[1], 'b') or '-1')
if tonumber(ARGV[1]) > cur then
  redis.call('HSET', KEYS[1], 'b', ARGV[1], 't', ARGV[2])
  redis.call('PEXPIREAT', KEYS[1], ARGV[3])
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
const SHA: Record<ScriptName, string> = Object.fromEntries(
  Object.entries(SCRIPTS).map(([k, v]) => [k, createHash('sha1').update(v).digest('hex')]),
) as Record<ScriptName, string>;

interface Immutable {
  kind: 'user' | 'service';
  auth_time: number;
  amr?: string[];
  metadata: Record<string, unknown>;
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

export class RedisStore implements SessionStore {
  readonly name = 'redis';
  readonly client: Redis;
  readonly keyPrefix: string;
  readonly channel: string;
  private readonly ownsClient: boolean;
  private readonly timeoutMs: number;
  private readonly maxLifetimeMs: number;
  private readonly clock: () => number;
  private readonly connOptions: RedisOptions;
  private subscriber: Redis | undefined;
  private subscriberUp = false;
  private readonly listeners = new Set<RevocationListener>();
  private closed = false;
  /** The client's own ioredis `keyPrefix` (see cutoffPrefix), fixed when the client is made. */
  private readonly clientKeyPrefix: string;
  /** Last connection-level error, for diagnostics (never thrown from an event handler). */
  lastError: Error | undefined;

  constructor(options: RedisStoreOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'accord:';
    this.channel = `${this.keyPrefix}revocations`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.maxLifetimeMs = options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS;
    this.clock = options.clock ?? Date.now;
    this.connOptions = {
      // Fail fast while disconnected instead of queueing until the deadline: ERR_STORE_UNAVAILABLE.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      retryStrategy: (times: number) => Math.min(50 * times, 500),
      lazyConnect: true,
      ...options.redisOptions,
    };
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      this.client = new Redis(url, this.connOptions);
      this.ownsClient = true;
      this.client.connect().catch((err: Error) => {
        this.lastError = err;
      });
    }
    const own = (this.client.options as { keyPrefix?: unknown } | undefined)?.keyPrefix;
    this.clientKeyPrefix = typeof own === 'string' ? own : '';
    this.client.on('error', (err: Error) => {
      this.lastError = err;
    });
  }

  /** Create a store and wait until its connection is ready (or fail with ERR_STORE_UNAVAILABLE). */
  static async connect(options: RedisStoreOptions & { readyTimeoutMs?: number } = {}): Promise<RedisStore> {
    const store = new RedisStore(options);
    try {
      await store.ready(options.readyTimeoutMs ?? 2000);
      return store;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** Resolve once the connection is ready. */
  async ready(timeoutMs = 2000): Promise<void> {
    if (this.client.status === 'ready') return;
    await withDeadline('redis.ready', { timeoutMs }, timeoutMs, () =>
      new Promise<void>((resolve, reject) => {
        const onReady = () => {
          cleanup();
          resolve();
        };
        const onEnd = () => {
          cleanup();
          reject(new SessionStoreError('ERR_STORE_UNAVAILABLE', 'redis: connection ended'));
        };
        const cleanup = () => {
          this.client.off('ready', onReady);
          this.client.off('end', onEnd);
        };
        this.client.on('ready', onReady);
        this.client.on('end', onEnd);
        if (this.client.status === 'ready') onReady();
      }),
    ).catch((err: unknown) => {
      if (SessionStoreError.is(err, 'ERR_STORE_TIMEOUT')) {
        throw new SessionStoreError('ERR_STORE_UNAVAILABLE', 'redis: not ready', { cause: this.lastError });
      }
      throw err;
    });
  }

  private mapError = (what: string) => (err: unknown): unknown => {
    if (err instanceof SessionStoreError) return err;
    return new SessionStoreError('ERR_STORE_UNAVAILABLE', `redis.${what}: ${err instanceof Error ? err.message.slice(0, 120) : 'failed'}`, {
      cause: err,
    });
  };

  private run(what: string, opts: StoreOpOptions | undefined, fn: () => Promise<unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new SessionStoreError('ERR_STORE_UNAVAILABLE', `redis.${what}: store closed`));
    return withDeadline(`redis.${what}`, opts, this.timeoutMs, fn, this.mapError(what));
  }

  private async script(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.client.evalsha(SHA[name], keys.length, ...keys, ...args);
    } catch (err) {
      if (!isNoScript(err)) throw err;
      return this.client.eval(SCRIPTS[name], keys.length, ...keys, ...args);
    }
  }

  private sessionKey(id: string): string {
    return `${this.keyPrefix}s:${id}`;
  }

  /**
   * The cutoff keys' prefix as the get/touch scripts must spell it (ARGV): they build the key from
   * the session's subject, and ioredis adds a client's own `keyPrefix` only to the keys passed in
   * KEYS, so it is added here (without it, a prefixed client's subject revocations would be
   * written where the scripts never look).
   */
  private cutoffPrefix(): string {
    return `${this.clientKeyPrefix}${this.keyPrefix}c:`;
  }

  private decode(id: string, reply: unknown): SessionRecord | null {
    if (reply === null || reply === undefined) return null;
    if (!Array.isArray(reply) || reply.length !== 9) {
      throw new SessionStoreError('ERR_STORE_CORRUPT', 'redis: unexpected script reply');
    }
    const [d, sub, cat, exp, ver, rev, rat, cb, ct] = reply as string[];
    let fixed: Immutable;
    try {
      fixed = JSON.parse(d) as Immutable;
    } catch (cause) {
      throw new SessionStoreError('ERR_STORE_CORRUPT', 'redis: session data is not JSON', { cause });
    }
    if (fixed === null || typeof fixed !== 'object' || Array.isArray(fixed)) {
      throw new SessionStoreError('ERR_STORE_CORRUPT', 'redis: session data is not an object');
    }
    const created = Number(cat);
    const cutoff = cb === '' ? undefined : Number(cb);
    const ownRevoked = rev === '1';
    const byCutoff = !ownRevoked && cutoff !== undefined && created <= cutoff;
    const candidate = {
      id,
      subject: sub,
      created_at: created,
      expires_at: Number(exp),
      version: Number(ver),
      revoked: ownRevoked || byCutoff,
      ...(ownRevoked && rat !== '' ? { revoked_at: Number(rat) } : {}),
      ...(byCutoff ? { revoked_at: ct === '' ? cutoff : Number(ct) } : {}),
      auth_time: fixed.auth_time,
      ...(fixed.amr ? { amr: fixed.amr } : {}),
      kind: fixed.kind,
      metadata: fixed.metadata ?? {},
    };
    const parsed = SessionRecordSchema.safeParse(candidate);
    if (!parsed.success) throw new SessionStoreError('ERR_STORE_CORRUPT', 'redis: stored session fails the schema');
    return parsed.data;
  }

  async create(input: CreateSessionInput, opts?: StoreOpOptions): Promise<SessionRecord> {
    const i = CreateSessionInputSchema.parse(input);
    const now = this.clock();
    const record: SessionRecord = {
      id: newSessionId(),
      subject: i.subject,
      created_at: now,
      expires_at: now + Math.min(i.ttlMs, this.maxLifetimeMs),
      version: 1,
      revoked: false,
      auth_time: i.auth_time ?? now,
      ...(i.amr ? { amr: i.amr } : {}),
      kind: i.kind,
      metadata: i.metadata,
    };
    const fixed: Immutable = { kind: record.kind, auth_time: record.auth_time, metadata: record.metadata, ...(record.amr ? { amr: record.amr } : {}) };
    const created = await this.run('create', opts, () =>
      this.script('create', [this.sessionKey(record.id)], [JSON.stringify(fixed), record.subject, record.created_at, record.expires_at]),
    );
    if (created !== 1) throw new SessionStoreError('ERR_STORE_CORRUPT', 'redis: session id collision');
    return record;
  }

  async get(id: string, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    if (!isSessionId(id)) return null;
    const reply = await this.run('get', opts, () => this.script('get', [this.sessionKey(id)], [this.cutoffPrefix()]));
    const record = this.decode(id, reply);
    // Redis expires keys at PEXPIREAT with ms precision; this guards against clock skew between hosts.
    return record && record.expires_at > this.clock() ? record : null;
  }

  async touch(id: string, ttlMs: number, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    if (!isSessionId(id)) return null;
    if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new TypeError('ttlMs must be a positive integer');
    const now = this.clock();
    const reply = await this.run('touch', opts, () =>
      this.script('touch', [this.sessionKey(id)], [this.cutoffPrefix(), now, now + ttlMs, this.maxLifetimeMs]),
    );
    const record = this.decode(id, reply);
    return record && record.expires_at > now ? record : null;
  }

  async revoke(id: string, opts?: StoreOpOptions): Promise<boolean> {
    if (!isSessionId(id)) return false;
    const event: RevocationEvent = { type: 'session', id };
    const existed = await this.run('revoke', opts, () =>
      this.script('revoke', [this.sessionKey(id)], [this.clock(), this.channel, JSON.stringify(event)]),
    );
    return existed === 1;
  }

  private async cutoff(subject: string, before: number, kind: 'service' | undefined, opts: StoreOpOptions | undefined): Promise<void> {
    if (typeof subject !== 'string' || subject.length === 0) throw new TypeError('subject required');
    if (!Number.isFinite(before)) throw new TypeError('before must be a valid Date');
    const now = this.clock();
    const event: RevocationEvent = kind ? { type: 'subject', subject, before, kind } : { type: 'subject', subject, before };
    await this.run('revokeSubject', opts, () =>
      this.script(
        'cutoff',
        [`${this.keyPrefix}c:${subject}`], // a KEYS entry: ioredis adds the client's own prefix itself
        [before, now, Math.max(before, now) + this.maxLifetimeMs, this.channel, JSON.stringify(event)],
      ),
    );
  }

  revokeSubject(subject: string, before: Date, opts?: StoreOpOptions): Promise<void> {
    return this.cutoff(subject, before.getTime(), undefined, opts);
  }

  revokeServiceAccount(subject: string, opts?: StoreOpOptions & { before?: Date }): Promise<void> {
    return this.cutoff(subject, (opts?.before ?? new Date(this.clock())).getTime(), 'service', opts);
  }

  /**
   * Revocation feed over pub/sub on a dedicated connection. Status goes false on disconnect and
   * true only after SUBSCRIBE is confirmed again (events published in between are lost, which is
   * why consumers clear their caches on the way back up).
   */
  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    if (!this.subscriber && !this.closed) this.startSubscriber();
    else listener.onStatus?.(this.subscriberUp);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopSubscriber();
    };
  }

  private setSubscriberUp(up: boolean): void {
    if (up === this.subscriberUp) return;
    this.subscriberUp = up;
    for (const l of this.listeners) l.onStatus?.(up);
  }

  private startSubscriber(): void {
    const sub = this.client.duplicate({ ...this.connOptions, enableOfflineQueue: true, autoResubscribe: false, lazyConnect: true });
    this.subscriber = sub;
    sub.on('error', (err: Error) => {
      this.lastError = err;
    });
    sub.on('ready', () => {
      sub.subscribe(this.channel).then(
        () => {
          if (this.subscriber === sub) this.setSubscriberUp(true);
        },
        (err: Error) => {
          this.lastError = err;
          sub.disconnect(true);
        },
      );
    });
    sub.on('close', () => this.setSubscriberUp(false));
    sub.on('end', () => this.setSubscriberUp(false));
    sub.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const event = parseRevocationEvent(message);
      if (!event) return;
      for (const l of this.listeners) {
        try {
          l.onEvent(event);
        } catch {
          // isolate listeners
        }
      }
    });
    sub.connect().catch((err: Error) => {
      this.lastError = err;
    });
  }

  private stopSubscriber(): void {
    const sub = this.subscriber;
    this.subscriber = undefined;
    this.setSubscriberUp(false);
    if (sub) sub.disconnect(false);
  }

  /** Delete every key under this store's prefix (tests, teardown). SCAN-based; O(keys). */
  async destroyAll(): Promise<number> {
    let cursor = '0';
    let n = 0;
    do {
      // SCAN patterns and the names it returns carry a client keyPrefix; DEL adds it again.
      const clientPrefix = this.clientKeyPrefix;
      const [next, keys] = await this.client.scan(cursor, 'MATCH', `${clientPrefix}${this.keyPrefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) n += await this.client.del(...keys.map((k) => k.slice(clientPrefix.length)));
    } while (cursor !== '0');
    return n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopSubscriber();
    this.listeners.clear();
    if (this.ownsClient) this.client.disconnect(false);
  }
}
