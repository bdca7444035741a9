// Synchronous message digests and HMAC, in plain TypeScript.
//
// Why hand-written: host builtins are called synchronously from inside wasm, so they cannot await
// WebCrypto (crypto.subtle is async-only), Node's `crypto` module is not available in Edge runtimes,
// and no small pure-JS hash package is installed. The algorithms are small and fully specified
// (FIPS 180-4 for SHA-1/SHA-2, RFC 1321 for MD5, RFC 2104 for HMAC); they are checked against the
// published test vectors in test/builtins/digest.test.ts. They are not constant-time with respect
// to the message (nothing secret-dependent branches on data other than through the hash itself),
// which is fine for HMAC verification of tokens.

export interface Digest {
  name: string;
  /** Block size in bytes (for HMAC). */
  blockSize: number;
  hash(data: Uint8Array): Uint8Array;
}

// ── Constants ─────────────────────────────────────────────────────────────────────────────────
// SHA-2 constants are the fractional parts of square and cube roots of the first primes
// (FIPS 180-4 §4.2.2, §4.2.3, §5.3). Computing them with exact integer roots avoids 100+
// hand-copied hex literals; the test vectors prove them right.

function firstPrimes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) {
    if (out.every((p) => c % p !== 0)) out.push(c);
  }
  return out;
}

function iroot(x: bigint, k: bigint): bigint {
  // Newton's method for floor(x^(1/k)).
  if (x < 2n) return x;
  let r = 1n << (BigInt(x.toString(2).length) / k + 1n);
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) break;
    r = next;
  }
  while (r ** k > x) r--;
  while ((r + 1n) ** k <= x) r++;
  return r;
}

/** The first `bits` bits of the fractional part of p^(1/k). */
function fracRoot(p: number, k: bigint, bits: number): bigint {
  const scaled = iroot(BigInt(p) << (BigInt(bits) * k), k);
  return scaled & ((1n << BigInt(bits)) - 1n);
}

const PRIMES = firstPrimes(80);
const K512 = PRIMES.map((p) => fracRoot(p, 3n, 64));
const K512_HI = Int32Array.from(K512, (k) => Number(k >> 32n) | 0);
const K512_LO = Int32Array.from(K512, (k) => Number(k & 0xffffffffn) | 0);
const K256 = Int32Array.from(K512.slice(0, 64), (k) => Number(k >> 32n) | 0);
const IV256 = Int32Array.from(PRIMES.slice(0, 8), (p) => Number(fracRoot(p, 2n, 32)) | 0);
const IV512 = PRIMES.slice(0, 8).map((p) => fracRoot(p, 2n, 64));
const IV384 = PRIMES.slice(8, 16).map((p) => fracRoot(p, 2n, 64));

// ── Padding (Merkle–Damgård) ──────────────────────────────────────────────────────────────────

function pad(data: Uint8Array, blockSize: number, lengthBytes: number, littleEndian: boolean): Uint8Array {
  const bitLen = BigInt(data.length) * 8n;
  let total = data.length + 1 + lengthBytes;
  total += (blockSize - (total % blockSize)) % blockSize;
  const out = new Uint8Array(total);
  out.set(data);
  out[data.length] = 0x80;
  for (let i = 0; i < 8; i++) {
    const byte = Number((bitLen >> BigInt(8 * i)) & 0xffn);
    if (littleEndian) out[total - lengthBytes + i] = byte;
    else out[total - 1 - i] = byte;
  }
  return out;
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

// ── SHA-256 ───────────────────────────────────────────────────────────────────────────────────

function sha256(data: Uint8Array): Uint8Array {
  const m = pad(data, 64, 8, false);
  const dv = new DataView(m.buffer);
  const H = Int32Array.from(IV256);
  const W = new Int32Array(64);
  for (let off = 0; off < m.length; off += 64) {
    for (let t = 0; t < 16; t++) W[t] = dv.getInt32(off + t * 4);
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15]!;
      const w2 = W[t - 2]!;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
    }
    let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K256[t]! + W[t]!) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    H[0] = (H[0]! + a) | 0;
    H[1] = (H[1]! + b) | 0;
    H[2] = (H[2]! + c) | 0;
    H[3] = (H[3]! + d) | 0;
    H[4] = (H[4]! + e) | 0;
    H[5] = (H[5]! + f) | 0;
    H[6] = (H[6]! + g) | 0;
    H[7] = (H[7]! + h) | 0;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setInt32(i * 4, H[i]!);
  return out;
}

// ── SHA-1 ─────────────────────────────────────────────────────────────────────────────────────

function sha1(data: Uint8Array): Uint8Array {
  const m = pad(data, 64, 8, false);
  const dv = new DataView(m.buffer);
  const H = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);
  const W = new Int32Array(80);
  for (let off = 0; off < m.length; off += 64) {
    for (let t = 0; t < 16; t++) W[t] = dv.getInt32(off + t * 4);
    for (let t = 16; t < 80; t++) W[t] = rotl(W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!, 1);
    let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const tmp = (rotl(a, 5) + f + e + k + W[t]!) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = tmp;
    }
    H[0] = (H[0]! + a) | 0;
    H[1] = (H[1]! + b) | 0;
    H[2] = (H[2]! + c) | 0;
    H[3] = (H[3]! + d) | 0;
    H[4] = (H[4]! + e) | 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 5; i++) ov.setInt32(i * 4, H[i]!);
  return out;
}

// ── MD5 (RFC 1321) ────────────────────────────────────────────────────────────────────────────

// T[i] = floor(abs(sin(i + 1)) * 2^32), as RFC 1321 §3.4 defines it.
const MD5_T = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

function md5(data: Uint8Array): Uint8Array {
  const m = pad(data, 64, 8, true);
  const dv = new DataView(m.buffer);
  let a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
  const X = new Int32Array(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) X[i] = dv.getInt32(off + i * 4, true);
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      const round = i >> 4;
      if (round === 0) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (round === 1) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (round === 2) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const tmp = d;
      d = c;
      c = b;
      b = (b + rotl((a + f + MD5_T[i]! + X[g]!) | 0, MD5_S[(round << 2) | (i & 3)]!)) | 0;
      a = tmp;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  ov.setInt32(0, a0, true);
  ov.setInt32(4, b0, true);
  ov.setInt32(8, c0, true);
  ov.setInt32(12, d0, true);
  return out;
}

// ── SHA-512 / SHA-384 ─────────────────────────────────────────────────────────────────────────
// 64-bit words as (hi, lo) pairs of 32-bit ints; additions carry through `>>> 0` arithmetic.

function sha512Core(data: Uint8Array, iv: bigint[], outBytes: number): Uint8Array {
  const m = pad(data, 128, 16, false);
  const dv = new DataView(m.buffer);
  const Hh = Int32Array.from(iv, (v) => Number(v >> 32n) | 0);
  const Hl = Int32Array.from(iv, (v) => Number(v & 0xffffffffn) | 0);
  const Wh = new Int32Array(80);
  const Wl = new Int32Array(80);
  for (let off = 0; off < m.length; off += 128) {
    for (let t = 0; t < 16; t++) {
      Wh[t] = dv.getInt32(off + t * 8);
      Wl[t] = dv.getInt32(off + t * 8 + 4);
    }
    for (let t = 16; t < 80; t++) {
      // σ0 = rotr1 ^ rotr8 ^ shr7 ; σ1 = rotr19 ^ rotr61 ^ shr6
      const xh = Wh[t - 15]!, xl = Wl[t - 15]!;
      const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
      const yh = Wh[t - 2]!, yl = Wl[t - 2]!;
      const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
      const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
      let lo = (Wl[t - 16]! >>> 0) + (s0l >>> 0) + (Wl[t - 7]! >>> 0) + (s1l >>> 0);
      const hi = Wh[t - 16]! + s0h + Wh[t - 7]! + s1h + Math.floor(lo / 0x100000000);
      lo >>>= 0;
      Wh[t] = hi | 0;
      Wl[t] = lo | 0;
    }
    let ah = Hh[0]!, al = Hl[0]!, bh = Hh[1]!, bl = Hl[1]!, ch = Hh[2]!, cl = Hl[2]!, dh = Hh[3]!, dl = Hl[3]!;
    let eh = Hh[4]!, el = Hl[4]!, fh = Hh[5]!, fl = Hl[5]!, gh = Hh[6]!, gl = Hl[6]!, hh = Hh[7]!, hl = Hl[7]!;
    for (let t = 0; t < 80; t++) {
      // Σ1(e) = rotr14 ^ rotr18 ^ rotr41
      const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
      const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
      const chh = (eh & fh) ^ (~eh & gh);
      const chl = (el & fl) ^ (~el & gl);
      let t1l = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K512_LO[t]! >>> 0) + (Wl[t]! >>> 0);
      let t1h = hh + S1h + chh + K512_HI[t]! + Wh[t]! + Math.floor(t1l / 0x100000000);
      t1l >>>= 0;
      t1h |= 0;
      // Σ0(a) = rotr28 ^ rotr34 ^ rotr39
      const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
      const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
      let t2l = (S0l >>> 0) + (majl >>> 0);
      const t2h = (S0h + majh + Math.floor(t2l / 0x100000000)) | 0;
      t2l >>>= 0;
      hh = gh;
      hl = gl;
      gh = fh;
      gl = fl;
      fh = eh;
      fl = el;
      let nl = (dl >>> 0) + t1l;
      eh = (dh + t1h + Math.floor(nl / 0x100000000)) | 0;
      el = nl | 0;
      dh = ch;
      dl = cl;
      ch = bh;
      cl = bl;
      bh = ah;
      bl = al;
      nl = t1l + t2l;
      ah = (t1h + t2h + Math.floor(nl / 0x100000000)) | 0;
      al = nl | 0;
    }
    const add = (i: number, h: number, l: number) => {
      const lo = (Hl[i]! >>> 0) + (l >>> 0);
      Hh[i] = (Hh[i]! + h + Math.floor(lo / 0x100000000)) | 0;
      Hl[i] = lo | 0;
    };
    add(0, ah, al);
    add(1, bh, bl);
    add(2, ch, cl);
    add(3, dh, dl);
    add(4, eh, el);
    add(5, fh, fl);
    add(6, gh, gl);
    add(7, hh, hl);
  }
  const out = new Uint8Array(64);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) {
    ov.setInt32(i * 8, Hh[i]!);
    ov.setInt32(i * 8 + 4, Hl[i]!);
  }
  return out.slice(0, outBytes);
}

export const MD5: Digest = { name: 'md5', blockSize: 64, hash: md5 };
export const SHA1: Digest = { name: 'sha1', blockSize: 64, hash: sha1 };
export const SHA256: Digest = { name: 'sha256', blockSize: 64, hash: sha256 };
export const SHA384: Digest = { name: 'sha384', blockSize: 128, hash: (d) => sha512Core(d, IV384, 48) };
export const SHA512: Digest = { name: 'sha512', blockSize: 128, hash: (d) => sha512Core(d, IV512, 64) };

/** HMAC (RFC 2104). */
export function hmac(digest: Digest, key: Uint8Array, message: Uint8Array): Uint8Array {
  let k = key.length > digest.blockSize ? digest.hash(key) : key;
  const block = new Uint8Array(digest.blockSize);
  block.set(k);
  k = block;
  const inner = new Uint8Array(digest.blockSize + message.length);
  const outer = new Uint8Array(digest.blockSize);
  for (let i = 0; i < digest.blockSize; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  inner.set(message, digest.blockSize);
  const ih = digest.hash(inner);
  const o = new Uint8Array(digest.blockSize + ih.length);
  o.set(outer);
  o.set(ih, digest.blockSize);
  return digest.hash(o);
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
  const out = sha256(utf8.encode(text));
  let hex = '';
  for (let i = 0; i < out.length; i++) hex += out[i]!.toString(16).padStart(2, '0');
  return hex;
}
