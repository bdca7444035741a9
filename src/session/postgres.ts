// PostgresStore and migrate() (Node only: pg). Never imported by the Edge-safe index.
//
// Tables (migrations/001_sessions.sql): accord_sessions, accord_subject_revocations, plus
// accord_migrations (bookkeeping, created by migrate()). Every write that revokes calls
// pg_notify in the same statement, so the event is delivered exactly when the write commits.
// A dedicated connection LISTENs and reconnects with backoff; its status is reported to
// subscribers so that caches stop serving while the feed is down.
import pg from 'pg';
import type { Pool, PoolClient, PoolConfig, QueryResultRow } from 'pg';
import { DEFAULT_STORE_TIMEOUT_MS, withDeadline } from './deadline.js';
import type { StoreOpOptions } from './deadline.js';
import { SessionStoreError } from './errors.js';
import { MIGRATIONS } from './migrations.js';
import { CreateSessionInputSchema, SessionRecordSchema, isSessionId, newSessionId, parseRevocationEvent } from './record.js';
import type { CreateSessionInput, RevocationEvent, SessionRecord } from './record.js';
import { DEFAULT_MAX_LIFETIME_MS } from './types.js';
import type { RevocationListener, SessionStore, StoreOptions } from './types.js';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string, what: string): string {
  if (!IDENT.test(name)) throw new TypeError(`${what} must match ${IDENT}`);
  return `"${name}"`;
}

export interface PostgresStoreOptions extends StoreOptions {
  /** An existing pool (the store will not end it). Attach your own pool.on('error') handler. */
  pool?: Pool;
  /** Used when no pool is given (default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres). */
  connectionString?: string;
  /** Extra pg Pool settings for a pool this store creates. */
  poolConfig?: PoolConfig;
  /** Schema holding the tables (default "public"). */
  schema?: string;
  /** NOTIFY channel (default "accord_revocations", suffixed with the schema when not public). */
  channel?: string;
  /** Backoff bounds for re-establishing LISTEN, ms (default 100 .. 1000). */
  listenRetryMs?: { min: number; max: number };
}

const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08007']);

function mapPgError(what: string) {
  return (err: unknown): unknown => {
    if (err instanceof SessionStoreError) return err;
    const e = err as { code?: string; message?: string };
    const msg = typeof e?.message === 'string' ? e.message.slice(0, 120) : 'failed';
    if (e?.code === '57014' || msg.includes('Query read timeout')) {
      return new SessionStoreError('ERR_STORE_TIMEOUT', `postgres.${what}: ${msg}`, { cause: err });
    }
    // Connection loss, refused connections, pool exhaustion, missing tables (not migrated),
    // anything else: the store cannot answer authoritatively.
    const kind = e?.code && CONNECTION_CODES.has(e.code) ? 'connection lost' : msg;
    return new SessionStoreError('ERR_STORE_UNAVAILABLE', `postgres.${what}: ${kind}`, { cause: err });
  };
}

interface Row extends QueryResultRow {
  id: string;
  subject: string;
  kind: 'user' | 'service';
  created_at: Date;
  expires_at: Date;
  version: number;
  revoked: boolean;
  revoked_at: Date | null;
  auth_time: Date;
  amr: string[] | null;
  metadata: Record<string, unknown> | null;
  revoked_before: Date | null;
  recorded_at: Date | null;
}

function toRecord(row: Row): SessionRecord {
  const created = row.created_at.getTime();
  const cutoff = row.revoked_before ? row.revoked_before.getTime() : undefined;
  const byCutoff = !row.revoked && cutoff !== undefined && created <= cutoff;
  const candidate = {
    id: row.id,
    subject: row.subject,
    created_at: created,
    expires_at: row.expires_at.getTime(),
    version: row.version,
    revoked: row.revoked || byCutoff,
    ...(row.revoked && row.revoked_at ? { revoked_at: row.revoked_at.getTime() } : {}),
    ...(byCutoff ? { revoked_at: (row.recorded_at ?? row.revoked_before!).getTime() } : {}),
    auth_time: row.auth_time.getTime(),
    ...(row.amr ? { amr: row.amr } : {}),
    kind: row.kind,
    metadata: row.metadata ?? {},
  };
  const parsed = SessionRecordSchema.safeParse(candidate);
  if (!parsed.success) throw new SessionStoreError('ERR_STORE_CORRUPT', 'postgres: stored session fails the schema');
  return parsed.data;
}

/** Short stable suffix for prepared-statement names (one set per schema). */
function tag(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

export class PostgresStore implements SessionStore {
  readonly name = 'postgres';
  readonly pool: Pool;
  readonly schema: string;
  readonly channel: string;
  private readonly ownsPool: boolean;
  private readonly timeoutMs: number;
  private readonly maxLifetimeMs: number;
  private readonly clock: () => number;
  private readonly sql: Record<'get' | 'create' | 'touch' | 'revoke' | 'cutoff' | 'purgeS' | 'purgeR', { name: string; text: string }>;
  private readonly listeners = new Set<RevocationListener>();
  private listenClient: pg.Client | undefined;
  private listenUp = false;
  private listenTimer: ReturnType<typeof setTimeout> | undefined;
  private listenAttempts = 0;
  private readonly listenRetry: { min: number; max: number };
  private closed = false;
  lastError: Error | undefined;

  constructor(options: PostgresStoreOptions = {}) {
    this.schema = options.schema ?? 'public';
    const s = ident(this.schema, 'schema');
    this.channel = options.channel ?? (this.schema === 'public' ? 'accord_revocations' : `accord_rev_${this.schema}`.slice(0, 63));
    ident(this.channel, 'channel');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.maxLifetimeMs = options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS;
    this.clock = options.clock ?? Date.now;
    this.listenRetry = options.listenRetryMs ?? { min: 100, max: 1000 };
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      this.pool = new pg.Pool({
        connectionString: options.connectionString ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
        max: 10,
        connectionTimeoutMillis: 1000,
        idleTimeoutMillis: 30_000,
        // A query abandoned by its deadline still ends server-side soon after.
        query_timeout: Math.max(1000, this.timeoutMs * 4),
        application_name: 'accord',
        ...options.poolConfig,
      });
      this.ownsPool = true;
    }
    // An idle client whose backend dies emits 'error' on the pool; without a handler Node crashes.
    this.pool.on('error', (err) => {
      this.lastError = err;
    });
    const S = `${s}.accord_sessions`;
    const R = `${s}.accord_subject_revocations`;
    const t = tag(this.schema);
    const cols = 's.id, s.subject, s.kind, s.created_at, s.expires_at, s.version, s.revoked, s.revoked_at, s.auth_time, s.amr, s.metadata';
    this.sql = {
      get: {
        name: `accord_get_${t}`,
        text: `SELECT ${cols}, r.revoked_before, r.recorded_at FROM ${S} s LEFT JOIN ${R} r ON r.subject = s.subject WHERE s.id = $1 AND s.expires_at > $2`,
      },
      create: {
        name: `accord_create_${t}`,
        text: `INSERT INTO ${S} (id, subject, kind, created_at, expires_at, version, revoked, auth_time, amr, metadata) VALUES ($1, $2, $3, $4, $5, 1, false, $6, $7, $8::jsonb)`,
      },
      touch: {
        name: `accord_touch_${t}`,
        text: `UPDATE ${S} s SET expires_at = LEAST(GREATEST(s.expires_at, $2::timestamptz), s.created_at + $3::bigint * interval '1 millisecond'), version = s.version + 1
WHERE s.id = $1 AND NOT s.revoked AND s.expires_at > $4
  AND LEAST(GREATEST(s.expires_at, $2::timestamptz), s.created_at + $3::bigint * interval '1 millisecond') > s.expires_at
  AND NOT EXISTS (SELECT 1 FROM ${R} r WHERE r.subject = s.subject AND s.created_at <= r.revoked_before)`,
      },
      revoke: {
        name: `accord_revoke_${t}`,
        text: `WITH u AS (
  UPDATE ${S} SET revoked = true, revoked_at = COALESCE(revoked_at, $2), version = version + (CASE WHEN revoked THEN 0 ELSE 1 END)
  WHERE id = $1 AND expires_at > $2 RETURNING 1
) SELECT (SELECT count(*) FROM u)::int AS n, pg_notify($3, $4)`,
      },
      cutoff: {
        name: `accord_cutoff_${t}`,
        text: `WITH c AS (
  INSERT INTO ${R} AS r (subject, revoked_before, recorded_at, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (subject) DO UPDATE SET
    recorded_at = CASE WHEN EXCLUDED.revoked_before > r.revoked_before THEN EXCLUDED.recorded_at ELSE r.recorded_at END,
    expires_at = GREATEST(r.expires_at, EXCLUDED.expires_at),
    revoked_before = GREATEST(r.revoked_before, EXCLUDED.revoked_before)
  RETURNING 1
), u AS (
  UPDATE ${S} SET revoked = true, revoked_at = $3, version = version + 1
  WHERE subject = $1 AND created_at <= $2 AND NOT revoked RETURNING 1
) SELECT (SELECT count(*) FROM c)::int AS c, (SELECT count(*) FROM u)::int AS n, pg_notify($5, $6)`,
      },
      purgeS: { name: `accord_purge_s_${t}`, text: `DELETE FROM ${S} WHERE expires_at <= $1` },
      purgeR: { name: `accord_purge_r_${t}`, text: `DELETE FROM ${R} WHERE expires_at <= $1` },
    };
  }

  private run<T>(what: string, opts: StoreOpOptions | undefined, fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new SessionStoreError('ERR_STORE_UNAVAILABLE', `postgres.${what}: store closed`));
    return withDeadline(`postgres.${what}`, opts, this.timeoutMs, fn, mapPgError(what));
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
    await this.run('create', opts, () =>
      this.pool.query({
        ...this.sql.create,
        values: [
          record.id,
          record.subject,
          record.kind,
          new Date(record.created_at),
          new Date(record.expires_at),
          new Date(record.auth_time),
          record.amr ?? null,
          JSON.stringify(record.metadata),
        ],
      }),
    );
    return record;
  }

  async get(id: string, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    if (!isSessionId(id)) return null;
    const res = await this.run('get', opts, () => this.pool.query<Row>({ ...this.sql.get, values: [id, new Date(this.clock())] }));
    return res.rows.length === 0 ? null : toRecord(res.rows[0]);
  }

  async touch(id: string, ttlMs: number, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    if (!isSessionId(id)) return null;
    if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new TypeError('ttlMs must be a positive integer');
    const now = this.clock();
    await this.run('touch', opts, () =>
      this.pool.query({ ...this.sql.touch, values: [id, new Date(now + ttlMs), this.maxLifetimeMs, new Date(now)] }),
    );
    return this.get(id, opts);
  }

  async revoke(id: string, opts?: StoreOpOptions): Promise<boolean> {
    if (!isSessionId(id)) return false;
    const event: RevocationEvent = { type: 'session', id };
    const res = await this.run('revoke', opts, () =>
      this.pool.query<{ n: number }>({ ...this.sql.revoke, values: [id, new Date(this.clock()), this.channel, JSON.stringify(event)] }),
    );
    return res.rows[0].n > 0;
  }

  private async cutoff(subject: string, before: number, kind: 'service' | undefined, opts: StoreOpOptions | undefined): Promise<void> {
    if (typeof subject !== 'string' || subject.length === 0) throw new TypeError('subject required');
    if (!Number.isFinite(before)) throw new TypeError('before must be a valid Date');
    const now = this.clock();
    const event: RevocationEvent = kind ? { type: 'subject', subject, before, kind } : { type: 'subject', subject, before };
    await this.run('revokeSubject', opts, () =>
      this.pool.query({
        ...this.sql.cutoff,
        values: [subject, new Date(before), new Date(now), new Date(Math.max(before, now) + this.maxLifetimeMs), this.channel, JSON.stringify(event)],
      }),
    );
  }

  revokeSubject(subject: string, before: Date, opts?: StoreOpOptions): Promise<void> {
    return this.cutoff(subject, before.getTime(), undefined, opts);
  }

  revokeServiceAccount(subject: string, opts?: StoreOpOptions & { before?: Date }): Promise<void> {
    return this.cutoff(subject, (opts?.before ?? new Date(this.clock())).getTime(), 'service', opts);
  }

  /** Delete expired sessions and cutoffs that can no longer matter. Run periodically (cron, CLI). */
  async purgeExpired(opts?: StoreOpOptions): Promise<{ sessions: number; cutoffs: number }> {
    const now = new Date(this.clock());
    const a = await this.run('purge', opts, () => this.pool.query({ ...this.sql.purgeS, values: [now] }));
    const b = await this.run('purge', opts, () => this.pool.query({ ...this.sql.purgeR, values: [now] }));
    return { sessions: a.rowCount ?? 0, cutoffs: b.rowCount ?? 0 };
  }

  // ---- LISTEN/NOTIFY feed -------------------------------------------------------------------

  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    if (!this.listenClient && !this.listenTimer && !this.closed) this.connectListener();
    else listener.onStatus?.(this.listenUp);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopListener();
    };
  }

  private setListenUp(up: boolean): void {
    if (up === this.listenUp) return;
    this.listenUp = up;
    for (const l of this.listeners) l.onStatus?.(up);
  }

  private scheduleListener(): void {
    if (this.closed || this.listeners.size === 0 || this.listenTimer) return;
    const delay = Math.min(this.listenRetry.max, this.listenRetry.min * 2 ** Math.min(this.listenAttempts, 10));
    this.listenAttempts++;
    this.listenTimer = setTimeout(() => {
      this.listenTimer = undefined;
      this.connectListener();
    }, delay);
    this.listenTimer.unref?.();
  }

  private connectListener(): void {
    const opts = this.pool.options as PoolConfig;
    const client = new pg.Client({ ...opts, application_name: `${opts.application_name ?? 'accord'}_listen` });
    this.listenClient = client;
    const lost = (err?: Error) => {
      if (err) this.lastError = err;
      if (this.listenClient !== client) return;
      this.listenClient = undefined;
      this.setListenUp(false);
      client.end().catch(() => {});
      this.scheduleListener();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel || !msg.payload) return;
      const event = parseRevocationEvent(msg.payload);
      if (!event) return;
      for (const l of this.listeners) {
        try {
          l.onEvent(event);
        } catch {
          // isolate listeners
        }
      }
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${ident(this.channel, 'channel')}`))
      .then(() => {
        if (this.listenClient !== client) return;
        this.listenAttempts = 0;
        this.setListenUp(true);
      })
      .catch((err: Error) => lost(err));
  }

  private stopListener(): void {
    if (this.listenTimer) clearTimeout(this.listenTimer);
    this.listenTimer = undefined;
    const c = this.listenClient;
    this.listenClient = undefined;
    this.setListenUp(false);
    c?.end().catch(() => {});
  }

  /** Whether the LISTEN connection is up (for health checks). */
  get feedConnected(): boolean {
    return this.listenUp;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopListener();
    this.listeners.clear();
    if (this.ownsPool) await this.pool.end().catch(() => {});
  }
}

// ---- migrations -------------------------------------------------------------------------------

export interface MigrateOptions {
  /** Target schema (default "public"); created if missing. */
  schema?: string;
}

export interface MigrateResult {
  schema: string;
  applied: number[];
  current: number;
}

type Queryable = Pick<PoolClient, 'query'>;

function isPool(db: Pool | pg.Client | PoolClient): db is Pool {
  // Duck-typed: a Pool from another copy of pg is still a pool (its queries may not share a connection).
  return db instanceof pg.Pool || typeof (db as unknown as Partial<Pool>).totalCount === 'number';
}

/**
 * Apply pending migrations (migrations/*.sql, embedded) in one transaction, serialised across
 * processes with an advisory lock. Idempotent. `accord migrate` calls this.
 */
export async function migrate(db: Pool | pg.Client | PoolClient, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = options.schema ?? 'public';
  const s = ident(schema, 'schema');
  let client: Queryable;
  let release: (() => void) | undefined;
  if (isPool(db)) {
    const c = await db.connect();
    client = c;
    release = () => c.release();
  } else {
    client = db;
  }
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['accord.migrate']);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`SET LOCAL search_path TO ${s}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS accord_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM accord_migrations')).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await client.query(m.sql);
        await client.query('INSERT INTO accord_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
      const current = Math.max(0, ...MIGRATIONS.map((m) => m.version));
      return { schema, applied, current };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  } finally {
    release?.();
  }
}
