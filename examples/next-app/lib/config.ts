// Configuration shared by every runtime (Node and Edge): token issuer/audience, the signing
// secret, and the internal endpoints Edge code may call. Values come from the environment at run
// time; nothing here is a default secret.

export const ISSUER = 'accord-example';
export const AUDIENCE = 'accord-example-app';
export const COOKIE_NAME = 'accord_session';
export const SESSION_TTL_MS = 8 * 3600 * 1000;

/** Build-time switch (next.config.ts `env`) for the load benchmark's "auth removed" baseline. */
export const AUTH_DISABLED = process.env.ACCORD_DISABLED === '1';

/**
 * Build-time switch (next.config.ts `env`) for the load benchmark's ablations, which split
 * Accord's cost on a route into its parts (bench/next-concurrent.mjs --ablate):
 * - `adapter-only`: the route wrappers run as shipped but ask a stand-in that allows everything
 *   (no token, session, policy or decision log): what the adapter itself costs.
 * - `no-audit`: the real authorizer without a decision log: what the log costs.
 * Both are unsafe by design and exist only in builds the benchmark makes in their own folders.
 */
export const BENCH_ABLATION: '' | 'adapter-only' | 'no-audit' =
  process.env.ACCORD_BENCH_ABLATE === 'adapter-only' || process.env.ACCORD_BENCH_ABLATE === 'no-audit' ? process.env.ACCORD_BENCH_ABLATE : '';

/**
 * The HS256 secret (≥ 32 bytes). Missing or short: throw, and every decision fails closed —
 * there is no built-in development secret to forget in production.
 */
export function jwtSecret(): string {
  const s = process.env.ACCORD_JWT_SECRET;
  if (!s || new TextEncoder().encode(s).length < 32) {
    throw new Error('ACCORD_JWT_SECRET must be set (at least 32 bytes); `npm run demo` generates one');
  }
  return s;
}

export function claimsOptions() {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['HS256' as const],
    keys: { secret: jwtSecret() },
  };
}

/** Shared secret for the internal endpoints (Edge → Node audit ingest and session lookups). */
export function internalToken(): string | undefined {
  const t = process.env.ACCORD_INTERNAL_TOKEN;
  return t && t.length >= 32 ? t : undefined;
}

/** Base URL of the Node server for Edge code (configured, never taken from the Host header). */
export function internalBaseUrl(): string | undefined {
  const u = process.env.ACCORD_INTERNAL_URL;
  return u && /^https?:\/\/[^/]+$/.test(u) ? u : undefined;
}
