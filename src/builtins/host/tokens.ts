// io.jwt.* builtins.
//
// Supported: io.jwt.decode (any algorithm, no verification), io.jwt.verify_hs256/384/512, and
// io.jwt.decode_verify for HS256/HS384/HS512 with a `secret` constraint. Asymmetric algorithms
// (RS*, PS*, ES*, EdDSA) need WebCrypto, which is asynchronous and so cannot run inside a
// synchronous wasm host call: decode_verify reports such tokens (and any `cert` constraint) as not
// verified, `[false, {}, {}]`. Accord verifies tokens with jose before evaluation instead
// (src/claims), and passes the verified claims as input.

import { constantTimeEqual, hmac, SHA256, SHA384, SHA512, type Digest } from '../digest/index.js';
import { fail, isObject, num, obj, str, type JsonObject } from './errors.js';
import { base64UrlDecode, fromUtf8, toHex, utf8 } from './util.js';

interface Token {
  header: string;
  payload: string;
  signature: string;
}

function splitToken(v: unknown): Token {
  const s = str(v, 1);
  if (!s.includes('.')) fail('encoded JWT had no period separators');
  const parts = s.split('.');
  if (parts.length !== 3) fail(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

function decodeJsonObject(part: string, what: string): JsonObject {
  let text: string;
  try {
    text = fromUtf8(base64UrlDecode(part));
  } catch (e) {
    fail(`JWT ${what} had invalid encoding: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(`JWT ${what} had invalid encoding: not valid JSON`);
  }
  if (!isObject(value)) fail(`JWT ${what} must be a JSON object`);
  return value;
}

/** io.jwt.decode: [header, payload, signature as hex]; nested tokens (cty "JWT") are decoded recursively. */
export function jwtDecode(jwt: unknown): [JsonObject, JsonObject, string] {
  for (let depth = 0; depth < 16; depth++) {
    const token = splitToken(jwt);
    const header = decodeJsonObject(token.header, 'header');
    if (header.cty === 'JWT') {
      let inner: string;
      try {
        inner = fromUtf8(base64UrlDecode(token.payload));
      } catch (e) {
        fail(`JWT payload had invalid encoding: ${(e as Error).message}`);
      }
      // jwt.io quotes nested tokens; strip the quotes as OPA does.
      jwt = inner.replace(/^["']+|["']+$/g, '');
      continue;
    }
    const payload = decodeJsonObject(token.payload, 'payload');
    let sig: Uint8Array;
    try {
      sig = base64UrlDecode(token.signature);
    } catch (e) {
      fail(`JWT signature had invalid encoding: ${(e as Error).message}`);
    }
    return [header, payload, toHex(sig)];
  }
  fail('JWT nesting too deep');
}

function verifyHmac(d: Digest, token: Token, secret: string): boolean {
  const sig = base64UrlDecode(token.signature);
  const mac = hmac(d, utf8(secret), utf8(`${token.header}.${token.payload}`));
  return constantTimeEqual(sig, mac);
}

const verifyHs = (d: Digest) => (jwt: unknown, secret: unknown): boolean => {
  const token = splitToken(jwt);
  const key = str(secret, 2);
  let ok: boolean;
  try {
    ok = verifyHmac(d, token, key);
  } catch (e) {
    fail(`JWT signature had invalid encoding: ${(e as Error).message}`);
  }
  return ok;
};

export const jwtVerifyHs256 = verifyHs(SHA256);
export const jwtVerifyHs384 = verifyHs(SHA384);
export const jwtVerifyHs512 = verifyHs(SHA512);

const HMAC_ALGS: Record<string, Digest> = { HS256: SHA256, HS384: SHA384, HS512: SHA512 };
const ASYMMETRIC_ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

interface Constraints {
  cert?: string;
  secret?: string;
  alg?: string;
  iss?: string;
  aud?: string;
  time: number;
}

function parseConstraints(v: unknown, now: () => number): Constraints {
  const o = obj(v, 2);
  const c: Constraints = { time: Number.NaN };
  for (const key of Object.keys(o)) {
    const value = o[key];
    switch (key) {
      case 'cert':
      case 'secret':
      case 'alg':
      case 'iss':
      case 'aud':
        if (typeof value !== 'string') fail(`${key} constraint: must be a string`);
        c[key] = value;
        break;
      case 'time':
        c.time = num(value, 2);
        break;
      default:
        fail(`unknown token validation constraint: ${key}`);
    }
  }
  const keys = (c.cert !== undefined ? 1 : 0) + (c.secret !== undefined && c.secret !== '' ? 1 : 0);
  if (keys > 1) fail('duplicate key constraints');
  if (keys < 1) fail('no key constraint');
  if (Number.isNaN(c.time)) c.time = now();
  return c;
}

type DecodeVerifyResult = [boolean, JsonObject, JsonObject];
const UNVERIFIED = (): DecodeVerifyResult => [false, {}, {}];

/** io.jwt.decode_verify (see the file comment for the supported algorithms). */
export function jwtDecodeVerify(jwt: unknown, constraints: unknown, now: () => number): DecodeVerifyResult {
  const c = parseConstraints(constraints, now);
  let header: JsonObject;
  let payload: JsonObject;
  for (let depth = 0; ; depth++) {
    if (depth > 16) fail('JWT nesting too deep');
    const token = splitToken(jwt);
    header = decodeJsonObject(token.header, 'header');
    const alg = header.alg;
    if (typeof alg !== 'string' || alg === '') return UNVERIFIED();
    if (c.alg !== undefined && c.alg !== alg) return UNVERIFIED();
    let signature: Uint8Array;
    try {
      signature = base64UrlDecode(token.signature);
    } catch (e) {
      fail(`JWT signature had invalid encoding: ${(e as Error).message}`);
    }
    const digest = HMAC_ALGS[alg];
    if (!digest) {
      if (ASYMMETRIC_ALGS.has(alg)) return UNVERIFIED(); // not verifiable synchronously
      fail(`unknown JWS algorithm: ${alg}`);
    }
    if (c.secret === undefined) return UNVERIFIED(); // a `cert` cannot verify an HMAC token
    const mac = hmac(digest, utf8(c.secret), utf8(`${token.header}.${token.payload}`));
    if (!constantTimeEqual(signature, mac)) return UNVERIFIED();
    const cty = typeof header.cty === 'string' ? header.cty.toUpperCase() : '';
    if (cty === 'JWT') {
      try {
        jwt = fromUtf8(base64UrlDecode(token.payload));
      } catch (e) {
        fail(`JWT payload had invalid encoding: ${(e as Error).message}`);
      }
      continue;
    }
    payload = decodeJsonObject(token.payload, 'payload');
    break;
  }

  if (c.iss !== undefined && c.iss !== '') {
    if (payload.iss !== c.iss) return UNVERIFIED();
  }
  if (payload.aud !== undefined) {
    if (!validAudience(payload.aud, c.aud)) return UNVERIFIED();
  } else if (c.aud !== undefined && c.aud !== '') {
    return UNVERIFIED();
  }
  const seconds = c.time / 1e9;
  if (payload.exp !== undefined) {
    if (typeof payload.exp !== 'number') fail('exp value must be a number');
    if (seconds >= payload.exp) return UNVERIFIED();
  }
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== 'number') fail('nbf value must be a number');
    if (seconds < payload.nbf) return UNVERIFIED();
  }
  return [true, header, payload];
}

function validAudience(aud: unknown, want: string | undefined): boolean {
  if (want === undefined || want === '') return false;
  if (typeof aud === 'string') return aud === want;
  if (Array.isArray(aud)) return aud.some((a) => a === want);
  return false;
}
