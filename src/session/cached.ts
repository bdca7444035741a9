// CachedStore: a per-instance read cache in front of a shared store. Edge-safe.
//
// Guarantees:
//   - an entry is served for at most `maxStaleness` ms after it was read from the shared store;
//   - revocation events (Redis pub/sub, Postgres LISTEN/NOTIFY, in-process) evict entries as they
//     arrive, so revocation normally reaches this instance in milliseconds;
//   - while the event feed is down, nothing is served from the cache (every get goes to the
//     shared store), and the cache is cleared when the feed comes back (events may have been lost);
//   - a read that was in flight while any event arrived is not cached (it may predate the event);
//   - null (unknown / expired) is never cached; writes through this store evict locally at once.
import { DEFAULT_STORE_TIMEOUT_MS, withDeadline } from './deadline.js';
import type { StoreOpOptions } from './deadline.js';
import { isSessionId } from './record.js';
import type { CreateSessionInput, RevocationEvent, SessionRecord } from './record.js';
import type { RevocationListener, SessionStore } from './types.js';

export interface CachedStoreOptions {
  /** Longest time an entry is served without asking the shared store, ms (default 1000). */
  maxStaleness?: number;
  /** Bound on cached entries (default 10 000). */
  maxEntries?: number;
  /** Deadline for shared-store reads when the caller gives none, ms (default 250). */
  timeoutMs?: number;
  clock?: () => number;
}

interface Entry {
  record: SessionRecord;
  fetchedAt: number;
}

export interface CachedStoreStats {
  hits: number;
  misses: number;
  evictions: number;
  size: number;
  feedConnected: boolean;
}

export class CachedStore implements SessionStore {
  readonly name: string;
  readonly inner: SessionStore;
  private readonly entries = new Map<string, Entry>();
  private readonly bySubject = new Map<string, Set<string>>();
  private readonly maxStaleness: number;
  private readonly maxEntries: number;
  private readonly timeoutMs: number;
  private readonly clock: () => number;
  private readonly unsubscribe: (() => void) | undefined;
  /** Bumped by every event: reads that straddle an event are not cached. */
  private epoch = 0;
  /** Whether entries may be served. True without a feed (staleness alone bounds them). */
  private feedConnected: boolean;
  private readonly counters = { hits: 0, misses: 0, evictions: 0 };
  /** Present when the shared store has a revocation feed: forwards to it. */
  readonly subscribe?: (listener: RevocationListener) => () => void;

  constructor(inner: SessionStore, options: CachedStoreOptions = {}) {
    this.inner = inner;
    this.name = `cached(${inner.name})`;
    this.maxStaleness = options.maxStaleness ?? 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.clock = options.clock ?? Date.now;
    if (!(this.maxStaleness >= 0)) throw new TypeError('maxStaleness must be >= 0');
    if (inner.subscribe) {
      this.subscribe = (listener) => inner.subscribe!(listener);
      this.feedConnected = false; // until the store says the feed is up
      this.unsubscribe = inner.subscribe({
        onEvent: (e) => this.onEvent(e),
        onStatus: (up) => this.onStatus(up),
      });
    } else {
      this.feedConnected = true;
      this.unsubscribe = undefined;
    }
  }

  private onStatus(up: boolean): void {
    this.epoch++;
    if (up && !this.feedConnected) this.clear();
    if (!up) this.clear();
    this.feedConnected = up;
  }

  private onEvent(e: RevocationEvent): void {
    this.epoch++;
    if (e.type === 'session') {
      this.evict(e.id);
    } else {
      const ids = this.bySubject.get(e.subject);
      if (ids) for (const id of [...ids]) this.evict(id);
    }
  }

  private evict(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const set = this.bySubject.get(e.record.subject);
    if (set) {
      set.delete(id);
      if (set.size === 0) this.bySubject.delete(e.record.subject);
    }
    this.counters.evictions++;
  }

  private put(record: SessionRecord, fetchedAt: number): void {
    this.evict(record.id);
    this.entries.set(record.id, { record, fetchedAt });
    let set = this.bySubject.get(record.subject);
    if (!set) this.bySubject.set(record.subject, (set = new Set()));
    set.add(record.id);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.evict(oldest.value);
    }
  }

  /** Drop every entry. */
  clear(): void {
    this.entries.clear();
    this.bySubject.clear();
  }

  /** A fresh entry (counted as a hit), else undefined (a stale entry is evicted). */
  private hit(id: string, now: number): SessionRecord | undefined {
    if (!this.feedConnected) return undefined;
    const e = this.entries.get(id);
    if (e === undefined) return undefined;
    // A clock that stepped back (NTP, a resumed VM) makes the age negative: stale, not fresh, so
    // maxStaleness keeps bounding how long a revoked session can be served.
    const age = now - e.fetchedAt;
    if (age >= 0 && age < this.maxStaleness && now < e.record.expires_at) {
      this.counters.hits++;
      return e.record;
    }
    this.evict(id);
    return undefined;
  }

  /**
   * A hit, synchronously, under the same rules as get() (feed up, within maxStaleness, not
   * expired); undefined on a miss (get() reads the shared store), for an aborted signal, or when
   * get() was overridden (a subclass or wrapper: every read then goes through its get()).
   * Counted like get()'s hits.
   */
  getSync(id: string, opts?: StoreOpOptions): SessionRecord | null | undefined {
    if (opts?.signal?.aborted || this.get !== CachedStore.prototype.get) return undefined;
    if (!isSessionId(id)) return null;
    return this.hit(id, this.clock());
  }

  async get(id: string, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    if (!isSessionId(id)) return null;
    const now = this.clock();
    const cached = this.hit(id, now);
    if (cached !== undefined) return cached;
    this.counters.misses++;
    const epoch = this.epoch;
    const ms = opts?.timeoutMs ?? this.timeoutMs;
    const record = await withDeadline(`${this.name}.get`, opts, ms, (signal) => this.inner.get(id, { signal, timeoutMs: ms }));
    if (record && this.epoch === epoch && this.feedConnected && this.maxStaleness > 0) this.put(record, now);
    return record;
  }

  async create(input: CreateSessionInput, opts?: StoreOpOptions): Promise<SessionRecord> {
    return this.inner.create(input, opts);
  }

  async touch(id: string, ttlMs: number, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    this.evict(id);
    return this.inner.touch(id, ttlMs, opts);
  }

  async revoke(id: string, opts?: StoreOpOptions): Promise<boolean> {
    this.epoch++;
    this.evict(id);
    try {
      return await this.inner.revoke(id, opts);
    } finally {
      this.epoch++;
      this.evict(id);
    }
  }

  async revokeSubject(subject: string, before: Date, opts?: StoreOpOptions): Promise<void> {
    this.onEvent({ type: 'subject', subject, before: before.getTime() });
    try {
      await this.inner.revokeSubject(subject, before, opts);
    } finally {
      this.onEvent({ type: 'subject', subject, before: before.getTime() });
    }
  }

  async revokeServiceAccount(subject: string, opts?: StoreOpOptions & { before?: Date }): Promise<void> {
    const before = (opts?.before ?? new Date(this.clock())).getTime();
    this.onEvent({ type: 'subject', subject, before, kind: 'service' });
    try {
      await this.inner.revokeServiceAccount(subject, opts);
    } finally {
      this.onEvent({ type: 'subject', subject, before, kind: 'service' });
    }
  }


  stats(): CachedStoreStats {
    return { ...this.counters, size: this.entries.size, feedConnected: this.feedConnected };
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.clear();
    await this.inner.close();
  }
}
