import { describe, expect, it } from 'vitest';
import { CIDR_EXPAND_LIMIT } from '../../src/builtins/host/net.js';
import { call, expectError } from './helpers.js';

describe('net.cidr_contains', () => {
  it.each<[string, string, boolean]>([
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['127.0.0.1/24', '127.0.0.64/26', true],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['192.168.1.1/32', '192.168.1.1', true],
    ['2001:db8::/32', '2001:db8::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['::/0', '::1', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true], // IPv4-mapped IPv6 is the IPv4 address
    ['::ffff:10.0.0.0/104', '10.1.1.1', true],
    ['10.0.0.0/8', '::10.1.1.1', false], // IPv4-compatible is IPv6
    ['2001:db8::/32', '10.0.0.1', false],
    ['10.0.0.0/8', '2001:db8::1', false],
  ])('%s ∋ %s', (a, b, want) => expect(call('net.cidr_contains', a, b)).toBe(want));

  it('rejects invalid CIDRs and addresses', () => {
    expectError('net.cidr_contains', ['10.0.0.0', '10.0.0.1'], 'invalid CIDR');
    expectError('net.cidr_contains', ['10.0.0.0/8', 'foo'], 'not a valid textual representation');
    expectError('net.cidr_contains', ['10.0.0.0/33', '10.0.0.1']);
    expectError('net.cidr_contains', ['fe80::/64', 'fe80::1%eth0']);
    expectError('net.cidr_contains', [1, '10.0.0.1']);
  });
});

describe('net.cidr_intersects', () => {
  it.each<[string, string, boolean]>([
    ['192.168.0.0/16', '192.168.1.0/24', true],
    ['192.168.1.0/24', '192.168.0.0/16', true],
    ['192.168.0.0/24', '192.168.1.0/24', false],
    ['2001:db8::/32', '2001:db8:ffff::/48', true],
    ['fd00::/8', '2001:db8::/32', false],
    ['10.0.0.0/8', '::/0', false],
  ])('%s ∩ %s', (a, b, want) => expect(call('net.cidr_intersects', a, b)).toBe(want));
});

describe('net.cidr_is_valid', () => {
  it.each<[unknown, boolean]>([
    ['10.0.0.0/8', true],
    ['10.0.0.1/8', true],
    ['2001:db8::/32', true],
    ['::ffff:1.2.3.0/120', true],
    ['10.0.0.0', false],
    ['10.0.0.0/33', false],
    ['010.0.0.0/8', false],
    ['2001:db8::/129', false],
    ['fe80::1%eth0/64', false],
    ['1.2.3/24', false],
    ['', false],
    [42, false],
    [null, false],
  ])('%j', (c, want) => expect(call('net.cidr_is_valid', c)).toBe(want));
});

describe('net.cidr_expand', () => {
  it.each<[string, string[]]>([
    ['192.168.0.0/30', ['192.168.0.0', '192.168.0.1', '192.168.0.2', '192.168.0.3']],
    ['192.168.0.5/30', ['192.168.0.4', '192.168.0.5', '192.168.0.6', '192.168.0.7']],
    ['10.0.0.1/32', ['10.0.0.1']],
    ['2001:db8::/126', ['2001:db8::', '2001:db8::1', '2001:db8::2', '2001:db8::3']],
    ['::ffff:10.0.0.0/127', ['10.0.0.0', '10.0.0.1']],
  ])('%s', (c, want) => expect(call('net.cidr_expand', c)).toEqual(want));

  it(`refuses more than ${CIDR_EXPAND_LIMIT} addresses`, () => {
    expect((call('net.cidr_expand', '10.0.0.0/16') as string[]).length).toBe(65536);
    expectError('net.cidr_expand', ['10.0.0.0/15'], 'limit');
    expectError('net.cidr_expand', ['2001:db8::/64'], 'limit');
  });
});

describe('net.cidr_merge (OPA conformance cases)', () => {
  it.each<[string[], string[]]>([
    [['192.0.128.0/24'], ['192.0.128.0/24']],
    [['192.0.128.0/24', '192.0.128.0/24'], ['192.0.128.0/24']],
    [['192.0.128.0/24', '0.0.0.0/0'], ['0.0.0.0/0']],
    [['192.0.128.0/24', '192.0.129.0/24'], ['192.0.128.0/23']],
    [['192.0.2.112/30', '192.0.2.116/31', '192.0.2.118/31'], ['192.0.2.112/29']],
    [['192.0.129.0/24', '192.0.130.0/24'], ['192.0.129.0/24', '192.0.130.0/24']],
    [['192.0.2.112/31', '192.0.2.116/31', '192.0.2.118/31'], ['192.0.2.112/31', '192.0.2.116/30']],
    [['::/0', 'fe80::1/128'], ['::/0']],
    [['::/0', '::192.0.2.0/124', 'ff00::101/128'], ['::/0']],
    [['fe80::/120', '192.0.2.0/24', '192.0.3.0/24', '192.0.4.0/25', '192.0.4.128/25'], ['192.0.2.0/23', '192.0.4.0/24', 'fe80::/120']],
    [[], []],
    [['192.0.2.112', '192.0.2.116/31', '192.0.2.118/31'], ['192.0.2.0/24']], // bare IPv4 gets its classful mask
    [['192.0.128.0', '192.0.129.0'], ['192.0.128.0/23']],
    [['2001:db8::/33', '2001:db8:8000::/33'], ['2001:db8::/32']],
  ])('%j', (input, want) => expect([...(call('net.cidr_merge', input) as string[])].sort()).toEqual([...want].sort()));

  it('rejects invalid elements and bare IPv6 addresses', () => {
    expectError('net.cidr_merge', [['foo']]);
    expectError('net.cidr_merge', [['2001:db8::1']], 'needs prefix length');
    expectError('net.cidr_merge', [[1]], 'element must be string');
  });
});

describe('net.cidr_contains_matches', () => {
  it.each<[unknown, unknown, unknown[]]>([
    ['1.1.1.0/24', '1.1.1.128', [['1.1.1.0/24', '1.1.1.128']]],
    [['1.1.1.0/24', '1.1.2.0/24'], '1.1.1.128', [[0, '1.1.1.128']]],
    [['1.1.1.0/24', '1.1.2.0/24'], ['1.1.1.128', '1.1.2.1', '9.9.9.9'], [[0, 0], [1, 1]]],
    [{ a: '1.0.0.0/8', b: ['2.0.0.0/8', 'meta'] }, ['1.1.1.1', ['2.2.2.2', 'x']], [['a', 0], ['b', 1]]],
    [['2001:db8::/32'], { k: '2001:db8::1' }, [[0, 'k']]],
    [[], ['1.1.1.1'], []],
  ])('%j × %j', (a, b, want) => expect(call('net.cidr_contains_matches', a, b)).toEqual(want));

  it('rejects empty array elements', () => expectError('net.cidr_contains_matches', [[[]], '1.1.1.1'], 'non-empty array'));
});
