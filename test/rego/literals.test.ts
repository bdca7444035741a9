// Body literals: expressions, assignment/unification, not, some, every, with.
import { describe, expect, it } from 'vitest';
import { body, showLiteral } from './helpers.js';

describe('literals', () => {
  it.each([
    ['x := 1', 'assign(x, 1)'],
    ['x = 1', 'eq(x, 1)'],
    ['[a, b] := [1, 2]', 'assign([a, b], [1, 2])'],
    ['{"k": v} = input.obj', 'eq({"k": v}, input.obj)'],
    ['x := a + b * c', 'assign(x, plus(a, mul(b, c)))'],
    ['x := y in ys', 'assign(x, internal.member_2(y, ys))'],
    ['input.x == 1', 'equal(input.x, 1)'],
    ['input.user.admin', 'input.user.admin'],
    ['true', 'true'],
    ['count(input.xs) > 0', 'gt(count(input.xs), 0)'],
    ['print("debug", input)', 'print("debug", input)'],
    ['not input.x', 'not input.x'],
    ['not x == 1', 'not equal(x, 1)'],
    ['not f(x)', 'not f(x)'],
    ['x in xs', 'internal.member_2(x, xs)'],
    ['k, v in xs', 'internal.member_3(k, v, xs)'],
    ['not "a" in xs', 'not internal.member_2("a", xs)'],
    ['some x', 'some x'],
    ['some x, y, z', 'some x, y, z'],
    ['some x in xs', 'some x in xs'],
    ['some k, v in xs', 'some k, v in xs'],
    ['some [a, b] in pairs', 'some [a, b] in pairs'],
    ['some _, v in input.obj', 'some _, v in input.obj'],
    ['some x in {1, 2}', 'some x in {1, 2}'],
    ['some x in f(y)', 'some x in f(y)'],
    ['every x in xs { x > 0 }', 'every x in xs { gt(x, 0) }'],
    ['every k, v in obj {\n  k != v\n  v > 1\n}', 'every k, v in obj { neq(k, v); gt(v, 1) }'],
    ['every x in [1, 2] { every y in [3] { x < y } }', 'every x in [1, 2] { every y in [3] { lt(x, y) } }'],
    ['allow with input as {}', 'allow with input as {}'],
    ['allow with input.user as "bob" with data.roles as {"a": 1}', 'allow with input.user as "bob" with data.roles as {"a": 1}'],
    ['allow\n  with input as {}\n  with time.now_ns as mock', 'allow with input as {} with time.now_ns as mock'],
    ['not allow with input as x', 'not allow with input as x'],
    ['x := f(1) with count as g', 'assign(x, f(1)) with count as g'],
    ['some x in xs with input as {}', 'some x in xs with input as {}'],
    ['every x in xs { x } with input as {}', 'every x in xs { x } with input as {}'],
  ])('%s', (src, expected) => {
    const b = body(src);
    expect(b).toHaveLength(1);
    expect(showLiteral(b[0]!)).toBe(expected);
  });

  it('builds literal nodes as documented', () => {
    const [decl, someIn, every, expr] = body('some a, b\nsome k, v in input.obj\nevery i, x in xs { x }\nnot p with input as 1');
    expect(decl).toMatchObject({ type: 'some', vars: [{ type: 'var', name: 'a' }, { type: 'var', name: 'b' }] });
    expect(someIn).toMatchObject({ type: 'somein', key: { name: 'k' }, value: { name: 'v' }, collection: { type: 'ref' }, with: [] });
    expect(every).toMatchObject({ type: 'every', key: { name: 'i' }, value: { name: 'x' }, domain: { name: 'xs' }, body: [{ type: 'expr' }] });
    expect(expr).toMatchObject({
      type: 'expr',
      negated: true,
      expr: { type: 'var', name: 'p' },
      with: [{ target: { type: 'var', name: 'input' }, value: { type: 'number', raw: '1' }, loc: { line: 7, col: 7 } }],
      loc: { line: 7, col: 1 },
    });
  });

  it('separates literals by newlines and semicolons, not by spaces', () => {
    expect(body('a; b;c\nd').map(showLiteral)).toEqual(['a', 'b', 'c', 'd']);
  });
});
