// time.* builtins.
//
// Nanosecond timestamps are JS numbers at the boundary (the SDK moves values as JSON), so any
// timestamp beyond 2^53 ns (after 1970-04-15) is the nearest double: about 256 ns of precision for
// present-day dates. Inside, values are exact: a number's integral double value is converted to
// BigInt, split into seconds and nanoseconds, and results are rounded to a double only on return.

import { arr, fail, int, num, str } from './errors.js';
import { formatTime, NAMED_LAYOUTS, parseTime, RFC3339, RFC3339_NANO, WEEKDAY_NAMES } from './golayout.js';
import {
  civilFromLocalSeconds,
  daysFromCivil,
  instantFromCivil,
  loadZone,
  UTC,
  type Instant,
  type Zone,
} from './tz.js';

const NS = 1_000_000_000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function instantFromNs(ns: bigint): Instant {
  let sec = ns / NS;
  let nsec = ns % NS;
  if (nsec < 0n) {
    nsec += NS;
    sec -= 1n;
  }
  return { sec: Number(sec), nsec: Number(nsec) };
}

/** OPA's toSafeUnixNano: the instant in ns, or an error outside the int64 range. */
export function instantToNs(t: Instant): number {
  const ns = BigInt(t.sec) * NS + BigInt(t.nsec);
  if (ns < INT64_MIN || ns > INT64_MAX) fail('time outside of valid range');
  return Number(ns);
}

function nsOperand(v: unknown, pos: number): bigint {
  const n = num(v, pos);
  if (!Number.isInteger(n)) fail('timestamp too big');
  const b = BigInt(n);
  if (b < INT64_MIN || b > INT64_MAX) fail('timestamp too big');
  return b;
}

interface TzTime {
  t: Instant;
  zone: Zone;
  layout: string;
}

/** OPA's tzTime: `ns`, `[ns]`, `[ns, tz]` or `[ns, tz, layout]`. */
function tzTime(x: unknown, pos: number): TzTime {
  if (typeof x === 'number') return { t: instantFromNs(nsOperand(x, pos)), zone: UTC, layout: '' };
  if (!Array.isArray(x)) fail(`operand ${pos} must be either number (ns) or [number (ns), string (tz)] but got ${x === null ? 'null' : typeof x}`);
  const a = arr(x, pos);
  if (a.length === 0) fail(`operand ${pos} must be either number (ns) or [number (ns), string (tz)] but got empty array`);
  const t = instantFromNs(nsOperand(a[0], pos));
  const zone = a.length > 1 ? loadZone(str(a[1], pos)) : UTC;
  const layout = a.length > 2 ? str(a[2], pos) : '';
  return { t, zone, layout };
}

export function parseRfc3339Ns(value: unknown): number {
  return instantToNs(parseTime(RFC3339, str(value, 1)));
}

export function parseNs(layout: unknown, value: unknown): number {
  let l = str(layout, 1);
  const v = str(value, 2);
  l = NAMED_LAYOUTS[l] ?? l;
  return instantToNs(parseTime(l, v));
}

const DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};

/** Go's time.ParseDuration. */
export function parseDurationNs(duration: unknown): number {
  const orig = str(duration, 1);
  const invalid = () => fail(`time: invalid duration ${JSON.stringify(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') invalid();
  let d = 0n;
  const LIMIT = 2n ** 63n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) invalid();
    const intMatch = /^\d*/.exec(s)![0];
    s = s.slice(intMatch.length);
    const v0 = intMatch === '' ? 0n : BigInt(intMatch);
    if (v0 > LIMIT) invalid();
    let f = 0;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      const fracMatch = /^\d*/.exec(s)![0];
      s = s.slice(fracMatch.length);
      post = fracMatch.length > 0;
      // Go keeps accumulating digits until the value would overflow int64.
      let overflow = false;
      let x = 0n;
      for (const digit of fracMatch) {
        if (overflow) continue;
        const y = x * 10n + BigInt(digit);
        if (x > (LIMIT - 1n) / 10n || y > LIMIT) {
          overflow = true;
          continue;
        }
        x = y;
        scale *= 10;
      }
      f = Number(x);
    }
    if (intMatch === '' && !post) invalid();
    const unitMatch = /^[^.0-9]*/.exec(s)![0];
    if (unitMatch === '') fail(`time: missing unit in duration ${JSON.stringify(orig)}`);
    s = s.slice(unitMatch.length);
    const unit = DURATION_UNITS[unitMatch];
    if (unit === undefined) fail(`time: unknown unit ${JSON.stringify(unitMatch)} in duration ${JSON.stringify(orig)}`);
    if (v0 > LIMIT / unit) invalid();
    let v = v0 * unit;
    if (f > 0) {
      // Go computes the fraction in float64 ("nanosecond accurate for fractions of hours").
      v += BigInt(Math.trunc(f * (Number(unit) / scale)));
      if (v > LIMIT) invalid();
    }
    d += v;
    if (d > LIMIT) invalid();
  }
  if (neg) return Number(-d);
  if (d > LIMIT - 1n) invalid();
  return Number(d);
}

export function format(x: unknown): string {
  const { t, zone, layout } = tzTime(x, 1);
  const l = layout === '' ? RFC3339_NANO : (NAMED_LAYOUTS[layout] ?? layout);
  return formatTime(t, zone, l);
}

function civilOf(x: unknown, pos: number) {
  const { t, zone } = tzTime(x, pos);
  const local = t.sec + zone.offsetAt(t.sec);
  return { t, zone, local, civil: civilFromLocalSeconds(local) };
}

export function date(x: unknown): [number, number, number] {
  const { civil } = civilOf(x, 1);
  return [civil.year, civil.month, civil.day];
}

export function clock(x: unknown): [number, number, number] {
  const { civil } = civilOf(x, 1);
  return [civil.hour, civil.minute, civil.second];
}

export function weekday(x: unknown): string {
  const { local } = civilOf(x, 1);
  const days = Math.floor(local / 86400);
  return WEEKDAY_NAMES[(((days + 4) % 7) + 7) % 7]!;
}

/** Go's Time.AddDate in the time's zone (UTC for a bare number): months and days overflow into years and months. */
export function addDate(x: unknown, years: unknown, months: unknown, days: unknown): number {
  const { t, zone, civil } = civilOf(x, 1);
  const y = int(years, 2);
  const m = int(months, 3);
  const d = int(days, 4);
  const result = instantFromCivil(
    { ...civil, year: civil.year + y, month: civil.month + m, day: civil.day + d },
    t.nsec,
    zone,
  );
  return instantToNs(result);
}

/**
 * time.diff: [years, months, days, hours, minutes, seconds] between two instants, both read in the
 * first one's zone, borrowing from the next larger unit as a calendar subtraction does.
 */
export function diff(x1: unknown, x2: unknown): [number, number, number, number, number, number] {
  const a = tzTime(x1, 1);
  const b = tzTime(x2, 2);
  const zone = a.zone;
  let t1 = a.t;
  let t2 = b.t;
  if (t1.sec > t2.sec || (t1.sec === t2.sec && t1.nsec > t2.nsec)) [t1, t2] = [t2, t1];
  const c1 = civilFromLocalSeconds(t1.sec + zone.offsetAt(t1.sec));
  const c2 = civilFromLocalSeconds(t2.sec + zone.offsetAt(t2.sec));
  let year = c2.year - c1.year;
  let month = c2.month - c1.month;
  let day = c2.day - c1.day;
  let hour = c2.hour - c1.hour;
  let min = c2.minute - c1.minute;
  let sec = c2.second - c1.second;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    // Borrow the length of the first time's month.
    const [, , dayOf32nd] = civilFromDaysOf(c1.year, c1.month, 32);
    day += 32 - dayOf32nd;
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}

function civilFromDaysOf(year: number, month: number, day: number): [number, number, number] {
  const c = civilFromLocalSeconds(daysFromCivil(year, month, day) * 86400);
  return [c.year, c.month, c.day];
}

export function nowNsFrom(now: () => bigint): () => number {
  let cached: number | undefined;
  return () => {
    if (cached === undefined) {
      const n = now();
      if (n < INT64_MIN || n > INT64_MAX) fail('time outside of valid range');
      cached = Number(n);
    }
    return cached;
  };
}
