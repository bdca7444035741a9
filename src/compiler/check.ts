// Stage 1 of the compiler: parsed modules in, a checked rule tree out.
//
//  - groups rules by full path into a tree under `data` (rule kinds may not mix, one default)
//  - resolves names: imports, rule names of the package, `data`/`input` roots, user functions
//    vs builtins (undefined functions and wrong arities are type errors)
//  - rejects assignments to input/data, `:=` redeclaring a variable, else on partial rules
//  - detects recursion between rules and functions
//  - checks safety and reorders each body so every variable is bound before use (as OPA does)
//
// Output rules are rewritten copies; the parser's AST is never mutated.
import type {
  Body,
  CallTerm,
  RuleKind,
  ElseClause,
  Literal,
  Location,
  Module,
  Rule,
  Term,
  VarTerm,
} from '../rego/ast.js';
import { diagnostic, type Diagnostic } from '../rego/diagnostics.js';
import { UNSUPPORTED_BUILTINS } from '../builtins/catalog.js';
import { resolveBuiltin, type BuiltinOptions } from './builtin-env.js';
import { formatType, typesOverlap, type RegoType } from '../builtins/types.js';
import { allGroups, lookupNode, newNode, type RuleGroup, type TreeNode } from './ruletree.js';
import { forEachVar, isGround, mkRef, ROOTS } from './terms.js';
import { orderBody, type SafetyContext } from './safety.js';

export interface CheckedProgram {
  tree: TreeNode;
  groups: RuleGroup[];
  diagnostics: Diagnostic[];
}

export type CheckOptions = BuiltinOptions;

export function check(modules: Module[], options: CheckOptions = {}): CheckedProgram {
  const diags: Diagnostic[] = [];
  const tree = newNode([]);
  const groups: RuleGroup[] = [];

  // 1. Group rules into the tree.
  for (const mod of modules) {
    for (const rule of mod.rules) {
      // The rule's full head ref relative to the package. A variable anywhere after the name
      // makes it a multi-value rule: it contributes entries to the object at its static prefix
      // (`a.b[x].c := v`, `a[x][y] := v`, `a[g] contains m`).
      const elems: Term[] = [...rule.head.ref];
      if (rule.kind === 'object') elems.push(rule.head.key!);
      const rel: string[] = [];
      for (const [i, seg] of elems.entries()) {
        if (i === 0 && seg.type === 'var') rel.push(seg.name);
        else if (seg.type === 'string') rel.push(seg.value);
        else break;
      }
      let kind: RuleKind = rule.kind;
      let keyPath: Term[] | undefined;
      if (rel.length < elems.length && rule.kind !== 'function') {
        kind = 'object';
        keyPath = elems.slice(rel.length);
      } else if (rule.kind === 'object') {
        // `p["k"] := v`: a constant key is a single-value rule at p.k.
        kind = 'complete';
      }
      const leaf: 'value' | 'set' = rule.kind === 'set' ? 'set' : 'value';
      if (rel[0] === 'input' || rel[0] === 'data') {
        diags.push(diagnostic('rego_compile_error', `rule name '${rel[0]}' is reserved: cannot assign to ${rel[0]}`, rule.head.loc));
        continue;
      }
      const path = [...mod.package.path, ...rel];
      let node = tree;
      for (const seg of path) {
        let next = node.children.get(seg);
        if (!next) {
          next = newNode([...node.path, seg]);
          node.children.set(seg, next);
        }
        node = next;
      }
      const arity = rule.head.args?.length ?? 0;
      if (!node.group) {
        node.group = { id: groups.length, path, kind, defs: [], arity };
        groups.push(node.group);
      }
      const g = node.group;
      if (g.kind !== kind) {
        diags.push(
          diagnostic(
            'rego_type_error',
            `conflicting rules ${path.join('.')} found: ${kindName(g.kind)} and ${kindName(kind)} rules cannot share a name`,
            rule.head.loc,
          ),
        );
        continue;
      }
      if (g.kind === 'function' && g.arity !== arity) {
        diags.push(diagnostic('rego_type_error', `function ${path.join('.')} has arity ${g.arity} and ${arity} in different definitions`, rule.head.loc));
        continue;
      }
      if (rule.default) {
        if (g.defaultDef) {
          diags.push(diagnostic('rego_type_error', `multiple default rules ${path.join('.')} found`, rule.loc));
          continue;
        }
        // Ground, except that comprehensions may appear: their result is never undefined (OPA's
        // docs, "Default Keyword").
        if (rule.head.value && !isGround(rule.head.value, true)) {
          diags.push(diagnostic('rego_type_error', `default rule ${path.join('.')} value must be ground`, rule.head.value.loc));
        }
        g.defaultDef = { rule, module: mod };
      } else {
        g.defs.push({ rule, module: mod, keyPath, leaf });
      }
      if (rule.else.length > 0 && (rule.kind === 'set' || rule.kind === 'object')) {
        diags.push(diagnostic('rego_type_error', `else keyword cannot be used on multi-value rules (${path.join('.')})`, rule.else[0]!.loc));
      }
    }
  }
  // A rule whose path is a prefix of another rule's path (e.g. `a := 1` and `a.b := 2`) conflicts.
  for (const g of groups) {
    const node = lookupNode(tree, g.path)!;
    if (node.children.size > 0 && g.kind !== 'object') {
      diags.push(diagnostic('rego_type_error', `rule ${g.path.join('.')} conflicts with rules defined under it`, firstLoc(g)));
    }
  }

  // 2. Resolve names, check literals, order bodies.
  const resolver = new Resolver(tree, diags, options);
  for (const g of groups) {
    g.defs = g.defs.map((d) => {
      const resolved = resolver.resolveRule(d.rule, d.module, d.keyPath);
      return { ...d, rule: resolved.rule, keyPath: resolved.keyPath };
    });
    if (g.defaultDef) g.defaultDef = { rule: resolver.resolveRule(g.defaultDef.rule, g.defaultDef.module).rule, module: g.defaultDef.module };
  }

  // 3. Recursion between rules and functions.
  checkRecursion(groups, tree, diags);

  return { tree, groups, diagnostics: diags };
}

function kindName(k: Rule['kind']): string {
  return k === 'complete' ? 'complete' : k === 'set' ? 'partial set' : k === 'object' ? 'partial object' : 'function';
}

function firstLoc(g: RuleGroup): Location {
  return (g.defs[0] ?? g.defaultDef)!.rule.head.loc;
}

// ---------------------------------------------------------------------------------------------
// Name resolution
// ---------------------------------------------------------------------------------------------

class Resolver {
  private wildcard = 0;
  constructor(
    private tree: TreeNode,
    private diags: Diagnostic[],
    private options: CheckOptions,
  ) {}

  resolveRule(rule: Rule, mod: Module, keyPath?: Term[]): { rule: Rule; keyPath?: Term[] } {
    const aliases = new Map<string, string[]>();
    for (const imp of mod.imports) {
      const path = importPath(imp.path);
      if (!path) continue;
      if (path[0] !== 'data' && path[0] !== 'input') continue; // rego.v1, future.keywords: harmless
      const alias = imp.alias ?? path[path.length - 1]!;
      if (path.length === 1 && !imp.alias) continue; // `import input` / `import data`
      aliases.set(alias, path);
    }
    const pkg = mod.package.path;
    const pkgNode = lookupNode(this.tree, pkg);
    // Names declared as locals shadow package rules and imports in the scope that declares them:
    // the rule (its arguments and the declarations of its body, for the head and the body), each
    // else clause (its own body), and below them each comprehension and `every` body (see
    // resolveTerm / resolveLiteral). A name declared inside a comprehension is that
    // comprehension's alone: outside it, the same name still means the rule or import.
    const args = new Set<string>();
    for (const a of rule.head.args ?? []) forEachVar(a, (v) => args.add(v.name), true);
    const declared = new Set(args);
    collectDeclared(rule.body, declared);

    const scope: Scope = { aliases, pkg, pkgNode, declared };
    const elseScope = (body: Body): Scope => {
      const d = new Set(args);
      collectDeclared(body, d);
      return { ...scope, declared: d };
    };
    const rewriteTerm = (t: Term): Term => this.resolveTerm(t, scope);
    const head = {
      ...rule.head,
      args: rule.head.args?.map(rewriteTerm),
      key: rule.head.key && rewriteTerm(rule.head.key),
      value: rule.head.value && rewriteTerm(rule.head.value),
    };
    const body = this.resolveBody(rule.body, scope);
    const elses: ElseClause[] = rule.else.map((e) => {
      const es = elseScope(e.body);
      return { ...e, value: e.value && this.resolveTerm(e.value, es), body: this.resolveBody(e.body, es) };
    });

    // Safety: bodies ordered so every var is bound before use; head terms must be safe.
    const safety: SafetyContext = { diags: this.diags, isFunctionArity: (fn) => this.functionArity(fn) };
    const initiallyBound = new Set<string>();
    for (const a of head.args ?? []) forEachVar(a, (v) => initiallyBound.add(v.name), true);
    const resolvedKeyPath = keyPath?.map(rewriteTerm);
    const headTerms = [head.key, head.value, ...(resolvedKeyPath ?? [])].filter((t): t is Term => t !== undefined);
    const ordered = orderBody(body, initiallyBound, safety, headTerms);
    const orderedElses = elses.map((e) => ({
      ...e,
      body: orderBody(e.body, new Set(initiallyBound), safety, e.value ? [e.value] : []),
    }));
    return { rule: { ...rule, head, body: ordered, else: orderedElses }, keyPath: resolvedKeyPath };
  }

  private resolveBody(body: Body, scope: Scope): Body {
    const out: Literal[] = [];
    for (const lit of body) out.push(this.resolveLiteral(lit, scope));
    return out;
  }

  private resolveLiteral(lit: Literal, scope: Scope): Literal {
    const rt = (t: Term) => this.resolveTerm(t, scope);
    switch (lit.type) {
      case 'expr': {
        const expr = rt(lit.expr);
        this.checkAssignTargets(expr);
        return { ...lit, expr, with: lit.with.map((w) => ({ ...w, target: this.resolveWithTarget(w.target, scope), value: rt(w.value) })) };
      }
      case 'some':
        return lit;
      case 'somein':
        return {
          ...lit,
          key: lit.key && rt(lit.key),
          value: rt(lit.value),
          collection: rt(lit.collection),
          with: lit.with.map((w) => ({ ...w, target: this.resolveWithTarget(w.target, scope), value: rt(w.value) })),
        };
      case 'every': {
        // `every k, v in domain { body }` binds k, v and the body's declarations for the body only.
        const inner = new Set(scope.declared);
        if (lit.key) inner.add(lit.key.name);
        inner.add(lit.value.name);
        collectDeclared(lit.body, inner);
        return {
          ...lit,
          domain: rt(lit.domain),
          body: this.resolveBody(lit.body, { ...scope, declared: inner }),
          with: lit.with.map((w) => ({ ...w, target: this.resolveWithTarget(w.target, scope), value: rt(w.value) })),
        };
      }
    }
  }

  private checkAssignTargets(expr: Term): void {
    if (expr.type !== 'call') return;
    const op = expr.fn.join('.');
    if (op !== 'assign' && op !== 'eq') return;
    const lhs = expr.args[0];
    if (!lhs) return;
    if (op === 'assign') {
      // `:=` may only bind variables (possibly inside array/object patterns).
      const bad = findNonPattern(lhs);
      if (bad) {
        const root = bad.type === 'var' ? bad.name : bad.type === 'ref' && bad.head.type === 'var' ? bad.head.name : '';
        const what = ROOTS.has(root) ? `cannot assign to ${root}` : 'cannot assign to non-variable';
        this.diags.push(diagnostic('rego_compile_error', what, bad.loc));
      }
    }
  }

  private resolveWithTarget(t: Term, scope: Scope): Term {
    // `with f as …` names a function (builtin or user) rather than reading it.
    if (t.type === 'var' || (t.type === 'ref' && t.path.every((p) => p.type === 'string'))) {
      const names = t.type === 'var' ? [t.name] : [(t.head as VarTerm).name, ...t.path.map((p) => (p as { value: string }).value)];
      if (names[0] === 'data') this.checkWithDataPath(names.slice(1), t);
      if (names[0] === 'input' || names[0] === 'data') return t.type === 'var' ? t : mkRef(names[0], names.slice(1), t.loc);
      const fn = this.resolveFunctionName(names, scope);
      if (fn.user) return mkRef('data', fn.path.slice(1), t.loc);
      const alias = scope.aliases.get(names[0]!);
      if (alias) return mkRef(alias[0]!, [...alias.slice(1), ...names.slice(1)], t.loc);
      if (resolveBuiltin(names.join('.'), this.options)) {
        return { type: 'var', name: `builtin:${names.join('.')}`, loc: t.loc };
      }
      if (names.length === 1 && scope.pkgNode?.children.has(names[0]!)) return mkRef('data', [...scope.pkg, ...names], t.loc);
    }
    this.diags.push(diagnostic('rego_compile_error', 'with target must be input, data, or a function', t.loc));
    return t;
  }

  /**
   * `with data.a.b.c as …` may replace a rule's whole value, or base data, but not part of a rule's
   * value: OPA's compiler refuses a target below a virtual document.
   */
  private checkWithDataPath(path: string[], t: Term): void {
    for (let k = 1; k < path.length; k++) {
      const node = lookupNode(this.tree, path.slice(0, k));
      if (node === undefined) return;
      if (node.group && node.group.kind !== 'function') {
        this.diags.push(diagnostic('rego_compile_error', 'with keyword cannot partially replace virtual document(s)', t.loc));
        return;
      }
    }
  }

  private resolveTerm(t: Term, scope: Scope): Term {
    switch (t.type) {
      case 'var':
        return this.resolveVar(t, scope);
      case 'ref': {
        const head = this.resolveTerm(t.head, scope);
        const path = t.path.map((p) => this.resolveTerm(p, scope));
        if (head.type === 'ref') return { ...t, head: head.head, path: [...head.path, ...path] };
        return { ...t, head, path };
      }
      case 'array':
        return { ...t, items: t.items.map((i) => this.resolveTerm(i, scope)) };
      case 'set':
        return { ...t, items: t.items.map((i) => this.resolveTerm(i, scope)) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [this.resolveTerm(k, scope), this.resolveTerm(v, scope)] as [Term, Term]) };
      case 'call':
        return this.resolveCall(t, scope);
      case 'arraycomp': {
        const inner = closureScope(scope, t.body);
        return { ...t, head: this.resolveTerm(t.head, inner), body: this.resolveBody(t.body, inner) };
      }
      case 'setcomp': {
        const inner = closureScope(scope, t.body);
        return { ...t, head: this.resolveTerm(t.head, inner), body: this.resolveBody(t.body, inner) };
      }
      case 'objectcomp': {
        const inner = closureScope(scope, t.body);
        return { ...t, key: this.resolveTerm(t.key, inner), value: this.resolveTerm(t.value, inner), body: this.resolveBody(t.body, inner) };
      }
      default:
        return t;
    }
  }

  private resolveVar(v: VarTerm, scope: Scope): Term {
    if (v.name === '_') return { ...v, name: `$_${this.wildcard++}` };
    if (ROOTS.has(v.name)) return v;
    if (scope.declared.has(v.name)) return v;
    const alias = scope.aliases.get(v.name);
    if (alias) return alias.length === 1 ? { ...v, name: alias[0]! } : mkRef(alias[0]!, alias.slice(1), v.loc);
    if (scope.pkgNode?.children.has(v.name)) return mkRef('data', [...scope.pkg, v.name], v.loc);
    return v;
  }

  private resolveCall(t: CallTerm, scope: Scope): Term {
    const args = t.args.map((a) => this.resolveTerm(a, scope));
    const name = t.fn.join('.');
    if (OPERATORS.has(name)) {
      this.checkArity(name, OPERATORS.get(name)!, args.length, t, false);
      if (name === 'eq' && args.length === 2) {
        // Unifying constants of different types can never succeed: OPA's checker reports a
        // match error. (`==` takes any two values and simply yields false.)
        const [a, b] = args.map(constantType);
        if (a && b && a.kind !== b.kind) {
          this.diags.push(diagnostic('rego_type_error', `match error: left: ${formatType(a)}, right: ${formatType(b)}`, t.loc));
        }
      }
      return { ...t, args };
    }
    const fn = this.resolveFunctionName(t.fn, scope);
    if (fn.user) {
      const g = lookupNode(this.tree, fn.path.slice(1))?.group;
      if (!g) {
        this.diags.push(diagnostic('rego_type_error', `undefined function ${fn.path.join('.')}`, t.fnLoc));
      } else if (g.kind !== 'function') {
        this.diags.push(diagnostic('rego_type_error', `${fn.path.join('.')} is a rule, not a function`, t.fnLoc));
      } else {
        this.checkArity(fn.path.join('.'), g.arity, args.length, t, true);
      }
      return { ...t, fn: fn.path, args };
    }
    const resolved = resolveBuiltin(name, this.options);
    if (!resolved) {
      const why = UNSUPPORTED_BUILTINS[name];
      const restricted = this.options.allowedBuiltins && resolveBuiltin(name, { customBuiltins: this.options.customBuiltins });
      const message = restricted
        ? `${name} is not allowed by the capabilities`
        : why
          ? `${name} is not supported by Accord: ${why}`
          : `undefined function ${name}`;
      this.diags.push(diagnostic('rego_type_error', message, t.fnLoc));
      return { ...t, args };
    }
    const decl = resolved.decl;
    if (!('variadic' in decl && decl.variadic)) {
      this.checkArity(name, decl.args.length, args.length, t, true);
      // Constant arguments have known types: reject the ones the builtin cannot accept.
      decl.args.forEach((want, i) => {
        const arg = args[i];
        const have = arg && constantType(arg);
        if (have && !typesOverlap(want, have)) {
          this.diags.push(
            diagnostic('rego_type_error', `${name}: invalid argument ${i + 1}: got ${formatType(have)}, want ${formatType(want)}`, arg!.loc),
          );
        }
      });
    }
    return { ...t, args };
  }

  private checkArity(name: string, want: number, got: number, t: CallTerm, allowOutput: boolean): void {
    if (got === want || (allowOutput && got === want + 1)) return;
    this.diags.push(
      diagnostic('rego_type_error', `${name}: arity mismatch: expected ${want} argument${want === 1 ? '' : 's'}, got ${got}`, t.loc),
    );
  }

  /** Decides whether a call name is a user function (returns its data path) or not. */
  private resolveFunctionName(fn: string[], scope: Scope): { user: boolean; path: string[] } {
    const first = fn[0]!;
    if (first === 'data') return { user: true, path: fn };
    if (!scope.declared.has(first)) {
      const alias = scope.aliases.get(first);
      if (alias && alias[0] === 'data') return { user: true, path: [...alias, ...fn.slice(1)] };
      const local = lookupNode(this.tree, [...scope.pkg, ...fn]);
      if (local?.group) return { user: true, path: ['data', ...scope.pkg, ...fn] };
    }
    return { user: false, path: fn };
  }

  functionArity(fn: string[]): number | undefined {
    if (fn[0] === 'data') {
      const g = lookupNode(this.tree, fn.slice(1))?.group;
      return g?.kind === 'function' ? g.arity : undefined;
    }
    const name = fn.join('.');
    if (OPERATORS.has(name)) return OPERATORS.get(name);
    const b = resolveBuiltin(name, this.options);
    if (!b) return undefined;
    return 'variadic' in b.decl && b.decl.variadic ? undefined : b.decl.args.length;
  }
}

interface Scope {
  aliases: Map<string, string[]>;
  pkg: string[];
  pkgNode: TreeNode | undefined;
  declared: Set<string>;
}

/** Operators and their arity (results are booleans or values; see the runtime contract). */
export const OPERATORS = new Map<string, number>([
  ['assign', 2],
  ['eq', 2],
  ['equal', 2],
  ['neq', 2],
  ['lt', 2],
  ['lte', 2],
  ['gt', 2],
  ['gte', 2],
  ['plus', 2],
  ['minus', 2],
  ['mul', 2],
  ['div', 2],
  ['rem', 2],
  ['or', 2],
  ['and', 2],
  ['internal.member_2', 2],
  ['internal.member_3', 3],
]);

function importPath(t: Term): string[] | undefined {
  if (t.type === 'var') return [t.name];
  if (t.type !== 'ref' || t.head.type !== 'var') return undefined;
  const out = [t.head.name];
  for (const p of t.path) {
    if (p.type !== 'string') return undefined;
    out.push(p.value);
  }
  return out;
}

/**
 * The names `body` itself declares (`some`, `some … in`, `:=`), not those of the comprehensions
 * and `every` bodies inside it: each of those is a scope of its own.
 */
function collectDeclared(body: Body, out: Set<string>): void {
  for (const lit of body) {
    switch (lit.type) {
      case 'some':
        for (const v of lit.vars) out.add(v.name);
        break;
      case 'somein':
        if (lit.key) forEachVar(lit.key, (v) => out.add(v.name));
        forEachVar(lit.value, (v) => out.add(v.name));
        break;
      case 'every':
        break; // "Evaluating every does not introduce new bindings into the rule evaluation."
      case 'expr':
        if (lit.expr.type === 'call' && lit.expr.fn.length === 1 && lit.expr.fn[0] === 'assign' && lit.expr.args[0]) {
          forEachVar(lit.expr.args[0], (v) => out.add(v.name));
        }
        break;
    }
  }
}

/** The scope of a comprehension: the enclosing one plus what its body declares. */
function closureScope(scope: Scope, body: Body): Scope {
  const declared = new Set(scope.declared);
  collectDeclared(body, declared);
  return { ...scope, declared };
}

function walkClosures(t: Term, fn: (b: Body) => void): void {
  switch (t.type) {
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      fn(t.body);
      return;
    case 'ref':
      walkClosures(t.head, fn);
      t.path.forEach((p) => walkClosures(p, fn));
      return;
    case 'array':
    case 'set':
      t.items.forEach((i) => walkClosures(i, fn));
      return;
    case 'object':
      t.items.forEach(([k, v]) => {
        walkClosures(k, fn);
        walkClosures(v, fn);
      });
      return;
    case 'call':
      t.args.forEach((a) => walkClosures(a, fn));
      return;
  }
}

/** Returns the first sub-term of an assignment target that is not a variable pattern. */
function findNonPattern(t: Term): Term | undefined {
  switch (t.type) {
    case 'var':
      return ROOTS.has(t.name) ? t : undefined;
    case 'array':
      for (const i of t.items) {
        const bad = findNonPattern(i);
        if (bad) return bad;
      }
      return undefined;
    case 'object':
      for (const [k, v] of t.items) {
        if (!isGround(k)) return k;
        const bad = findNonPattern(v);
        if (bad) return bad;
      }
      return undefined;
    default:
      return t;
  }
}

// ---------------------------------------------------------------------------------------------
// Recursion
// ---------------------------------------------------------------------------------------------

function checkRecursion(groups: RuleGroup[], tree: TreeNode, diags: Diagnostic[]): void {
  const deps = new Map<RuleGroup, Set<RuleGroup>>();
  for (const g of groups) {
    const set = new Set<RuleGroup>();
    const visit = (t: Term): void => {
      if (t.type === 'ref' && t.head.type === 'var' && t.head.name === 'data') {
        // Depends on every group at or under the longest static prefix of the ref.
        const segs: string[] = [];
        for (const p of t.path) {
          if (p.type !== 'string') break;
          segs.push(p.value);
          const n = lookupNode(tree, segs);
          if (!n) break;
          if (n.group) break;
        }
        const n = lookupNode(tree, segs);
        if (n) for (const dep of allGroups(n)) set.add(dep);
      }
      if (t.type === 'call' && t.fn[0] === 'data') {
        const n = lookupNode(tree, t.fn.slice(1));
        if (n?.group) set.add(n.group);
      }
    };
    for (const def of [...g.defs, ...(g.defaultDef ? [g.defaultDef] : [])]) {
      walkRule(def.rule, visit);
    }
    deps.set(g, set);
  }
  // Tarjan-free DFS: report each cycle once, at the first rule of the cycle.
  const state = new Map<RuleGroup, 'visiting' | 'done'>();
  const stack: RuleGroup[] = [];
  const reported = new Set<RuleGroup>();
  const dfs = (g: RuleGroup): void => {
    state.set(g, 'visiting');
    stack.push(g);
    for (const d of deps.get(g) ?? []) {
      const s = state.get(d);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(d));
        if (!cycle.some((c) => reported.has(c))) {
          cycle.forEach((c) => reported.add(c));
          const names = [...cycle, d].map((c) => c.path.join('.')).join(' -> ');
          diags.push(diagnostic('rego_recursion_error', `rule ${d.path.join('.')} is recursive: ${names}`, firstLoc(d)));
        }
      } else if (!s) dfs(d);
    }
    stack.pop();
    state.set(g, 'done');
  };
  for (const g of groups) if (!state.has(g)) dfs(g);
}

export function walkRule(rule: Rule, visit: (t: Term) => void): void {
  const walkT = (t: Term): void => {
    visit(t);
    switch (t.type) {
      case 'ref':
        walkT(t.head);
        t.path.forEach(walkT);
        break;
      case 'array':
      case 'set':
        t.items.forEach(walkT);
        break;
      case 'object':
        t.items.forEach(([k, v]) => {
          walkT(k);
          walkT(v);
        });
        break;
      case 'call':
        t.args.forEach(walkT);
        break;
      case 'arraycomp':
      case 'setcomp':
        walkT(t.head);
        walkB(t.body);
        break;
      case 'objectcomp':
        walkT(t.key);
        walkT(t.value);
        walkB(t.body);
        break;
    }
  };
  const walkB = (b: Body): void => {
    for (const lit of b) {
      if (lit.type === 'expr') {
        walkT(lit.expr);
        lit.with.forEach((w) => {
          walkT(w.value);
        });
      } else if (lit.type === 'somein') {
        if (lit.key) walkT(lit.key);
        walkT(lit.value);
        walkT(lit.collection);
      } else if (lit.type === 'every') {
        walkT(lit.domain);
        walkB(lit.body);
      }
    }
  };
  for (const a of rule.head.args ?? []) walkT(a);
  if (rule.head.key) walkT(rule.head.key);
  if (rule.head.value) walkT(rule.head.value);
  walkB(rule.body);
  for (const e of rule.else) {
    if (e.value) walkT(e.value);
    walkB(e.body);
  }
}

/** The type of a constant term (scalars and composite literals), or undefined if not constant. */
function constantType(t: Term): RegoType | undefined {
  switch (t.type) {
    case 'null':
      return { kind: 'null' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'number':
      return { kind: 'number' };
    case 'string':
      return { kind: 'string' };
    case 'array':
      return isGround(t) ? { kind: 'array', of: { kind: 'any' } } : undefined;
    case 'set':
      return isGround(t) ? { kind: 'set', of: { kind: 'any' } } : undefined;
    case 'object':
      return isGround(t) ? { kind: 'object', key: { kind: 'any' }, value: { kind: 'any' } } : undefined;
    default:
      return undefined;
  }
}
