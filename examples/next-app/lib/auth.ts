// Sign-in and session lifecycle (Node only): check a password, create the server-side session,
// mint the cookie's JWT (HS256, `sid` = the session id), and revoke.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';
import { SignJWT } from 'jose';
import { AUDIENCE, COOKIE_NAME, ISSUER, jwtSecret, SESSION_TTL_MS } from './config';
import { accordState } from './state';
import { findUser, type DemoUser } from './users';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time password check against the demo users. */
export function checkPassword(username: string, password: string): DemoUser | undefined {
  const user = findUser(username);
  const ok = timingSafeEqual(digest(password), digest(user?.password ?? '\u0000no-such-user'));
  return user && ok ? user : undefined;
}

export async function startSession(user: DemoUser): Promise<void> {
  const { sessions } = accordState();
  const record = await sessions.create({
    subject: user.id,
    kind: 'user',
    ttlMs: SESSION_TTL_MS,
    amr: ['pwd'],
    metadata: { roles: user.roles, tenant: user.tenant },
  });
  const token = await new SignJWT({ sid: record.id, roles: user.roles, tenant: user.tenant, name: user.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor((Date.now() + SESSION_TTL_MS) / 1000))
    .sign(new TextEncoder().encode(jwtSecret()));
  (await cookies()).set(COOKIE_NAME, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.ACCORD_COOKIE_SECURE === '1',
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

/** The verified claims of the current cookie (for sign-out), or undefined. */
export async function currentClaims(): Promise<{ sub: string; sid: string } | undefined> {
  const token = (await cookies()).get(COOKIE_NAME)?.value;
  if (!token) return undefined;
  try {
    const c = await accordState().verifier.verify(token);
    return c.subject && c.sessionId ? { sub: c.subject, sid: c.sessionId } : undefined;
  } catch {
    return undefined;
  }
}

export async function clearCookie(): Promise<void> {
  (await cookies()).delete(COOKIE_NAME);
}
