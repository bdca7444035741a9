import { describe, expect, it } from 'vitest';
import { regexCacheSize } from '../../src/builtins/host/regex.js';
import { call, expectError } from './helpers.js';

describe('regex.match', () => {
  it.each<[string, string, boolean]>([
    ['^[a-z]+\\d$', 'abc1', true],
    ['^[a-z]+\\d$', 'abc', false],
    ['b+', 'abbc', true],
    ['\\pL+', '日本', true],
    ['^\\p{Greek}+$', 'αβγ', true],
    ['^\\p{Greek}+$', 'abc', false],
    ['(?i)HELLO', 'say hello', true],
    ['(?s)a.b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['^[[:alpha:]]+$', 'abc', true],
    ['^.$', '😀', true],
    ['\\Aab\\z', 'ab', true],
    ['', '', true],
    ['^$', 'x', false],
  ])('%j ~ %j', (p, v, want) => expect(call('regex.match', p, v)).toBe(want));

  it('rejects non-RE2 syntax and bad operands', () => {
    expectError('regex.match', ['(a', 'x'], 'missing closing )');
    expectError('regex.match', ['(?<=a)b', 'ab']);
    expectError('regex.match', ['(a)\\1', 'aa']);
    expectError('regex.match', [1, 'x'], 'operand 1 must be string');
    expectError('regex.match', ['a', null], 'operand 2 must be string but got null');
  });

  it('caches compiled patterns in a bounded LRU', () => {
    for (let i = 0; i < 600; i++) call('regex.match', `x${i}`, 'x');
    expect(regexCacheSize()).toBeLessThanOrEqual(512);
  });
});

describe('regex.is_valid', () => {
  it.each<[unknown, boolean]>([
    ['a+', true],
    ['(?P<name>x)', true],
    ['(a', false],
    ['(?<=a)b', false],
    ['*', false],
    [1, false],
    [null, false],
  ])('%j', (p, want) => expect(call('regex.is_valid', p)).toBe(want));
});

describe('regex.find_n', () => {
  it.each<[string, string, number, string[]]>([
    ['a.', 'abacad', -1, ['ab', 'ac', 'ad']],
    ['a.', 'abacad', 2, ['ab', 'ac']],
    ['a.', 'abacad', 0, []],
    ['a*', 'baaab', -1, ['', 'aaa', '']],
    ['x', 'abc', -1, []],
    ['\\d+', 'a1b22c333', -1, ['1', '22', '333']],
    ['.', '日😀', -1, ['日', '😀']],
  ])('%j in %j (n=%j)', (p, v, n, want) => expect(call('regex.find_n', p, v, n)).toEqual(want));

  it('requires an integer count', () => {
    expectError('regex.find_n', ['a', 'a', 1.5]);
    expectError('regex.find_n', ['a', 'a', '1']);
  });
});

describe('regex.find_all_string_submatch_n', () => {
  it.each<[string, string, number, string[][]]>([
    ['(a)(x)?', 'aba', -1, [['a', 'a', ''], ['a', 'a', '']]],
    ['([a-z]+)@([a-z.]+)', 'me@x.org, you@y.com', -1, [['me@x.org', 'me', 'x.org'], ['you@y.com', 'you', 'y.com']]],
    ['([a-z]+)@([a-z.]+)', 'me@x.org, you@y.com', 1, [['me@x.org', 'me', 'x.org']]],
    ['(?P<k>\\w+)=(?P<v>\\w+)', 'a=1 b=2', -1, [['a=1', 'a', '1'], ['b=2', 'b', '2']]],
    ['z', 'abc', -1, []],
  ])('%j in %j', (p, v, n, want) => expect(call('regex.find_all_string_submatch_n', p, v, n)).toEqual(want));
});

describe('regex.split', () => {
  it.each<[string, string, string[]]>([
    ['a', 'banana', ['b', 'n', 'n', '']],
    [',\\s*', 'a, b,c', ['a', 'b', 'c']],
    ['', 'abc', ['a', 'b', 'c']],
    ['x*', 'axbc', ['a', 'b', 'c']],
    [',', '', ['']],
    ['z', 'abc', ['abc']],
    ['/', '/a/b/', ['', 'a', 'b', '']],
  ])('%j on %j', (p, v, want) => expect(call('regex.split', p, v)).toEqual(want));
});

describe('regex.replace', () => {
  it.each<[string, string, string, string]>([
    ['hello world', 'o', '0', 'hell0 w0rld'],
    ['abc', '(b)', '[$1]', 'a[b]c'],
    ['abc', '(?P<x>b)', '<${x}>', 'a<b>c'],
    ['abc', '(b)', '$1x', 'ac'], // Go: $1x is the (missing) group "1x"
    ['abc', '(b)', '${1}x', 'abxc'],
    ['abc', 'b', '$$', 'a$c'],
    ['abc', 'x*', '-', '-a-b-c-'],
    ['2024-01-31', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1', '31/01/2024'],
    ['ünïcödé', '[^a-z]', '_', '_n_c_d_'],
    ['', 'a', 'b', ''],
  ])('%j / %j → %j', (s, p, v, want) => expect(call('regex.replace', s, p, v)).toBe(want));

  it('errors on an invalid pattern', () => expectError('regex.replace', ['x', '[', 'y']));
});

describe('regex.template_match', () => {
  it.each<[string, string, string, string, boolean]>([
    ['urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}', true],
    ['urn:foo.bar.com:{.*}', 'urn:foo.bar.com:bar:baz', '{', '}', true],
    ['urn:foo.bar.com:{.*}', 'urn:fooxbarxcom:bar:baz', '{', '}', false],
    ['urn:foo:{[a-z]+}', 'urn:foo:BAR', '{', '}', false],
    ['urn:<[a-z]+>:<\\d{2}>', 'urn:abc:12', '<', '>', true],
    ['plain', 'plain', '{', '}', true],
    ['plain', 'plainer', '{', '}', false],
  ])('%j ~ %j', (t, v, s, e, want) => expect(call('regex.template_match', t, v, s, e)).toBe(want));

  it('rejects unbalanced templates and multi-character delimiters', () => {
    expectError('regex.template_match', ['urn:{.*', 'x', '{', '}'], 'unbalanced');
    expectError('regex.template_match', ['urn:{.*}', 'x', '{{', '}'], 'exactly one character');
  });
});
