// Terms and operators: every literal form, refs, calls, comprehensions and OPA's precedence.
import { describe, expect, it } from 'vitest';
import { show, term } from './helpers.js';

describe('scalars', () => {
  it.each([
    ['null', { type: 'null' }],
    ['true', { type: 'boolean', value: true }],
    ['false', { type: 'boolean', value: false }],
    ['0', { type: 'number', raw: '0' }],
    ['42', { type: 'number', raw: '42' }],
    ['12345678901234567890123', { type: 'number', raw: '12345678901234567890123' }],
    ['3.25', { type: 'number', raw: '3.25' }],
    ['1e10', { type: 'number', raw: '1e10' }],
    ['1.5E-3', { type: 'number', raw: '1.5E-3' }],
    ['2e+8', { type: 'number', raw: '2e+8' }],
    ['-7', { type: 'number', raw: '-7' }],
    ['-0.5e2', { type: 'number', raw: '-0.5e2' }],
    ['"hello"', { type: 'string', value: 'hello' }],
    ['""', { type: 'string', value: '' }],
    ['"a\\"b\\\\c\\/d"', { type: 'string', value: 'a"b\\c/d' }],
    ['"\\b\\f\\n\\r\\t"', { type: 'string', value: '\b\f\n\r\t' }],
    ['"\\u00e9\\u4e2d"', { type: 'string', value: 'é中' }],
    ['"\\ud83d\\ude00"', { type: 'string', value: '😀' }],
    ['"😀 ünïcödé"', { type: 'string', value: '😀 ünïcödé' }],
    ['`raw \\n string`', { type: 'string', value: 'raw \\n string', raw: true }],
    ['`multi\nline`', { type: 'string', value: 'multi\nline', raw: true }],
  ])('%s', (src, expected) => {
    expect(term(src)).toMatchObject(expected);
  });

  it('keeps the source location of a term', () => {
    expect(term('"x"').loc).toMatchObject({ file: 'test.rego', line: 3, col: 6, offset: 16, end: 19 });
  });
});

describe('composites', () => {
  it.each([
    ['[]', { type: 'array', items: [] }],
    ['[1, "a", null]', { type: 'array', items: [{ type: 'number' }, { type: 'string' }, { type: 'null' }] }],
    ['[1, 2,]', { type: 'array', items: [{ raw: '1' }, { raw: '2' }] }],
    ['{}', { type: 'object', items: [] }],
    ['{"a": 1, "b": [true]}', { type: 'object', items: [[{ value: 'a' }, { raw: '1' }], [{ value: 'b' }, { type: 'array' }]] }],
    ['{"a": 1,}', { type: 'object', items: [[{ value: 'a' }, { raw: '1' }]] }],
    ['{input.k: 1}', { type: 'object', items: [[{ type: 'ref' }, { raw: '1' }]] }],
    ['set()', { type: 'set', items: [] }],
    ['{1}', { type: 'set', items: [{ raw: '1' }] }],
    ['{1, 2, 3,}', { type: 'set', items: [{ raw: '1' }, { raw: '2' }, { raw: '3' }] }],
  ])('%s', (src, expected) => {
    expect(term(src)).toMatchObject(expected);
  });

  it.each([
    ['[x | some x in input.xs]', '[x | some x in input.xs]'],
    ['[x | x := input.xs[_]; x > 1]', '[x | assign(x, input.xs[_]); gt(x, 1)]'],
    ['{x | some x in input.xs}', '{x | some x in input.xs}'],
    ['{k: v | some k, v in input.obj}', '{k: v | some k, v in input.obj}'],
    ['[[a, b] | some a in [1]; some b in [2]]', '[[a, b] | some a in [1]; some b in [2]]'],
    ['[x.name | x := input.users[_]]', '[x.name | assign(x, input.users[_])]'],
    ['[(x + 1) | some x in [1]]', '[plus(x, 1) | some x in [1]]'],
    ['[x & y | x := {1}; y := {1}]', '[and(x, y) | assign(x, {1}); assign(y, {1})]'],
    ['{x: [y | y := x] | some x in [1]}', '{x: [y | assign(y, x)] | some x in [1]}'],
    ['[x |\n  some x in input.xs\n  x > 1\n]', '[x | some x in input.xs; gt(x, 1)]'],
  ])('comprehension %s', (src, expected) => {
    expect(show(term(src))).toBe(expected);
  });

  it('builds comprehension nodes', () => {
    expect(term('{k: v | some k, v in input.obj}')).toMatchObject({
      type: 'objectcomp',
      key: { type: 'var', name: 'k' },
      value: { type: 'var', name: 'v' },
      body: [{ type: 'somein', key: { name: 'k' }, value: { name: 'v' }, collection: { type: 'ref' } }],
    });
  });

  it('spans several lines inside brackets', () => {
    expect(show(term('[\n  1,\n  2\n    + 3,\n]'))).toBe('[1, plus(2, 3)]');
    expect(show(term('{\n  "a": 1,\n  "b": 2\n}'))).toBe('{"a": 1, "b": 2}');
    expect(show(term('count(\n  input.xs\n)'))).toBe('count(input.xs)');
    expect(show(term('(1\n  - 2)'))).toBe('minus(1, 2)');
  });
});

describe('refs and calls', () => {
  it.each([
    ['input', 'input'],
    ['input.user.name', 'input.user.name'],
    ['data.users[u].roles[_]', 'data.users[u].roles[_]'],
    ['input["x-y"]', 'input["x-y"]'],
    ['input.xs[0]', 'input.xs[0]'],
    ['input.xs[count(input.xs) - 1]', 'input.xs[minus(count(input.xs), 1)]'],
    ['input.a[x].b[y]', 'input.a[x].b[y]'],
    ['input.if.in.contains', 'input.if.in.contains'],
    ['[1, 2][0]', '[1, 2][0]'],
    ['{"a": 1}.a', '{"a": 1}.a'],
    ['{"a": 1}["a"]', '{"a": 1}.a'], // same AST as the dotted form
    ['[x | x := 1][0]', '[x | assign(x, 1)][0]'],
    ['count(input.xs)', 'count(input.xs)'],
    ['io.jwt.decode(t)', 'io.jwt.decode(t)'],
    ['data.lib.f(1, 2)', 'data.lib.f(1, 2)'],
    ['f()', 'f()'],
    ['f(1,)', 'f(1)'],
    ['io.jwt.decode(t)[1].sub', 'io.jwt.decode(t)[1].sub'],
    ['f(x).y[0]', 'f(x).y[0]'],
    ['contains("abc", "b")', 'contains("abc", "b")'],
    ['print("x", 1)', 'print("x", 1)'],
    ['object.get(input, ["a", "b"], null)', 'object.get(input, ["a", "b"], null)'],
    ['(input.x).y', 'input.x.y'],
  ])('%s', (src, expected) => {
    expect(show(term(src))).toBe(expected);
  });

  it('models dotted access as string path elements and calls by dotted name', () => {
    expect(term('data.users[u].roles')).toMatchObject({
      type: 'ref',
      head: { type: 'var', name: 'data' },
      path: [{ type: 'string', value: 'users' }, { type: 'var', name: 'u' }, { type: 'string', value: 'roles' }],
    });
    expect(term('io.jwt.decode(t)')).toMatchObject({
      type: 'call',
      fn: ['io', 'jwt', 'decode'],
      args: [{ type: 'var', name: 't' }],
      fnLoc: { line: 3, col: 6 },
    });
    expect(term('f(x)[0]')).toMatchObject({ type: 'ref', head: { type: 'call', fn: ['f'] }, path: [{ raw: '0' }] });
  });
});

describe('operators', () => {
  it.each([
    // arithmetic and OPA's precedence: * / % over + - over & over | over comparisons over `in`
    ['1 + 2', 'plus(1, 2)'],
    ['1 + 2 * 3', 'plus(1, mul(2, 3))'],
    ['(1 + 2) * 3', 'mul(plus(1, 2), 3)'],
    ['1 - 2 - 3', 'minus(minus(1, 2), 3)'],
    ['8 / 4 / 2', 'div(div(8, 4), 2)'],
    ['7 % 3 * 2', 'mul(rem(7, 3), 2)'],
    ['a | b & c', 'or(a, and(b, c))'],
    ['a & b | c', 'or(and(a, b), c)'],
    ['a | b | c', 'or(or(a, b), c)'],
    ['a + b & c', 'and(plus(a, b), c)'],
    ['a | b == c', 'equal(or(a, b), c)'],
    ['a == b', 'equal(a, b)'],
    ['a != b', 'neq(a, b)'],
    ['a < b', 'lt(a, b)'],
    ['a <= b', 'lte(a, b)'],
    ['a > b', 'gt(a, b)'],
    ['a >= b', 'gte(a, b)'],
    ['a + 1 > b * 2', 'gt(plus(a, 1), mul(b, 2))'],
    ['a == b == c', 'equal(equal(a, b), c)'],
    ['x in xs', 'internal.member_2(x, xs)'],
    ['x in {1, 2}', 'internal.member_2(x, {1, 2})'],
    ['x == y in xs', 'internal.member_2(equal(x, y), xs)'],
    ['x in xs == true', 'internal.member_2(x, equal(xs, true))'],
    ['1 + 2 in xs', 'internal.member_2(plus(1, 2), xs)'],
    // unary minus folds into number literals, otherwise minus(0, x)
    ['-1', '-1'],
    ['- 1', '-1'],
    ['-x', 'minus(0, x)'],
    ['-input.x', 'minus(0, input.x)'],
    ['--1', 'minus(0, -1)'],
    ['3 - -1', 'minus(3, -1)'],
    ['2 * -x', 'mul(2, minus(0, x))'],
    ['a-1', 'minus(a, 1)'],
  ])('%s', (src, expected) => {
    expect(show(term(src))).toBe(expected);
  });

  it('gives operator calls OPA names and locations', () => {
    expect(term('a + b')).toMatchObject({
      type: 'call',
      fn: ['plus'],
      args: [{ name: 'a' }, { name: 'b' }],
      loc: { line: 3, col: 6, end: term('a + b').loc.offset + 5 },
      fnLoc: { line: 3, col: 8 },
    });
    expect(term('-x')).toMatchObject({ fn: ['minus'], args: [{ type: 'number', raw: '0' }, { type: 'var', name: 'x' }] });
  });
});
