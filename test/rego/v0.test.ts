// Rego v0 (`{ regoVersion: 0 }`, `accord check --v0-compatible`): every v0-only construct, future
// keyword imports, `import rego.v1`, and equivalence of v0 and v1 spellings of the same policy.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/rego/ast.js';
import { parseErrors, parseOk, rules, showBody, showHead, where } from './helpers.js';

describe('v0 constructs', () => {
  it.each([
    ['allow { input.x }', 'complete allow'],
    ['allow = true { input.x }', 'complete allow = true'],
    ['p = v { v := 1 }', 'complete p = v'],
    ['p := 1', 'complete p := 1'],
    ['p = 1', 'complete p = 1'],
    ['default allow = false', 'default complete allow = false'],
    ['default allow := false', 'default complete allow := false'],
    ['deny[msg] { msg := "no" }', 'set deny contains msg'],
    ['deny["literal"] { true }', 'set deny contains "literal"'],
    ['deny["fact"]', 'set deny contains "fact"'],
    ['p.q { true }', 'set p contains "q"'],
    ['obj[k] = v { k := "a"; v := 1 }', 'object obj[k] = v'],
    ['obj[k] := v { k := "a"; v := 1 }', 'object obj[k] := v'],
    ['f(x) = y { y := x }', 'function f(x) = y'],
    ['f(x) { x > 1 }', 'function f(x)'],
    ['f(x) := x', 'function f(x) := x'],
    ['a.b.c = 1 { true }', 'complete a.b.c = 1'],
  ])('%s', (src, expected) => {
    const rs = rules(src, 0);
    expect(rs).toHaveLength(1);
    expect(showHead(rs[0]!)).toBe(expected);
  });

  it('parses else chains without `if`', () => {
    const [r] = rules('p = 1 { input.a } else = 2 { input.b } else = 3', 0);
    expect(r!.else.map((e) => [e.value && (e.value as { raw: string }).raw, showBody(e.body)])).toEqual([
      ['2', 'input.b'],
      ['3', ''],
    ]);
  });

  it('splits several bodies after one head into one rule each', () => {
    const rs = rules('p { input.a } { input.b }\nq = 1 { input.c }\n{ input.d }', 0);
    expect(rs.map((r) => `${showHead(r)}: ${showBody(r.body)}`)).toEqual([
      'complete p: input.a',
      'complete p: input.b',
      'complete q = 1: input.c',
      'complete q = 1: input.d',
    ]);
  });

  it('treats the future keywords as ordinary names until imported', () => {
    const rs = rules('in := 1\nevery := [1]\nif := {}\ncontains_x { contains("ab", "a") }\nx := in + 1', 0);
    expect(rs.map(showHead)).toEqual([
      'complete in := 1',
      'complete every := [1]',
      'complete if := {}',
      'complete contains_x',
      'complete x := plus(in, 1)',
    ]);
  });

  it('enables each future keyword with its import', () => {
    const withIn = parseOk('package t\nimport future.keywords.in\np { some x in input; x in [1] }\n', 0);
    expect(withIn.regoVersion).toBe(0);
    expect(showBody(withIn.rules[0]!.body)).toBe('some x in input; internal.member_2(x, [1])');

    const withIf = parseOk('package t\nimport future.keywords.if\np if input.x\nq[x] if { x := 1 }\n', 0);
    expect(withIf.rules.map(showHead)).toEqual(['complete p', 'object q[x]']);

    const withContains = parseOk('package t\nimport future.keywords.contains\nimport future.keywords.if\np contains x if { x := 1 }\n', 0);
    expect(showHead(withContains.rules[0]!)).toBe('set p contains x');

    const withEvery = parseOk('package t\nimport future.keywords.every\nimport future.keywords.in\np { every x in input { x } }\n', 0);
    expect(withEvery.rules[0]!.body[0]).toMatchObject({ type: 'every' });

    const all = parseOk('package t\nimport future.keywords\np contains x if { some x in input; every y in input { y } }\n', 0);
    expect(all.rules[0]!.kind).toBe('set');
    expect(all.regoVersion).toBe(0);
  });

  it('names the missing import when a v1 keyword is used in v0', () => {
    const [d] = parseErrors('package t\np { some x in input }\n', 0);
    expect(d).toMatchObject({ line: 2, col: 12 });
    expect(d!.message).toContain('in Rego v0 `in` is a keyword only after `import future.keywords.in` or `import rego.v1`');
    expect(where(parseErrors('package t\np contains x if { x := 1 }\n', 0))[0]).toContain('`import future.keywords.contains`');
  });

  it('parses a module importing rego.v1 as v1', () => {
    const m = parseOk('package t\nimport rego.v1\np contains x if { some x in input }\n', 0);
    expect(m.regoVersion).toBe(1);
    expect(m.rules[0]!.kind).toBe('set');
    expect(where(parseErrors('package t\nimport rego.v1\np { true }\n', 0))[0]).toContain('is Rego v0 syntax');
  });
});

describe('the same policy in v0 and v1', () => {
  const v0 = `package app.authz

import future.keywords.in

default allow = false

allow {
  input.user.role == "admin"
}

allow = true {
  some g in input.user.groups
  g == "ops"
}

deny[msg] {
  not input.user
  msg := "anonymous"
}

roles[name] = perms {
  some name, perms in data.roles
}

is_owner(u, doc) {
  doc.owner == u
}

level(x) = "high" {
  x > 10
} else = "low" {
  true
}

a.b.c = 1 { true }
`;

  const v1 = `package app.authz

default allow = false

allow if {
  input.user.role == "admin"
}

allow = true if {
  some g in input.user.groups
  g == "ops"
}

deny contains msg if {
  not input.user
  msg := "anonymous"
}

roles[name] = perms if {
  some name, perms in data.roles
}

is_owner(u, doc) if {
  doc.owner == u
}

level(x) = "high" if {
  x > 10
} else = "low" if {
  true
}

a.b.c = 1 if { true }
`;

  const summary = (rs: Rule[]) => rs.map((r) => [showHead(r), showBody(r.body), r.else.map((e) => showBody(e.body))]);

  it('produces the same rule kinds, heads and bodies', () => {
    const m0 = parseOk(v0, 0);
    const m1 = parseOk(v1, 1);
    expect(m0.regoVersion).toBe(0);
    expect(m1.regoVersion).toBe(1);
    expect(summary(m0.rules)).toEqual(summary(m1.rules));
    expect(m1.rules.map((r) => r.kind)).toEqual(['complete', 'complete', 'complete', 'set', 'object', 'function', 'function', 'complete']);
  });

  it('rejects the v0 spelling in v1 with one located error per rule', () => {
    expect(where(parseErrors(v0, 1)).map((w) => w.split(' ')[0])).toEqual(['7:7', '11:14', '16:11', '21:21', '25:18', '29:19', '31:16', '35:11']);
  });
});
