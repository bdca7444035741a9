// Go's reference-time layouts ("Mon Jan 2 15:04:05 MST 2006") for time.format and time.parse_ns:
// a tokenizer following Go's nextStdChunk, a formatter (Time.Format) and a parser (time.Parse,
// with Go's leniencies: one-digit fields where the layout has a non-zero-padded element, an
// optional fractional second after the seconds, runs of spaces, and case-insensitive names).

import { fail } from './errors.js';
import {
  civilFromLocalSeconds,
  daysFromCivil,
  daysIn,
  civilFromDays,
  fixedZone,
  instantFromCivil,
  isLeap,
  UTC,
  weekdayOfLocalSeconds,
  type Instant,
  type Zone,
} from './tz.js';

type Std =
  | 'LongMonth' | 'Month' | 'NumMonth' | 'ZeroMonth'
  | 'LongWeekDay' | 'WeekDay'
  | 'Day' | 'UnderDay' | 'ZeroDay' | 'UnderYearDay' | 'ZeroYearDay'
  | 'Hour' | 'Hour12' | 'ZeroHour12'
  | 'Minute' | 'ZeroMinute' | 'Second' | 'ZeroSecond'
  | 'LongYear' | 'Year' | 'PM' | 'pm'
  | 'TZ'
  | 'ISO8601TZ' | 'ISO8601SecondsTZ' | 'ISO8601ShortTZ' | 'ISO8601ColonTZ' | 'ISO8601ColonSecondsTZ'
  | 'NumTZ' | 'NumSecondsTz' | 'NumShortTZ' | 'NumColonTZ' | 'NumColonSecondsTZ'
  | 'FracSecond0' | 'FracSecond9';

interface Chunk {
  prefix: string;
  std?: Std;
  /** Layout text of the element. */
  text: string;
  /** Fractional seconds: digit count and separator ('.' or ','). */
  digits?: number;
  sep?: string;
  suffix: string;
}

const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
const isDigitAt = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's nextStdChunk: the literal prefix, the first layout element, and the rest. */
function nextStdChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const at = (s: string) => layout.startsWith(s, i);
    const chunk = (std: Std, len: number, extra: Partial<Chunk> = {}): Chunk => ({
      prefix: layout.slice(0, i),
      std,
      text: layout.slice(i, i + len),
      suffix: layout.slice(i + len),
      ...extra,
    });
    switch (c) {
      case 'J':
        if (at('Jan')) {
          if (at('January')) return chunk('LongMonth', 7);
          if (!isLower(layout[i + 3])) return chunk('Month', 3);
        }
        break;
      case 'M':
        if (at('Mon')) {
          if (at('Monday')) return chunk('LongWeekDay', 6);
          if (!isLower(layout[i + 3])) return chunk('WeekDay', 3);
        }
        if (at('MST')) return chunk('TZ', 3);
        break;
      case '0': {
        const n = layout[i + 1];
        if (n !== undefined && n >= '1' && n <= '6') {
          return chunk((['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'] as Std[])[Number(n) - 1]!, 2);
        }
        if (at('002')) return chunk('ZeroYearDay', 3);
        break;
      }
      case '1':
        if (layout[i + 1] === '5') return chunk('Hour', 2);
        return chunk('NumMonth', 1);
      case '2':
        if (at('2006')) return chunk('LongYear', 4);
        return chunk('Day', 1);
      case '_':
        if (layout[i + 1] === '2') {
          // "_2006" is a literal "_" followed by the long year.
          if (layout.startsWith('2006', i + 1)) {
            return { prefix: layout.slice(0, i + 1), std: 'LongYear', text: '2006', suffix: layout.slice(i + 5) };
          }
          return chunk('UnderDay', 2);
        }
        if (at('__2')) return chunk('UnderYearDay', 3);
        break;
      case '3':
        return chunk('Hour12', 1);
      case '4':
        return chunk('Minute', 1);
      case '5':
        return chunk('Second', 1);
      case 'P':
        if (layout[i + 1] === 'M') return chunk('PM', 2);
        break;
      case 'p':
        if (layout[i + 1] === 'm') return chunk('pm', 2);
        break;
      case '-':
        if (at('-070000')) return chunk('NumSecondsTz', 7);
        if (at('-07:00:00')) return chunk('NumColonSecondsTZ', 9);
        if (at('-0700')) return chunk('NumTZ', 5);
        if (at('-07:00')) return chunk('NumColonTZ', 6);
        if (at('-07')) return chunk('NumShortTZ', 3);
        break;
      case 'Z':
        if (at('Z070000')) return chunk('ISO8601SecondsTZ', 7);
        if (at('Z07:00:00')) return chunk('ISO8601ColonSecondsTZ', 9);
        if (at('Z0700')) return chunk('ISO8601TZ', 5);
        if (at('Z07:00')) return chunk('ISO8601ColonTZ', 6);
        if (at('Z07')) return chunk('ISO8601ShortTZ', 3);
        break;
      case '.':
      case ',': {
        const d = layout[i + 1];
        if (d === '0' || d === '9') {
          let j = i + 1;
          while (j < layout.length && layout[j] === d) j++;
          if (!isDigitAt(layout, j)) {
            return chunk(d === '0' ? 'FracSecond0' : 'FracSecond9', j - i, { digits: j - (i + 1), sep: c });
          }
        }
        break;
      }
    }
  }
  return { prefix: layout, text: '', suffix: '' };
}

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const WEEKDAY_NAMES = LONG_DAYS;

/** OPA's accepted names for Go's predefined layouts. */
export const NAMED_LAYOUTS: Readonly<Record<string, string>> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
};

export const RFC3339 = NAMED_LAYOUTS.RFC3339!;
export const RFC3339_NANO = NAMED_LAYOUTS.RFC3339Nano!;

/** Go's appendInt: zero-padded to `width`, a leading '-' for negatives. */
function padInt(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

// ── Format ────────────────────────────────────────────────────────────────────────────────────

export function formatTime(t: Instant, zone: Zone, layout: string): string {
  const offset = zone.offsetAt(t.sec);
  const local = t.sec + offset;
  const c = civilFromLocalSeconds(local);
  let out = '';
  let rest = layout;
  for (;;) {
    const ch = nextStdChunk(rest);
    out += ch.prefix;
    if (!ch.std) break;
    rest = ch.suffix;
    switch (ch.std) {
      case 'Year':
        out += padInt(Math.abs(c.year) % 100, 2);
        break;
      case 'LongYear':
        out += padInt(c.year, 4);
        break;
      case 'Month':
        out += LONG_MONTHS[c.month - 1]!.slice(0, 3);
        break;
      case 'LongMonth':
        out += LONG_MONTHS[c.month - 1]!;
        break;
      case 'NumMonth':
        out += String(c.month);
        break;
      case 'ZeroMonth':
        out += padInt(c.month, 2);
        break;
      case 'WeekDay':
        out += LONG_DAYS[weekdayOfLocalSeconds(local)]!.slice(0, 3);
        break;
      case 'LongWeekDay':
        out += LONG_DAYS[weekdayOfLocalSeconds(local)]!;
        break;
      case 'Day':
        out += String(c.day);
        break;
      case 'UnderDay':
        out += c.day < 10 ? ' ' + c.day : String(c.day);
        break;
      case 'ZeroDay':
        out += padInt(c.day, 2);
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay': {
        const yday = Math.floor(local / 86400) - daysFromCivil(c.year, 1, 1) + 1;
        out += ch.std === 'ZeroYearDay' ? padInt(yday, 3) : String(yday).padStart(3, ' ');
        break;
      }
      case 'Hour':
        out += padInt(c.hour, 2);
        break;
      case 'Hour12':
        out += String(c.hour % 12 === 0 ? 12 : c.hour % 12);
        break;
      case 'ZeroHour12':
        out += padInt(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
        break;
      case 'Minute':
        out += String(c.minute);
        break;
      case 'ZeroMinute':
        out += padInt(c.minute, 2);
        break;
      case 'Second':
        out += String(c.second);
        break;
      case 'ZeroSecond':
        out += padInt(c.second, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ': {
        const name = zone.abbrevAt(t.sec);
        if (name) out += name;
        else {
          const zm = Math.trunc(offset / 60);
          out += (zm < 0 ? '-' : '+') + padInt(Math.floor(Math.abs(zm) / 60), 2) + padInt(Math.abs(zm) % 60, 2);
        }
        break;
      }
      case 'FracSecond0':
      case 'FracSecond9': {
        const trim = ch.std === 'FracSecond9';
        if (trim && t.nsec === 0) break;
        let frac = padInt(t.nsec, 9).slice(0, ch.digits);
        if (trim) frac = frac.replace(/0+$/, '');
        if (frac || !trim) out += ch.sep + frac;
        break;
      }
      default:
        out += formatOffset(ch.std, offset);
    }
  }
  return out;
}

function formatOffset(std: Std, offset: number): string {
  const iso = std.startsWith('ISO8601');
  if (iso && offset === 0) return 'Z';
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let s = '+';
  if (zone < 0) {
    s = '-';
    zone = -zone;
    abs = -abs;
  }
  s += padInt(Math.floor(zone / 60), 2);
  const colon = std === 'ISO8601ColonTZ' || std === 'NumColonTZ' || std === 'ISO8601ColonSecondsTZ' || std === 'NumColonSecondsTZ';
  if (colon) s += ':';
  if (std !== 'NumShortTZ' && std !== 'ISO8601ShortTZ') s += padInt(zone % 60, 2);
  if (std === 'ISO8601SecondsTZ' || std === 'NumSecondsTz' || std === 'NumColonSecondsTZ' || std === 'ISO8601ColonSecondsTZ') {
    if (std === 'NumColonSecondsTZ' || std === 'ISO8601ColonSecondsTZ') s += ':';
    s += padInt(abs % 60, 2);
  }
  return s;
}

// ── Parse ─────────────────────────────────────────────────────────────────────────────────────

class ParseFailure extends Error {}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new ParseFailure();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new ParseFailure();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + Number(s[i]);
  if (i === 0 || (fixed && i !== 3)) throw new ParseFailure();
  return [n, s.slice(i)];
}

function lookup(names: string[], s: string): [number, string] {
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (s.length >= n.length && s.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [i, s.slice(n.length)];
  }
  throw new ParseFailure();
}

function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new ParseFailure();
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new ParseFailure();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

const commaOrPeriod = (c: string | undefined) => c === '.' || c === ',';

function parseNanoseconds(value: string, nbytes: number): number {
  if (!commaOrPeriod(value[0])) throw new ParseFailure();
  if (nbytes > 10) nbytes = 10;
  const digits = value.slice(1, nbytes);
  if (!/^\d*$/.test(digits)) throw new ParseFailure();
  return Number(digits.padEnd(9, '0')) || 0;
}

function leadingInt(s: string): [number, string] | undefined {
  const m = /^\d+/.exec(s);
  if (!m) return undefined;
  return [Number(m[0]), s.slice(m[0].length)];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  const li = leadingInt(value.slice(1));
  if (!li || li[0] > 23) return 0;
  return value.length - li[1].length;
}

/** Go's parseTimeZone: the length of a zone abbreviation at the start of value, or 0. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const rest = value.slice(3);
    return rest.length === 0 ? 3 : 3 + parseSignedOffset(rest);
  }
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let nUpper = 0;
  while (nUpper < 6 && nUpper < value.length && value[nUpper]! >= 'A' && value[nUpper]! <= 'Z') nUpper++;
  switch (nUpper) {
    case 3:
      return 3;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 5:
      return value[4] === 'T' ? 5 : 0;
    default:
      return 0;
  }
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Go's time.Parse(layout, value): the instant, in UTC unless the value carries an offset. Zone
 * abbreviations other than UTC (and GMT±h) get offset 0, as Go does when the local zone is UTC.
 * Throws BuiltinError with Go's message on failure.
 */
export function parseTime(layout: string, value: string): Instant {
  const alayout = layout;
  const avalue = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pmSet = false;
  let amSet = false;
  let z: Zone | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  let rangeErr = '';

  for (;;) {
    const ch = nextStdChunk(layout);
    try {
      value = skip(value, ch.prefix);
    } catch {
      fail(`parsing time ${quote(avalue)} as ${quote(alayout)}: cannot parse ${quote(value)} as ${quote(ch.prefix)}`);
    }
    if (!ch.std) {
      if (value.length !== 0) fail(`parsing time ${quote(avalue)}: extra text: ${quote(value)}`);
      break;
    }
    layout = ch.suffix;
    const hold = value;
    try {
      switch (ch.std) {
        case 'Year': {
          if (value.length < 2) throw new ParseFailure();
          const p = value.slice(0, 2);
          if (!/^\d\d$/.test(p)) throw new ParseFailure();
          value = value.slice(2);
          year = Number(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case 'LongYear': {
          if (value.length < 4 || !isDigitAt(value, 0)) throw new ParseFailure();
          const p = value.slice(0, 4);
          if (!/^\d{4}$/.test(p)) throw new ParseFailure();
          value = value.slice(4);
          year = Number(p);
          break;
        }
        case 'Month':
          [month, value] = lookup(LONG_MONTHS.map((m) => m.slice(0, 3)), value);
          month++;
          break;
        case 'LongMonth':
          [month, value] = lookup(LONG_MONTHS, value);
          month++;
          break;
        case 'NumMonth':
        case 'ZeroMonth':
          [month, value] = getnum(value, ch.std === 'ZeroMonth');
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case 'WeekDay':
          [, value] = lookup(LONG_DAYS.map((d) => d.slice(0, 3)), value);
          break;
        case 'LongWeekDay':
          [, value] = lookup(LONG_DAYS, value);
          break;
        case 'Day':
        case 'UnderDay':
        case 'ZeroDay':
          if (ch.std === 'UnderDay' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, ch.std === 'ZeroDay');
          break;
        case 'UnderYearDay':
        case 'ZeroYearDay':
          for (let i = 0; i < 2; i++) if (ch.std === 'UnderYearDay' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, ch.std === 'ZeroYearDay');
          break;
        case 'Hour':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = 'hour';
          break;
        case 'Hour12':
        case 'ZeroHour12':
          [hour, value] = getnum(value, ch.std === 'ZeroHour12');
          if (hour < 0 || hour > 12) rangeErr = 'hour';
          break;
        case 'Minute':
        case 'ZeroMinute':
          [min, value] = getnum(value, ch.std === 'ZeroMinute');
          if (min < 0 || min >= 60) rangeErr = 'minute';
          break;
        case 'Second':
        case 'ZeroSecond': {
          [sec, value] = getnum(value, ch.std === 'ZeroSecond');
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second';
            break;
          }
          // A fractional second in the value without one in the layout.
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout).std;
            if (next === 'FracSecond0' || next === 'FracSecond9') break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            nsec = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new ParseFailure();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pm, am] = ch.std === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw new ParseFailure();
          break;
        }
        case 'ISO8601TZ':
        case 'ISO8601ShortTZ':
        case 'ISO8601ColonTZ':
        case 'ISO8601SecondsTZ':
        case 'ISO8601ColonSecondsTZ':
        case 'NumTZ':
        case 'NumShortTZ':
        case 'NumColonTZ':
        case 'NumSecondsTz':
        case 'NumColonSecondsTZ': {
          if (ch.std.startsWith('ISO8601') && value[0] === 'Z') {
            value = value.slice(1);
            z = UTC;
            break;
          }
          let sign: string, hh: string, mm: string, ss: string;
          const std = ch.std;
          if (std === 'ISO8601ColonTZ' || std === 'NumColonTZ') {
            if (value.length < 6 || value[3] !== ':') throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)];
          } else if (std === 'NumShortTZ' || std === 'ISO8601ShortTZ') {
            if (value.length < 3) throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), '00', '00', value.slice(3)];
          } else if (std === 'ISO8601ColonSecondsTZ' || std === 'NumColonSecondsTZ') {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
          } else if (std === 'ISO8601SecondsTZ' || std === 'NumSecondsTz') {
            if (value.length < 7) throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
          } else {
            if (value.length < 5) throw new ParseFailure();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)];
          }
          const [hr] = getnum(hh, true);
          const [mi] = getnum(mm, true);
          const [se] = getnum(ss, true);
          if (hr > 24) rangeErr = 'time zone offset hour';
          if (mi > 60) rangeErr = 'time zone offset minute';
          if (se > 60) rangeErr = 'time zone offset second';
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') throw new ParseFailure();
          break;
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw new ParseFailure();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'FracSecond0': {
          const ndigit = 1 + ch.digits!;
          if (value.length < ndigit) throw new ParseFailure();
          nsec = parseNanoseconds(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case 'FracSecond9': {
          if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigitAt(value, 1)) break;
          let i = 0;
          while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
          nsec = parseNanoseconds(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      fail(`parsing time ${quote(avalue)} as ${quote(alayout)}: cannot parse ${quote(hold)} as ${quote(ch.text)}`);
    }
    if (rangeErr) fail(`parsing time ${quote(avalue)}: ${rangeErr} out of range`);
  }

  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    if (yday < 1 || yday > (isLeap(year) ? 366 : 365)) fail(`parsing time ${quote(avalue)}: day-of-year out of range`);
    const [, m, d] = civilFromDays(daysFromCivil(year, 1, 1) + yday - 1);
    if (month >= 0 && month !== m) fail(`parsing time ${quote(avalue)}: day-of-year does not match month`);
    if (day >= 0 && day !== d) fail(`parsing time ${quote(avalue)}: day-of-year does not match day`);
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) fail(`parsing time ${quote(avalue)}: day out of range`);

  const civil = { year, month, day, hour, minute: min, second: sec };
  if (z) return instantFromCivil(civil, nsec, z);
  if (zoneOffset !== -1) return instantFromCivil(civil, nsec, fixedZone('', zoneOffset));
  if (zoneName !== '') {
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = Number(zoneName.slice(3)) * 3600;
    return instantFromCivil(civil, nsec, fixedZone(zoneName, offset));
  }
  return instantFromCivil(civil, nsec, UTC);
}
