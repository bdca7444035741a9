// sprintf(format, values): Go's fmt.Sprintf over the values OPA hands it.
//
// OPA converts each Rego value before calling fmt.Sprintf: integral numbers become int64 (or
// *big.Int beyond int64), other numbers float64, strings stay strings, and everything else
// (null, booleans, arrays, objects, sets) becomes its Rego text (`[1, "a"]`). This module mirrors
// that and then implements the subset of Go's fmt that applies to those types: flags `+ - # 0`
// and space, widths and precisions (also `*`), explicit argument indexes `%[n]d`, and Go's error
// forms (`%!d(string=x)`, `%!d(MISSING)`, `%!(EXTRA …)`, `%!(NOVERB)`, `%!(BADINDEX)`).
//
// Deliberate difference: `%t` prints booleans as `true`/`false` (OPA passes booleans as strings,
// so Go prints `%!t(string=true)`); every other verb treats booleans exactly as OPA does.

import { arr, str } from './errors.js';
import { goQuote, goQuoteRune, regoString, runeLength, toHex, utf8 } from './util.js';

type GoValue =
  | { t: 'int64'; v: bigint }
  | { t: '*big.Int'; v: bigint }
  | { t: 'float64'; v: number }
  | { t: 'string'; v: string; bool?: boolean };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function toGo(x: unknown): GoValue {
  if (typeof x === 'number') {
    if (Number.isInteger(x)) {
      const b = BigInt(x);
      return b >= INT64_MIN && b <= INT64_MAX ? { t: 'int64', v: b } : { t: '*big.Int', v: b };
    }
    return { t: 'float64', v: x };
  }
  if (typeof x === 'string') return { t: 'string', v: x };
  if (typeof x === 'boolean') return { t: 'string', v: x ? 'true' : 'false', bool: x };
  return { t: 'string', v: regoString(x) };
}

interface Spec {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number; // -1: none
  prec: number; // -1: none
}

export function sprintf(format: unknown, values: unknown): string {
  const fmt = str(format, 1);
  const args = arr(values, 2).map(toGo);
  let out = '';
  let argNum = 0;
  let reordered = false;
  const end = fmt.length;
  let i = 0;

  while (i < end) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    i = pct + 1;

    const spec: Spec = { plus: false, minus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };
    flags: for (; i < end; i++) {
      switch (fmt[i]) {
        case '#':
          spec.sharp = true;
          break;
        case '0':
          spec.zero = true;
          break;
        case '+':
          spec.plus = true;
          break;
        case '-':
          spec.minus = true;
          break;
        case ' ':
          spec.space = true;
          break;
        default:
          break flags;
      }
    }

    let goodArgNum = true;
    let afterIndex = false;
    const argIndex = () => {
      // `[n]` selects argument n (1-based) for what follows.
      if (fmt[i] !== '[') return;
      reordered = true;
      const close = fmt.indexOf(']', i + 1);
      const digits = close < 0 ? '' : fmt.slice(i + 1, close);
      if (close < 0 || !/^\d+$/.test(digits)) {
        goodArgNum = false;
        i = close < 0 ? end : close + 1;
        return;
      }
      const n = Number(digits) - 1;
      if (n >= 0 && n < args.length) argNum = n;
      else goodArgNum = false;
      i = close + 1;
      afterIndex = true;
    };
    const starArg = (): number | undefined => {
      if (argNum < args.length) {
        const a = args[argNum++]!;
        if (a.t === 'int64' && a.v >= -1000000n && a.v <= 1000000n) return Number(a.v);
      }
      return undefined;
    };

    argIndex();
    // Width.
    if (fmt[i] === '*') {
      i++;
      const w = starArg();
      if (w === undefined) out += '%!(BADWIDTH)';
      else if (w < 0) {
        spec.minus = true;
        spec.width = -w;
      } else spec.width = w;
      afterIndex = false;
    } else {
      const m = /^\d+/.exec(fmt.slice(i, i + 12));
      if (m) {
        if (afterIndex) goodArgNum = false;
        spec.width = Number(m[0]);
        i += m[0].length;
      }
    }
    // Precision.
    if (fmt[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      argIndex();
      if (fmt[i] === '*') {
        i++;
        const p = starArg();
        if (p === undefined || p < 0) {
          spec.prec = -1;
          out += '%!(BADPREC)';
        } else spec.prec = p;
        afterIndex = false;
      } else {
        const m = /^\d+/.exec(fmt.slice(i, i + 12));
        spec.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (!afterIndex) argIndex();

    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(fmt.codePointAt(i)!);
    i += verb.length;
    if (spec.minus) spec.zero = false;

    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum++]!, verb, spec);
  }

  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => `${a.t}=${formatArg(a, 'v', blankSpec())}`).join(', ') + ')';
  }
  return out;
}

function blankSpec(): Spec {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };
}

function badVerb(a: GoValue, verb: string): string {
  return `%!${verb}(${a.t}=${formatArg(a, 'v', blankSpec())})`;
}

function formatArg(a: GoValue, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(a.t === '*big.Int' ? '*big.Int' : a.t, spec, false);
  switch (a.t) {
    case 'int64':
    case '*big.Int':
      return formatInt(a, verb, spec);
    case 'float64':
      return formatFloat(a, verb, spec);
    case 'string':
      return formatString(a, verb, spec);
  }
}

// ── padding ───────────────────────────────────────────────────────────────────────────────────

function pad(s: string, spec: Spec, zeroAllowed: boolean): string {
  if (spec.width < 0) return s;
  const n = spec.width - runeLength(s);
  if (n <= 0) return s;
  if (spec.minus) return s + ' '.repeat(n);
  if (spec.zero && zeroAllowed) {
    // Zeros go after the sign (and after a 0x prefix is not Go's behaviour: Go pads before it).
    const sign = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? s[0] : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }
  return ' '.repeat(n) + s;
}

// ── integers ──────────────────────────────────────────────────────────────────────────────────

function formatInt(a: Extract<GoValue, { v: bigint }>, verb: string, spec: Spec): string {
  const v = a.v;
  const isBig = a.t === '*big.Int';
  let base: number;
  let digitsUpper = false;
  switch (verb) {
    case 'v':
    case 'd':
      base = 10;
      break;
    case 's':
      if (!isBig) return badVerb(a, verb);
      base = 10;
      break;
    case 'b':
      base = 2;
      break;
    case 'o':
    case 'O':
      base = 8;
      break;
    case 'x':
      base = 16;
      break;
    case 'X':
      base = 16;
      digitsUpper = true;
      break;
    case 'c':
      if (isBig) return badVerb(a, verb);
      return pad(runeOf(v), spec, false);
    case 'q':
      if (isBig) return badVerb(a, verb);
      return pad(goQuoteRune(Number(v < 0n || v > 0x10ffffn ? 0xfffdn : v), spec.plus), spec, false);
    case 'U': {
      if (isBig) return badVerb(a, verb);
      let s = 'U+' + (v < 0n ? (v + 2n ** 64n) : v).toString(16).toUpperCase().padStart(4, '0');
      if (spec.sharp && v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn)) {
        s += ` '${String.fromCodePoint(Number(v))}'`;
      }
      return pad(s, spec, false);
    }
    default:
      return badVerb(a, verb);
  }
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(base);
  if (digitsUpper) digits = digits.toUpperCase();
  // Precision = minimum number of digits; an explicit precision disables zero padding.
  if (spec.prec >= 0) {
    // Precision 0 and value 0 print nothing but the padding.
    if (spec.prec === 0 && v === 0n) return pad('', { ...spec, zero: false }, false);
    if (digits.length < spec.prec) digits = '0'.repeat(spec.prec - digits.length) + digits;
  } else if (spec.zero && spec.width > 0 && !spec.minus) {
    // Zero padding to the width works like a precision, leaving room for the sign only (as Go).
    const want = spec.width - (neg || spec.plus || spec.space ? 1 : 0);
    if (digits.length < want) digits = '0'.repeat(want - digits.length) + digits;
  }
  let prefix = '';
  if (verb === 'O') prefix = '0o';
  else if (spec.sharp) {
    if (base === 2) prefix = '0b';
    else if (base === 8) prefix = digits.startsWith('0') ? '' : '0';
    else if (base === 16) prefix = digitsUpper ? '0X' : '0x';
  }
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + prefix + digits, { ...spec, zero: false }, false);
}

function runeOf(v: bigint): string {
  if (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn)) return '\ufffd';
  return String.fromCodePoint(Number(v));
}

// ── floats ────────────────────────────────────────────────────────────────────────────────────

/** Exact decimal expansion of a finite double: digits (no leading zeros, may be "0") and decimal point position. */
function exactDecimal(x: number): { digits: string; dp: number } {
  if (x === 0) return { digits: '0', dp: 1 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  // value = mant * 2^e
  if (e >= 0) {
    const s = (mant << BigInt(e)).toString();
    return { digits: s, dp: s.length };
  }
  // mant * 2^e = mant * 5^-e / 10^-e
  const s = (mant * 5n ** BigInt(-e)).toString();
  return { digits: s, dp: s.length + e };
}

/** Shortest round-trip decimal digits of a finite non-zero double (JS and Go agree on them). */
function shortestDecimal(x: number): { digits: string; dp: number } {
  if (x === 0) return { digits: '0', dp: 1 };
  const [m, ex] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = m.replace('.', '');
  return { digits, dp: Number(ex) + 1 };
}

/** Rounds decimal digits to `n` significant digits, half to even on exact ties (as strconv). */
function roundDigits(d: { digits: string; dp: number }, n: number): { digits: string; dp: number } {
  if (n < 0) n = 0;
  if (d.digits.length <= n) return { digits: d.digits.padEnd(n, '0'), dp: d.dp };
  const keep = d.digits.slice(0, n);
  const rest = d.digits.slice(n);
  let up: boolean;
  if (rest[0]! > '5') up = true;
  else if (rest[0]! < '5') up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = n > 0 && (Number(keep[n - 1]) & 1) === 1; // exact tie: round half to even
  if (!up) return { digits: keep === '' ? '0' : keep, dp: keep === '' ? d.dp - n + 1 : d.dp };
  if (keep === '') return { digits: '1', dp: d.dp + 1 };
  const bumped = (BigInt(keep) + 1n).toString();
  if (bumped.length > keep.length) return { digits: bumped.slice(0, n), dp: d.dp + 1 };
  return { digits: bumped, dp: d.dp };
}

function fmtE(x: number, prec: number, upper: boolean): string {
  let d: { digits: string; dp: number };
  if (prec < 0) d = shortestDecimal(x);
  else d = roundDigits(exactDecimal(x), prec + 1);
  const mant = d.digits[0]! + (d.digits.length > 1 ? '.' + d.digits.slice(1) : '');
  const exp = x === 0 ? 0 : d.dp - 1;
  const es = (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  return mant + (upper ? 'E' : 'e') + es;
}

function fmtF(x: number, prec: number): string {
  if (prec < 0) {
    const d = shortestDecimal(x);
    return layoutF(d, Math.max(d.digits.length - d.dp, 0));
  }
  const exact = exactDecimal(x);
  if (exact.dp + prec < 0) return layoutF({ digits: '0', dp: 1 }, prec);
  return layoutF(roundDigits(exact, exact.dp + prec), prec);
}

/** Decimal digits laid out as %f with `prec` fractional digits (digits already rounded). */
function layoutF(d: { digits: string; dp: number }, prec: number): string {
  let intPart: string;
  let frac: string;
  if (d.dp <= 0) {
    intPart = '0';
    frac = '0'.repeat(-d.dp) + d.digits;
  } else if (d.dp >= d.digits.length) {
    intPart = d.digits + '0'.repeat(d.dp - d.digits.length);
    frac = '';
  } else {
    intPart = d.digits.slice(0, d.dp);
    frac = d.digits.slice(d.dp);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  frac = frac.padEnd(prec, '0').slice(0, prec);
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}

function fmtG(x: number, prec: number, upper: boolean): string {
  const shortest = prec < 0;
  let d: { digits: string; dp: number };
  if (shortest) d = shortestDecimal(x);
  else {
    if (prec === 0) prec = 1;
    d = roundDigits(exactDecimal(x), prec);
    d = { digits: d.digits.replace(/0+$/, '') || '0', dp: d.dp };
  }
  let eprec = shortest ? 6 : prec;
  if (!shortest && eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
  const exp = x === 0 ? 0 : d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    const mant = d.digits[0]! + (d.digits.length > 1 ? '.' + d.digits.slice(1) : '');
    return mant + (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  }
  return layoutF(d, Math.max(d.digits.length - d.dp, 0));
}

function fmtHexFloat(x: number, prec: number, upper: boolean): string {
  if (x === 0) return upper ? '0X0P+00' : '0x0p+00';
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  let exp = ((hi >>> 20) & 0x7ff) - 1023;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === -1023) {
    // Subnormal: normalise so the leading bit is 1.
    exp = -1022;
    while ((mant & (1n << 52n)) === 0n) {
      mant <<= 1n;
      exp--;
    }
    mant &= (1n << 52n) - 1n;
  }
  let frac = mant.toString(16).padStart(13, '0');
  let lead = 1;
  if (prec >= 0 && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    let m = mant + (1n << 52n);
    const rem = m & ((1n << shift) - 1n);
    m >>= shift;
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (m & 1n) === 1n)) m++;
    if (m >> BigInt(prec * 4) >= 2n) {
      m >>= 1n;
      exp++;
    }
    lead = Number(m >> BigInt(prec * 4));
    frac = prec > 0 ? (m & ((1n << BigInt(prec * 4)) - 1n)).toString(16).padStart(prec, '0') : '';
  } else {
    frac = frac.replace(/0+$/, '');
    if (prec > 13) frac = frac.padEnd(prec, '0');
  }
  let s = `0x${lead}${frac ? '.' + frac : ''}p${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  if (upper) s = s.toUpperCase();
  return s;
}

function formatFloat(a: Extract<GoValue, { t: 'float64' }>, verb: string, spec: Spec): string {
  const x = a.v;
  let body: string;
  switch (verb) {
    case 'v':
    case 'g':
      body = fmtG(x, verb === 'v' ? -1 : spec.prec, false);
      break;
    case 'G':
      body = fmtG(x, spec.prec, true);
      break;
    case 'e':
    case 'E':
      body = fmtE(x, spec.prec < 0 ? 6 : spec.prec, verb === 'E');
      break;
    case 'f':
    case 'F':
      body = fmtF(x, spec.prec < 0 ? 6 : spec.prec);
      break;
    case 'x':
    case 'X':
      body = fmtHexFloat(x, spec.prec, verb === 'X');
      break;
    default:
      return badVerb(a, verb);
  }
  if (body.startsWith('-')) body = body.slice(1);
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + body, spec, true);
}

// ── strings ───────────────────────────────────────────────────────────────────────────────────

function truncateRunes(s: string, n: number): string {
  if (n < 0) return s;
  let out = '';
  let count = 0;
  for (const ch of s) {
    if (count++ >= n) break;
    out += ch;
  }
  return out;
}

function canBackquote(s: string): boolean {
  return !/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(s);
}

function formatString(a: Extract<GoValue, { t: 'string' }>, verb: string, spec: Spec): string {
  const s = a.v;
  switch (verb) {
    case 'v':
    case 's':
      return pad(truncateRunes(s, spec.prec), spec, true);
    case 't':
      if (a.bool !== undefined) return pad(s, spec, false);
      return badVerb(a, verb);
    case 'q': {
      const t = truncateRunes(s, spec.prec);
      if (spec.sharp && canBackquote(t)) return pad('`' + t + '`', spec, true);
      return pad(goQuote(t, spec.plus), spec, true);
    }
    case 'x':
    case 'X': {
      let bytes = utf8(s);
      if (spec.prec >= 0) bytes = bytes.subarray(0, spec.prec);
      let hex = toHex(bytes);
      if (verb === 'X') hex = hex.toUpperCase();
      const prefix = spec.sharp ? (verb === 'X' ? '0X' : '0x') : '';
      let body: string;
      if (spec.space) {
        const parts: string[] = [];
        for (let i = 0; i < hex.length; i += 2) parts.push(prefix + hex.slice(i, i + 2));
        body = parts.join(' ');
      } else body = prefix + hex;
      return pad(body, spec, true);
    }
    default:
      return badVerb(a, verb);
  }
}
