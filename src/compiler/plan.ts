// Stage 2 of the compiler: a checked rule tree in, an IR plan out (see ir.ts).
//
// Bodies are planned in continuation-passing style: planning a literal takes the plan of "the
// rest of the body" as a callback, so iteration (`input.xs[_]`, `some x in xs`) simply nests the
// rest of the body inside the loop. Every rule group becomes one IR function `(input, data, …)`.
//
// `with` is planned without runtime state: replaced input/data are just other locals passed as
// the input/data arguments; replaced rules and functions select a *variant* of every affected
// function, planned under the same overrides, whose mock values travel as extra parameters.
import type { Body, CallTerm, Literal, Location, Rule, Term, VarTerm } from '../rego/ast.js';
import { diagnostic, type Diagnostic } from '../rego/diagnostics.js';
import { lookupBuiltin } from '../builtins/catalog.js';
import { resolveBuiltin, type BuiltinOptions } from './builtin-env.js';
import type { CheckedProgram } from './check.js';
import { DATA, INPUT, type CallTarget, type ConstValue, type IRFunction, type IRPlan, type Local, type Operand, type Stmt } from './ir.js';
import { lookupNode, type RuleGroup, type TreeNode } from './ruletree.js';
import { isGround } from './terms.js';

/** A `with` override in effect while planning a function variant. */
type Mock =
  | { target: string; kind: 'value' }
  | { target: string; kind: 'func'; fn: string };

interface Ctx {
  mocks: Mock[];
  /** Disables memoisation: results depend on replaced input/data. */
  nomemo: boolean;
  key: string;
}

const BASE_CTX: Ctx = { mocks: [], nomemo: false, key: '' };
const TAG_STRING = 4;
const TAG_ARRAY = 5;
const TAG_OBJECT = 6;
/** Markers in the shape of a multi-value rule's object (see FnBuilder.insertPath). */
const SHAPE_VALUE = 'v';
const SHAPE_SET = 's';

function makeCtx(mocks: Mock[], nomemo: boolean): Ctx {
  const sorted = [...mocks].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  const key = (nomemo ? 'nomemo;' : '') + sorted.map((m) => (m.kind === 'value' ? `${m.target}=v` : `${m.target}=>${m.fn}`)).join(';');
  return { mocks: sorted, nomemo, key };
}

function valueMocks(ctx: Ctx): string[] {
  return ctx.mocks.filter((m) => m.kind === 'value').map((m) => m.target);
}

export interface PlanOptions extends BuiltinOptions {
  entrypoints: string[];
  /** Instrument bodies and rule heads with coverage points (for `accord test --coverage`). */
  coverage?: boolean;
}

export function plan(program: CheckedProgram, options: PlanOptions): { plan: IRPlan; diagnostics: Diagnostic[] } {
  const p = new Planner(program, options);
  for (const ep of options.entrypoints) p.planEntrypoint(ep);
  return { plan: p.result(), diagnostics: p.diags };
}

class Planner {
  readonly diags: Diagnostic[] = [];
  private consts: ConstValue[] = [];
  private constIndex = new Map<string, number>();
  private functions = new Map<string, IRFunction | null>();
  private order: string[] = [];
  private hostBuiltins: string[] = [];
  private entrypoints: Array<{ name: string; func: string }> = [];
  private ctxIds = new Map<string, number>();
  private coverage: Array<{ file: string; line: number }> = [];
  private coverageIndex = new Map<string, number>();

  constructor(
    readonly program: CheckedProgram,
    readonly options: PlanOptions,
  ) {}

  result(): IRPlan {
    return {
      functions: this.order.map((n) => this.functions.get(n)!).filter((f): f is IRFunction => f !== null),
      consts: this.consts,
      entrypoints: this.entrypoints,
      hostBuiltins: this.hostBuiltins,
      coverage: this.coverage,
    };
  }

  // --- constants ------------------------------------------------------------------------------

  constant(c: ConstValue): number {
    const key = JSON.stringify(c);
    let id = this.constIndex.get(key);
    if (id === undefined) {
      id = this.consts.length;
      this.consts.push(c);
      this.constIndex.set(key, id);
    }
    return id;
  }

  groundConst(t: Term): number {
    switch (t.type) {
      case 'null':
        return this.constant({ kind: 'null' });
      case 'boolean':
        return this.constant({ kind: 'boolean', value: t.value });
      case 'number':
        return this.constant({ kind: 'number', raw: t.raw });
      case 'string':
        return this.constant({ kind: 'string', value: t.value });
      case 'array':
        return this.constant({ kind: 'array', items: t.items.map((i) => this.groundConst(i)) });
      case 'set': {
        // Deduplicate equal ground elements so the constant is a proper set.
        const ids = [...new Set(t.items.map((i) => this.groundConst(i)))];
        return this.constant({ kind: 'set', items: ids });
      }
      case 'object':
        return this.constant({ kind: 'object', items: t.items.map(([k, v]) => [this.groundConst(k), this.groundConst(v)] as [number, number]) });
      default:
        throw new Error(`internal: not a ground term: ${t.type}`);
    }
  }

  stringArrayConst(path: string[]): number {
    return this.constant({ kind: 'array', items: path.map((s) => this.constant({ kind: 'string', value: s })) });
  }

  hostBuiltin(name: string): string {
    // Custom builtins keep their name (the application supplies them under it); Accord's own host
    // builtins are prefixed so the SDK's bundled JS builtins never shadow them.
    const internal = resolveBuiltin(name, this.options)?.kind === 'custom' ? name : `accord.${name}`;
    if (!this.hostBuiltins.includes(internal)) this.hostBuiltins.push(internal);
    return internal;
  }

  /** The coverage point for a source line (one per file:line), or undefined when not instrumenting. */
  coverPoint(loc: Location): number | undefined {
    if (!this.options.coverage || loc.file.startsWith('<')) return undefined;
    const key = `${loc.file}:${loc.line}`;
    let id = this.coverageIndex.get(key);
    if (id === undefined) {
      id = this.coverage.length;
      this.coverage.push({ file: loc.file, line: loc.line });
      this.coverageIndex.set(key, id);
    }
    return id;
  }

  // --- functions ------------------------------------------------------------------------------

  private ctxSuffix(ctx: Ctx): string {
    if (!ctx.key) return '';
    let id = this.ctxIds.get(ctx.key);
    if (id === undefined) {
      id = this.ctxIds.size + 1;
      this.ctxIds.set(ctx.key, id);
    }
    return `#w${id}`;
  }

  planEntrypoint(ep: string): void {
    const segs = ep.split('/').filter((s) => s.length > 0);
    const name = `entry:${ep}`;
    const fb = new FnBuilder(this, name, 2, BASE_CTX);
    const loc: Location = { file: '<entrypoint>', line: 1, col: 1, offset: 0, end: 0 };
    const result = fb.newLocal();
    fb.block(() => {
      fb.planDataRef(
        segs.map((s) => ({ type: 'string', value: s, loc }) as Term),
        (v) => fb.emit({ op: 'assign', src: v, target: result }),
      );
    });
    this.addFunction(fb.finish(result, false));
    this.entrypoints.push({ name: segs.join('/'), func: name });
    if (segs.length > 0 && !lookupNode(this.program.tree, segs) && !this.program.tree.children.has(segs[0]!)) {
      this.diags.push(diagnostic('rego_compile_error', `entrypoint ${ep} does not match any rule or package`, loc, 'warning'));
    }
  }

  addFunction(f: IRFunction): void {
    if (!this.functions.has(f.name)) this.order.push(f.name);
    this.functions.set(f.name, f);
  }

  /** The IR function computing a rule group's value under `ctx`, planned on first use. */
  groupFunction(g: RuleGroup, ctx: Ctx): string {
    const name = `g:${g.path.join('.')}${this.ctxSuffix(ctx)}`;
    if (this.functions.has(name)) return name;
    this.functions.set(name, null);
    this.order.push(name);
    const mocks = valueMocks(ctx);
    const fb = new FnBuilder(this, name, 2 + g.arity + mocks.length, ctx);
    mocks.forEach((m, i) => fb.mockLocals.set(m, 2 + g.arity + i));
    const result = fb.newLocal();
    switch (g.kind) {
      case 'complete':
        fb.planCompleteRule(g, result, 0);
        break;
      case 'function':
        fb.planCompleteRule(g, result, 1);
        break;
      case 'set':
        fb.emit({ op: 'makeSet', target: result });
        for (const def of g.defs) {
          fb.freshScope(() => fb.block(() => fb.planBody(def.rule.body, () => (fb.cover(def.rule.head.loc), fb.planTerm(def.rule.head.key!, (v) => fb.emit({ op: 'setAdd', set: result, value: v }))))));
        }
        break;
      case 'object':
        this.planObjectGroup(fb, g, result, false);
        break;
    }
    this.functions.set(name, fb.finish(result, !ctx.nomemo && g.kind !== 'function'));
    return name;
  }

  /**
   * A multi-value rule's object, or (`shapeOnly`) its shape: the same paths with the marker
   * SHAPE_VALUE / SHAPE_SET at each leaf instead of the value, so that what a rule wrote as a
   * value can be told from the objects the paths themselves create.
   */
  private planObjectGroup(fb: FnBuilder, g: RuleGroup, result: Local, shapeOnly: boolean): void {
    fb.emit({ op: 'makeObject', target: result });
    const shape = shapeOnly ? result : fb.newLocal();
    if (!shapeOnly) fb.emit({ op: 'makeObject', target: shape });
    for (const def of g.defs) {
      const keyPath = def.keyPath ?? [def.rule.head.key!];
      fb.freshScope(() =>
        fb.block(() =>
          fb.planBody(def.rule.body, () => {
            fb.cover(def.rule.head.loc);
            fb.planItems(keyPath, (keys) => {
              if (def.leaf === 'set') {
                fb.planTerm(def.rule.head.key!, (v) => fb.insertPath(shapeOnly ? undefined : result, shape, keys, v, 'set'));
              } else {
                fb.planTermOrTrue(def.rule.head.value, (v) => fb.insertPath(shapeOnly ? undefined : result, shape, keys, v, 'value'));
              }
            });
          }),
        ),
      );
    }
  }

  /**
   * Registers a document function (input, data and the value mocks as parameters) and returns
   * its builder, or undefined when `name` is planned (or being planned) already.
   */
  private startDocumentFunction(name: string, ctx: Ctx): FnBuilder | undefined {
    if (this.functions.has(name)) return undefined;
    this.functions.set(name, null);
    this.order.push(name);
    const mocks = valueMocks(ctx);
    const fb = new FnBuilder(this, name, 2 + mocks.length, ctx);
    mocks.forEach((m, i) => fb.mockLocals.set(m, 2 + i));
    return fb;
  }

  /** The IR function computing the shape of an object group (see planObjectGroup), planned on first use. */
  groupShapeFunction(g: RuleGroup, ctx: Ctx): string {
    const name = `shape:${g.path.join('.')}${this.ctxSuffix(ctx)}`;
    const fb = this.startDocumentFunction(name, ctx);
    if (fb === undefined) return name;
    const result = fb.newLocal();
    this.planObjectGroup(fb, g, result, true);
    this.functions.set(name, fb.finish(result, !ctx.nomemo));
    return name;
  }

  /** The IR function building the object for a package/prefix node (base + virtual documents). */
  materializeFunction(node: TreeNode, ctx: Ctx): string {
    const name = `doc:${node.path.join('.') || '<data>'}${this.ctxSuffix(ctx)}`;
    const fb = this.startDocumentFunction(name, ctx);
    if (fb === undefined) return name;
    const obj = fb.newLocal();
    fb.emit({ op: 'makeObject', target: obj });
    for (const [seg, child] of node.children) {
      const keyConst: Operand = { const: this.constant({ kind: 'string', value: seg }) };
      const mock = fb.mockLocals.get(child.path.join('.'));
      if (mock !== undefined) {
        fb.emit({ op: 'objectInsert', object: obj, key: keyConst, value: { local: mock } });
        continue;
      }
      if (child.group && !(child.group.kind === 'object' && child.children.size > 0)) {
        if (child.group.kind === 'function') continue;
        const fn = this.groupFunction(child.group, fb.ctx);
        fb.block(() => {
          const v = fb.newLocal();
          fb.emit({ op: 'call', fn: { kind: 'func', name: fn }, args: fb.callArgs([], fb.ctx), target: v });
          fb.emit({ op: 'objectInsert', object: obj, key: keyConst, value: { local: v } });
        });
      } else {
        const fn = this.materializeFunction(child, fb.ctx);
        const v = fb.newLocal();
        fb.emit({ op: 'call', fn: { kind: 'func', name: fn }, args: fb.callArgs([], fb.ctx), target: v });
        fb.emit({ op: 'objectInsert', object: obj, key: keyConst, value: { local: v } });
      }
    }
    // A multi-value rule at this node (`p[x] := …` next to `p.k := …`): its object and the rules
    // under the node make one document; the same leaf with two values is a conflict.
    if (node.group && node.group.kind === 'object') {
      const fn = this.groupFunction(node.group, fb.ctx);
      const own = fb.newLocal();
      fb.emit({ op: 'call', fn: { kind: 'func', name: fn }, args: fb.callArgs([], fb.ctx), target: own });
      // Rules under the node own their values: the multi-value rule may neither write below one of
      // them nor hold, as a value of its own, an object one of them would be put into (OPA: "rules
      // are not allowed to modify or replace values defined by other rules").
      const owned = ruleValuePaths(node);
      if (owned.length > 0) {
        const shapeFn = this.groupShapeFunction(node.group, fb.ctx);
        const shape = fb.newLocal();
        fb.emit({ op: 'call', fn: { kind: 'func', name: shapeFn }, args: fb.callArgs([], fb.ctx), target: shape });
        for (const path of owned) {
          path.forEach((_seg, k) => {
            fb.block(() => {
              let cur: Operand = { local: shape };
              for (const seg of path.slice(0, k + 1)) {
                const t = fb.newLocal();
                fb.emit({ op: 'dot', src: cur, key: { const: this.constant({ kind: 'string', value: seg }) }, target: t });
                cur = { local: t };
              }
              // Above the rule's path, a leaf of the multi-value rule (a value the rule's own would be
              // put into); at it, paths continuing below it. A leaf at the very path is the merge's to
              // judge: the same value twice is no conflict, two values are.
              fb.emit({ op: 'typeIs', src: cur, tag: k < path.length - 1 ? TAG_STRING : TAG_OBJECT });
              fb.emit({ op: 'conflict', kind: 2 });
            });
          });
        }
      }
      const merged = fb.newLocal();
      fb.emit({ op: 'merge', a: { local: own }, b: { local: obj }, target: merged });
      fb.emit({ op: 'assign', src: { local: merged }, target: obj });
    }
    // Merge with the base document at the same path, if there is one (virtual keys win).
    const result = fb.newLocal();
    fb.emit({ op: 'assign', src: { local: obj }, target: result });
    fb.block(() => {
      let cur: Operand = { local: DATA };
      for (const seg of node.path) {
        const t = fb.newLocal();
        fb.emit({ op: 'dot', src: cur, key: { const: this.constant({ kind: 'string', value: seg }) }, target: t });
        cur = { local: t };
      }
      fb.emit({ op: 'typeIs', src: cur, tag: TAG_OBJECT });
      const merged = fb.newLocal();
      fb.emit({ op: 'call', fn: { kind: 'runtime', name: 'opa_object_merge' }, args: [cur, { local: obj }], target: merged });
      fb.emit({ op: 'assign', src: { local: merged }, target: result });
    });
    this.functions.set(name, fb.finish(result, !ctx.nomemo));
    return name;
  }

  withoutMock(base: Ctx, target: string): Ctx {
    return makeCtx(base.mocks.filter((m) => m.target !== target), base.nomemo);
  }

  withCtx(base: Ctx, added: Mock[], nomemo: boolean): Ctx {
    const byTarget = new Map(base.mocks.map((m) => [m.target, m]));
    for (const m of added) {
      // A new override replaces older ones at or below its target.
      for (const t of [...byTarget.keys()]) if (t === m.target || t.startsWith(m.target + '.')) byTarget.delete(t);
      byTarget.set(m.target, m);
    }
    return makeCtx([...byTarget.values()], base.nomemo || nomemo);
  }
}

/** Plans one IR function: owns its locals, statement lists, block labels and variable scope. */
class FnBuilder {
  private nlocals: number;
  private nextLabel = 0;
  private stmtStack: Stmt[][] = [[]];
  private labelStack: number[] = [];
  scope = new Map<string, Local>();
  input: Local = INPUT;
  data: Local = DATA;
  mockLocals = new Map<string, Local>();

  constructor(
    private p: Planner,
    private name: string,
    private params: number,
    public ctx: Ctx,
  ) {
    this.nlocals = params;
  }

  newLocal(): Local {
    return this.nlocals++;
  }

  emit(s: Stmt): void {
    this.stmtStack[this.stmtStack.length - 1]!.push(s);
  }

  /** Runs `fn` inside a new block; failures inside continue after the block. Returns its label. */
  block(fn: (label: number) => void): number {
    const label = this.nextLabel++;
    const body: Stmt[] = [];
    this.emit({ op: 'block', label, body });
    this.stmtStack.push(body);
    this.labelStack.push(label);
    fn(label);
    this.labelStack.pop();
    this.stmtStack.pop();
    return label;
  }

  /** The label that a failing statement emitted now would exit. */
  currentFailLabel(): number {
    return this.labelStack[this.labelStack.length - 1]!;
  }

  scan(src: Local, fn: (key: Local, value: Local) => void): void {
    const label = this.nextLabel++;
    const key = this.newLocal();
    const value = this.newLocal();
    const body: Stmt[] = [];
    this.emit({ op: 'scan', label, src, key, value, body });
    this.stmtStack.push(body);
    this.labelStack.push(label);
    fn(key, value);
    this.labelStack.pop();
    this.stmtStack.pop();
  }

  finish(result: Local, memoize: boolean): IRFunction {
    return { name: this.name, params: this.params, locals: this.nlocals, body: this.stmtStack[0]!, result, memoize };
  }

  freshScope(fn: () => void): void {
    const saved = this.scope;
    this.scope = new Map();
    fn();
    this.scope = saved;
  }

  bind(name: string, local: Local, k: () => void): void {
    const prev = this.scope.get(name);
    this.scope.set(name, local);
    k();
    if (prev === undefined) this.scope.delete(name);
    else this.scope.set(name, prev);
  }

  toLocal(o: Operand): Local {
    if ('local' in o) return o.local;
    const l = this.newLocal();
    this.emit({ op: 'assign', src: o, target: l });
    return l;
  }

  /** Arguments for calling a rule/function variant planned under `ctx` from this function. */
  callArgs(args: Operand[], ctx: Ctx): Operand[] {
    const mocks = valueMocks(ctx).map((m) => {
      const l = this.mockLocals.get(m);
      if (l === undefined) throw new Error(`internal: mock ${m} has no value in ${this.name}`);
      return { local: l } as Operand;
    });
    return [{ local: this.input }, { local: this.data }, ...args, ...mocks];
  }

  /**
   * Multi-value rules: puts `v` at `keys` inside `obj` (when given), creating the intermediate
   * objects (and a set at the leaf for `contains` rules), and records the path in `shape`: an
   * object per intermediate, SHAPE_VALUE / SHAPE_SET at the leaf. The shape tells the objects a
   * path created from a value a rule wrote, so conflicts are caught instead of merged: a path
   * through another definition's leaf, a leaf where another definition's path continues, a value
   * leaf where a set leaf is (or the reverse), and two different values at one leaf.
   */
  insertPath(obj: Local | undefined, shape: Local, keys: Operand[], v: Operand, leaf: 'value' | 'set'): void {
    let cur = obj;
    let curShape = shape;
    const last = keys.length - 1;
    const marker = (m: string): Operand => ({ const: this.p.constant({ kind: 'string', value: m }) });
    keys.forEach((key, i) => {
      if (i === last) {
        const mark = marker(leaf === 'value' ? SHAPE_VALUE : SHAPE_SET);
        // Anything but the same kind of leaf already here is a conflict.
        this.block(() => {
          const seen = this.newLocal();
          this.emit({ op: 'dot', src: { local: curShape }, key, target: seen });
          this.emit({ op: 'notEqual', a: { local: seen }, b: mark });
          this.emit({ op: 'conflict', kind: 2 });
        });
        this.emit({ op: 'objectInsert', object: curShape, key, value: mark });
        if (cur === undefined) return;
        if (leaf === 'value') {
          this.emit({ op: 'objectInsertOnce', object: cur, key, value: v });
          return;
        }
      } else {
        // One lookup: the level this path continues in, unless it is another definition's leaf
        // (a marker string), which a path may not continue below.
        const subShape = this.newLocal();
        this.emit({ op: 'reset', target: subShape });
        this.block(() => {
          const found = this.newLocal();
          this.emit({ op: 'dot', src: { local: curShape }, key, target: found });
          this.emit({ op: 'assign', src: { local: found }, target: subShape });
          this.emit({ op: 'typeIs', src: { local: found }, tag: TAG_STRING });
          this.emit({ op: 'conflict', kind: 2 });
        });
        this.block(() => {
          this.emit({ op: 'isUndefined', src: subShape });
          this.emit({ op: 'makeObject', target: subShape });
          this.emit({ op: 'objectInsert', object: curShape, key, value: { local: subShape } });
        });
        curShape = subShape;
        if (cur === undefined) return;
      }
      const sub = this.newLocal();
      this.emit({ op: 'reset', target: sub });
      this.block(() => {
        const found = this.newLocal();
        this.emit({ op: 'dot', src: { local: cur! }, key, target: found });
        this.emit({ op: 'assign', src: { local: found }, target: sub });
      });
      this.block(() => {
        this.emit({ op: 'isUndefined', src: sub });
        this.emit({ op: i === last ? 'makeSet' : 'makeObject', target: sub });
        this.emit({ op: 'objectInsert', object: cur!, key, value: { local: sub } });
      });
      if (i === last) this.emit({ op: 'setAdd', set: sub, value: v });
      cur = sub;
    });
  }

  // --- rules ----------------------------------------------------------------------------------

  planCompleteRule(g: RuleGroup, result: Local, conflict: 0 | 1): void {
    if (g.kind === 'complete' && this.singleConstantValue(g) !== undefined) {
      // Every definition yields the same constant (`allow if …`): no conflict is possible, so
      // stop at the first solution instead of enumerating all of them.
      const value: Operand = { const: this.singleConstantValue(g)! };
      for (const def of g.defs) {
        this.freshScope(() =>
          this.block((done) => {
            this.emit({ op: 'isUndefined', src: result });
            this.planBody(def.rule.body, () => {
              this.cover(def.rule.head.loc);
              this.emit({ op: 'assign', src: value, target: result });
              this.emit({ op: 'breakTo', label: done });
            });
          }),
        );
      }
    } else this.planDefinitions(g, result, conflict);
    if (g.defaultDef) {
      const value = g.defaultDef.rule.head.value;
      if (value && !isGround(value)) {
        // A value with comprehensions (always defined): computed when the default applies.
        this.freshScope(() =>
          this.block(() => {
            this.emit({ op: 'isUndefined', src: result });
            this.planTerm(value, (v) => this.emit({ op: 'assign', src: v, target: result }));
          }),
        );
      } else {
        const c = value ? this.p.groundConst(value) : this.p.constant({ kind: 'boolean', value: true });
        this.block(() => {
          this.emit({ op: 'isUndefined', src: result });
          this.emit({ op: 'assign', src: { const: c }, target: result });
        });
      }
    }
  }

  /** The constant every definition of a complete rule yields, if they all yield the same one. */
  private singleConstantValue(g: RuleGroup): number | undefined {
    let id: number | undefined;
    for (const def of g.defs) {
      if (def.rule.else.length > 0) return undefined;
      const v = def.rule.head.value;
      if (v && !isGround(v)) return undefined;
      const c = v ? this.p.groundConst(v) : this.p.constant({ kind: 'boolean', value: true });
      if (id !== undefined && id !== c) return undefined;
      id = c;
    }
    return id;
  }

  private planDefinitions(g: RuleGroup, result: Local, conflict: 0 | 1): void {
    for (const def of g.defs) {
      const r = this.newLocal();
      const clauses: Array<{ body: Body; value?: Term }> = [
        { body: def.rule.body, value: def.rule.head.value },
        ...def.rule.else.map((e) => ({ body: e.body, value: e.value })),
      ];
      clauses.forEach((clause, i) => {
        this.freshScope(() =>
          this.block(() => {
            if (i > 0) this.emit({ op: 'isUndefined', src: r });
            this.bindParams(def.rule, () =>
              this.planBody(clause.body, () => {
                this.cover(i === 0 ? def.rule.head.loc : def.rule.else[i - 1]!.loc);
                this.planTermOrTrue(clause.value, (v) => this.emit({ op: 'assignOnce', src: v, target: r, conflict }));
              }),
            );
          }),
        );
      });
      this.block(() => {
        this.emit({ op: 'isDefined', src: r });
        this.emit({ op: 'assignOnce', src: { local: r }, target: result, conflict });
      });
    }
  }

  /** Function parameters are locals 2..2+arity; their terms may be patterns. */
  private bindParams(rule: Rule, k: () => void): void {
    const args = rule.head.args ?? [];
    const go = (i: number): void => {
      if (i === args.length) return k();
      this.destructure(args[i]!, { local: 2 + i }, () => go(i + 1));
    };
    go(0);
  }

  // --- bodies ---------------------------------------------------------------------------------

  planBody(body: Body, k: () => void, i = 0): void {
    if (i === body.length) return k();
    this.planLiteral(body[i]!, () => this.planBody(body, k, i + 1));
  }

  cover(loc: Location): void {
    const id = this.p.coverPoint(loc);
    if (id !== undefined) this.emit({ op: 'cover', id });
  }

  private planLiteral(lit: Literal, k: () => void): void {
    this.cover(lit.loc);
    switch (lit.type) {
      case 'some': {
        // Fresh variables: hide any outer binding of the same name for the rest of the body.
        const saved = lit.vars.map((v) => [v.name, this.scope.get(v.name)] as const);
        for (const v of lit.vars) this.scope.delete(v.name);
        k();
        for (const [n, l] of saved) if (l !== undefined) this.scope.set(n, l);
        return;
      }
      case 'somein':
        return this.withModifiers(
          lit.with,
          (inner) =>
            this.planTerm(lit.collection, (coll) => {
              const src = this.toLocal(coll);
              this.scan(src, (key, value) => {
                const afterKey = () => this.destructure(lit.value, { local: value }, inner);
                if (lit.key) this.destructure(lit.key, { local: key }, afterKey);
                else afterKey();
              });
            }),
          k,
        );
      case 'every':
        return this.withModifiers(lit.with, (inner) => (this.planEvery(lit), inner()), k);
      case 'expr':
        if (lit.negated) return this.withModifiers(lit.with, (inner) => (this.planNot(lit.expr), inner()), k);
        return this.withModifiers(lit.with, (inner) => this.planExpr(lit.expr, inner), k);
    }
  }

  /** `not e`: fails if e has any solution. */
  private planNot(e: Term): void {
    const fail = this.currentFailLabel();
    this.block(() => this.planExpr(e, () => this.emit({ op: 'breakTo', label: fail })));
  }

  private planEvery(lit: Extract<Literal, { type: 'every' }>): void {
    const fail = this.currentFailLabel();
    this.planTerm(lit.domain, (d) => {
      const src = this.toLocal(d);
      this.scan(src, (key, value) => {
        const run = () =>
          this.bind(lit.value.name, value, () => {
            this.block((next) => {
              // A solution of the body moves on to the next element…
              this.block(() => this.planBody(lit.body, () => this.emit({ op: 'breakTo', label: next })));
              // …reaching here means the body had none for this element: `every` fails.
              this.emit({ op: 'breakTo', label: fail });
            });
          });
        if (lit.key) this.bind(lit.key.name, key, run);
        else run();
      });
    });
  }

  /**
   * Plans `with` modifiers around one literal. `plan` runs with the overrides in effect and is
   * handed the continuation to call with the overrides lifted (the rest of the body).
   */
  private withModifiers(withs: Extract<Literal, { type: 'expr' }>['with'], plan: (k: () => void) => void, k: () => void): void {
    if (withs.length === 0) {
      plan(k);
      return;
    }
    const values: Operand[] = [];
    const evalValues = (i: number): void => {
      if (i < withs.length) {
        const w = withs[i]!;
        if (this.functionNameOf(w.value) !== undefined && this.isFunctionTarget(w.target)) {
          values.push({ const: -1 });
          return evalValues(i + 1);
        }
        return this.planTerm(w.value, (v) => {
          values.push(v);
          evalValues(i + 1);
          values.pop();
        });
      }
      const saved = { input: this.input, data: this.data, ctx: this.ctx, mockLocals: this.mockLocals };
      const mocks: Mock[] = [];
      const mockLocals = new Map(this.mockLocals);
      withs.forEach((w, idx) => {
        const v = values[idx]!;
        const target = w.target;
        if (target.type === 'var' && target.name === 'input') {
          this.input = this.toLocal(v);
        } else if (target.type === 'ref' && target.head.type === 'var' && target.head.name === 'input') {
          const path = target.path.map((s) => (s as { value: string }).value);
          const base = this.newLocal();
          this.emit({ op: 'assign', src: { local: this.input }, target: base });
          this.block(() => {
            this.emit({ op: 'isUndefined', src: base });
            this.emit({ op: 'assign', src: { const: this.p.constant({ kind: 'object', items: [] }) }, target: base });
          });
          const out = this.newLocal();
          this.emit({ op: 'call', fn: { kind: 'runtime', name: 'opa_value_upsert_path' }, args: [{ local: base }, { const: this.p.stringArrayConst(path) }, v], target: out });
          this.input = out;
        } else if (target.type === 'var' && target.name.startsWith('builtin:')) {
          const name = target.name.slice('builtin:'.length);
          const fn = this.functionNameOf(w.value);
          if (fn !== undefined) mocks.push({ target: `builtin:${name}`, kind: 'func', fn });
          else {
            mocks.push({ target: `builtin:${name}`, kind: 'value' });
            mockLocals.set(`builtin:${name}`, this.toLocal(v));
          }
        } else if ((target.type === 'var' && target.name === 'data') || (target.type === 'ref' && target.head.type === 'var' && target.head.name === 'data')) {
          const path = target.type === 'ref' ? target.path.map((s) => (s as { value: string }).value) : [];
          const key = path.join('.');
          const fn = this.functionNameOf(w.value);
          const group = lookupNode(this.p.program.tree, path)?.group;
          if (fn !== undefined && group?.kind === 'function') {
            mocks.push({ target: key, kind: 'func', fn });
          } else {
            const vl = this.toLocal(v);
            mocks.push({ target: key, kind: 'value' });
            mockLocals.set(key, vl);
            if (path.length === 0) this.data = vl;
            else {
              const base = this.newLocal();
              this.emit({ op: 'assign', src: { local: this.data }, target: base });
              this.block(() => {
                this.emit({ op: 'isUndefined', src: base });
                this.emit({ op: 'assign', src: { const: this.p.constant({ kind: 'object', items: [] }) }, target: base });
              });
              const out = this.newLocal();
              this.emit({ op: 'call', fn: { kind: 'runtime', name: 'opa_value_upsert_path' }, args: [{ local: base }, { const: this.p.stringArrayConst(path) }, { local: vl }], target: out });
              this.data = out;
            }
          }
        }
      });
      this.ctx = this.p.withCtx(this.ctx, mocks, true);
      this.mockLocals = mockLocals;
      plan(() => {
        const inner = { input: this.input, data: this.data, ctx: this.ctx, mockLocals: this.mockLocals };
        Object.assign(this, saved);
        k();
        Object.assign(this, inner);
      });
      Object.assign(this, saved);
    };
    evalValues(0);
  }

  private isFunctionTarget(t: Term): boolean {
    if (t.type === 'var' && t.name.startsWith('builtin:')) return true;
    if (t.type === 'ref' && t.head.type === 'var' && t.head.name === 'data') {
      const path = t.path.map((s) => (s as { value: string }).value);
      return lookupNode(this.p.program.tree, path)?.group?.kind === 'function';
    }
    return false;
  }

  /** When a `with` value names a function (user or builtin), its canonical name. */
  private functionNameOf(t: Term): string | undefined {
    if (t.type === 'var' && t.name.startsWith('builtin:')) return t.name;
    if (t.type === 'var' && !this.scope.has(t.name) && lookupBuiltin(t.name)) return `builtin:${t.name}`;
    if (t.type === 'ref' && t.head.type === 'var' && t.head.name === 'data' && t.path.every((s) => s.type === 'string')) {
      const path = t.path.map((s) => (s as { value: string }).value);
      if (lookupNode(this.p.program.tree, path)?.group?.kind === 'function') return `data.${path.join('.')}`;
    }
    if (t.type === 'ref' && t.head.type === 'var' && !this.scope.has(t.head.name) && t.path.every((s) => s.type === 'string')) {
      const name = [t.head.name, ...t.path.map((s) => (s as { value: string }).value)].join('.');
      if (lookupBuiltin(name)) return `builtin:${name}`;
    }
    return undefined;
  }

  /** A positive expression literal. */
  planExpr(e: Term, k: () => void): void {
    if (e.type === 'call') {
      const name = e.fn.join('.');
      if ((name === 'assign' || name === 'eq') && e.args.length === 2) return this.unify(e.args[0]!, e.args[1]!, k);
      if (name === 'equal' && e.args.length === 2) {
        return this.planTerm(e.args[0]!, (a) => this.planTerm(e.args[1]!, (b) => (this.emit({ op: 'equal', a, b }), k())));
      }
      if (name === 'neq' && e.args.length === 2) {
        return this.planTerm(e.args[0]!, (a) => this.planTerm(e.args[1]!, (b) => (this.emit({ op: 'notEqual', a, b }), k())));
      }
      if (name === 'print') return this.planPrint(e, k);
      const arity = this.declaredArity(e);
      if (arity !== undefined && e.args.length === arity + 1) {
        const out = e.args[arity]!;
        const call: CallTerm = { ...e, args: e.args.slice(0, arity) };
        return this.planCall(call, (r) => this.destructure(out, r, k));
      }
    }
    this.planTerm(e, (v) => {
      this.emit({ op: 'truthy', src: v });
      k();
    });
  }

  private declaredArity(e: CallTerm): number | undefined {
    if (e.fn[0] === 'data') {
      const g = lookupNode(this.p.program.tree, e.fn.slice(1))?.group;
      return g?.kind === 'function' ? g.arity : undefined;
    }
    const b = resolveBuiltin(e.fn.join('.'), this.p.options);
    if (!b) return undefined;
    return 'variadic' in b.decl && b.decl.variadic ? undefined : b.decl.args.length;
  }

  private planPrint(e: CallTerm, k: () => void): void {
    const sets: Local[] = [];
    for (const arg of e.args) {
      const s = this.newLocal();
      this.emit({ op: 'makeSet', target: s });
      this.block(() => this.planTerm(arg, (v) => this.emit({ op: 'setAdd', set: s, value: v })));
      sets.push(s);
    }
    this.emit({ op: 'print', args: sets });
    k();
  }

  // --- unification ----------------------------------------------------------------------------

  private isUnbound(t: Term): t is VarTerm {
    return t.type === 'var' && !this.scope.has(t.name) && t.name !== 'input' && t.name !== 'data';
  }

  private hasUnbound(t: Term): boolean {
    switch (t.type) {
      case 'var':
        return this.isUnbound(t);
      case 'array':
        return t.items.some((i) => this.hasUnbound(i));
      case 'object':
        return t.items.some(([, v]) => this.hasUnbound(v));
      default:
        return false;
    }
  }

  unify(a: Term, b: Term, k: () => void): void {
    if (this.isUnbound(a)) return this.planTerm(b, (v) => this.bind(a.name, this.toLocal(v), k));
    if (this.isUnbound(b)) return this.planTerm(a, (v) => this.bind(b.name, this.toLocal(v), k));
    if (a.type === 'array' && b.type === 'array') {
      if (a.items.length !== b.items.length) return this.emit({ op: 'breakTo', label: this.currentFailLabel() });
      const pairs = a.items.map((x, i) => [x, b.items[i]!] as const);
      const go = (rest: ReadonlyArray<readonly [Term, Term]>): void => {
        if (rest.length === 0) return k();
        // Prefer a pair that can be evaluated now: one side free of unbound vars.
        const idx = Math.max(0, rest.findIndex(([x, y]) => !this.hasUnbound(x) || !this.hasUnbound(y)));
        const [x, y] = rest[idx]!;
        this.unify(x, y, () => go([...rest.slice(0, idx), ...rest.slice(idx + 1)]));
      };
      return go(pairs);
    }
    if (this.hasUnbound(a)) return this.planTerm(b, (v) => this.destructure(a, v, k));
    if (this.hasUnbound(b)) return this.planTerm(a, (v) => this.destructure(b, v, k));
    this.planTerm(a, (va) => this.planTerm(b, (vb) => (this.emit({ op: 'equal', a: va, b: vb }), k())));
  }

  /** Matches a pattern term against a value, binding the pattern's unbound variables. */
  destructure(pattern: Term, value: Operand, k: () => void): void {
    switch (pattern.type) {
      case 'var':
        if (this.isUnbound(pattern)) return this.bind(pattern.name, this.toLocal(value), k);
        break;
      case 'array':
        if (!this.hasUnbound(pattern)) break;
        this.emit({ op: 'typeIs', src: value, tag: TAG_ARRAY });
        this.emit({ op: 'lengthIs', src: value, n: pattern.items.length });
        return this.destructureItems(
          pattern.items.map((item, i) => [item, { const: this.p.constant({ kind: 'number', raw: String(i) }) }] as const),
          value,
          k,
        );
      case 'object':
        if (!this.hasUnbound(pattern)) break;
        this.emit({ op: 'typeIs', src: value, tag: TAG_OBJECT });
        this.emit({ op: 'lengthIs', src: value, n: pattern.items.length });
        return this.destructureItems(
          pattern.items.map(([key, item]) => [item, { const: this.p.groundConst(key) }] as const),
          value,
          k,
        );
    }
    this.planTerm(pattern, (p) => {
      this.emit({ op: 'equal', a: p, b: value });
      k();
    });
  }

  private destructureItems(items: ReadonlyArray<readonly [Term, Operand]>, value: Operand, k: () => void): void {
    const go = (i: number): void => {
      if (i === items.length) return k();
      const [item, key] = items[i]!;
      const t = this.newLocal();
      this.emit({ op: 'dot', src: value, key, target: t });
      this.destructure(item, { local: t }, () => go(i + 1));
    };
    go(0);
  }

  // --- terms ----------------------------------------------------------------------------------

  planTermOrTrue(t: Term | undefined, k: (v: Operand) => void): void {
    if (!t) return k({ const: this.p.constant({ kind: 'boolean', value: true }) });
    this.planTerm(t, k);
  }

  planTerm(t: Term, k: (v: Operand) => void): void {
    if (isGround(t)) return k({ const: this.p.groundConst(t) });
    switch (t.type) {
      case 'var': {
        if (t.name === 'input') {
          this.emit({ op: 'isDefined', src: this.input });
          return k({ local: this.input });
        }
        if (t.name === 'data') return this.planDataRef([], k);
        const l = this.scope.get(t.name);
        if (l === undefined) {
          this.p.diags.push(diagnostic('rego_unsafe_var_error', `var ${t.name} is unsafe`, t.loc));
          return;
        }
        return k({ local: l });
      }
      case 'ref':
        return this.planRef(t, k);
      case 'call':
        return this.planCall(t, k);
      case 'array': {
        const out = this.newLocal();
        return this.planItems(t.items, (ops) => {
          this.emit({ op: 'makeArray', target: out });
          for (const o of ops) this.emit({ op: 'arrayAppend', array: out, value: o });
          k({ local: out });
        });
      }
      case 'set': {
        const out = this.newLocal();
        return this.planItems(t.items, (ops) => {
          this.emit({ op: 'makeSet', target: out });
          for (const o of ops) this.emit({ op: 'setAdd', set: out, value: o });
          k({ local: out });
        });
      }
      case 'object': {
        const out = this.newLocal();
        return this.planItems(t.items.flat(), (ops) => {
          this.emit({ op: 'makeObject', target: out });
          for (let i = 0; i < ops.length; i += 2) this.emit({ op: 'objectInsert', object: out, key: ops[i]!, value: ops[i + 1]! });
          k({ local: out });
        });
      }
      case 'arraycomp': {
        const out = this.newLocal();
        this.emit({ op: 'makeArray', target: out });
        this.block(() => this.planBody(t.body, () => this.planTerm(t.head, (v) => this.emit({ op: 'arrayAppend', array: out, value: v }))));
        return k({ local: out });
      }
      case 'setcomp': {
        const out = this.newLocal();
        this.emit({ op: 'makeSet', target: out });
        this.block(() => this.planBody(t.body, () => this.planTerm(t.head, (v) => this.emit({ op: 'setAdd', set: out, value: v }))));
        return k({ local: out });
      }
      case 'objectcomp': {
        const out = this.newLocal();
        this.emit({ op: 'makeObject', target: out });
        this.block(() =>
          this.planBody(t.body, () =>
            this.planTerm(t.key, (kk) => this.planTerm(t.value, (v) => this.emit({ op: 'objectInsertOnce', object: out, key: kk, value: v }))),
          ),
        );
        return k({ local: out });
      }
      default:
        throw new Error(`internal: unexpected term ${t.type}`);
    }
  }

  planItems(items: Term[], k: (ops: Operand[]) => void): void {
    const ops: Operand[] = [];
    const go = (i: number): void => {
      if (i === items.length) return k([...ops]);
      this.planTerm(items[i]!, (o) => {
        ops.push(o);
        go(i + 1);
        ops.pop();
      });
    };
    go(0);
  }

  private planRef(t: Extract<Term, { type: 'ref' }>, k: (v: Operand) => void): void {
    if (t.head.type === 'var' && t.head.name === 'data') return this.planDataRef(t.path, k);
    if (t.head.type === 'var' && t.head.name === 'input') return this.planRefPath({ local: this.input }, t.path, 0, k);
    this.planTerm(t.head, (h) => this.planRefPath(h, t.path, 0, k));
  }

  /** Applies ref path elements to a value: lookups for bound keys, iteration for unbound ones. */
  planRefPath(base: Operand, path: Term[], i: number, k: (v: Operand) => void): void {
    if (i === path.length) return k(base);
    const elem = path[i]!;
    const next = (v: Operand) => this.planRefPath(v, path, i + 1, k);
    if (isGround(elem)) {
      const t = this.newLocal();
      this.emit({ op: 'dot', src: base, key: { const: this.p.groundConst(elem) }, target: t });
      return next({ local: t });
    }
    if (elem.type === 'var' && this.isUnbound(elem)) {
      const src = this.toLocal(base);
      return this.scan(src, (key, value) => this.bind(elem.name, key, () => next({ local: value })));
    }
    if ((elem.type === 'array' || elem.type === 'object') && this.hasUnbound(elem)) {
      const src = this.toLocal(base);
      return this.scan(src, (key, value) => this.destructure(elem, { local: key }, () => next({ local: value })));
    }
    this.planTerm(elem, (kv) => {
      const t = this.newLocal();
      this.emit({ op: 'dot', src: base, key: kv, target: t });
      next({ local: t });
    });
  }

  /** `data.<path>`: a rule call, a base-document lookup, or a merged package document. */
  planDataRef(path: Term[], k: (v: Operand) => void): void {
    const segs: string[] = [];
    for (const p of path) {
      if (p.type !== 'string') break;
      segs.push(p.value);
    }
    // A `with` override on data (or a rule) at a prefix of this ref answers it.
    for (const target of this.mockLocals.keys()) {
      if (target.startsWith('builtin:')) continue;
      const mpath = target === '' ? [] : target.split('.');
      if (mpath.length <= segs.length && mpath.every((s, i) => segs[i] === s)) {
        return this.planRefPath({ local: this.mockLocals.get(target)! }, path, mpath.length, k);
      }
    }
    let node: TreeNode = this.p.program.tree;
    let j = 0;
    while (j < segs.length) {
      const c = node.children.get(segs[j]!);
      if (!c) break;
      node = c;
      j++;
      // An object rule with rules under it is one merged document: stop here and materialise.
      if (node.group) break;
    }
    if (node.group && !(node.group.kind === 'object' && node.children.size > 0)) {
      if (node.group.kind === 'function') {
        this.p.diags.push(diagnostic('rego_type_error', `function data.${node.group.path.join('.')} must be called with arguments`, path[0]!.loc));
        return;
      }
      const fn = this.p.groupFunction(node.group, this.ctx);
      const v = this.newLocal();
      this.emit({ op: 'call', fn: { kind: 'func', name: fn }, args: this.callArgs([], this.ctx), target: v });
      return this.planRefPath({ local: v }, path, j, k);
    }
    if (!node.group && (j < segs.length || node.children.size === 0)) {
      // Below this point there are no rules: a plain lookup in the base documents.
      return this.planRefPath({ local: this.data }, path, 0, (v) => {
        if (path.length === 0) this.emit({ op: 'isDefined', src: this.data });
        k(v);
      });
    }
    const fn = this.p.materializeFunction(node, this.ctx);
    const v = this.newLocal();
    this.emit({ op: 'call', fn: { kind: 'func', name: fn }, args: this.callArgs([], this.ctx), target: v });
    this.planRefPath({ local: v }, path, j, k);
  }

  planCall(t: CallTerm, k: (v: Operand) => void): void {
    const name = t.fn.join('.');
    this.planItems(t.args, (args) => {
      const target = this.newLocal();
      const callFn = this.callTarget(t, name);
      if (callFn === undefined) return;
      if ('mockValue' in callFn) return k({ local: callFn.mockValue });
      this.emit({ op: 'call', fn: callFn.target, args: callFn.user ? this.callArgs(args, callFn.ctx) : args, target });
      if (lookupBuiltin(name)?.relation && callFn.target.kind === 'runtime') {
        // A relation (walk) used as a value yields each of its tuples in turn.
        return this.scan(target, (_key, value) => k({ local: value }));
      }
      k({ local: target });
    });
  }

  private callTarget(
    t: CallTerm,
    name: string,
  ): { target: CallTarget; user: boolean; ctx: Ctx } | { mockValue: Local } | undefined {
    // Overrides from `with` come first.
    const mockKey = t.fn[0] === 'data' ? t.fn.slice(1).join('.') : `builtin:${name}`;
    const mock = this.ctx.mocks.find((m) => m.target === mockKey);
    if (mock?.kind === 'value') return { mockValue: this.mockLocals.get(mockKey)! };
    if (mock?.kind === 'func') {
      const replacement = mock.fn;
      if (replacement.startsWith('builtin:')) return this.builtinTarget(replacement.slice('builtin:'.length), t);
      const g = lookupNode(this.p.program.tree, replacement.split('.').slice(1))!.group!;
      // The replacement runs without its own override, so it may call what it replaces.
      const inner = this.p.withoutMock(this.ctx, mock.target);
      return { target: { kind: 'func', name: this.p.groupFunction(g, inner) }, user: true, ctx: inner };
    }
    if (t.fn[0] === 'data') {
      const g = lookupNode(this.p.program.tree, t.fn.slice(1))?.group;
      if (!g) {
        this.p.diags.push(diagnostic('rego_type_error', `undefined function ${name}`, t.fnLoc));
        return undefined;
      }
      return { target: { kind: 'func', name: this.p.groupFunction(g, this.ctx) }, user: true, ctx: this.ctx };
    }
    return this.builtinTarget(name, t);
  }

  private builtinTarget(name: string, t: CallTerm): { target: CallTarget; user: boolean; ctx: Ctx } | undefined {
    const b = resolveBuiltin(name, this.p.options);
    if (b?.kind === 'native' && b.decl.runsIn === 'wasm') {
      return { target: { kind: 'runtime', name: `b_${name.replace(/\./g, '_')}` }, user: false, ctx: this.ctx };
    }
    if (b) {
      const internal = this.p.hostBuiltin(name);
      const nondeterministic = b.kind === 'native' && Boolean(b.decl.nondeterministic);
      return {
        target: { kind: 'host', name: internal, toSet: resultIsSet(b.decl.result), memoize: nondeterministic && t.args.length === 0 },
        user: false,
        ctx: this.ctx,
      };
    }
    this.p.diags.push(diagnostic('rego_type_error', `undefined function ${name}`, t.fnLoc));
    return undefined;
  }
}

function resultIsSet(result: unknown): boolean {
  if (typeof result === 'string') return result.startsWith('set');
  if (result && typeof result === 'object' && 'kind' in result) return (result as { kind: string }).kind === 'set';
  return false;
}

/**
 * The paths, relative to `node`, of the rules below it whose values make up part of its document
 * (functions are not part of documents). A rule's subtree is its own: nothing below it is listed.
 */
function ruleValuePaths(node: TreeNode): string[][] {
  const out: string[][] = [];
  const visit = (n: TreeNode, rel: string[]): void => {
    for (const [seg, child] of n.children) {
      const path = [...rel, seg];
      if (child.group && child.group.kind !== 'function') out.push(path);
      else visit(child, path);
    }
  };
  visit(node, []);
  return out;
}
