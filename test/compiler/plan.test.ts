// The plan stage on its own: checked rules in, IR out. These tests pin the IR shapes the emitter
// relies on (blocks, scans, early exits, variants for `with`), independent of the wasm runtime.
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../src/rego/index.js';
import { check } from '../../src/compiler/check.js';
import { plan } from '../../src/compiler/plan.js';
import type { IRFunction, IRPlan, Stmt } from '../../src/compiler/ir.js';

function planOf(src: string, entrypoints: string[]): IRPlan {
  const r = parseModule(src, 'p.rego');
  expect(r.diagnostics).toEqual([]);
  const c = check([r.module!]);
  expect(c.diagnostics).toEqual([]);
  const p = plan(c, { entrypoints });
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return p.plan;
}

function fn(p: IRPlan, name: string): IRFunction {
  const f = p.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name} in ${p.functions.map((x) => x.name).join(', ')}`);
  return f;
}

function flatten(stmts: Stmt[]): Stmt[] {
  return stmts.flatMap((s) => (s.op === 'block' || s.op === 'scan' ? [s, ...flatten(s.body)] : [s]));
}

describe('plan', () => {
  it('plans one function per rule group, memoised, and one per entrypoint', () => {
    const p = planOf('package a\nallow if input.x == 1\nq := 2', ['a/allow', 'a']);
    expect(p.entrypoints.map((e) => e.name)).toEqual(['a/allow', 'a']);
    expect(fn(p, 'g:a.allow').memoize).toBe(true);
    expect(p.functions.map((f) => f.name)).toContain('doc:a');
  });

  it('stops at the first solution when every definition yields the same constant', () => {
    const p = planOf('package a\nallow if input.xs[_] == 1\nallow if input.y', ['a/allow']);
    const ops = flatten(fn(p, 'g:a.allow').body).map((s) => s.op);
    expect(ops.filter((o) => o === 'breakTo')).toHaveLength(2);
    expect(ops).not.toContain('assignOnce');
  });

  it('checks conflicts when definitions can yield different values', () => {
    const p = planOf('package a\nv := 1 if input.a\nv := 2 if input.b', ['a/v']);
    const ops = flatten(fn(p, 'g:a.v').body).map((s) => s.op);
    expect(ops).toContain('assignOnce');
  });

  it('nests the rest of the body inside the scan for iteration', () => {
    const p = planOf('package a\ns contains x if { some x in input.xs; x > 1 }', ['a/s']);
    const body = fn(p, 'g:a.s').body;
    const scan = flatten(body).find((s) => s.op === 'scan');
    expect(scan).toBeDefined();
    const inner = flatten((scan as Extract<Stmt, { op: 'scan' }>).body).map((s) => s.op);
    expect(inner).toEqual(['call', 'truthy', 'setAdd']);
  });

  it('plans `not` as a block whose solution breaks out of the enclosing block', () => {
    const p = planOf('package a\nallow if not input.deny', ['a/allow']);
    const outer = fn(p, 'g:a.allow').body[0] as Extract<Stmt, { op: 'block' }>;
    const notBlock = outer.body.find((s) => s.op === 'block') as Extract<Stmt, { op: 'block' }>;
    expect(notBlock.body.at(-1)).toEqual({ op: 'breakTo', label: outer.label });
  });

  it('plans `with input` as a call to a non-memoised variant', () => {
    const p = planOf('package a\nallow if input.x\ntest_allow if allow with input as {"x": true}', ['a/test_allow']);
    const variants = p.functions.filter((f) => f.name.startsWith('g:a.allow#'));
    expect(variants).toHaveLength(1);
    expect(variants[0]!.memoize).toBe(false);
  });

  it('passes mock values of `with data.rule` as extra parameters', () => {
    const p = planOf('package a\nr := 1\ns := r + 1\nt if s == 3 with r as 2', ['a/t']);
    const variant = p.functions.find((f) => f.name.startsWith('g:a.s#'))!;
    expect(variant.params).toBe(3);
  });

  it('lists host builtins once, in first-use order', () => {
    const p = planOf('package a\nallow if { regex.match("a+", input.s); regex.match("b", input.t); glob.match("*", [], input.u) }', ['a/allow']);
    expect(p.hostBuiltins).toEqual(['accord.regex.match', 'accord.glob.match']);
  });
});
