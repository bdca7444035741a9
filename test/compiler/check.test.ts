// The check stage on its own: parsed modules in, diagnostics (code + location) and ordered bodies out.
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../src/rego/index.js';
import { check } from '../../src/compiler/check.js';
import type { Module } from '../../src/rego/ast.js';

function modules(...sources: string[]): Module[] {
  return sources.map((src, i) => {
    const r = parseModule(src, `m${i}.rego`);
    expect(r.diagnostics).toEqual([]);
    return r.module!;
  });
}

function errors(...sources: string[]) {
  return check(modules(...sources)).diagnostics.map((d) => ({ code: d.code, line: d.line, col: d.col, message: d.message }));
}

describe('check: errors', () => {
  const cases: Array<{ note: string; src: string[]; code: string; line: number; col: number; message?: RegExp }> = [
    { note: 'unsafe var in body', src: ['package p\nallow if x == 1'], code: 'rego_unsafe_var_error', line: 2, col: 10, message: /var x is unsafe/ },
    { note: 'unsafe var in head', src: ['package p\nv := x if input.a'], code: 'rego_unsafe_var_error', line: 2, col: 6 },
    { note: 'unsafe var in negation', src: ['package p\nallow if not input.users[u].admin'], code: 'rego_unsafe_var_error', line: 2, col: 26 },
    { note: 'undefined function', src: ['package p\nallow if nosuch(1)'], code: 'rego_type_error', line: 2, col: 10, message: /undefined function nosuch/ },
    { note: 'builtin arity', src: ['package p\nallow if count(1, 2, 3)'], code: 'rego_type_error', line: 2, col: 10, message: /arity/ },
    { note: 'user function arity', src: ['package p\nf(x) := x\nallow if f(1, 2, 3)'], code: 'rego_type_error', line: 3, col: 10, message: /arity/ },
    { note: 'rule kinds mixed', src: ['package p\nr := 1\nr contains 2'], code: 'rego_type_error', line: 3, col: 1, message: /conflicting rules/ },
    { note: 'two defaults', src: ['package p\ndefault a := 1\ndefault a := 2'], code: 'rego_type_error', line: 3, col: 1, message: /multiple default/ },
    { note: 'assign to input', src: ['package p\nallow if input := 1'], code: 'rego_compile_error', line: 2, col: 10, message: /cannot assign to input/ },
    { note: 'redeclared var', src: ['package p\nallow if { x := 1; x := 2 }'], code: 'rego_compile_error', line: 2, col: 20, message: /var x assigned above/ },
    { note: 'recursion', src: ['package p\na if b\nb if a'], code: 'rego_recursion_error', line: 2, col: 1 },
    { note: 'recursion through function', src: ['package p\nf(x) := y if y := f(x)'], code: 'rego_recursion_error', line: 2, col: 1 },
  ];
  for (const c of cases) {
    it(c.note, () => {
      const errs = errors(...c.src);
      const hit = errs.find((e) => e.code === c.code);
      expect(hit, JSON.stringify(errs)).toBeDefined();
      expect({ line: hit!.line, col: hit!.col }).toEqual({ line: c.line, col: c.col });
      if (c.message) expect(hit!.message).toMatch(c.message);
    });
  }
});

describe('check: accepted programs', () => {
  const ok = [
    'package p\nallow if { y = x + 1; x = 2 }',
    'package p\nimport data.lib\nallow if lib.f(1)',
    'package lib\nf(x) := x',
    'package p\nxs := [x | some x in input.xs; x > 1]',
    'package p\nallow if every x in input.xs { x > 0 }',
    'package p\nallow if not input.deny[_]',
    'package p\nallow if { count(input.xs, n); n > 1 }',
    'package p\nallow if [a, b] = [1, 2]',
    'package p\nq[k] := v if some k, v in input.obj',
  ];
  it('reports no errors for valid programs', () => {
    for (const src of ok) {
      const mods = src.startsWith('package p\nimport data.lib') ? modules(src, 'package lib\nf(x) := x') : modules(src);
      expect(check(mods).diagnostics, src).toEqual([]);
    }
  });

  it('reorders a body so variables are bound before use', () => {
    const c = check(modules('package p\nallow if { y == 3; y = x + 1; x = 2 }'));
    const body = c.groups[0]!.defs[0]!.rule.body;
    const firstAssigned = body.map((l) => (l.type === 'expr' && l.expr.type === 'call' ? l.expr.fn.join('.') : l.type));
    expect(firstAssigned).toEqual(['eq', 'eq', 'equal']);
  });

  it('rejects a variable referenced above its := declaration', () => {
    const errs = errors('package p\nallow if { y := x + 1; x := 2 }');
    expect(errs).toContainEqual(expect.objectContaining({ code: 'rego_compile_error', message: 'var x referenced above', line: 2, col: 24 }));
  });

  it('resolves rule names and imports to data refs', () => {
    const c = check(modules('package p\nimport data.q.r as alias\na := 1\nb := a + alias'));
    const b = c.groups.find((g) => g.path.join('.') === 'p.b')!;
    const value = b.defs[0]!.rule.head.value!;
    expect(value).toMatchObject({
      type: 'call',
      fn: ['plus'],
      args: [
        { type: 'ref', head: { name: 'data' }, path: [{ value: 'p' }, { value: 'a' }] },
        { type: 'ref', head: { name: 'data' }, path: [{ value: 'q' }, { value: 'r' }] },
      ],
    });
  });
});

describe('entrypoints from METADATA', () => {
  it('uses rules and packages annotated `entrypoint: true` when none are given', async () => {
    const { annotatedEntrypoints, compile } = await import('../../src/compiler/index.js');
    const src = `# METADATA
# entrypoint: true
package a.b
import rego.v1

# METADATA
# entrypoint: true
allow if input.x

# METADATA
# title: not an entrypoint
other := 1
`;
    const mods = modules(src);
    expect(annotatedEntrypoints(mods)).toEqual(['a/b', 'a/b/allow']);
    const r = compile({ modules: { 'a.rego': src } });
    expect(r.entrypoints).toEqual(['a/b', 'a/b/allow']);
    expect(() => compile({ modules: { 'x.rego': 'package x\nimport rego.v1\np := 1\n' } })).toThrow(/no entrypoints/);
  });
});
