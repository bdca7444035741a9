// Small, pure helpers over AST terms shared by the checker and the planner.
import type { Body, Literal, Location, RefTerm, Term, VarTerm } from '../rego/ast.js';

export const ROOTS = new Set(['input', 'data']);

/**
 * True for a term without variables or references. With `comprehensions`, comprehensions count as
 * ground values too (a `default` value may hold them: their result is never undefined); object
 * keys must be ground either way.
 */
export function isGround(t: Term, comprehensions = false): boolean {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true;
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      return comprehensions;
    case 'array':
    case 'set':
      return t.items.every((i) => isGround(i, comprehensions));
    case 'object':
      return t.items.every(([k, v]) => isGround(k) && isGround(v, comprehensions));
    default:
      return false;
  }
}

/** Calls `fn` for every var occurrence in `t`, not descending into comprehension bodies. */
export function forEachVar(t: Term, fn: (v: VarTerm) => void, intoClosures = false): void {
  switch (t.type) {
    case 'var':
      fn(t);
      return;
    case 'ref':
      forEachVar(t.head, fn, intoClosures);
      for (const p of t.path) forEachVar(p, fn, intoClosures);
      return;
    case 'array':
    case 'set':
      for (const i of t.items) forEachVar(i, fn, intoClosures);
      return;
    case 'object':
      for (const [k, v] of t.items) {
        forEachVar(k, fn, intoClosures);
        forEachVar(v, fn, intoClosures);
      }
      return;
    case 'call':
      for (const a of t.args) forEachVar(a, fn, intoClosures);
      return;
    case 'arraycomp':
    case 'setcomp':
      if (intoClosures) {
        forEachVar(t.head, fn, true);
        forEachVarInBody(t.body, fn);
      }
      return;
    case 'objectcomp':
      if (intoClosures) {
        forEachVar(t.key, fn, true);
        forEachVar(t.value, fn, true);
        forEachVarInBody(t.body, fn);
      }
      return;
    default:
      return;
  }
}

export function forEachVarInBody(body: Body, fn: (v: VarTerm) => void): void {
  for (const lit of body) forEachVarInLiteral(lit, fn, true);
}

export function forEachVarInLiteral(lit: Literal, fn: (v: VarTerm) => void, intoClosures: boolean): void {
  switch (lit.type) {
    case 'expr':
      forEachVar(lit.expr, fn, intoClosures);
      for (const w of lit.with) forEachVar(w.value, fn, intoClosures);
      return;
    case 'some':
      for (const v of lit.vars) fn(v);
      return;
    case 'somein':
      if (lit.key) forEachVar(lit.key, fn, intoClosures);
      forEachVar(lit.value, fn, intoClosures);
      forEachVar(lit.collection, fn, intoClosures);
      for (const w of lit.with) forEachVar(w.value, fn, intoClosures);
      return;
    case 'every':
      forEachVar(lit.domain, fn, intoClosures);
      if (intoClosures) {
        if (lit.key) fn(lit.key);
        fn(lit.value);
        forEachVarInBody(lit.body, fn);
      }
      for (const w of lit.with) forEachVar(w.value, fn, intoClosures);
      return;
  }
}

export function varNames(t: Term, intoClosures = false): Set<string> {
  const out = new Set<string>();
  forEachVar(t, (v) => out.add(v.name), intoClosures);
  return out;
}

/** `data.a.b` / `input.x` as a ref whose path is only strings: returns [root, ...strings]. */
export function groundRefPath(t: Term): string[] | undefined {
  if (t.type === 'var' && ROOTS.has(t.name)) return [t.name];
  if (t.type !== 'ref' || t.head.type !== 'var') return undefined;
  const out = [t.head.name];
  for (const p of t.path) {
    if (p.type !== 'string') return undefined;
    out.push(p.value);
  }
  return out;
}

export function mkString(value: string, loc: Location): Term {
  return { type: 'string', value, loc };
}

export function mkRef(root: string, path: string[], loc: Location): RefTerm {
  return { type: 'ref', head: { type: 'var', name: root, loc }, path: path.map((p) => mkString(p, loc)), loc };
}

export function termLoc(t: Term): Location {
  return t.loc;
}

/** Rebuilds a term bottom-up with `fn` applied to every sub-term (post-order). */
export function mapTerm(t: Term, fn: (t: Term) => Term, mapBody: (b: Body) => Body): Term {
  switch (t.type) {
    case 'ref':
      return fn({ ...t, head: mapTerm(t.head, fn, mapBody), path: t.path.map((p) => mapTerm(p, fn, mapBody)) });
    case 'array':
      return fn({ ...t, items: t.items.map((i) => mapTerm(i, fn, mapBody)) });
    case 'set':
      return fn({ ...t, items: t.items.map((i) => mapTerm(i, fn, mapBody)) });
    case 'object':
      return fn({ ...t, items: t.items.map(([k, v]) => [mapTerm(k, fn, mapBody), mapTerm(v, fn, mapBody)] as [Term, Term]) });
    case 'call':
      return fn({ ...t, args: t.args.map((a) => mapTerm(a, fn, mapBody)) });
    case 'arraycomp':
      return fn({ ...t, head: mapTerm(t.head, fn, mapBody), body: mapBody(t.body) });
    case 'setcomp':
      return fn({ ...t, head: mapTerm(t.head, fn, mapBody), body: mapBody(t.body) });
    case 'objectcomp':
      return fn({ ...t, key: mapTerm(t.key, fn, mapBody), value: mapTerm(t.value, fn, mapBody), body: mapBody(t.body) });
    default:
      return fn(t);
  }
}
