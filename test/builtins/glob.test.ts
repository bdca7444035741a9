import { describe, expect, it } from 'vitest';
import { globToRegex } from '../../src/builtins/host/glob.js';
import { call, expectError } from './helpers.js';

describe('glob.match (examples of the OPA documentation and gobwas/glob syntax)', () => {
  it.each<[string, string[] | null, string, boolean]>([
    ['*.github.com', [], 'api.github.com', true],
    ['*.github.com', [], 'api.cdn.github.com', false],
    ['*hub.com', null, 'api.cdn.github.com', true],
    ['*:github:com', [':'], 'api:github:com', true],
    ['api.**.com', [], 'api.github.com', true],
    ['api.**.com', [], 'api.cdn.github.com', true],
    ['?at', [], 'cat', true],
    ['?at', [], 'at', false],
    ['[abc]at', [], 'bat', true],
    ['[abc]at', [], 'fat', false],
    ['[!abc]at', [], 'fat', true],
    ['[!abc]at', [], 'cat', false],
    ['[a-c]at', [], 'cat', true],
    ['[!a-c]at', [], 'cat', false],
    ['{cat,bat,[fr]at}', [], 'rat', true],
    ['{cat,bat,[fr]at}', [], 'at', false],
    ['{a.*,b}', [], 'a.x', true],
    ['a\\*b', [], 'a*b', true],
    ['a\\*b', [], 'axb', false],
    ['', [], '', true],
    ['', [], 'x', false],
    ['*', [], '', true],
  ])('%j %j %j', (p, d, m, want) => expect(call('glob.match', p, d, m)).toBe(want));
});

describe('glob.match delimiters', () => {
  it.each<[string, string[] | null, string, boolean]>([
    // [] means the default ["."]
    ['*', [], 'a.b', false],
    ['*', null, 'a.b', true],
    ['*', ['/'], 'a.b', true],
    ['*', ['/'], 'a/b', false],
    ['**', ['/'], 'a/b/c', true],
    ['/users/*/profile', ['/'], '/users/42/profile', true],
    ['/users/*/profile', ['/'], '/users/4/2/profile', false],
    ['/api/**', ['/'], '/api/v1/items/3', true],
    ['?', ['.'], '.', false],
    ['[!a]', ['.'], '.', true], // classes ignore delimiters
    ['*.*', ['.', ':'], 'a.b', true],
    ['*.*', ['.', ':'], 'a:c.b', false],
    ['日*', [], '日本', true],
    ['?', [], '😀', true],
  ])('%j %j %j', (p, d, m, want) => expect(call('glob.match', p, d, m)).toBe(want));

  it('rejects invalid patterns and delimiters', () => {
    expectError('glob.match', ['[a-', [], 'a'], 'unclosed [');
    expectError('glob.match', ['{a,b', [], 'a'], 'unclosed {');
    expectError('glob.match', ['a\\', [], 'a'], 'escape');
    expectError('glob.match', ['*', ['ab'], 'a'], 'single-character');
    expectError('glob.match', ['*', 'x', 'a']);
    expectError('glob.match', [1, [], 'a']);
  });

  it('translates to anchored RE2', () => {
    expect(globToRegex('*.com', ['.'])).toBe('^[^\\x{2e}]*\\x{2e}\\x{63}\\x{6f}\\x{6d}$');
    expect(globToRegex('**', [])).toBe('^(?s:.)*$');
  });
});

describe('glob.quote_meta', () => {
  it.each<[string, string]>([
    ['*.github.com', '\\*.github.com'],
    ['[a]{b}?\\', '\\[a\\]\\{b\\}\\?\\\\'],
    ['plain', 'plain'],
    ['', ''],
  ])('%j', (p, want) => expect(call('glob.quote_meta', p)).toBe(want));

  it('quoted patterns match themselves literally', () => {
    const raw = 'a*b?[c]{d}';
    expect(call('glob.match', call('glob.quote_meta', raw), null, raw)).toBe(true);
    expect(call('glob.match', call('glob.quote_meta', raw), null, 'axbyczd')).toBe(false);
  });
});
