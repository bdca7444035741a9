// The session record: one zod schema, the TypeScript type derived from it. Edge-safe.
import { z } from 'zod';

/** 32 random bytes, base64url without padding: always 43 characters. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Cheap shape check (what Edge middleware can afford): says nothing about validity. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value);
}

/** A new opaque session id: 256 bits from crypto.getRandomValues, base64url. */
export function newSessionId(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const epochMs = z.number().int().nonnegative();

export const SessionKindSchema = z.enum(['user', 'service']);
export type SessionKind = z.infer<typeof SessionKindSchema>;

export const SessionRecordSchema = z.object({
  id: z.string().regex(SESSION_ID_PATTERN),
  subject: z.string().min(1).max(512),
  /** ms since the epoch */
  created_at: epochMs,
  /** ms since the epoch; the record is gone (lookups return null) from this instant */
  expires_at: epochMs,
  /** starts at 1, incremented by every change (touch, revoke) */
  version: z.number().int().positive(),
  revoked: z.boolean(),
  /** ms since the epoch; set when revoked (for a subject-level cutoff: when the cutoff was recorded) */
  revoked_at: epochMs.optional(),
  /** ms since the epoch: when the subject authenticated (OIDC auth_time, in ms) */
  auth_time: epochMs,
  /** authentication methods references (OIDC amr), e.g. ["pwd","otp"] */
  amr: z.array(z.string().max(64)).max(16).optional(),
  kind: SessionKindSchema,
  metadata: z.record(z.string(), z.unknown()),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const CreateSessionInputSchema = z.object({
  subject: z.string().min(1).max(512),
  kind: SessionKindSchema.default('user'),
  /** lifetime from now, ms (bounded by the store's maxLifetimeMs) */
  ttlMs: z.number().int().positive(),
  auth_time: epochMs.optional(),
  amr: z.array(z.string().max(64)).max(16).optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type CreateSessionInput = z.input<typeof CreateSessionInputSchema>;

/** Revocation events: what a store broadcasts to every app instance. */
export type RevocationEvent =
  | { type: 'session'; id: string }
  | { type: 'subject'; subject: string; before: number; kind?: SessionKind };

const RevocationEventSchema = z.union([
  z.object({ type: z.literal('session'), id: z.string().max(64) }),
  z.object({ type: z.literal('subject'), subject: z.string().max(512), before: epochMs, kind: SessionKindSchema.optional() }),
]);

export function parseRevocationEvent(text: string): RevocationEvent | undefined {
  try {
    const r = RevocationEventSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Apply a subject-level cutoff: a session created at or before the cutoff is revoked. Inclusive,
 * because timestamps have millisecond resolution: a session created in the same millisecond as
 * `revokeSubject(s, new Date())` cannot be told apart from one created just before it, and
 * revoking both is the safe answer. The cutoff wins even if the per-session flag was never
 * written (race-free with create).
 */
export function applyCutoff(record: SessionRecord, cutoff: number | undefined, cutoffSetAt: number | undefined): SessionRecord {
  if (cutoff === undefined || record.revoked || record.created_at > cutoff) return record;
  return { ...record, revoked: true, revoked_at: cutoffSetAt ?? cutoff };
}
