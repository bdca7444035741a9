// The planner's output and the emitter's input: a small imperative IR over value pointers.
//
// Execution model: every function has locals holding value pointers (0 = undefined). Statements
// run in order; a statement that "fails" (an undefined lookup, a false comparison…) exits the
// innermost enclosing block (a `block` or the body of one `scan` iteration). `breakTo` exits a
// named block explicitly. This is all a Rego body needs: a failed literal abandons the current
// solution, and iteration resumes with the next element of the innermost scan.

export type Local = number;
export type Operand = { local: Local } | { const: number };

/** Locals 0 and 1 of every function are its `input` and `data` parameters. */
export const INPUT: Local = 0;
export const DATA: Local = 1;

export type CallTarget =
  /** A function exported by the wasm runtime (see src/runtime/CONTRACT.md), e.g. `b_count`. */
  | { kind: 'runtime'; name: string }
  /** Another function of this plan. Its first two arguments are always input and data. */
  | { kind: 'func'; name: string }
  /** A builtin implemented by the host, imported through `opa_builtin<N>`. */
  | { kind: 'host'; name: string; toSet: boolean; memoize: boolean };

export type Stmt =
  | { op: 'block'; label: number; body: Stmt[] }
  | { op: 'breakTo'; label: number }
  | { op: 'scan'; label: number; src: Local; key: Local; value: Local; body: Stmt[] }
  | { op: 'dot'; src: Operand; key: Operand; target: Local }
  | { op: 'call'; fn: CallTarget; args: Operand[]; target: Local }
  | { op: 'assign'; src: Operand; target: Local }
  /** Assigns when target is undefined; otherwise aborts with eval_conflict_error unless equal. */
  | { op: 'assignOnce'; src: Operand; target: Local; conflict: ConflictKind }
  | { op: 'isDefined'; src: Local }
  | { op: 'isUndefined'; src: Local }
  /** Fails unless the operand is defined and not `false`. */
  | { op: 'truthy'; src: Operand }
  | { op: 'equal'; a: Operand; b: Operand }
  | { op: 'notEqual'; a: Operand; b: Operand }
  /** Fails unless the value has the type tag (see the runtime contract). */
  | { op: 'typeIs'; src: Operand; tag: number }
  | { op: 'lengthIs'; src: Operand; n: number }
  | { op: 'makeArray'; target: Local }
  | { op: 'makeObject'; target: Local }
  | { op: 'makeSet'; target: Local }
  | { op: 'arrayAppend'; array: Local; value: Operand }
  | { op: 'objectInsert'; object: Local; key: Operand; value: Operand }
  /** Inserts; aborts with eval_conflict_error if the key exists with a different value. */
  | { op: 'objectInsertOnce'; object: Local; key: Operand; value: Operand }
  | { op: 'setAdd'; set: Local; value: Operand }
  /** Deep merge of two objects; aborts with eval_conflict_error when a leaf has two values. */
  | { op: 'merge'; a: Operand; b: Operand; target: Local }
  | { op: 'reset'; target: Local }
  /** print(): each local holds a set of the argument's values (empty → `<undefined>`). */
  | { op: 'print'; args: Local[] }
  /** Coverage instrumentation (test builds only): marks coverage point `id` as reached. */
  | { op: 'cover'; id: number }
  /** Aborts with eval_conflict_error (reached only when a conflict was established). */
  | { op: 'conflict'; kind: ConflictKind };

/** 0: complete rules, 1: functions, 2: object keys — mirrors `accord_abort_conflict`. */
export type ConflictKind = 0 | 1 | 2;

export interface IRFunction {
  name: string;
  /** Parameter count including input and data. */
  params: number;
  /** Total locals including parameters. */
  locals: number;
  body: Stmt[];
  /** Local holding the function's result when the body finishes. */
  result: Local;
  /** Cache the result for the rest of the evaluation (rules without `with` overrides). */
  memoize: boolean;
}

export type ConstValue =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; raw: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: number[] }
  | { kind: 'object'; items: Array<[number, number]> }
  | { kind: 'set'; items: number[] };

export interface IRPlan {
  functions: IRFunction[];
  consts: ConstValue[];
  /** Entrypoint name (`app/authz/allow`) → function; ids are the array positions. */
  entrypoints: Array<{ name: string; func: string }>;
  /** Host builtins in id order: the module's `builtins()` export maps name → index. */
  hostBuiltins: string[];
  /** Coverage points (test builds only): index = point id. */
  coverage: CoveragePoint[];
}

export interface CoveragePoint {
  file: string;
  line: number;
}

/** Human-readable dump of a plan, for `accord build --dump-ir` and for tests. */
export function formatPlan(plan: IRPlan): string {
  const lines: string[] = [];
  const op = (o: Operand) => ('local' in o ? `l${o.local}` : `c${o.const}`);
  const fmt = (stmts: Stmt[], indent: string) => {
    for (const s of stmts) {
      switch (s.op) {
        case 'block':
          lines.push(`${indent}block L${s.label} {`);
          fmt(s.body, indent + '  ');
          lines.push(`${indent}}`);
          break;
        case 'scan':
          lines.push(`${indent}scan l${s.src} (l${s.key}, l${s.value}) L${s.label} {`);
          fmt(s.body, indent + '  ');
          lines.push(`${indent}}`);
          break;
        case 'call':
          lines.push(`${indent}l${s.target} = ${s.fn.kind}:${s.fn.name}(${s.args.map(op).join(', ')})`);
          break;
        default: {
          const { op: name, ...rest } = s;
          const args = Object.entries(rest).map(([k, v]) =>
            typeof v === 'object' && v !== null && !Array.isArray(v) ? `${k}=${op(v as Operand)}` : `${k}=${JSON.stringify(v)}`,
          );
          lines.push(`${indent}${name} ${args.join(' ')}`);
        }
      }
    }
  };
  plan.consts.forEach((c, i) => lines.push(`const c${i} = ${JSON.stringify(c)}`));
  for (const f of plan.functions) {
    lines.push(`func ${f.name}(params=${f.params}, locals=${f.locals}, result=l${f.result}${f.memoize ? ', memo' : ''}) {`);
    fmt(f.body, '  ');
    lines.push('}');
  }
  plan.entrypoints.forEach((e, i) => lines.push(`entrypoint ${i} ${e.name} -> ${e.func}`));
  plan.hostBuiltins.forEach((b, i) => lines.push(`host builtin ${i} ${b}`));
  return lines.join('\n');
}
