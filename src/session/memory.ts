// MemoryStore: the embedded default (one process, tests, demos). Edge-safe: Maps only, no timers.
import { deepFreeze } from '../claims/freeze.js';
import { DEFAULT_STORE_TIMEOUT_MS } from './deadline.js';
import type { StoreOpOptions } from './deadline.js';
import { SessionStoreError } from './errors.js';
import { CreateSessionInputSchema, applyCutoff, isSessionId, newSessionId } from './record.js';
import type { CreateSessionInput, RevocationEvent, SessionRecord } from './record.js';
import { DEFAULT_MAX_LIFETIME_MS } from './types.js';
import type { RevocationListener, SessionStore, StoreOptions } from './types.js';

interface Cutoff {
  before: number;
  at: number;
  expiresAt: number;
}

const SWEEP_EVERY = 1024;

export class MemoryStore implements SessionStore {
  readonly name = 'memory';
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly cutoffs = new Map<string, Cutoff>();
  private readonly listeners = new Set<RevocationListener>();
  private readonly clock: () => number;
  private readonly maxLifetimeMs: number;
  readonly timeoutMs: number;
  private writes = 0;
  private closed = false;

  constructor(options: StoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxLifetimeMs = options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  }

  private check(opts: StoreOpOptions | undefined, what: string): void {
    if (this.closed) throw new SessionStoreError('ERR_STORE_UNAVAILABLE', `memory.${what}: store closed`);
    if (opts?.signal?.aborted) throw new SessionStoreError('ERR_STORE_TIMEOUT', `memory.${what}: aborted by caller`);
  }

  private emit(event: RevocationEvent): void {
    for (const l of this.listeners) {
      try {
        l.onEvent(event);
      } catch {
        // A listener's failure must not break the revocation itself.
      }
    }
  }

  private sweep(now: number): void {
    if (++this.writes % SWEEP_EVERY !== 0) return;
    for (const [id, r] of this.sessions) if (r.expires_at <= now) this.sessions.delete(id);
    for (const [s, c] of this.cutoffs) if (c.expiresAt <= now) this.cutoffs.delete(s);
  }

  private view(id: string, now: number): SessionRecord | null {
    const r = this.sessions.get(id);
    if (!r) return null;
    if (r.expires_at <= now) {
      this.sessions.delete(id);
      return null;
    }
    const c = this.cutoffs.get(r.subject);
    return c ? applyCutoff(r, c.before, c.at) : r;
  }

  async create(input: CreateSessionInput, opts?: StoreOpOptions): Promise<SessionRecord> {
    this.check(opts, 'create');
    const i = CreateSessionInputSchema.parse(input);
    const now = this.clock();
    const ttl = Math.min(i.ttlMs, this.maxLifetimeMs);
    let id = newSessionId();
    while (this.sessions.has(id)) id = newSessionId();
    const record: SessionRecord = Object.freeze({
      id,
      subject: i.subject,
      created_at: now,
      expires_at: now + ttl,
      version: 1,
      revoked: false,
      auth_time: i.auth_time ?? now,
      // Copied and frozen to the last array: a record never changes after it is stored
      // (touch/revoke replace it), whatever the caller later does to what it passed in. The
      // metadata goes through JSON as in the Redis and Postgres stores, so every store keeps the
      // same values (and the roles a policy reads cannot be edited in place).
      ...(i.amr ? { amr: Object.freeze([...i.amr]) as string[] } : {}),
      kind: i.kind,
      metadata: deepFreeze(JSON.parse(JSON.stringify(i.metadata)) as Record<string, unknown>),
    });
    this.sessions.set(id, record);
    this.sweep(now);
    return record;
  }

  async get(id: string, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    this.check(opts, 'get');
    if (!isSessionId(id)) return null;
    return this.view(id, this.clock());
  }

  /**
   * get(), synchronously (the records are in this process). Undefined when get() must answer:
   * the store is closed or the signal aborted (get() throws), or get() was overridden (a subclass
   * or a wrapper built on this object: every read then goes through its get()).
   */
  getSync(id: string, opts?: StoreOpOptions): SessionRecord | null | undefined {
    if (this.closed || opts?.signal?.aborted || this.get !== MemoryStore.prototype.get) return undefined;
    if (!isSessionId(id)) return null;
    return this.view(id, this.clock());
  }

  async touch(id: string, ttlMs: number, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    this.check(opts, 'touch');
    if (!isSessionId(id)) return null;
    const now = this.clock();
    const r = this.view(id, now);
    if (!r || r.revoked) return r;
    const next = Math.min(Math.max(r.expires_at, now + ttlMs), r.created_at + this.maxLifetimeMs);
    if (next === r.expires_at) return r;
    const updated = Object.freeze({ ...r, expires_at: next, version: r.version + 1 });
    this.sessions.set(id, updated);
    return updated;
  }

  async revoke(id: string, opts?: StoreOpOptions): Promise<boolean> {
    this.check(opts, 'revoke');
    if (!isSessionId(id)) return false;
    const now = this.clock();
    const r = this.sessions.get(id);
    const exists = r !== undefined && r.expires_at > now;
    if (r && exists && !r.revoked) {
      this.sessions.set(id, Object.freeze({ ...r, revoked: true, revoked_at: now, version: r.version + 1 }));
    }
    this.emit({ type: 'session', id });
    return exists;
  }

  async revokeSubject(subject: string, before: Date, opts?: StoreOpOptions): Promise<void> {
    this.check(opts, 'revokeSubject');
    this.cutoff(subject, before.getTime(), undefined);
  }

  async revokeServiceAccount(subject: string, opts?: StoreOpOptions & { before?: Date }): Promise<void> {
    this.check(opts, 'revokeServiceAccount');
    this.cutoff(subject, (opts?.before ?? new Date(this.clock())).getTime(), 'service');
  }

  private cutoff(subject: string, before: number, kind: 'service' | undefined): void {
    if (typeof subject !== 'string' || subject.length === 0) throw new TypeError('subject required');
    if (!Number.isFinite(before)) throw new TypeError('before must be a valid Date');
    const now = this.clock();
    const cur = this.cutoffs.get(subject);
    if (!cur || before > cur.before) {
      this.cutoffs.set(subject, { before, at: now, expiresAt: Math.max(before, now) + this.maxLifetimeMs });
    }
    this.emit(kind ? { type: 'subject', subject, before, kind } : { type: 'subject', subject, before });
  }

  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    listener.onStatus?.(true);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  /** Number of stored records (including expired ones not yet swept). */
  get size(): number {
    return this.sessions.size;
  }
}
