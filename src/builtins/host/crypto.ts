// crypto.* builtins: hex digests and HMACs of the UTF-8 bytes of strings (as OPA), computed with
// the synchronous digests in ../digest (WebCrypto is async-only, so it cannot serve a wasm import).

import { constantTimeEqual, hmac, MD5, SHA1, SHA256, SHA512, type Digest } from '../digest/index.js';
import { str } from './errors.js';
import { toHex, utf8 } from './util.js';

const digestOf = (d: Digest) => (x: unknown) => toHex(d.hash(utf8(str(x, 1))));
const hmacOf = (d: Digest) => (x: unknown, key: unknown) => {
  const message = utf8(str(x, 1));
  return toHex(hmac(d, utf8(str(key, 2)), message));
};

export const cryptoMd5 = digestOf(MD5);
export const cryptoSha1 = digestOf(SHA1);
export const cryptoSha256 = digestOf(SHA256);
export const cryptoHmacMd5 = hmacOf(MD5);
export const cryptoHmacSha1 = hmacOf(SHA1);
export const cryptoHmacSha256 = hmacOf(SHA256);
export const cryptoHmacSha512 = hmacOf(SHA512);

/** Constant-time comparison of two MACs (as Go's hmac.Equal on the strings' bytes). */
export function cryptoHmacEqual(mac1: unknown, mac2: unknown): boolean {
  return constantTimeEqual(utf8(str(mac1, 1)), utf8(str(mac2, 2)));
}
