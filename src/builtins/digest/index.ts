// Synchronous message digests and HMAC, from @noble/hashes (audited, pure JavaScript, no `node:`
// imports, so the same code runs in Edge runtimes).
//
// Why synchronous: host builtins are called from inside wasm and cannot await WebCrypto
// (crypto.subtle is async-only), and a first-sight HS256 token is checked without a thread-pool
// round trip (src/claims/verifier.ts). This module only adapts noble's hashes to the one shape the
// callers share; test/builtins/digest.test.ts checks it against the published test vectors.

import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, type CHash } from '@noble/hashes/utils.js';

type NobleHash = CHash;

export interface Digest {
  name: string;
  /** Block size in bytes (for HMAC). */
  blockSize: number;
  hash(data: Uint8Array): Uint8Array;
  /** The noble hash behind it (for HMAC). */
  readonly noble: NobleHash;
}

const digest = (name: string, noble: NobleHash): Digest =>
  Object.freeze({ name, blockSize: noble.blockLen, hash: (data: Uint8Array) => noble(data), noble });

export const MD5: Digest = digest('md5', md5);
export const SHA1: Digest = digest('sha1', sha1);
export const SHA256: Digest = digest('sha256', sha256);
export const SHA384: Digest = digest('sha384', sha384);
export const SHA512: Digest = digest('sha512', sha512);

/** HMAC (RFC 2104). */
export function hmac(d: Digest, key: Uint8Array, message: Uint8Array): Uint8Array {
  return nobleHmac(d.noble, key, message);
}

/**
 * An HMAC keyed once: the key's inner and outer blocks are hashed at creation, so each MAC costs
 * only the message's blocks. For verifying many tokens with one secret.
 */
export function keyedHmac(d: Digest, key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const keyed = nobleHmac.create(d.noble, key);
  return (message) => keyed.clone().update(message).digest();
}

/** Compares two byte strings in time independent of where they differ (lengths are not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const utf8 = new TextEncoder();

/** SHA-256 of the UTF-8 encoding of `text`, as 64 lowercase hex characters (synchronous). */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8.encode(text)));
}
