// Encoding: json.marshal json.unmarshal json.is_valid base64.* base64url.* hex.*

import { malloc } from '../alloc';
import { builtinErr, typeErr } from '../errors';
import { dumpToString, MODE_JSON } from '../json_dump';
import { parseJSON } from '../json_parse';
import { boolV, SF_ASCII, SF_KNOWN, setFlags, strAlloc, strCopy, strLen, strPtr, strShrink, T_STRING, tagOf } from '../value';

export function b_json_marshal(v: i32): i32 {
  if (v == 0) return 0;
  return dumpToString(v, MODE_JSON);
}

export function b_json_unmarshal(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('json.unmarshal', 1, 'string', s);
  let v = parseJSON(strPtr(s), strLen(s));
  if (v == 0) return builtinErr('json.unmarshal', 'invalid JSON');
  return v;
}

export function b_json_is_valid(s: i32): i32 {
  if (tagOf(s) != T_STRING) return boolV(false);
  return boolV(parseJSON(strPtr(s), strLen(s)) != 0);
}

// ---- base64 -----------------------------------------------------------------------------------

const STD = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88,
  89, 90, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114,
  115, 116, 117, 118, 119, 120, 121, 122, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 43, 47,
]);
const URL = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88,
  89, 90, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114,
  115, 116, 117, 118, 119, 120, 121, 122, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 45, 95,
]);

function b64encode(s: i32, alpha: i32, pad: bool): i32 {
  let p = strPtr(s);
  let n = strLen(s);
  let outLen = pad ? ((n + 2) / 3) * 4 : (n / 3) * 4 + (n % 3 == 0 ? 0 : (n % 3) + 1);
  let r = strAlloc(outLen);
  let o = strPtr(r);
  let i = 0;
  while (i + 3 <= n) {
    let x = (<u32>load<u8>(p + i) << 16) | (<u32>load<u8>(p + i + 1) << 8) | <u32>load<u8>(p + i + 2);
    store<u8>(o, load<u8>(alpha + ((x >> 18) & 63)));
    store<u8>(o, load<u8>(alpha + ((x >> 12) & 63)), 1);
    store<u8>(o, load<u8>(alpha + ((x >> 6) & 63)), 2);
    store<u8>(o, load<u8>(alpha + (x & 63)), 3);
    o += 4;
    i += 3;
  }
  let rem = n - i;
  if (rem > 0) {
    let x = <u32>load<u8>(p + i) << 16;
    if (rem == 2) x |= <u32>load<u8>(p + i + 1) << 8;
    store<u8>(o++, load<u8>(alpha + ((x >> 18) & 63)));
    store<u8>(o++, load<u8>(alpha + ((x >> 12) & 63)));
    if (rem == 2) store<u8>(o++, load<u8>(alpha + ((x >> 6) & 63)));
    else if (pad) store<u8>(o++, 0x3d);
    if (pad) store<u8>(o++, 0x3d);
  }
  setFlags(r, SF_KNOWN | SF_ASCII);
  return r;
}

function b64val(c: i32, url: bool): i32 {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (url) {
    if (c == 0x2d) return 62;
    if (c == 0x5f) return 63;
  } else {
    if (c == 0x2b) return 62;
    if (c == 0x2f) return 63;
  }
  return -1;
}

/**
 * Go base64 (padded) decoding: CR/LF are ignored; padding must be complete. Returns a string
 * value or 0 if invalid.
 */
function b64decode(p: i32, n: i32, url: bool): i32 {
  // strip CR / LF
  let clean = malloc(n + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c != 0x0d && c != 0x0a) store<u8>(clean + m++, c);
  }
  if ((m & 3) != 0) return 0;
  let r = strAlloc((m / 4) * 3);
  let o = strPtr(r);
  for (let i = 0; i < m; i += 4) {
    let last = i + 4 == m;
    let c2 = <i32>load<u8>(clean + i + 2);
    let c3 = <i32>load<u8>(clean + i + 3);
    let a = b64val(load<u8>(clean + i), url);
    let b = b64val(load<u8>(clean + i + 1), url);
    if (a < 0 || b < 0) return 0;
    if (c2 == 0x3d) {
      if (!last || c3 != 0x3d) return 0;
      store<u8>(o++, <u8>((a << 2) | (b >> 4)));
      break;
    }
    let c = b64val(c2, url);
    if (c < 0) return 0;
    if (c3 == 0x3d) {
      if (!last) return 0;
      store<u8>(o++, <u8>((a << 2) | (b >> 4)));
      store<u8>(o++, <u8>(((b & 15) << 4) | (c >> 2)));
      break;
    }
    let d = b64val(c3, url);
    if (d < 0) return 0;
    store<u8>(o++, <u8>((a << 2) | (b >> 4)));
    store<u8>(o++, <u8>(((b & 15) << 4) | (c >> 2)));
    store<u8>(o++, <u8>(((c & 3) << 6) | d));
  }
  strShrink(r, o - strPtr(r));
  return r;
}

export function b_base64_encode(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('base64.encode', 1, 'string', s);
  return b64encode(s, <i32>STD, true);
}

export function b_base64_decode(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('base64.decode', 1, 'string', s);
  let r = b64decode(strPtr(s), strLen(s), false);
  if (r == 0) return builtinErr('base64.decode', 'illegal base64 data');
  return r;
}

export function b_base64_is_valid(s: i32): i32 {
  if (tagOf(s) != T_STRING) return boolV(false);
  return boolV(b64decode(strPtr(s), strLen(s), false) != 0);
}

export function b_base64url_encode(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('base64url.encode', 1, 'string', s);
  return b64encode(s, <i32>URL, true);
}

export function b_base64url_encode_no_pad(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('base64url.encode_no_pad', 1, 'string', s);
  return b64encode(s, <i32>URL, false);
}

export function b_base64url_decode(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('base64url.decode', 1, 'string', s);
  let p = strPtr(s);
  let n = strLen(s);
  if (n == 0 || load<u8>(p + n - 1) != 0x3d) {
    let rem = n & 3;
    if (rem == 1) return builtinErr('base64url.decode', 'illegal base64url string');
    if (rem != 0) {
      let buf = malloc(n + 2);
      memory.copy(buf, p, n);
      store<u8>(buf + n, 0x3d);
      store<u8>(buf + n + 1, 0x3d);
      p = buf;
      n += 4 - rem;
    }
  }
  let r = b64decode(p, n, true);
  if (r == 0) return builtinErr('base64url.decode', 'illegal base64 data');
  return r;
}

// ---- hex --------------------------------------------------------------------------------------

const HEXD = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

export function b_hex_encode(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('hex.encode', 1, 'string', s);
  let p = strPtr(s);
  let n = strLen(s);
  let r = strAlloc(n * 2);
  let o = strPtr(r);
  for (let i = 0; i < n; i++) {
    let b = <i32>load<u8>(p + i);
    store<u8>(o + 2 * i, load<u8>(<i32>HEXD + (b >> 4)));
    store<u8>(o + 2 * i + 1, load<u8>(<i32>HEXD + (b & 15)));
  }
  setFlags(r, SF_KNOWN | SF_ASCII);
  return r;
}

function hexNibble(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

export function b_hex_decode(s: i32): i32 {
  if (tagOf(s) != T_STRING) return typeErr('hex.decode', 1, 'string', s);
  let p = strPtr(s);
  let n = strLen(s);
  if ((n & 1) != 0) return builtinErr('hex.decode', 'encoding/hex: odd length hex string');
  let r = strAlloc(n >> 1);
  let o = strPtr(r);
  for (let i = 0; i < n; i += 2) {
    let a = hexNibble(load<u8>(p + i));
    let b = hexNibble(load<u8>(p + i + 1));
    if (a < 0 || b < 0) return builtinErr('hex.decode', 'encoding/hex: invalid byte');
    store<u8>(o + (i >> 1), <u8>((a << 4) | b));
  }
  return r;
}
