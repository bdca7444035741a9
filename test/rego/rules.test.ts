// Rule heads, bodies, else chains, packages and imports (Rego v1).
import { describe, expect, it } from 'vitest';
import { parseOk, rules, show, showBody, showHead } from './helpers.js';

describe('rule heads', () => {
  it.each([
    // complete rules
    ['p := 1', 'complete p := 1'],
    ['p = 1', 'complete p = 1'],
    ['p := {"a": [1]}', 'complete p := {"a": [1]}'],
    ['p if true', 'complete p'],
    ['p := x if { x := 1 }', 'complete p := x'],
    ['p = x if { x := 1 }', 'complete p = x'],
    ['p := x + 1 if { x := 1 }', 'complete p := plus(x, 1)'],
    ['p := 1 in [1]', 'complete p := internal.member_2(1, [1])'],
    ['default p := false', 'default complete p := false'],
    ['default p = 0', 'default complete p = 0'],
    ['default a.b.c := 1', 'default complete a.b.c := 1'],
    ['default f(_) := 0', 'default function f(_) := 0'],
    // ref heads
    ['a.b.c := 1', 'complete a.b.c := 1'],
    ['a.b.c if true', 'complete a.b.c'],
    ['a["b-c"].d := 1', 'complete a["b-c"].d := 1'],
    ['p["k"] := 1', 'complete p.k := 1'],
    ['a.b[x] := y if { some x, y in input }', 'object a.b[x] := y'],
    ['p[k] := v if { some k, v in input }', 'object p[k] := v'],
    ['p[k] = v if { some k, v in input }', 'object p[k] = v'],
    ['p[1] := "one"', 'object p[1] := "one"'],
    ['p[x] if { some x in input }', 'object p[x]'],
    ['a[x].b := 1 if { some x in input }', 'complete a[x].b := 1'],
    // partial sets
    ['p contains x if { some x in input }', 'set p contains x'],
    ['p contains "a"', 'set p contains "a"'],
    ['p contains {"msg": m} if { m := "x" }', 'set p contains {"msg": m}'],
    ['a.b contains x if { some x in input }', 'set a.b contains x'],
    ['p contains x if some x in input', 'set p contains x'],
    // functions
    ['f(x) := x + 1', 'function f(x) := plus(x, 1)'],
    ['f(x) := y if { y := x }', 'function f(x) := y'],
    ['f(x) if x > 1', 'function f(x)'],
    ['f(x, y) = z if { z := x + y }', 'function f(x, y) = z'],
    ['f([a, b], {"k": v}) := a if { v == b }', 'function f([a, b], {"k": v}) := a'],
    ['f("const", 1) := true', 'function f("const", 1) := true'],
    ['f() := 1', 'function f() := 1'],
    ['a.b.f(x) := x', 'function a.b.f(x) := x'],
  ])('%s', (src, expected) => {
    const rs = rules(src);
    expect(rs).toHaveLength(1);
    expect(showHead(rs[0]!)).toBe(expected);
  });

  it('builds heads as documented in ast.ts', () => {
    const [obj, set, fn, complete] = rules(
      'a.b[k] := v if { some k, v in input }\np contains x if { some x in input }\nf(x) if x\np := 1',
    );
    expect(obj).toMatchObject({
      kind: 'object',
      default: false,
      head: { ref: [{ type: 'var', name: 'a' }, { type: 'string', value: 'b' }], key: { type: 'var', name: 'k' }, value: { name: 'v' }, assign: true },
    });
    expect(set).toMatchObject({ kind: 'set', head: { ref: [{ name: 'p' }], key: { name: 'x' }, assign: false } });
    expect(set!.head.value).toBeUndefined();
    expect(fn).toMatchObject({ kind: 'function', head: { ref: [{ name: 'f' }], args: [{ name: 'x' }] } });
    expect(fn!.head.value).toBeUndefined();
    expect(complete).toMatchObject({ kind: 'complete', body: [], else: [], annotations: [] });
    expect(complete!.loc).toMatchObject({ line: 6, col: 1 });
    expect(complete!.head.loc).toMatchObject({ line: 6, col: 1 });
  });
});

describe('bodies', () => {
  it.each([
    ['p if { a; b }', 'a; b'],
    ['p if {\n  a\n  b\n}', 'a; b'],
    ['p if { a;\n b; }', 'a; b'],
    ['p if input.x == 1', 'equal(input.x, 1)'],
    ['p if not input.x', 'not input.x'],
    ['p if some x in input', 'some x in input'],
    ['p if every x in input { x }', 'every x in input { x }'],
    ['p if input.x with input as {"x": 1}', 'input.x with input as {"x": 1}'],
    ['p if {\n  x := 1 +\n    2\n}', 'assign(x, plus(1, 2))'],
    ['p if {\n  x := (1\n    + 2)\n  y := 3\n}', 'assign(x, plus(1, 2)); assign(y, 3)'],
    ['p if {\n  x := 1\n  -1 < x\n}', 'assign(x, 1); lt(-1, x)'],
    ['p if {\n  count(input.xs)\n    > 2\n}', 'gt(count(input.xs), 2)'],
  ])('%s', (src, expected) => {
    expect(showBody(rules(src)[0]!.body)).toBe(expected);
  });

  it('parses several definitions of the same rule as separate rules', () => {
    const rs = rules('allow if input.a\nallow if input.b\nallow if {\n  input.c\n}');
    expect(rs.map((r) => showBody(r.body))).toEqual(['input.a', 'input.b', 'input.c']);
  });
});

describe('else chains', () => {
  it('attaches else clauses to complete rules', () => {
    const [r] = rules('p := 1 if {\n  input.a\n} else := 2 if {\n  input.b\n} else := 3');
    expect(r).toMatchObject({ kind: 'complete', head: { value: { raw: '1' } } });
    expect(r!.else.map((e) => [show(e.value!), showBody(e.body), e.assign])).toEqual([
      ['2', 'input.b', true],
      ['3', '', true],
    ]);
  });

  it('supports one-line bodies, `=`, else without a value, and functions', () => {
    const [r, f] = rules('p := "a" if input.a\nelse = "b" if input.b\nelse if input.c\nf(x) := 1 if x > 1 else := 0');
    expect(r!.else.map((e) => [e.value && show(e.value), showBody(e.body), e.assign])).toEqual([
      ['"b"', 'input.b', false],
      [undefined, 'input.c', false],
    ]);
    expect(f).toMatchObject({ kind: 'function', else: [{ value: { raw: '0' }, body: [] }] });
  });
});

describe('packages and imports', () => {
  it.each([
    ['package a', ['a']],
    ['package app.authz', ['app', 'authz']],
    ['package a["b-c"].d', ['a', 'b-c', 'd']],
    ['package a.b.in', ['a', 'b', 'in']],
  ])('%s', (src, path) => {
    expect(parseOk(`${src}\n`).package).toMatchObject({ path, loc: { line: 1, col: 1 } });
  });

  it('parses imports as refs with optional aliases', () => {
    const m = parseOk(
      'package p\nimport data.lib.users\nimport data.lib["x-y"] as xy\nimport input.request as req\nimport input\nimport rego.v1\nimport future.keywords\nimport future.keywords.in\n',
    );
    expect(m.imports.map((i) => [show(i.path), i.alias])).toEqual([
      ['data.lib.users', undefined],
      ['data.lib["x-y"]', 'xy'],
      ['input.request', 'req'],
      ['input', undefined],
      ['rego.v1', undefined],
      ['future.keywords', undefined],
      ['future.keywords.in', undefined],
    ]);
    expect(m.imports[0]).toMatchObject({ path: { type: 'ref', head: { type: 'var', name: 'data' } }, loc: { line: 2, col: 1 } });
    expect(m.imports[3]!.path).toMatchObject({ type: 'var', name: 'input' });
    expect(m.regoVersion).toBe(1);
  });

  it('accepts comments everywhere and CRLF line endings', () => {
    const m = parseOk('# leading\r\npackage p # trailing\r\n\r\np if { # open\r\n  input.x # literal\r\n  # alone\r\n} # close\r\n');
    expect(m.rules).toHaveLength(1);
    expect(showBody(m.rules[0]!.body)).toBe('input.x');
  });

  it('ignores a byte-order mark', () => {
    expect(parseOk('\uFEFFpackage p\np := 1\n').rules[0]!.loc).toMatchObject({ line: 2, col: 1 });
  });
});
