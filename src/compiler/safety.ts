// Safety and ordering of rule bodies (part of the check stage).
//
// Rego bodies are order-independent: `x := y + 1; y := 2` is valid. OPA reorders each body so
// that every variable is bound by a positive expression before it is used; a variable that can
// never be bound is "unsafe" (rego_unsafe_var_error). We do the same, greedily and stably: at each
// step the first literal (in source order) whose inputs are all bound is scheduled next.
import type { Body, Literal, Term } from '../rego/ast.js';
import { diagnostic, type Diagnostic } from '../rego/diagnostics.js';
import { forEachVar, forEachVarInLiteral, isGround, ROOTS } from './terms.js';

export interface SafetyContext {
  diags: Diagnostic[];
  /** Declared arity of a (resolved) function name; undefined when unknown or variadic. */
  isFunctionArity: (fn: string[]) => number | undefined;
}

const isWildcard = (name: string) => name.startsWith('$_');

export function orderBody(body: Body, outerBound: Set<string>, ctx: SafetyContext, headTerms: Term[] = []): Body {
  const bound = new Set(outerBound);
  const localBound = new Set<string>();
  // How many literals (plus the head) mention each var, to tell closure inputs from closure locals.
  const mentions = new Map<string, number>();
  const count = (names: Set<string>) => names.forEach((n) => mentions.set(n, (mentions.get(n) ?? 0) + 1));
  const litVars = body.map((lit) => {
    const s = new Set<string>();
    forEachVarInLiteral(lit, (v) => s.add(v.name), true);
    return s;
  });
  litVars.forEach(count);
  const headVars = new Set<string>();
  headTerms.forEach((t) => forEachVar(t, (v) => headVars.add(v.name), true));
  count(headVars);
  const sharedOutside = (name: string) => (mentions.get(name) ?? 0) > 1 || outerBound.has(name);

  // `x := …` declares x for this body: mentioning x in an earlier literal (source order) is an
  // error in OPA ("var x referenced above"), even though reordering could make it work.
  const seenBefore = new Set<string>();
  body.forEach((lit, i) => {
    const declared = new Set<string>();
    if (lit.type === 'expr' && !lit.negated && lit.expr.type === 'call' && lit.expr.fn.length === 1 && lit.expr.fn[0] === 'assign') {
      forEachVar(lit.expr.args[0]!, (v) => {
        declared.add(v.name);
        // (An earlier `:=` of the same name is reported as "assigned above" when scheduled.)
        if (seenBefore.has(v.name) && !isWildcard(v.name) && !outerBound.has(v.name)) {
          ctx.diags.push(diagnostic('rego_compile_error', `var ${v.name} referenced above`, v.loc));
        }
      });
    }
    // Mentions other than := declarations count as references.
    litVars[i]!.forEach((n) => {
      if (!declared.has(n)) seenBefore.add(n);
    });
  });

  const out: Literal[] = [];
  const remaining = body.map((lit, i) => ({ lit, i }));
  while (remaining.length > 0) {
    let scheduled = false;
    for (let k = 0; k < remaining.length; k++) {
      const { lit } = remaining[k]!;
      const result = schedule(lit, bound, localBound, sharedOutside, ctx);
      if (result) {
        for (const v of result.binds) {
          bound.add(v);
          localBound.add(v);
        }
        out.push(result.lit);
        remaining.splice(k, 1);
        scheduled = true;
        break;
      }
    }
    if (!scheduled) {
      // Report the unbound vars of the first stuck literal, then keep the rest as-is so later
      // stages still see every literal (the program will not be emitted anyway).
      const { lit } = remaining[0]!;
      const reported = new Set<string>();
      forEachVarInLiteral(
        lit,
        (v) => {
          if (!bound.has(v.name) && !ROOTS.has(v.name) && !reported.has(v.name) && !isWildcard(v.name)) {
            reported.add(v.name);
            ctx.diags.push(diagnostic('rego_unsafe_var_error', `var ${v.name} is unsafe`, v.loc));
          }
        },
        false,
      );
      if (reported.size === 0) ctx.diags.push(diagnostic('rego_unsafe_var_error', 'expression is unsafe (a variable is never bound)', lit.loc));
      for (const r of remaining) out.push(r.lit);
      return out;
    }
  }
  for (const t of headTerms) {
    forEachVar(
      t,
      (v) => {
        if (!bound.has(v.name) && !ROOTS.has(v.name)) {
          ctx.diags.push(diagnostic('rego_unsafe_var_error', `var ${v.name} is unsafe`, v.loc));
          bound.add(v.name);
        }
      },
      false,
    );
  }
  return out;
}

interface Scheduled {
  lit: Literal;
  binds: Set<string>;
}

function schedule(
  lit: Literal,
  bound: Set<string>,
  localBound: Set<string>,
  sharedOutside: (name: string) => boolean,
  ctx: SafetyContext,
): Scheduled | undefined {
  const ev = new Evaluator(bound, sharedOutside);
  switch (lit.type) {
    case 'some':
      // `some x` makes x a fresh local even if an enclosing body bound a variable of that name.
      for (const v of lit.vars) bound.delete(v.name);
      return { lit, binds: new Set() };
    case 'somein': {
      if (!ev.evaluable(lit.collection) || !lit.with.every((w) => ev.evaluable(w.value))) return undefined;
      const binds = new Set(ev.outputs);
      for (const pat of [lit.key, lit.value]) {
        if (!pat) continue;
        if (!isPattern(pat)) {
          if (!ev.evaluable(pat)) return undefined;
          continue;
        }
        forEachVar(pat, (v) => {
          if (!bound.has(v.name)) binds.add(v.name);
        });
      }
      return { lit: orderClosures(lit, bound, ctx), binds };
    }
    case 'every': {
      if (!ev.evaluable(lit.domain) || !lit.with.every((w) => ev.evaluable(w.value))) return undefined;
      // Outer variables used in the body must be bound before the every is evaluated.
      const inner = new Set<string>([lit.value.name, ...(lit.key ? [lit.key.name] : [])]);
      let ok = true;
      for (const l of lit.body) {
        forEachVarInLiteral(
          l,
          (v) => {
            if (!inner.has(v.name) && sharedOutside(v.name) && !bound.has(v.name)) ok = false;
          },
          true,
        );
      }
      if (!ok) return undefined;
      const bodyBound = new Set(bound);
      inner.forEach((n) => bodyBound.add(n));
      return { lit: { ...lit, body: orderBody(lit.body, bodyBound, ctx) }, binds: ev.outputs };
    }
    case 'expr': {
      if (!lit.with.every((w) => ev.evaluable(w.value))) return undefined;
      if (lit.negated) {
        // Every variable of a negated expression must be bound, except wildcards, which are
        // local to the negation.
        const probe = new Evaluator(bound, sharedOutside, true);
        if (!probe.evaluableExpr(lit.expr, ctx)) return undefined;
        return { lit: orderClosures(lit, bound, ctx), binds: new Set() };
      }
      const e = lit.expr;
      if (e.type === 'call' && e.fn.length === 1 && (e.fn[0] === 'assign' || e.fn[0] === 'eq') && e.args.length === 2) {
        const binds = unifyBinds(e.args[0]!, e.args[1]!, bound, sharedOutside, e.fn[0] === 'assign');
        if (!binds) return undefined;
        if (e.fn[0] === 'assign') {
          forEachVar(e.args[0]!, (v) => {
            if (localBound.has(v.name) && !isWildcard(v.name)) {
              ctx.diags.push(diagnostic('rego_compile_error', `var ${v.name} assigned above`, v.loc));
            }
          });
        }
        return { lit: orderClosures(lit, bound, ctx), binds };
      }
      if (!ev.evaluableExpr(e, ctx)) return undefined;
      return { lit: orderClosures(lit, bound, ctx), binds: ev.outputs };
    }
  }
}

/** Orders the bodies of comprehensions inside a scheduled literal, given the vars bound so far. */
function orderClosures<L extends Literal>(lit: L, bound: Set<string>, ctx: SafetyContext): L {
  const fix = (t: Term): Term => {
    switch (t.type) {
      case 'arraycomp':
      case 'setcomp': {
        const head = fix(t.head);
        return { ...t, head, body: orderBody(t.body, bound, ctx, [head]) };
      }
      case 'objectcomp': {
        const key = fix(t.key);
        const value = fix(t.value);
        return { ...t, key, value, body: orderBody(t.body, bound, ctx, [key, value]) };
      }
      case 'ref':
        return { ...t, head: fix(t.head), path: t.path.map(fix) };
      case 'array':
        return { ...t, items: t.items.map(fix) };
      case 'set':
        return { ...t, items: t.items.map(fix) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [fix(k), fix(v)] as [Term, Term]) };
      case 'call':
        return { ...t, args: t.args.map(fix) };
      default:
        return t;
    }
  };
  switch (lit.type) {
    case 'expr':
      return { ...lit, expr: fix(lit.expr), with: lit.with.map((w) => ({ ...w, value: fix(w.value) })) };
    case 'somein':
      return { ...lit, collection: fix(lit.collection), with: lit.with.map((w) => ({ ...w, value: fix(w.value) })) };
    default:
      return lit;
  }
}

export function isPattern(t: Term): boolean {
  switch (t.type) {
    case 'var':
      return true;
    case 'array':
      return t.items.every(isPattern);
    case 'object':
      return t.items.every(([k, v]) => isGround(k) && isPattern(v));
    default:
      return isGround(t);
  }
}

/** The vars `a = b` (or `a := b`) binds, or undefined when it cannot be evaluated yet. */
function unifyBinds(
  a: Term,
  b: Term,
  bound: Set<string>,
  sharedOutside: (name: string) => boolean,
  assignOnly: boolean,
): Set<string> | undefined {
  const evA = new Evaluator(bound, sharedOutside);
  const evB = new Evaluator(bound, sharedOutside);
  const aOk = !assignOnly && evA.evaluable(a);
  const bOk = evB.evaluable(b);
  const unboundOf = (t: Term) => {
    const s = new Set<string>();
    forEachVar(t, (v) => {
      if (!bound.has(v.name) && !ROOTS.has(v.name)) s.add(v.name);
    });
    return s;
  };
  if (assignOnly) {
    if (!bOk || !isPattern(a)) return undefined;
    return new Set([...evB.outputs, ...unboundOf(a)]);
  }
  if (aOk && bOk) return new Set([...evA.outputs, ...evB.outputs]);
  if (bOk && isPattern(a)) return new Set([...evB.outputs, ...unboundOf(a)]);
  if (aOk && isPattern(b)) return new Set([...evA.outputs, ...unboundOf(b)]);
  // Both sides partially bound arrays/objects: unify element-wise, in any order that works.
  if (a.type === 'array' && b.type === 'array' && a.items.length === b.items.length) {
    const pairs = a.items.map((x, i) => [x, b.items[i]!] as const);
    const localBound = new Set(bound);
    const binds = new Set<string>();
    const pending = [...pairs];
    while (pending.length) {
      const idx = pending.findIndex(([x, y]) => unifyBinds(x, y, localBound, sharedOutside, false));
      if (idx < 0) return undefined;
      const [x, y] = pending.splice(idx, 1)[0]!;
      for (const v of unifyBinds(x, y, localBound, sharedOutside, false)!) {
        localBound.add(v);
        binds.add(v);
      }
    }
    return binds;
  }
  return undefined;
}

/**
 * Decides whether a term can be evaluated with the currently bound vars. Unbound vars in ref
 * path positions are outputs (iteration binds them) and are collected in `outputs`.
 */
class Evaluator {
  outputs = new Set<string>();
  constructor(
    private bound: Set<string>,
    private sharedOutside: (name: string) => boolean,
    /** Inside `not`: only wildcards may stay unbound (they become local to the negation). */
    private negated = false,
  ) {}

  private isBound(name: string): boolean {
    return this.bound.has(name) || ROOTS.has(name) || this.outputs.has(name);
  }

  evaluableExpr(e: Term, ctx: SafetyContext): boolean {
    if (e.type === 'call') {
      const arity = ctx.isFunctionArity(e.fn);
      if (arity !== undefined && e.args.length === arity + 1) {
        // The extra argument is an output: `count(xs, n)` binds n.
        if (!e.args.slice(0, arity).every((a) => this.evaluable(a))) return false;
        const out = e.args[arity]!;
        if (isPattern(out)) {
          forEachVar(out, (v) => {
            if (!this.isBound(v.name)) this.outputs.add(v.name);
          });
          return true;
        }
        return this.evaluable(out);
      }
    }
    return this.evaluable(e);
  }

  evaluable(t: Term): boolean {
    switch (t.type) {
      case 'null':
      case 'boolean':
      case 'number':
      case 'string':
        return true;
      case 'var':
        if (this.isBound(t.name)) return true;
        return this.negated && t.name.startsWith('$_') ? (this.outputs.add(t.name), true) : false;
      case 'ref': {
        if (t.head.type === 'var') {
          if (!this.isBound(t.head.name)) return false;
        } else if (!this.evaluable(t.head)) return false;
        for (const p of t.path) {
          if (p.type === 'var') {
            if (!this.isBound(p.name)) {
              if (this.negated && !p.name.startsWith('$_')) return false;
              this.outputs.add(p.name);
            }
          } else if (!this.evaluable(p)) {
            // A composite key with unbound vars (`x[[a, b]]`) is matched against each key.
            if (!isPattern(p)) return false;
            forEachVar(p, (v) => {
              if (!this.isBound(v.name)) this.outputs.add(v.name);
            });
          }
        }
        return true;
      }
      case 'array':
      case 'set':
        return t.items.every((i) => this.evaluable(i));
      case 'object':
        return t.items.every(([k, v]) => this.evaluable(k) && this.evaluable(v));
      case 'call':
        return t.args.every((a) => this.evaluable(a));
      case 'arraycomp':
      case 'setcomp':
      case 'objectcomp': {
        // Closure inputs: vars the comprehension shares with the enclosing body must be bound.
        let ok = true;
        forEachVar(
          t,
          (v) => {
            if (!this.isBound(v.name) && this.sharedOutside(v.name) && !v.name.startsWith('$_')) ok = false;
          },
          true,
        );
        return ok;
      }
    }
  }
}
