// The SQL migrations, embedded so that migrate() works from a bundle. The canonical files are in
// migrations/*.sql; test/session/postgres.test.ts checks that both stay identical.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: '001_sessions.sql',
    sql: `-- Accord sessions, migration 001.
-- Applied by migrate(pool) / "accord migrate" in one transaction, with search_path set to the
-- target schema (default "public"), so the names below are unqualified.

CREATE TABLE IF NOT EXISTS accord_sessions (
  id          text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{43}$'),
  subject     text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 512),
  kind        text        NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'service')),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
  revoked     boolean     NOT NULL DEFAULT false,
  revoked_at  timestamptz,
  auth_time   timestamptz NOT NULL,
  amr         text[],
  metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb
);

-- revokeSubject: all sessions of a subject created before T.
CREATE INDEX IF NOT EXISTS accord_sessions_subject_created_idx ON accord_sessions (subject, created_at);
-- purgeExpired.
CREATE INDEX IF NOT EXISTS accord_sessions_expires_idx ON accord_sessions (expires_at);

-- Subject-level cutoffs: sessions of subject created at or before revoked_before are revoked, including
-- sessions inserted concurrently with the revocation. Kept until no such session can still be alive.
CREATE TABLE IF NOT EXISTS accord_subject_revocations (
  subject        text        PRIMARY KEY,
  revoked_before timestamptz NOT NULL,
  recorded_at    timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
`,
  },
];
