// UTF-8 helpers. Strings are kept valid UTF-8 (the JSON parser replaces invalid sequences with
// U+FFFD), but the decoders below still tolerate bad bytes (decoded as U+FFFD, one byte each).

/** Set by decodeRune: the byte length of the sequence just decoded. */
export let runeLen: i32 = 1;

/** Decodes one code point at p (end is exclusive). Invalid input yields U+FFFD, length 1. */
export function decodeRune(p: i32, end: i32): i32 {
  let b0 = <i32>load<u8>(p);
  if (b0 < 0x80) {
    runeLen = 1;
    return b0;
  }
  let n = end - p;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    if (n >= 2) {
      let b1 = <i32>load<u8>(p, 1);
      if ((b1 & 0xc0) == 0x80) {
        runeLen = 2;
        return ((b0 & 0x1f) << 6) | (b1 & 0x3f);
      }
    }
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    if (n >= 3) {
      let b1 = <i32>load<u8>(p, 1);
      let b2 = <i32>load<u8>(p, 2);
      if ((b1 & 0xc0) == 0x80 && (b2 & 0xc0) == 0x80) {
        let c = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
          runeLen = 3;
          return c;
        }
      }
    }
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (n >= 4) {
      let b1 = <i32>load<u8>(p, 1);
      let b2 = <i32>load<u8>(p, 2);
      let b3 = <i32>load<u8>(p, 3);
      if ((b1 & 0xc0) == 0x80 && (b2 & 0xc0) == 0x80 && (b3 & 0xc0) == 0x80) {
        let c = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
        if (c >= 0x10000 && c <= 0x10ffff) {
          runeLen = 4;
          return c;
        }
      }
    }
  }
  runeLen = 1;
  return 0xfffd;
}

/** Byte length of the UTF-8 encoding of c. */
@inline export function runeSize(c: i32): i32 {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/** Encodes c at p; returns the byte count. */
export function encodeRune(p: i32, c: i32): i32 {
  if (c < 0x80) {
    store<u8>(p, <u8>c);
    return 1;
  }
  if (c < 0x800) {
    store<u8>(p, <u8>(0xc0 | (c >> 6)));
    store<u8>(p, <u8>(0x80 | (c & 0x3f)), 1);
    return 2;
  }
  if (c < 0x10000) {
    store<u8>(p, <u8>(0xe0 | (c >> 12)));
    store<u8>(p, <u8>(0x80 | ((c >> 6) & 0x3f)), 1);
    store<u8>(p, <u8>(0x80 | (c & 0x3f)), 2);
    return 3;
  }
  store<u8>(p, <u8>(0xf0 | (c >> 18)));
  store<u8>(p, <u8>(0x80 | ((c >> 12) & 0x3f)), 1);
  store<u8>(p, <u8>(0x80 | ((c >> 6) & 0x3f)), 2);
  store<u8>(p, <u8>(0x80 | (c & 0x3f)), 3);
  return 4;
}

/** True when the n bytes at p are valid UTF-8. */
export function validUtf8(p: i32, n: i32): bool {
  let end = p + n;
  let q = p;
  while (q < end) {
    let b = load<u8>(q);
    if (b < 0x80) {
      q++;
      continue;
    }
    let c = decodeRune(q, end);
    if (c == 0xfffd && runeLen == 1) {
      // a real U+FFFD is 3 bytes; a 1-byte result means invalid input
      return false;
    }
    q += runeLen;
  }
  return true;
}

/** Number of code points in n bytes at p (invalid bytes count as one each). */
export function countRunes(p: i32, n: i32): i32 {
  let count = 0;
  let i = 0;
  // count bytes that are not continuation bytes (valid UTF-8 fast path)
  while (i + 4 <= n) {
    let w = load<u32>(p + i);
    // continuation bytes are 10xxxxxx
    let cont = (w & ~(w << 1)) & 0x80808080; // bit7 set and bit6 clear
    count += 4 - <i32>popcnt<u32>(cont);
    i += 4;
  }
  while (i < n) {
    if ((load<u8>(p + i) & 0xc0) != 0x80) count++;
    i++;
  }
  return count;
}

/** Byte offset of code point index `idx` (clamped to n). */
export function runeOffset(p: i32, n: i32, idx: i32): i32 {
  let i = 0;
  let k = 0;
  while (i < n && k < idx) {
    decodeRune(p + i, p + n);
    i += runeLen;
    k++;
  }
  return i;
}

/** Copies n bytes from src to dst replacing invalid sequences with U+FFFD; returns bytes written. */
export function sanitizeUtf8(dst: i32, src: i32, n: i32): i32 {
  let end = src + n;
  let q = src;
  let o = dst;
  while (q < end) {
    let b = load<u8>(q);
    if (b < 0x80) {
      store<u8>(o++, b);
      q++;
      continue;
    }
    let c = decodeRune(q, end);
    let l = runeLen;
    o += encodeRune(o, c);
    q += l;
  }
  return o - dst;
}

/** Unicode White_Space as used by Go's unicode.IsSpace. */
export function isSpaceRune(c: i32): bool {
  if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c == 0x85 || c == 0xa0 || c == 0x1680 || c == 0x2028 || c == 0x2029) return true;
  if (c >= 0x2000 && c <= 0x200a) return true;
  return c == 0x202f || c == 0x205f || c == 0x3000;
}

// ---- simple case mappings ---------------------------------------------------------------------
// Unicode simple case mappings (like Go's unicode.ToUpper/ToLower) for: ASCII, Latin-1, Latin
// Extended-A (U+0100-U+017F), Greek and Coptic (U+0370-U+03FF), Cyrillic (U+0400-U+052F),
// Armenian, Georgian (incl. Mtavruli), Latin Extended Additional (U+1E00-U+1EFF), Greek Extended
// (U+1F00-U+1FFF), Roman numerals, circled Latin letters, Glagolitic, Fullwidth Latin and Deseret.
// Everything else (e.g. Latin Extended-B, Cherokee) maps to itself.

@inline function inPairsEvenUpper(c: i32, lo: i32, hi: i32): bool {
  return c >= lo && c <= hi;
}

export function toLowerRune(c: i32): i32 {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  if (c < 0x100) {
    if ((c >= 0xc0 && c <= 0xde) && c != 0xd7) return c + 32;
    return c;
  }
  if (c <= 0x17f) {
    if (c == 0x130) return 0x69;
    if (c == 0x178) return 0xff;
    if ((c >= 0x100 && c <= 0x12f) || (c >= 0x132 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) {
      return (c & 1) == 0 ? c + 1 : c;
    }
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return (c & 1) == 1 ? c + 1 : c;
    return c;
  }
  if (c >= 0x370 && c <= 0x3ff) {
    if (c >= 0x391 && c <= 0x3ab && c != 0x3a2) return c + 32;
    if (c == 0x386) return 0x3ac;
    if (c >= 0x388 && c <= 0x38a) return c + 37;
    if (c == 0x38c) return 0x3cc;
    if (c == 0x38e || c == 0x38f) return c + 63;
    if (inPairsEvenUpper(c, 0x3d8, 0x3ef)) return (c & 1) == 0 ? c + 1 : c;
    if (c == 0x370 || c == 0x372 || c == 0x376) return c + 1;
    if (c == 0x37f) return 0x3f3;
    if (c == 0x3f4) return 0x3b8;
    if (c == 0x3f7 || c == 0x3fa) return c + 1;
    if (c == 0x3f9) return 0x3f2;
    if (c >= 0x3fd) return c - 130;
    if (c == 0x3cf) return 0x3d7;
    return c;
  }
  if (c >= 0x400 && c <= 0x52f) {
    if (c <= 0x40f) return c + 80;
    if (c <= 0x42f) return c + 32;
    if (c < 0x460) return c;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) || (c >= 0x4d0 && c <= 0x52f)) {
      return (c & 1) == 0 ? c + 1 : c;
    }
    if (c == 0x4c0) return 0x4cf;
    if (c >= 0x4c1 && c <= 0x4ce) return (c & 1) == 1 ? c + 1 : c;
    return c;
  }
  if (c >= 0x531 && c <= 0x556) return c + 48;
  if (c >= 0x10a0 && c <= 0x10c5) return c + 7264;
  if (c == 0x10c7 || c == 0x10cd) return c + 7264;
  if ((c >= 0x1c90 && c <= 0x1cba) || (c >= 0x1cbd && c <= 0x1cbf)) return c - 0xbc0;
  if (c >= 0x1e00 && c <= 0x1eff) {
    if (c == 0x1e9e) return 0xdf;
    if ((c >= 0x1e00 && c <= 0x1e95) || c >= 0x1ea0) return (c & 1) == 0 ? c + 1 : c;
    return c;
  }
  if (c >= 0x1f00 && c <= 0x1fff) return greekExtLower(c);
  if (c >= 0x2160 && c <= 0x216f) return c + 16;
  if (c >= 0x24b6 && c <= 0x24cf) return c + 26;
  if (c >= 0x2c00 && c <= 0x2c2f) return c + 48;
  if (c >= 0xff21 && c <= 0xff3a) return c + 32;
  if (c >= 0x10400 && c <= 0x10427) return c + 40;
  return c;
}

export function toUpperRune(c: i32): i32 {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a ? c - 32 : c;
  if (c < 0x100) {
    if ((c >= 0xe0 && c <= 0xfe) && c != 0xf7) return c - 32;
    if (c == 0xff) return 0x178;
    if (c == 0xb5) return 0x39c;
    return c;
  }
  if (c <= 0x17f) {
    if (c == 0x131) return 0x49;
    if (c == 0x17f) return 0x53;
    if ((c >= 0x100 && c <= 0x12f) || (c >= 0x132 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) {
      return (c & 1) == 1 ? c - 1 : c;
    }
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return (c & 1) == 0 ? c - 1 : c;
    return c;
  }
  if (c == 0x180) return 0x243;
  if (c >= 0x370 && c <= 0x3ff) {
    if (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2) return c - 32;
    if (c == 0x3c2) return 0x3a3;
    if (c == 0x3ac) return 0x386;
    if (c >= 0x3ad && c <= 0x3af) return c - 37;
    if (c == 0x3cc) return 0x38c;
    if (c == 0x3cd || c == 0x3ce) return c - 63;
    if (inPairsEvenUpper(c, 0x3d8, 0x3ef)) return (c & 1) == 1 ? c - 1 : c;
    if (c == 0x371 || c == 0x373 || c == 0x377) return c - 1;
    if (c >= 0x37b && c <= 0x37d) return c + 130;
    if (c == 0x3f3) return 0x37f;
    if (c == 0x3f8 || c == 0x3fb) return c - 1;
    if (c == 0x3f2) return 0x3f9;
    if (c == 0x3d7) return 0x3cf;
    if (c == 0x3d0) return 0x392;
    if (c == 0x3d1) return 0x398;
    if (c == 0x3d5) return 0x3a6;
    if (c == 0x3d6) return 0x3a0;
    if (c == 0x3f0) return 0x39a;
    if (c == 0x3f1) return 0x3a1;
    if (c == 0x3f5) return 0x395;
    return c;
  }
  if (c >= 0x400 && c <= 0x52f) {
    if (c >= 0x450 && c <= 0x45f) return c - 80;
    if (c >= 0x430 && c <= 0x44f) return c - 32;
    if (c < 0x460) return c;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) || (c >= 0x4d0 && c <= 0x52f)) {
      return (c & 1) == 1 ? c - 1 : c;
    }
    if (c == 0x4cf) return 0x4c0;
    if (c >= 0x4c1 && c <= 0x4ce) return (c & 1) == 0 ? c - 1 : c;
    return c;
  }
  if (c >= 0x561 && c <= 0x586) return c - 48;
  if ((c >= 0x10d0 && c <= 0x10fa) || (c >= 0x10fd && c <= 0x10ff)) return c + 0xbc0;
  if (c == 0x345) return 0x399;
  if (c >= 0x1e00 && c <= 0x1eff) {
    if (c == 0x1e9b) return 0x1e60;
    if ((c >= 0x1e00 && c <= 0x1e95) || c >= 0x1ea0) return (c & 1) == 1 ? c - 1 : c;
    return c;
  }
  if (c >= 0x1f00 && c <= 0x1fff) return greekExtUpper(c);
  if (c >= 0x2170 && c <= 0x217f) return c - 16;
  if (c >= 0x24d0 && c <= 0x24e9) return c - 26;
  if (c >= 0x2c30 && c <= 0x2c5f) return c - 48;
  if (c >= 0x2d00 && c <= 0x2d25) return c - 7264;
  if (c == 0x2d27 || c == 0x2d2d) return c - 7264;
  if (c >= 0xff41 && c <= 0xff5a) return c - 32;
  if (c >= 0x10428 && c <= 0x1044f) return c - 40;
  return c;
}

// Greek Extended: blocks of 8 where the second half (capitals) = first half + 8.
function greekExtLower(c: i32): i32 {
  let lo = c & 0xf;
  let base = c & ~0xf;
  if (lo >= 8) {
    // capitals in rows 1F0x..1F6x and 1F8x..1FAx
    if ((base >= 0x1f00 && base <= 0x1f60) || (base >= 0x1f80 && base <= 0x1fa0)) {
      let l = c - 8;
      if (greekExtUpper(l) == c) return l;
    }
  }
  if (c == 0x1fb8 || c == 0x1fb9 || c == 0x1fd8 || c == 0x1fd9 || c == 0x1fe8 || c == 0x1fe9) return c - 8;
  if (c == 0x1fba || c == 0x1fbb) return c - 74;
  if (c == 0x1fbc || c == 0x1fcc || c == 0x1ffc) return c - 9;
  if (c >= 0x1fc8 && c <= 0x1fcb) return c - 86;
  if (c == 0x1fda || c == 0x1fdb) return c - 100;
  if (c == 0x1fea || c == 0x1feb) return c - 112;
  if (c == 0x1fec) return 0x1fe5;
  if (c == 0x1ff8 || c == 0x1ff9) return c - 128;
  if (c == 0x1ffa || c == 0x1ffb) return c - 126;
  return c;
}

function greekExtUpper(c: i32): i32 {
  let lo = c & 0xf;
  let base = c & ~0xf;
  if (lo < 8) {
    if (base == 0x1f00 || base == 0x1f20 || base == 0x1f30 || base == 0x1f60 ||
        base == 0x1f80 || base == 0x1f90 || base == 0x1fa0) return c + 8;
    if ((base == 0x1f10 || base == 0x1f40) && lo <= 5) return c + 8;
    if (base == 0x1f50 && (lo & 1) == 1) return c + 8;
  }
  if (c == 0x1fb0 || c == 0x1fb1 || c == 0x1fd0 || c == 0x1fd1 || c == 0x1fe0 || c == 0x1fe1) return c + 8;
  if (c == 0x1f70 || c == 0x1f71) return c + 74;
  if (c >= 0x1f72 && c <= 0x1f75) return c + 86;
  if (c == 0x1f76 || c == 0x1f77) return c + 100;
  if (c == 0x1f78 || c == 0x1f79) return c + 128;
  if (c == 0x1f7a || c == 0x1f7b) return c + 112;
  if (c == 0x1f7c || c == 0x1f7d) return c + 126;
  if (c == 0x1fb3 || c == 0x1fc3 || c == 0x1ff3) return c + 9;
  if (c == 0x1fe5) return 0x1fec;
  if (c == 0x1fbe) return 0x399;
  return c;
}
