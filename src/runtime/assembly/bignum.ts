// Fixed-capacity unsigned big integers in static scratch memory, used only for exact float
// formatting (dtoa) and correctly rounded float parsing (strtod). Layout: u32 limb count, then
// little-endian u32 limbs. Every register is initialised before use.

export const MAXL: i32 = 136; // 4352 bits: enough for 800 significant digits scaled by 2^1100
const BIG_SIZE: i32 = 4 + MAXL * 4 + 4;

const SCRATCH = memory.data(BIG_SIZE * 6, 8);

export const B0: i32 = <i32>SCRATCH;
export const B1: i32 = <i32>SCRATCH + BIG_SIZE;
export const B2: i32 = <i32>SCRATCH + BIG_SIZE * 2;
export const B3: i32 = <i32>SCRATCH + BIG_SIZE * 3;
export const B4: i32 = <i32>SCRATCH + BIG_SIZE * 4;
export const B5: i32 = <i32>SCRATCH + BIG_SIZE * 5;

@inline function len(b: i32): i32 {
  return load<i32>(b);
}
@inline function setLen(b: i32, n: i32): void {
  store<i32>(b, n);
}
@inline function limb(b: i32, i: i32): u32 {
  return load<u32>(b + 4 + (i << 2));
}
@inline function setLimb(b: i32, i: i32, v: u32): void {
  store<u32>(b + 4 + (i << 2), v);
}

function trim(b: i32): void {
  let n = len(b);
  while (n > 0 && limb(b, n - 1) == 0) n--;
  setLen(b, n);
}

export function bigSetU64(b: i32, v: u64): void {
  setLimb(b, 0, <u32>v);
  setLimb(b, 1, <u32>(v >>> 32));
  setLen(b, 2);
  trim(b);
}

export function bigCopy(dst: i32, src: i32): void {
  memory.copy(dst, src, 4 + (len(src) << 2));
}

export function bigIsZero(b: i32): bool {
  return len(b) == 0;
}

export function bigMulSmall(b: i32, m: u32): void {
  let n = len(b);
  let carry: u64 = 0;
  for (let i = 0; i < n; i++) {
    let t = <u64>limb(b, i) * <u64>m + carry;
    setLimb(b, i, <u32>t);
    carry = t >>> 32;
  }
  if (carry != 0 && n < MAXL) {
    setLimb(b, n, <u32>carry);
    setLen(b, n + 1);
  }
}

export function bigAddSmall(b: i32, a: u32): void {
  let n = len(b);
  let carry: u64 = <u64>a;
  let i = 0;
  while (carry != 0 && i < n) {
    let t = <u64>limb(b, i) + carry;
    setLimb(b, i, <u32>t);
    carry = t >>> 32;
    i++;
  }
  if (carry != 0 && n < MAXL) {
    setLimb(b, n, <u32>carry);
    setLen(b, n + 1);
  }
}

export function bigMulPow10(b: i32, e: i32): void {
  while (e >= 9) {
    bigMulSmall(b, 1000000000);
    e -= 9;
  }
  let m: u32 = 1;
  while (e > 0) {
    m *= 10;
    e--;
  }
  if (m != 1) bigMulSmall(b, m);
}

export function bigShl(b: i32, bits: i32): void {
  let n = len(b);
  if (n == 0 || bits == 0) return;
  let words = bits >> 5;
  let sh = bits & 31;
  let nn = n + words + 1;
  if (nn > MAXL) nn = MAXL;
  // from the top down
  for (let i = nn - 1; i >= 0; i--) {
    let src = i - words;
    let hi: u32 = src >= 0 && src < n ? limb(b, src) : 0;
    let lo: u32 = src - 1 >= 0 && src - 1 < n ? limb(b, src - 1) : 0;
    let v: u32 = sh == 0 ? hi : (hi << sh) | (lo >>> (32 - sh));
    setLimb(b, i, v);
  }
  setLen(b, nn);
  trim(b);
}

export function bigCmp(a: i32, b: i32): i32 {
  let na = len(a);
  let nb = len(b);
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = na - 1; i >= 0; i--) {
    let x = limb(a, i);
    let y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** dst = a + b (dst may alias a or b). */
export function bigAdd(dst: i32, a: i32, b: i32): void {
  let na = len(a);
  let nb = len(b);
  let n = na > nb ? na : nb;
  let carry: u64 = 0;
  for (let i = 0; i < n; i++) {
    let x: u64 = i < na ? <u64>limb(a, i) : 0;
    let y: u64 = i < nb ? <u64>limb(b, i) : 0;
    let t = x + y + carry;
    setLimb(dst, i, <u32>t);
    carry = t >>> 32;
  }
  if (carry != 0 && n < MAXL) {
    setLimb(dst, n, <u32>carry);
    n++;
  }
  setLen(dst, n);
}

/** a -= b, requires a >= b. */
export function bigSub(a: i32, b: i32): void {
  let na = len(a);
  let nb = len(b);
  let borrow: i64 = 0;
  for (let i = 0; i < na; i++) {
    let y: i64 = i < nb ? <i64>limb(b, i) : 0;
    let t = <i64>limb(a, i) - y - borrow;
    if (t < 0) {
      t += 0x100000000;
      borrow = 1;
    } else {
      borrow = 0;
    }
    setLimb(a, i, <u32>t);
  }
  trim(a);
}
