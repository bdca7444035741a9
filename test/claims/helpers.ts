import { SignJWT, base64url, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JWTPayload, JWK } from 'jose';
import { createHmac } from 'node:crypto';

export const ISS = 'https://issuer.test';
export const AUD = 'accord-app';
export const SECRET = new TextEncoder().encode('0123456789abcdef0123456789abcdef'); // 32 bytes

export const nowSec = () => Math.floor(Date.now() / 1000);

export function b64json(v: unknown): string {
  return base64url.encode(JSON.stringify(v));
}

export async function signHS(
  claims: JWTPayload = {},
  header: Record<string, unknown> = {},
  secret: Uint8Array = SECRET,
  alg = 'HS256',
): Promise<string> {
  const jwt = new SignJWT({ iss: ISS, aud: AUD, sub: 'user-1', sid: 'sess-1', iat: nowSec(), exp: nowSec() + 300, ...claims });
  return jwt.setProtectedHeader({ alg, ...header }).sign(secret);
}

export async function signWith(key: CryptoKey, alg: string, claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
  const jwt = new SignJWT({ iss: ISS, aud: AUD, sub: 'user-1', iat: nowSec(), exp: nowSec() + 300, ...claims });
  return jwt.setProtectedHeader({ alg, ...header }).sign(key);
}

/** A compact JWS built by hand with an HMAC over header.payload (for hostile headers jose refuses to produce). */
export function forgeHS256(header: unknown, payload: unknown, key: Uint8Array | string = SECRET): string {
  const h = typeof header === 'string' ? header : b64json(header);
  const p = typeof payload === 'string' ? payload : b64json(payload);
  const sig = createHmac('sha256', key).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${sig}`;
}

export function validPayload(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: ISS, aud: AUD, sub: 'user-1', iat: nowSec(), exp: nowSec() + 300, ...extra };
}

export interface KeyPairInfo {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  pem: string;
  jwk: JWK;
}

export async function keyPair(alg: 'RS256' | 'ES256' | 'EdDSA', kid?: string): Promise<KeyPairInfo> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const pem = await exportSPKI(publicKey);
  const jwk = { ...(await exportJWK(publicKey)), alg, use: 'sig', ...(kid ? { kid } : {}) };
  return { privateKey, publicKey, pem, jwk };
}
