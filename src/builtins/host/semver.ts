// semver.* and units.* builtins.
//
// SemVer: OPA accepts what its internal semver package parses: MAJOR.MINOR.PATCH (decimal
// integers), an optional `-prerelease` and `+build` of dot-separated [0-9A-Za-z-] identifiers. It
// is slightly more lenient than SemVer 2.0 (and than the npm `semver` package): leading zeros are
// accepted ("01.2.3", "1.2.3-01"), and a leading "v" is not. Precedence follows SemVer 2.0 §11
// (build metadata ignored), so the parser and comparison are written here rather than delegated to
// npm `semver`, whose accepted syntax differs.

import { fail, str } from './errors.js';

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string[];
}

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

function parseVersion(s: string): Version | undefined {
  let rest = s;
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    const build = rest.slice(plus + 1);
    if (!IDENTIFIERS.test(build)) return undefined;
    rest = rest.slice(0, plus);
  }
  let pre: string[] = [];
  const dash = rest.indexOf('-');
  if (dash >= 0) {
    const p = rest.slice(dash + 1);
    if (!IDENTIFIERS.test(p)) return undefined;
    pre = p.split('.');
    rest = rest.slice(0, dash);
  }
  const parts = rest.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p))) return undefined;
  const [major, minor, patch] = parts.map((p) => BigInt(p)) as [bigint, bigint, bigint];
  // Go parses each part as an int64.
  if (major >= 2n ** 63n || minor >= 2n ** 63n || patch >= 2n ** 63n) return undefined;
  return { major, minor, patch, pre };
}

function cmp(a: bigint | string, b: bigint | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  if (a.length === 0) return 1; // a release has higher precedence than a pre-release
  if (b.length === 0) return -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    let c: number;
    if (xn && yn) c = cmp(BigInt(x), BigInt(y));
    else if (xn) c = -1; // numeric identifiers sort before alphanumeric ones
    else if (yn) c = 1;
    else c = cmp(x, y);
    if (c !== 0) return c;
  }
  return cmp(BigInt(a.length), BigInt(b.length));
}

export function semverCompare(a: unknown, b: unknown): number {
  const sa = str(a, 1);
  const sb = str(b, 2);
  const va = parseVersion(sa);
  if (!va) fail(`operand 1: string ${JSON.stringify(sa)} is not a valid SemVer`);
  const vb = parseVersion(sb);
  if (!vb) fail(`operand 2: string ${JSON.stringify(sb)} is not a valid SemVer`);
  return cmp(va.major, vb.major) || cmp(va.minor, vb.minor) || cmp(va.patch, vb.patch) || comparePre(va.pre, vb.pre);
}

export function semverIsValid(vsn: unknown): boolean {
  return typeof vsn === 'string' && parseVersion(vsn) !== undefined;
}

// ── units ─────────────────────────────────────────────────────────────────────────────────────

const MAX_EXPONENT_DIGITS = 6;

/** OPA's extractNumAndUnit: the leading number (digits, '.', exponent) and the unit after it. */
function extractNumAndUnit(s: string): [string, string] {
  let firstNonNum = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const isNum = (c >= '0' && c <= '9') || c === '.';
    if (!isNum && c !== 'e' && c !== 'E' && c !== '+' && c !== '-') {
      firstNonNum = i;
      break;
    }
    if (c === 'e' || c === 'E') {
      const next = s[i + 1];
      if (next === undefined || !((next >= '0' && next <= '9') || next === '+' || next === '-')) {
        firstNonNum = i;
        break;
      }
      if (next === '+' || next === '-') i++;
      const m = /^\d*/.exec(s.slice(i + 1))![0];
      if (m.length > MAX_EXPONENT_DIGITS) fail('exponent too large');
    }
  }
  if (firstNonNum === -1) return [s, ''];
  if (firstNonNum === 0) return ['', s];
  return [s.slice(0, firstNonNum), s.slice(firstNonNum)];
}

/** An exact decimal as a rational num/den of BigInts (what Go's big.Rat/big.Float SetString accept). */
function parseDecimal(s: string): { num: bigint; den: bigint } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return undefined;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  let exp = (m[4] ? Number(m[4]) : 0) - (m[3]?.length ?? 0);
  let num = BigInt(digits === '' ? '0' : digits);
  if (m[1] === '-') num = -num;
  let den = 1n;
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den = 10n ** BigInt(-exp);
  exp = 0;
  return { num, den };
}

const SI: Record<string, [bigint, bigint]> = {
  '': [1n, 1n],
  m: [1n, 1000n],
  k: [1000n, 1n],
  K: [1000n, 1n],
  ki: [1024n, 1n],
  Ki: [1024n, 1n],
  M: [1000n ** 2n, 1n],
  mi: [1024n ** 2n, 1n],
  Mi: [1024n ** 2n, 1n],
  g: [1000n ** 3n, 1n],
  G: [1000n ** 3n, 1n],
  gi: [1024n ** 3n, 1n],
  Gi: [1024n ** 3n, 1n],
  t: [1000n ** 4n, 1n],
  T: [1000n ** 4n, 1n],
  ti: [1024n ** 4n, 1n],
  Ti: [1024n ** 4n, 1n],
  p: [1000n ** 5n, 1n],
  P: [1000n ** 5n, 1n],
  pi: [1024n ** 5n, 1n],
  Pi: [1024n ** 5n, 1n],
  e: [1000n ** 6n, 1n],
  E: [1000n ** 6n, 1n],
  ei: [1024n ** 6n, 1n],
  Ei: [1024n ** 6n, 1n],
};

function ratToNumber(num: bigint, den: bigint): number {
  if (num % den === 0n) return Number(num / den);
  // OPA prints non-integral results with 10 decimals (big.Rat.FloatString(10)).
  const neg = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const scaled = (n * 10n ** 10n * 2n + d) / (2n * d); // rounded half up
  const s = scaled.toString().padStart(11, '0');
  return Number(`${neg ? '-' : ''}${s.slice(0, -10)}.${s.slice(-10)}`);
}

/** units.parse: SI (k, M, G… and m for milli) and binary (Ki, Mi…) suffixes; 'm'/'M' are case-sensitive. */
export function unitsParse(x: unknown): number {
  const s = str(x, 1).replaceAll('"', '');
  if (s.includes(' ')) fail('spaces not allowed in resource strings');
  const [numText, rawUnit] = extractNumAndUnit(s);
  if (numText === '') fail('no amount provided');
  const unit = rawUnit.length > 1 ? rawUnit[0] + rawUnit.slice(1).toLowerCase() : rawUnit;
  const factor = SI[unit];
  if (!factor) fail(`unit ${unit} not recognized`);
  const n = parseDecimal(numText);
  if (!n) fail('could not parse amount to a number');
  return ratToNumber(n.num * factor[0], n.den * factor[1]);
}

const BYTE_UNITS: Record<string, bigint> = {
  '': 1n,
  kb: 1000n,
  k: 1000n,
  kib: 1024n,
  ki: 1024n,
  mb: 1000n ** 2n,
  m: 1000n ** 2n,
  mib: 1024n ** 2n,
  mi: 1024n ** 2n,
  gb: 1000n ** 3n,
  g: 1000n ** 3n,
  gib: 1024n ** 3n,
  gi: 1024n ** 3n,
  tb: 1000n ** 4n,
  t: 1000n ** 4n,
  tib: 1024n ** 4n,
  ti: 1024n ** 4n,
  pb: 1000n ** 5n,
  p: 1000n ** 5n,
  pib: 1024n ** 5n,
  pi: 1024n ** 5n,
  eb: 1000n ** 6n,
  e: 1000n ** 6n,
  eib: 1024n ** 6n,
  ei: 1024n ** 6n,
};

/** units.parse_bytes: case-insensitive byte units; the result is truncated to an integer. */
export function unitsParseBytes(x: unknown): number {
  const s = str(x, 1).toLowerCase().replaceAll('"', '');
  if (s.includes(' ')) fail('spaces not allowed in resource strings');
  const [numText, unit] = extractNumAndUnit(s);
  if (numText === '') fail('no byte amount provided');
  const factor = BYTE_UNITS[unit];
  if (factor === undefined) fail(`byte unit ${unit} not recognized`);
  const n = parseDecimal(numText);
  if (!n) fail('could not parse byte amount to a number');
  return Number((n.num * factor) / n.den);
}
