// Calendar arithmetic and time zones for the time.* builtins.
//
// Instants are (unix seconds, nanoseconds) pairs of plain numbers: every instant OPA can represent
// (int64 nanoseconds, years 1677–2262) has its seconds well inside 2^53. Civil dates use the
// proleptic Gregorian calendar, as Go does. IANA zones come from Intl.DateTimeFormat, which Node
// and Edge runtimes ship with full ICU data; no tzdata is bundled.

import { fail } from './errors.js';

export interface Instant {
  /** Seconds since the Unix epoch (may be negative). */
  sec: number;
  /** Nanoseconds within the second, 0..999_999_999. */
  nsec: number;
}

export interface Civil {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number;
  minute: number;
  second: number;
}

// ── Calendar ──────────────────────────────────────────────────────────────────────────────────

/** Days since 1970-01-01 of a civil date; `day` may be out of range and is then normalised linearly. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Civil fields of "local seconds" (seconds since the epoch in the zone's wall clock). */
export function civilFromLocalSeconds(local: number): Civil {
  const days = Math.floor(local / 86400);
  const rem = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  return { year, month, day, hour: Math.floor(rem / 3600), minute: Math.floor((rem % 3600) / 60), second: rem % 60 };
}

/**
 * Local seconds of civil fields, normalising overflowing months (Go's Date: month 13 is January of
 * the next year) and days/hours/minutes/seconds (linearly).
 */
export function localSecondsFromCivil(c: Civil): number {
  const m0 = c.month - 1;
  const year = c.year + Math.floor(m0 / 12);
  const month = (((m0 % 12) + 12) % 12) + 1;
  return daysFromCivil(year, month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfLocalSeconds(local: number): number {
  const days = Math.floor(local / 86400);
  return (((days + 4) % 7) + 7) % 7;
}

// ── Zones ─────────────────────────────────────────────────────────────────────────────────────

export interface Zone {
  /** Go's location name: "UTC", "Local", an IANA name, or a fixed zone's name. */
  name: string;
  /** Offset from UTC in seconds at the instant `sec`. */
  offsetAt(sec: number): number;
  /** Abbreviation at `sec` (Go's "MST" layout token), or "" when the zone has none. */
  abbrevAt(sec: number): string;
}

export const UTC: Zone = { name: 'UTC', offsetAt: () => 0, abbrevAt: () => 'UTC' };

export function fixedZone(name: string, offset: number): Zone {
  return { name, offsetAt: () => offset, abbrevAt: () => name };
}

const FIELDS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  era: 'short',
};

// Locales tried, in order, for a zone abbreviation: each knows the abbreviations of its region
// (en-US: EST/PST, en-GB: CET/BST, en-AU: AEST, en-IN: IST); others print "GMT+1".
const ABBREV_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];

class IntlZone implements Zone {
  private readonly fields: Intl.DateTimeFormat;
  private readonly abbrevFormats = new Map<string, Intl.DateTimeFormat>();
  private readonly abbrevCache = new Map<number, string>();

  constructor(
    readonly name: string,
    private readonly ianaName: string,
  ) {
    this.fields = new Intl.DateTimeFormat('en-US', { ...FIELDS, timeZone: ianaName });
  }

  offsetAt(sec: number): number {
    const parts = this.fields.formatToParts(new Date(sec * 1000));
    let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    let bc = false;
    for (const p of parts) {
      switch (p.type) {
        case 'year':
          year = Number(p.value);
          break;
        case 'month':
          month = Number(p.value);
          break;
        case 'day':
          day = Number(p.value);
          break;
        case 'hour':
          hour = Number(p.value);
          break;
        case 'minute':
          minute = Number(p.value);
          break;
        case 'second':
          second = Number(p.value);
          break;
        case 'era':
          bc = p.value === 'BC' || p.value === 'B';
          break;
      }
    }
    if (bc) year = 1 - year;
    const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return local - sec;
  }

  abbrevAt(sec: number): string {
    const offset = this.offsetAt(sec);
    const cached = this.abbrevCache.get(offset);
    if (cached !== undefined) return cached;
    let abbrev = '';
    for (const locale of ABBREV_LOCALES) {
      let f = this.abbrevFormats.get(locale);
      if (!f) {
        f = new Intl.DateTimeFormat(locale, { timeZone: this.ianaName, timeZoneName: 'short' });
        this.abbrevFormats.set(locale, f);
      }
      const v = f.formatToParts(new Date(sec * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? '';
      if (/^[A-Z]{2,5}$/.test(v) && !(v === 'GMT' && offset !== 0)) {
        abbrev = v;
        break;
      }
    }
    if (abbrev === '') {
      // tzdata's numeric abbreviations: "+09", "-03", "+0530".
      const a = Math.abs(offset);
      const hh = String(Math.floor(a / 3600)).padStart(2, '0');
      const mm = Math.floor((a % 3600) / 60);
      abbrev = (offset < 0 ? '-' : '+') + hh + (mm ? String(mm).padStart(2, '0') : '');
    }
    this.abbrevCache.set(offset, abbrev);
    return abbrev;
  }
}

const zoneCache = new Map<string, Zone>();

function localZoneName(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * A zone by Go's LoadLocation names: "" and "UTC" are UTC, "Local" is the runtime's zone, anything
 * else an IANA name. Throws BuiltinError for an unknown zone.
 */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  const cached = zoneCache.get(name);
  if (cached) return cached;
  let zone: Zone;
  const iana = name === 'Local' ? localZoneName() : name;
  if (iana === 'UTC' || iana === 'Etc/UTC') {
    zone = name === 'Local' ? { ...UTC, name: 'Local' } : fixedZoneNamed(name, 'UTC');
  } else {
    // Intl accepts offsets ("+05:00") that Go does not, and is case-insensitive where Go is not.
    if (/^[+-]/.test(iana)) fail(`unknown time zone ${name}`);
    let resolved: string;
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: iana }).resolvedOptions().timeZone;
    } catch {
      fail(`unknown time zone ${name}`);
    }
    // Intl canonicalises aliases (Asia/Calcutta → Asia/Kolkata), which Go also accepts, but it is
    // also case-insensitive, which Go (reading tzdata file names) is not.
    if (resolved !== iana && resolved.toLowerCase() === iana.toLowerCase()) fail(`unknown time zone ${name}`);
    zone = new IntlZone(name, iana);
  }
  if (zoneCache.size > 512) zoneCache.clear();
  zoneCache.set(name, zone);
  return zone;
}

function fixedZoneNamed(name: string, abbrev: string): Zone {
  return { name, offsetAt: () => 0, abbrevAt: () => abbrev };
}

/**
 * The instant of civil fields in a zone, as Go's time.Date: the offset is looked up for the civil
 * time read as UTC, and corrected once if the resulting instant has a different offset (so times
 * in a DST gap or overlap resolve like Go's).
 */
export function instantFromCivil(c: Civil, nsec: number, zone: Zone): Instant {
  // Normalise nanoseconds into seconds first.
  const carry = Math.floor(nsec / 1e9);
  const ns = nsec - carry * 1e9;
  const local = localSecondsFromCivil(c) + carry;
  let offset = zone.offsetAt(local);
  if (offset !== 0) {
    const utc = local - offset;
    const offset2 = zone.offsetAt(utc);
    if (offset2 !== offset) offset = offset2;
  }
  return { sec: local - offset, nsec: ns };
}
