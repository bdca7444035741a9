import { describe, expect, it } from 'vitest';
import { call, expectError, hosts } from './helpers.js';

const ns = (rfc3339: string) => call('time.parse_rfc3339_ns', rfc3339) as number;

describe('time.parse_rfc3339_ns', () => {
  it.each<[string, number]>([
    ['1970-01-01T00:00:00Z', 0],
    ['1970-01-01T00:00:00.123456789Z', 123456789],
    ['2017-06-02T19:00:00.000000000Z', 1496430000000000000],
    ['2017-06-02T19:00:00-07:00', 1496455200000000000],
    ['2017-06-02T19:00:00+05:30', 1496410200000000000],
    ['2024-02-29T00:00:00Z', 1709164800000000000],
    ['1969-12-31T23:59:59Z', -1000000000],
    ['2262-04-11T23:47:16Z', 9223372036000000000],
  ])('%s', (s, want) => expect(ns(s)).toBe(want));

  it('rejects invalid dates, formats and out-of-range times', () => {
    expectError('time.parse_rfc3339_ns', ['2023-02-29T00:00:00Z'], 'day out of range');
    expectError('time.parse_rfc3339_ns', ['2024-13-01T00:00:00Z'], 'month out of range');
    expectError('time.parse_rfc3339_ns', ['2024-01-01 00:00:00Z'], 'cannot parse');
    expectError('time.parse_rfc3339_ns', ['2024-01-01T00:00:00'], 'cannot parse');
    expectError('time.parse_rfc3339_ns', ['3000-01-01T00:00:00Z'], 'time outside of valid range');
    expectError('time.parse_rfc3339_ns', [1]);
  });
});

describe('time.parse_ns (Go layouts)', () => {
  it.each<[string, string, number]>([
    ['2006-01-02', '2022-12-31', 1672444800000000000],
    ['RFC1123', 'Mon, 02 Jan 2006 15:04:05 MST', 1136214245000000000],
    ['RFC1123Z', 'Mon, 02 Jan 2006 15:04:05 -0700', 1136239445000000000],
    ['Jan _2 2006 3:04PM', 'Feb  3 2013 7:54PM', 1359921240000000000],
    ['02/01/06 15:04', '31/12/99 23:59', 946684740000000000],
    ['2006-01-02T15:04:05.000Z07:00', '2020-05-06T07:08:09.123+02:00', 1588741689123000000],
    ['2006-002', '2024-060', 1709164800000000000], // day of year, leap year: Feb 29
    ['January 2, 2006', 'march 3, 2021', 1614729600000000000], // month names are case-insensitive
    ['2006-01-02 15:04:05 GMT-07', '2020-01-01 00:00:00 GMT+03', 1577826000000000000],
  ])('%j %j', (layout, value, want) => expect(call('time.parse_ns', layout, value)).toBe(want));

  it('rejects mismatches, extra text and years outside the int64 range', () => {
    expectError('time.parse_ns', ['2006-01-02', '2022/12/31'], 'cannot parse');
    expectError('time.parse_ns', ['2006-01-02', '2022-12-31 extra'], 'extra text');
    expectError('time.parse_ns', ['15:04', '10:30'], 'time outside of valid range'); // year 0
    expectError('time.parse_ns', ['2006-01-02', '2022-02-30'], 'day out of range');
  });
});

describe('time.parse_duration_ns', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['1h30m', 5400000000000],
    ['1.5h', 5400000000000],
    ['-300ms', -300000000],
    ['+2s', 2000000000],
    ['2h45m10.5s', 9910500000000],
    ['1µs', 1000],
    ['1μs', 1000],
    ['1us1ns', 1001],
    ['.5s', 500000000],
    ['1.s', 1000000000],
  ])('%j', (d, want) => expect(call('time.parse_duration_ns', d)).toBe(want));

  it.each([[''], ['1'], ['1d'], ['h'], ['.s'], ['1h-2m'], ['9223372037s']])('rejects %j', (d) =>
    expectError('time.parse_duration_ns', [d]),
  );
});

describe('time.format', () => {
  it.each<[unknown, string]>([
    [1500000000000000000, '2017-07-14T02:40:00Z'],
    [0, '1970-01-01T00:00:00Z'],
    [-1, '1969-12-31T23:59:59.999999999Z'],
    [[1500000000000000000, 'America/New_York'], '2017-07-13T22:40:00-04:00'],
    [[1500000000000000000, 'Europe/Paris', 'Mon Jan _2 15:04:05 MST 2006'], 'Fri Jul 14 04:40:00 CEST 2017'],
    [[1500000000000000000, 'UTC', 'RFC1123'], 'Fri, 14 Jul 2017 02:40:00 UTC'],
    [[1500000000000000000, 'America/Los_Angeles', 'RFC822Z'], '13 Jul 17 19:40 -0700'],
    [[1500000000000000000, 'Asia/Kolkata', '3:04PM Z07:00'], '8:10AM +05:30'],
    [[1500000000000000000, '', '2006-01-02 03:04:05.000 PM -07:00 002 __2 _2 Monday Jan'], '2017-07-14 02:40:00.000 AM +00:00 195 195 14 Friday Jul'],
    [[1500000000123456789, 'UTC', '.000000 .999999999 ,00'], '.123456 .123456768 ,12'],
  ])('%j', (x, want) => expect(call('time.format', x)).toBe(want));

  it('uses the winter and summer abbreviations of a zone (DST)', () => {
    expect(call('time.format', [ns('2024-01-15T12:00:00Z'), 'America/New_York', 'MST'])).toBe('EST');
    expect(call('time.format', [ns('2024-07-15T12:00:00Z'), 'America/New_York', 'MST'])).toBe('EDT');
    expect(call('time.format', [ns('2024-07-15T12:00:00Z'), 'Europe/London', 'MST'])).toBe('BST');
    expect(call('time.format', [ns('2024-07-15T12:00:00Z'), 'America/Sao_Paulo', 'MST'])).toBe('-03');
  });

  it('rejects unknown zones and bad timestamps', () => {
    expectError('time.format', [[0, 'Mars/Olympus_Mons']], 'unknown time zone');
    expectError('time.format', [[0, 'america/new_york']], 'unknown time zone');
    expectError('time.format', [1.5], 'timestamp too big');
    expectError('time.format', [[]]);
    expectError('time.format', ['0']);
  });
});

describe('time.date / time.clock / time.weekday', () => {
  const leapDay = 1709164800000000000; // 2024-02-29T00:00:00Z
  it.each<[string, unknown, unknown]>([
    ['time.date', leapDay, [2024, 2, 29]],
    ['time.date', [leapDay, 'America/Los_Angeles'], [2024, 2, 28]],
    ['time.date', [leapDay, 'Asia/Tokyo'], [2024, 2, 29]],
    ['time.date', 0, [1970, 1, 1]],
    ['time.date', -1, [1969, 12, 31]],
    ['time.date', [0, 'UTC'], [1970, 1, 1]],
    ['time.clock', [leapDay, 'Asia/Kolkata'], [5, 30, 0]],
    ['time.clock', [leapDay, 'America/St_Johns'], [20, 30, 0]],
    ['time.clock', 1500000000000000000, [2, 40, 0]],
    ['time.weekday', 0, 'Thursday'],
    ['time.weekday', leapDay, 'Thursday'],
    ['time.weekday', [leapDay, 'America/Los_Angeles'], 'Wednesday'],
    ['time.date', ns('1900-03-01T00:00:00Z'), [1900, 3, 1]],
    ['time.date', ns('2000-02-29T12:00:00Z'), [2000, 2, 29]],
  ])('%s(%j)', (fn, x, want) => expect(call(fn, x)).toEqual(want));

  it('follows DST transitions', () => {
    // 2024-03-10 07:30 UTC is 03:30 EDT (clocks went 02:00 → 03:00), one hour earlier 01:30 EST.
    expect(call('time.clock', [ns('2024-03-10T07:30:00Z'), 'America/New_York'])).toEqual([3, 30, 0]);
    expect(call('time.clock', [ns('2024-03-10T06:30:00Z'), 'America/New_York'])).toEqual([1, 30, 0]);
  });
});

describe('time.add_date', () => {
  it.each<[string, number, number, number, string]>([
    ['2024-01-31T00:00:00Z', 0, 1, 0, '2024-03-02T00:00:00Z'], // Feb 31 → Mar 2 (leap year)
    ['2023-01-31T00:00:00Z', 0, 1, 0, '2023-03-03T00:00:00Z'],
    ['2024-02-29T00:00:00Z', 1, 0, 0, '2025-03-01T00:00:00Z'],
    ['2024-02-29T00:00:00Z', 4, 0, 0, '2028-02-29T00:00:00Z'],
    ['2024-12-15T10:20:30.5Z', 0, 1, 0, '2025-01-15T10:20:30.5Z'],
    ['2024-01-01T00:00:00Z', 0, -1, 0, '2023-12-01T00:00:00Z'],
    ['2024-03-01T00:00:00Z', 0, 0, -1, '2024-02-29T00:00:00Z'],
    ['2024-01-01T00:00:00Z', -1, -12, 365, '2023-01-01T00:00:00Z'], // 2022 has 365 days
    ['2024-01-01T00:00:00Z', -1, -12, 364, '2022-12-31T00:00:00Z'],
  ])('%s + %iy %im %id', (start, y, m, d, want) => {
    expect(call('time.format', call('time.add_date', ns(start), y, m, d))).toBe(want);
  });

  it('adds in the given zone, resolving a DST gap as Go does', () => {
    const r = call('time.add_date', [ns('2024-03-09T02:30:00-05:00'), 'America/New_York'], 0, 0, 1);
    expect(call('time.format', [r, 'America/New_York'])).toBe('2024-03-10T01:30:00-05:00');
  });

  it('errors outside the int64 range and on non-integer arguments', () => {
    expectError('time.add_date', [0, 300, 0, 0], 'time outside of valid range');
    expectError('time.add_date', [0, 1.5, 0, 0]);
  });
});

describe('time.diff', () => {
  it.each<[string, string, number[]]>([
    ['2021-11-15T00:00:00Z', '2024-01-20T12:30:05Z', [2, 2, 5, 12, 30, 5]],
    ['2024-01-20T12:30:05Z', '2021-11-15T00:00:00Z', [2, 2, 5, 12, 30, 5]],
    ['2024-01-31T00:00:00Z', '2024-03-01T00:00:00Z', [0, 1, 1, 0, 0, 0]],
    ['2023-01-31T00:00:00Z', '2023-03-01T00:00:00Z', [0, 1, 1, 0, 0, 0]],
    ['2024-02-28T23:59:59Z', '2024-03-01T00:00:00Z', [0, 0, 1, 0, 0, 1]],
    ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', [0, 0, 0, 0, 0, 0]],
  ])('%s → %s', (a, b, want) => expect(call('time.diff', ns(a), ns(b))).toEqual(want));

  it('reads both times in the first argument’s zone', () => {
    expect(call('time.diff', [ns('2024-01-01T00:00:00Z'), 'Asia/Tokyo'], ns('2024-01-01T15:00:00Z'))).toEqual([0, 0, 0, 15, 0, 0]);
  });
});

describe('time.now_ns', () => {
  it('reads the injected clock once per evaluation map', () => {
    let t = 1_700_000_000_000_000_000n;
    const { call: c } = hosts({ now: () => (t += 1000n) });
    const a = c('time.now_ns');
    const b = c('time.now_ns');
    expect(a).toBe(b);
    expect(a).toBe(Number(1_700_000_000_000_001_000n));
  });

  it('defaults to Date.now() in nanoseconds', () => {
    const before = Date.now() * 1e6;
    const v = call('time.now_ns') as number;
    expect(v).toBeGreaterThanOrEqual(before - 1e9);
    expect(v).toBeLessThanOrEqual(Date.now() * 1e6 + 1e9);
  });

  it('resets at the end of the synchronous job, so a reused map does not freeze the clock', async () => {
    let t = 1000n;
    const { call: c } = hosts({ now: () => (t += 1000n) });
    const first = c('time.now_ns');
    await Promise.resolve();
    expect(c('time.now_ns')).not.toBe(first);
  });
});
