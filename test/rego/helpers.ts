// Shared helpers for the Rego front-end tests: parse shortcuts and a compact printer that turns
// AST nodes into one-line text (`plus(1, mul(2, 3))`) so tables of cases stay readable.
import { expect } from 'vitest';
import type { Body, Literal, Module, Rule, Term } from '../../src/rego/ast.js';
import type { Diagnostic } from '../../src/rego/diagnostics.js';
import { parseModule } from '../../src/rego/index.js';

export type Version = 0 | 1;

/** Parses and fails the test (showing the diagnostics) unless the module is clean. */
export function parseOk(source: string, regoVersion: Version = 1, file = 'test.rego'): Module {
  const result = parseModule(source, file, { regoVersion });
  expect(result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([]);
  expect(result.module).toBeDefined();
  return result.module!;
}

/** Parses input expected to fail; returns the diagnostics. */
export function parseErrors(source: string, regoVersion: Version = 1, file = 'test.rego'): Diagnostic[] {
  const result = parseModule(source, file, { regoVersion });
  expect(result.module).toBeUndefined();
  expect(result.diagnostics.length).toBeGreaterThan(0);
  return result.diagnostics;
}

/** The rules of `package t` followed by `rules`. */
export function rules(rulesSource: string, regoVersion: Version = 1): Rule[] {
  return parseOk(`package t\n\n${rulesSource}\n`, regoVersion).rules;
}

/** The value term of `x := <src>`. */
export function term(src: string): Term {
  const [rule] = rules(`x := ${src}`);
  return rule!.head.value!;
}

/** The literals of `p if { <src> }` (src may span several lines). */
export function body(src: string, regoVersion: Version = 1): Body {
  const [rule] = rules(`p if {\n${src}\n}`, regoVersion);
  return rule!.body;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One-line rendering of a term; calls print as `name(args)`, refs as written. */
export function show(t: Term): string {
  switch (t.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return t.raw;
    case 'string':
      return (t.raw ? 'r' : '') + JSON.stringify(t.value);
    case 'var':
      return t.name;
    case 'ref':
      return show(t.head) + t.path.map((p) => (p.type === 'string' && IDENT.test(p.value) ? `.${p.value}` : `[${show(p)}]`)).join('');
    case 'array':
      return `[${t.items.map(show).join(', ')}]`;
    case 'set':
      return t.items.length === 0 ? 'set()' : `{${t.items.map(show).join(', ')}}`;
    case 'object':
      return `{${t.items.map(([k, v]) => `${show(k)}: ${show(v)}`).join(', ')}}`;
    case 'arraycomp':
      return `[${show(t.head)} | ${showBody(t.body)}]`;
    case 'setcomp':
      return `{${show(t.head)} | ${showBody(t.body)}}`;
    case 'objectcomp':
      return `{${show(t.key)}: ${show(t.value)} | ${showBody(t.body)}}`;
    case 'call':
      return `${t.fn.join('.')}(${t.args.map(show).join(', ')})`;
  }
}

export function showLiteral(l: Literal): string {
  const withs = 'with' in l ? l.with.map((w) => ` with ${show(w.target)} as ${show(w.value)}`).join('') : '';
  switch (l.type) {
    case 'expr':
      return (l.negated ? 'not ' : '') + show(l.expr) + withs;
    case 'some':
      return `some ${l.vars.map(show).join(', ')}`;
    case 'somein':
      return `some ${l.key ? `${show(l.key)}, ` : ''}${show(l.value)} in ${show(l.collection)}${withs}`;
    case 'every':
      return `every ${l.key ? `${show(l.key)}, ` : ''}${show(l.value)} in ${show(l.domain)} { ${showBody(l.body)} }${withs}`;
  }
}

export function showBody(b: Body): string {
  return b.map(showLiteral).join('; ');
}

/** `kind name` summary of a rule head, e.g. `object a.b[k] = v`. */
export function showHead(r: Rule): string {
  const h = r.head;
  const name = h.ref.map((t, i) => (i === 0 ? show(t) : t.type === 'string' && IDENT.test(t.value) ? `.${t.value}` : `[${show(t)}]`)).join('');
  let s = `${r.default ? 'default ' : ''}${r.kind} ${name}`;
  if (h.args) s += `(${h.args.map(show).join(', ')})`;
  if (h.key) s += r.kind === 'set' ? ` contains ${show(h.key)}` : `[${show(h.key)}]`;
  if (h.value) s += ` ${h.assign ? ':=' : '='} ${show(h.value)}`;
  return s;
}

/** `line:col message` of each diagnostic, for compact assertions. */
export function where(ds: Diagnostic[]): string[] {
  return ds.map((d) => `${d.line}:${d.col} ${d.message}`);
}
