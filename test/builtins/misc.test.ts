import { describe, expect, it } from 'vitest';
import { call, expectError, hosts } from './helpers.js';

describe('semver.compare / semver.is_valid', () => {
  it.each<[string, string, number]>([
    ['1.2.3', '1.2.4', -1],
    ['1.2.3', '1.2.3', 0],
    ['2.0.0', '1.99.99', 1],
    ['1.10.0', '1.9.0', 1],
    ['1.0.0-alpha', '1.0.0', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-alpha.beta', '1.0.0-beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['1.0.0+build.1', '1.0.0+build.2', 0],
    ['9223372036854775807.0.0', '1.0.0', 1],
  ])('%s vs %s', (a, b, want) => expect(call('semver.compare', a, b)).toBe(want));

  it.each<[unknown, boolean]>([
    ['1.2.3', true],
    ['1.2.3-rc.1+build.5', true],
    ['0.0.0', true],
    ['01.2.3', true], // OPA's parser accepts leading zeros
    ['9223372036854775808.0.0', false], // beyond int64
    ['v1.2.3', false],
    ['1.2', false],
    ['1.2.3.4', false],
    ['1.2.3-', false],
    ['1.2.3-a..b', false],
    ['1.2.3+', false],
    [' 1.2.3', false],
    ['', false],
    [123, false],
    [null, false],
  ])('is_valid(%j)', (v, want) => expect(call('semver.is_valid', v)).toBe(want));

  it('rejects invalid versions in compare', () => {
    expectError('semver.compare', ['1.2', '1.2.3'], 'is not a valid SemVer');
    expectError('semver.compare', ['1.2.3', 'x'], 'operand 2');
    expectError('semver.compare', [1, '1.2.3']);
  });
});

describe('units.parse', () => {
  it.each<[string, number]>([
    ['1.5K', 1500],
    ['1.5k', 1500],
    ['100m', 0.1],
    ['100M', 100000000],
    ['2Gi', 2147483648],
    ['2gi', 2147483648],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['1E', 1e18],
    ['10', 10],
    ['0.5', 0.5],
    ['"10G"', 10e9],
    ['-1K', -1000],
    ['1m', 0.001],
    ['12345m', 12.345],
  ])('%j', (s, want) => expect(call('units.parse', s)).toBe(want));

  it.each([['5 K', 'spaces not allowed'], ['K', 'no amount provided'], ['', 'no amount provided'], ['1Q', 'unit Q not recognized'], ['1.2.3', 'could not parse amount']])(
    'rejects %j',
    (s, msg) => expectError('units.parse', [s], msg),
  );
});

describe('units.parse_bytes', () => {
  it.each<[string, number]>([
    ['5.5KB', 5500],
    ['1GiB', 1073741824],
    ['1gib', 1073741824],
    ['1Mi', 1048576],
    ['10', 10],
    ['1.5mb', 1500000],
    ['1.9', 1], // truncated
    ['2e3kb', 2000000],
    ['1TB', 1e12],
  ])('%j', (s, want) => expect(call('units.parse_bytes', s)).toBe(want));

  it.each([['5 KB', 'spaces'], ['KB', 'no byte amount'], ['1xb', 'byte unit xb not recognized'], ['1.1.1', 'could not parse']])('rejects %j', (s, msg) =>
    expectError('units.parse_bytes', [s], msg),
  );
});

describe('uuid.rfc4122 and rand.intn', () => {
  it('returns a version 4 UUID, stable per key within one map', () => {
    const { call: c } = hosts();
    const a = c('uuid.rfc4122', 'a') as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(c('uuid.rfc4122', 'a')).toBe(a);
    expect(c('uuid.rfc4122', 'b')).not.toBe(a);
    expect(hosts().call('uuid.rfc4122', 'a')).not.toBe(a);
  });

  it('uses the injected random source', () => {
    const { call: c } = hosts({ random: (n) => new Uint8Array(n).fill(0xff) });
    expect(c('uuid.rfc4122', 'x')).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('rand.intn is in [0, |n|) and stable per (str, n)', () => {
    const { call: c } = hosts();
    for (let i = 0; i < 50; i++) {
      const v = c('rand.intn', `k${i}`, 7) as number;
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
      expect(c('rand.intn', `k${i}`, 7)).toBe(v);
    }
    const neg = c('rand.intn', 'neg', -5) as number;
    expect(neg >= 0 && neg < 5).toBe(true);
    expect(c('rand.intn', 'x', 0)).toBe(0);
    expect(c('rand.intn', 'x', 1)).toBe(0);
  });

  it('rejects bad arguments', () => {
    expectError('rand.intn', ['x', 1.5]);
    expectError('rand.intn', [1, 5]);
    expectError('uuid.rfc4122', [1]);
  });
});

describe('opa.runtime and trace', () => {
  it('returns {} by default and never exposes env', () => {
    expect(call('opa.runtime')).toEqual({});
    const { call: c } = hosts({ runtime: { version: 'accord-0.1.0', env: { SECRET: 'x' } } });
    expect(c('opa.runtime')).toEqual({ version: 'accord-0.1.0' });
  });

  it('trace returns true for strings', () => {
    expect(call('trace', 'note')).toBe(true);
    expectError('trace', [1]);
  });
});

describe('bits.*', () => {
  it.each<[string, number[], number]>([
    ['bits.or', [5, 3], 7],
    ['bits.and', [5, 3], 1],
    ['bits.xor', [5, 3], 6],
    ['bits.negate', [0], -1],
    ['bits.negate', [5], -6],
    ['bits.lsh', [1, 40], 2 ** 40],
    ['bits.rsh', [1024, 3], 128],
    ['bits.rsh', [-8, 1], -4],
    ['bits.and', [2 ** 40 + 1, 1], 1],
  ])('%s(%j)', (fn, args, want) => expect(call(fn, ...args)).toBe(want));

  it('rejects non-integers and negative shifts', () => {
    expectError('bits.or', [1.5, 1]);
    expectError('bits.lsh', [1, -1]);
    expectError('bits.and', ['1', 1]);
  });
});

describe('graph.reachable', () => {
  it.each<[Record<string, unknown>, unknown[], unknown[]]>([
    [{ a: ['b'], b: ['c'], c: [], d: ['a'] }, ['a'], ['a', 'b', 'c']],
    [{ a: ['b'], b: ['a'] }, ['a'], ['a', 'b']],
    [{ a: ['b'] }, ['z'], []],
    [{ admin: ['editor'], editor: ['viewer'], viewer: null }, ['admin'], ['admin', 'editor', 'viewer']],
    [{}, [], []],
  ])('%j from %j', (g, init, want) => expect([...(call('graph.reachable', g, init) as unknown[])].sort()).toEqual(want));

  it('rejects a non-object graph and non-collection roots', () => {
    expectError('graph.reachable', [[], ['a']]);
    expectError('graph.reachable', [{}, 'a']);
  });
});
