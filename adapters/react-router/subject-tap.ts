// ─── SHIM (engine gap) ────────────────────────────────────────────────────────────────────────
// The engine's Decision carries the subject *id* only (`decision.subject`), but a loader needs the
// identity the policy decided on (roles, tenant, kind) to shape its query — e.g. list the
// documents of the caller's tenant. Reading the session again would be a second, racy lookup
// (a revocation in between would be missed by one and seen by the other). Instead this wraps the
// audit hook: the engine emits exactly one event per decision, synchronously, before authorize()
// resolves, and the event's `input.subject` is the validated subject the policy saw. The adapter
// collects it by `decision_id` right after the decision resolves.
//
// Remove when the engine exposes the subject on the Decision (asked for in the report).
// ───────────────────────────────────────────────────────────────────────────────────────────────
import type { AuditLike } from '../../src/engine/index.js';

type DecisionEventInput = Parameters<AuditLike['log']>[0];

/** The identity the policy decided on: verified claims, or the API key's service account. */
export interface AccordSubject {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly tenant?: string;
  readonly kind: 'user' | 'service';
  readonly [claim: string]: unknown;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

function asSubject(value: unknown): AccordSubject | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const s = value as Record<string, unknown>;
  if (typeof s.sub !== 'string' || !Array.isArray(s.roles) || (s.kind !== 'user' && s.kind !== 'service')) return undefined;
  try {
    return deepFreeze(structuredClone(s)) as unknown as AccordSubject;
  } catch {
    return undefined;
  }
}

export class SubjectTap implements AuditLike {
  private readonly pending = new Map<string, AccordSubject>();

  constructor(
    private readonly next: AuditLike | undefined,
    /** Bound on uncollected entries (decisions made through `authorizer` directly are never collected). */
    private readonly max = 1024,
  ) {}

  log(event: DecisionEventInput): void {
    try {
      if (event.outcome === 'allow' && typeof event.decision_id === 'string') {
        const subject = asSubject((event.input as { subject?: unknown } | undefined)?.subject);
        if (subject) {
          if (this.pending.size >= this.max) {
            const oldest = this.pending.keys().next().value;
            if (oldest !== undefined) this.pending.delete(oldest);
          }
          this.pending.set(event.decision_id, subject);
        }
      }
    } catch {
      // Capturing is best effort; the decision and its log event are unaffected.
    }
    this.next?.log(event);
  }

  /** The subject of an allowed decision (once; the entry is removed). */
  take(decisionId: string): AccordSubject | undefined {
    const s = this.pending.get(decisionId);
    if (s !== undefined) this.pending.delete(decisionId);
    return s;
  }

  get size(): number {
    return this.pending.size;
  }
}
