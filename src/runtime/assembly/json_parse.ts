// JSON parser (RFC 8259, strict) and the Rego value parser (JSON plus set literals).
//  - Strings without escapes reference the source bytes (no copy): the source buffer must stay
//    alive as long as the value (true for the SDK's input/data buffers).
//  - Invalid UTF-8 in strings and lone surrogates in \u escapes become U+FFFD.
//  - Duplicate object keys: the last one wins.
//  - Nesting deeper than MAX_DEPTH fails (returns 0) instead of overflowing the stack.

import { malloc, shrinkLast } from './alloc';
import { numberFromText } from './number';
import { tblAppend, tblFindStr, tblInsert, tblNew, tblSetVal } from './table';
import { encodeRune, sanitizeUtf8, validUtf8 } from './utf8';
import {
  arrNew, arrPush, FALSE_V, NULL_V, SF_ASCII, SF_KNOWN, strV, T_OBJECT, T_SET, T_STRING, tagOf,
  TRUE_V, intV,
} from './value';

export const MAX_DEPTH: i32 = 1000;

// Byte classes inside strings: 0 plain ASCII, 1 '"', 2 '\\', 3 control, 4 non-ASCII.
const SCLASS: i32 = <i32>memory.data(256, 8);
let sclassReady: bool = false;

function initClasses(): void {
  for (let i = 0; i < 256; i++) {
    let c: u8 = 0;
    if (i < 0x20) c = 3;
    else if (i == 0x22) c = 1;
    else if (i == 0x5c) c = 2;
    else if (i >= 0x80) c = 4;
    store<u8>(SCLASS + i, c);
  }
  sclassReady = true;
}

let pos: i32 = 0;
let end: i32 = 0;
let depth: i32 = 0;
let regoSyntax: bool = false;

@inline function peek(): i32 {
  return <i32>load<u8>(pos);
}

@inline function skipWs(): void {
  pos = ws(pos);
}

/** Position of the first non-whitespace byte at or after p. */
@inline function ws(p: i32): i32 {
  let e = end;
  while (p < e) {
    let c = <i32>load<u8>(p);
    if (c > 0x20 || (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09)) break;
    p++;
  }
  return p;
}

function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  c |= 0x20;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function read4hex(p: i32): i32 {
  if (p + 4 > end) return -1;
  let a = hexVal(load<u8>(p));
  let b = hexVal(load<u8>(p, 1));
  let c = hexVal(load<u8>(p, 2));
  let d = hexVal(load<u8>(p, 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/** Parses a string starting at the opening quote (pos). */
function parseString(): i32 {
  let start = pos + 1;
  let i = start;
  let high = 0;
  // 8 bytes at a time while there is nothing special ('"', '\\', controls, non-ASCII)
  let e8 = end - 8;
  while (i <= e8) {
    let w = load<u64>(i);
    let q = w ^ 0x2222222222222222;
    let b = w ^ 0x5c5c5c5c5c5c5c5c;
    let special =
      (w | ((w - 0x2020202020202020) & ~w) | ((q - 0x0101010101010101) & ~q) | ((b - 0x0101010101010101) & ~b)) &
      0x8080808080808080;
    if (special != 0) break;
    i += 8;
  }
  while (i < end) {
    let c = <i32>load<u8>(SCLASS + load<u8>(i));
    if (c == 0) {
      i++;
      continue;
    }
    if (c == 4) {
      high = 1;
      i++;
      continue;
    }
    if (c == 1) {
      pos = i + 1;
      let n = i - start;
      if (high == 0) return strV(start, n, SF_KNOWN | SF_ASCII);
      if (validUtf8(start, n)) return strV(start, n, SF_KNOWN);
      let buf = malloc(n * 3);
      let m = sanitizeUtf8(buf, start, n);
      shrinkLast(buf, n * 3, m);
      return strV(buf, m, SF_KNOWN);
    }
    if (c == 3) return 0;
    break; // backslash: slow path
  }
  if (i >= end) return 0;
  // Slow path with escapes: find the closing quote to size the buffer.
  let j = i;
  while (j < end) {
    let b = <i32>load<u8>(j);
    if (b == 0x22) break;
    if (b == 0x5c) j += 2;
    else j++;
  }
  if (j >= end) return 0;
  let buf = malloc((j - start) * 3 + 4);
  let o = buf;
  let q = start;
  while (q < j) {
    let b = <i32>load<u8>(q);
    if (b == 0x5c) {
      q++;
      let e = <i32>load<u8>(q);
      q++;
      switch (e) {
        case 0x22: store<u8>(o++, 0x22); break;
        case 0x5c: store<u8>(o++, 0x5c); break;
        case 0x2f: store<u8>(o++, 0x2f); break;
        case 0x62: store<u8>(o++, 0x08); break;
        case 0x66: store<u8>(o++, 0x0c); break;
        case 0x6e: store<u8>(o++, 0x0a); break;
        case 0x72: store<u8>(o++, 0x0d); break;
        case 0x74: store<u8>(o++, 0x09); break;
        case 0x75: {
          let cp = read4hex(q);
          if (cp < 0) return 0;
          q += 4;
          if (cp >= 0xd800 && cp <= 0xdbff) {
            // high surrogate: needs a following \uDC00-\uDFFF
            if (q + 6 <= end && load<u8>(q) == 0x5c && load<u8>(q, 1) == 0x75) {
              let lo = read4hex(q + 2);
              if (lo >= 0xdc00 && lo <= 0xdfff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                q += 6;
              } else {
                if (lo < 0) return 0;
                cp = 0xfffd;
              }
            } else {
              cp = 0xfffd;
            }
          } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            cp = 0xfffd;
          }
          o += encodeRune(o, cp);
          break;
        }
        default:
          return 0;
      }
      continue;
    }
    if (b < 0x20) return 0;
    if (b < 0x80) {
      store<u8>(o++, <u8>b);
      q++;
      continue;
    }
    // non-ASCII run: copy with validation
    let r = q;
    while (r < j && load<u8>(r) >= 0x80) r++;
    o += sanitizeUtf8(o, q, r - q);
    q = r;
  }
  // q may have run past j if the last escape straddled it (malformed); j is the real end
  if (q != j) return 0;
  pos = j + 1;
  let n = o - buf;
  shrinkLast(buf, (j - start) * 3 + 4, n);
  return strV(buf, n, 0);
}

@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

function parseNumber(): i32 {
  let start = pos;
  let p = start;
  let e = end;
  let neg = false;
  if (load<u8>(p) == 0x2d) {
    neg = true;
    p++;
    if (p >= e) return 0;
  }
  let c = <i32>load<u8>(p);
  let v: i64 = 0;
  let nd = 0;
  if (c == 0x30) {
    p++;
    nd = 1;
  } else if (c >= 0x31 && c <= 0x39) {
    while (p < e) {
      c = <i32>load<u8>(p);
      if (!isDigit(c)) break;
      v = v * 10 + <i64>(c - 0x30);
      nd++;
      p++;
    }
  } else {
    return 0;
  }
  let kind = 1;
  if (p < e) {
    c = <i32>load<u8>(p);
    if (c == 0x2e) {
      p++;
      if (p >= e || !isDigit(load<u8>(p))) return 0;
      while (p < e && isDigit(load<u8>(p))) p++;
      kind = 2;
      if (p < e) c = <i32>load<u8>(p);
    }
    if (p < e && (c | 0x20) == 0x65) {
      p++;
      if (p < e && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) p++;
      if (p >= e || !isDigit(load<u8>(p))) return 0;
      while (p < e && isDigit(load<u8>(p))) p++;
      kind = 2;
    }
  }
  pos = p;
  if (kind == 1 && nd <= 18 && !(neg && v == 0)) return intV(neg ? -v : v);
  return numberFromText(start, p - start, kind);
}

function expectWord(w0: i32, w: u32, len: i32): bool {
  // w: the remaining bytes after the first, little-endian
  if (pos + len > end) return false;
  for (let i = 1; i < len; i++) {
    if (<u32>load<u8>(pos + i) != ((w >>> ((i - 1) << 3)) & 0xff)) return false;
  }
  pos += len;
  return true;
}

function parseValue(): i32 {
  skipWs();
  if (pos >= end) return 0;
  let c = peek();
  switch (c) {
    case 0x22:
      return parseString();
    case 0x7b:
      return parseObject();
    case 0x5b:
      return parseArray();
    case 0x74: // true
      return expectWord(c, 0x657572, 4) ? TRUE_V : 0;
    case 0x66: // false
      return expectWord(c, 0x65736c61, 5) ? FALSE_V : 0;
    case 0x6e: // null
      return expectWord(c, 0x6c6c75, 4) ? NULL_V : 0;
    case 0x73: // set()
      if (regoSyntax && expectWord(c, 0x29287465, 5)) return tblNew(T_SET, 0);
      return 0;
  }
  if (c == 0x2d || isDigit(c)) return parseNumber();
  return 0;
}

function parseArray(): i32 {
  if (++depth > MAX_DEPTH) return 0;
  let p = ws(pos + 1);
  let a = arrNew(4);
  if (p < end && load<u8>(p) == 0x5d) {
    pos = p + 1;
    depth--;
    return a;
  }
  while (true) {
    pos = p;
    let v = parseValue();
    if (v == 0) return 0;
    arrPush(a, v);
    p = ws(pos);
    if (p >= end) return 0;
    let c = <i32>load<u8>(p);
    p++;
    if (c == 0x2c) continue;
    if (c == 0x5d) break;
    return 0;
  }
  pos = p;
  depth--;
  return a;
}

function parseObject(): i32 {
  if (++depth > MAX_DEPTH) return 0;
  let p = ws(pos + 1);
  if (p < end && load<u8>(p) == 0x7d) {
    pos = p + 1;
    depth--;
    return tblNew(T_OBJECT, 0);
  }
  if (regoSyntax) {
    pos = p;
    return parseRegoObjectOrSet();
  }
  let o = tblNew(T_OBJECT, 8);
  while (true) {
    p = ws(p);
    if (p >= end || load<u8>(p) != 0x22) return 0;
    pos = p;
    let k = parseString();
    if (k == 0) return 0;
    p = ws(pos);
    if (p >= end || load<u8>(p) != 0x3a) return 0;
    pos = p + 1;
    let v = parseValue();
    if (v == 0) return 0;
    let i = tblFindStr(o, k);
    if (i >= 0) tblSetVal(o, i, v);
    else tblAppend(o, k, v);
    p = ws(pos);
    if (p >= end) return 0;
    let c = <i32>load<u8>(p);
    p++;
    if (c == 0x2c) continue;
    if (c == 0x7d) break;
    return 0;
  }
  pos = p;
  depth--;
  return o;
}

/** After '{' with a non-empty body: an object (any key type) or a set literal. */
function parseRegoObjectOrSet(): i32 {
  let first = parseValue();
  if (first == 0) return 0;
  skipWs();
  if (pos >= end) return 0;
  if (peek() == 0x3a) {
    let o = tblNew(T_OBJECT, 8);
    let k = first;
    while (true) {
      pos++; // ':'
      let v = parseValue();
      if (v == 0) return 0;
      tblInsert(o, k, v);
      skipWs();
      if (pos >= end) return 0;
      let c = peek();
      pos++;
      if (c == 0x7d) break;
      if (c != 0x2c) return 0;
      k = parseValue();
      if (k == 0) return 0;
      skipWs();
      if (pos >= end || peek() != 0x3a) return 0;
    }
    depth--;
    return o;
  }
  let s = tblNew(T_SET, 8);
  let v = first;
  while (true) {
    tblInsert(s, v, v);
    skipWs();
    if (pos >= end) return 0;
    let c = peek();
    pos++;
    if (c == 0x7d) break;
    if (c != 0x2c) return 0;
    v = parseValue();
    if (v == 0) return 0;
  }
  depth--;
  return s;
}

function parseTop(addr: i32, len: i32, rego: bool): i32 {
  if (!sclassReady) initClasses();
  pos = addr;
  end = addr + len;
  depth = 0;
  regoSyntax = rego;
  let v = parseValue();
  if (v == 0) return 0;
  skipWs();
  if (pos != end) return 0;
  return v;
}

/** Strict JSON; 0 on any error. */
export function parseJSON(addr: i32, len: i32): i32 {
  return parseTop(addr, len, false);
}

export function opa_json_parse(addr: i32, len: i32): i32 {
  return parseTop(addr, len, false);
}

export function opa_value_parse(addr: i32, len: i32): i32 {
  return parseTop(addr, len, true);
}
