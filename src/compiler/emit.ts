// Stage 3 of the compiler: an IR plan in, a wasm module (OPA wasm ABI 1.2) out.
//
// The prebuilt runtime (dist/runtime.wasm, AssemblyScript; see src/runtime/CONTRACT.md) is read
// with binaryen; each IR function becomes a wasm function calling runtime exports by name; the
// ABI exports that depend on the policy (`eval`, `opa_eval`, `entrypoints`, `builtins`, version
// globals) are generated here. Exports that are not part of OPA's ABI are removed and the module
// is optimised, so unused runtime code disappears.
import binaryen from 'binaryen';
import type { CallTarget, ConstValue, IRFunction, IRPlan, Operand, Stmt } from './ir.js';

const ABI_EXPORTS = new Set([
  'opa_malloc',
  'opa_free',
  'opa_json_parse',
  'opa_value_parse',
  'opa_json_dump',
  'opa_value_dump',
  'opa_heap_ptr_get',
  'opa_heap_ptr_set',
  'opa_value_add_path',
  'opa_value_remove_path',
  'opa_eval_ctx_new',
  'opa_eval_ctx_set_input',
  'opa_eval_ctx_set_data',
  'opa_eval_ctx_set_entrypoint',
  'opa_eval_ctx_get_result',
]);

import { ABI_MINOR_VERSION, ABI_VERSION } from './abi.js';

export { ABI_MINOR_VERSION };
const CTX_RESULT_OFFSET = 12;

export interface EmitOptions {
  /**
   * true (default): optimise the generated functions and remove unused runtime code;
   * 'full': binaryen -O3 over the whole module; false: no optimisation (debugging).
   */
  optimize?: boolean | 'full';
}

export function emit(plan: IRPlan, runtime: Uint8Array, options: EmitOptions = {}): Uint8Array {
  // The features AssemblyScript's default target uses, plus bulk memory for memory.init. Nothing
  // newer: the module must run on the V8 of Node 20 and of Edge runtimes.
  const features =
    binaryen.Features.MVP |
    binaryen.Features.MutableGlobals |
    binaryen.Features.SignExt |
    binaryen.Features.NontrappingFPToInt |
    binaryen.Features.BulkMemory |
    binaryen.Features.BulkMemoryOpt;
  const m = binaryen.readBinary(runtime);
  try {
    m.setFeatures(features);
    const generated = new Emitter(m, plan).run();
    if (!m.validate()) throw new Error('internal: the emitted wasm module does not validate');
    if (options.optimize !== false) {
      // The runtime was already optimised by asc -O3: optimise only the generated functions,
      // then drop the runtime code no export reaches. A whole-module -O3 is ~4x slower to build
      // for no measurable gain in decision time (see docs/performance.md).
      binaryen.setOptimizeLevel(options.optimize === 'full' ? 3 : 2);
      binaryen.setShrinkLevel(1);
      if (options.optimize === 'full') m.optimize();
      else {
        for (const name of generated) m.optimizeFunction(name);
        m.runPasses(['remove-unused-module-elements']);
      }
    }
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

const i32 = binaryen.i32;
type Expr = number;

class Emitter {
  /** Runtime export name → internal function name. */
  private rt = new Map<string, string>();
  private bytes: number[] = [];
  private hostImports = new Set<number>();
  private memoGlobals: string[] = [];
  private funcNames = new Map<string, string>();
  private toSetHelper = false;

  constructor(
    private m: binaryen.Module,
    private plan: IRPlan,
  ) {}

  /** Emits everything; returns the names of the generated functions. */
  run(): string[] {
    const m = this.m;
    for (let i = 0; i < m.getNumExports(); i++) {
      const info = binaryen.getExportInfo(m.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction) this.rt.set(info.name, info.value);
    }
    this.plan.functions.forEach((f, i) => this.funcNames.set(f.name, `p${i}:${f.name}`));
    for (const f of this.plan.functions) this.emitFunction(f);
    this.emitDispatch();
    this.emitAbi();
    // Last: the start function initialises every constant the code above referenced.
    this.emitInit();
    // Keep only OPA's ABI exports (plus the ones added above).
    const keep = new Set([...ABI_EXPORTS, 'eval', 'opa_eval', 'entrypoints', 'builtins', 'opa_wasm_abi_version', 'opa_wasm_abi_minor_version', 'accord_coverage', 'accord_set_strict']);
    const remove: string[] = [];
    for (let i = 0; i < m.getNumExports(); i++) {
      const info = binaryen.getExportInfo(m.getExportByIndex(i));
      if (!keep.has(info.name)) remove.push(info.name);
    }
    remove.forEach((n) => m.removeExport(n));
    return [...this.funcNames.values(), 'accord:dispatch', 'accord:eval', 'accord:opa_eval', 'accord:init'];
  }

  private rtName(name: string): string {
    const internal = this.rt.get(name);
    if (!internal) throw new Error(`internal: the wasm runtime does not export ${name}`);
    return internal;
  }

  private callRt(name: string, args: Expr[], result: binaryen.Type = i32): Expr {
    return this.m.call(this.rtName(name), args, result);
  }

  // --- constants ------------------------------------------------------------------------------

  /** Appends bytes to the passive data segment; returns their offset within it. */
  private addBytes(b: Uint8Array): number {
    const off = this.bytes.length;
    for (const x of b) this.bytes.push(x);
    return off;
  }

  private constExpr(id: number): Expr {
    return this.m.global.get(`const:${id}`, i32);
  }

  private operand(o: Operand): Expr {
    return 'local' in o ? this.m.local.get(o.local, i32) : this.constExpr(o.const);
  }

  // --- functions ------------------------------------------------------------------------------

  private emitFunction(f: IRFunction): void {
    const m = this.m;
    const fn = new FunctionContext(f.locals);
    const body: Expr[] = [];
    let memo: string | undefined;
    if (f.memoize) {
      memo = `memo:${this.funcNames.get(f.name)}`;
      m.addGlobal(memo, i32, true, m.i32.const(0));
      this.memoGlobals.push(memo);
      // 0: not computed yet; 1: computed and undefined; otherwise the value.
      body.push(
        m.if(
          m.global.get(memo, i32),
          m.return(m.select(m.i32.eq(m.global.get(memo, i32), m.i32.const(1)), m.i32.const(0), m.global.get(memo, i32))),
        ),
      );
    }
    body.push(m.block('fn', this.stmts(f.body, fn, ['fn'])));
    if (memo) {
      body.push(
        m.global.set(memo, m.select(m.local.get(f.result, i32), m.local.get(f.result, i32), m.i32.const(1))),
      );
    }
    body.push(m.local.get(f.result, i32));
    const params = binaryen.createType(Array(f.params).fill(i32));
    const vars = Array(fn.total() - f.params).fill(i32);
    m.addFunction(this.funcNames.get(f.name)!, params, i32, vars, m.block(null, body, i32));
  }

  private stmts(list: Stmt[], fn: FunctionContext, labels: string[]): Expr[] {
    const out: Expr[] = [];
    for (const s of list) out.push(this.stmt(s, fn, labels));
    return out;
  }

  /** Branch to the innermost block when `cond` is non-zero: how a statement fails. */
  private failIf(cond: Expr, labels: string[]): Expr {
    return this.m.br(labels[labels.length - 1]!, cond);
  }

  private stmt(s: Stmt, fn: FunctionContext, labels: string[]): Expr {
    const m = this.m;
    const get = (l: number) => m.local.get(l, i32);
    switch (s.op) {
      case 'block': {
        const label = `L${s.label}`;
        return m.block(label, this.stmts(s.body, fn, [...labels, label]));
      }
      case 'breakTo':
        return m.br(`L${s.label}`);
      case 'scan': {
        const i = fn.temp();
        const n = fn.temp();
        const body = `L${s.label}`;
        const done = `${body}:done`;
        const loop = `${body}:loop`;
        const src = get(s.src);
        // Only collections iterate; anything else (including undefined) has no elements.
        const isCollection = m.i32.ge_u(this.callRt('opa_value_type', [src]), m.i32.const(5));
        return m.block(null, [
          m.local.set(n, m.select(isCollection, this.callRt('opa_value_length', [get(s.src)]), m.i32.const(0))),
          m.local.set(i, m.i32.const(0)),
          m.block(done, [
            m.loop(
              loop,
              m.block(null, [
                m.br(done, m.i32.ge_u(get(i), get(n))),
                m.local.set(s.key, this.callRt('opa_value_iter_key', [get(s.src), get(i)])),
                m.local.set(s.value, this.callRt('opa_value_iter_value', [get(s.src), get(i)])),
                m.local.set(i, m.i32.add(get(i), m.i32.const(1))),
                m.block(body, this.stmts(s.body, fn, [...labels, body])),
                m.br(loop),
              ]),
            ),
          ]),
        ]);
      }
      case 'dot':
        return m.block(null, [
          m.local.set(s.target, this.callRt('opa_value_get', [this.operand(s.src), this.operand(s.key)])),
          this.failIf(m.i32.eqz(get(s.target)), labels),
        ]);
      case 'call':
        return m.block(null, [m.local.set(s.target, this.call(s.fn, s.args, fn)), this.failIf(m.i32.eqz(get(s.target)), labels)]);
      case 'assign':
        return m.local.set(s.target, this.operand(s.src));
      case 'assignOnce': {
        const v = fn.temp();
        return m.block(null, [
          m.local.set(v, this.operand(s.src)),
          m.if(
            m.i32.eqz(get(s.target)),
            m.local.set(s.target, get(v)),
            m.if(
              m.i32.eqz(this.callRt('opa_value_equal', [get(s.target), get(v)])),
              m.call(this.rtName('accord_abort_conflict'), [m.i32.const(s.conflict)], binaryen.none),
            ),
          ),
        ]);
      }
      case 'isDefined':
        return this.failIf(m.i32.eqz(get(s.src)), labels);
      case 'isUndefined':
        return this.failIf(get(s.src), labels);
      case 'truthy':
        return this.failIf(m.i32.eqz(this.callRt('opa_value_truthy', [this.operand(s.src)])), labels);
      case 'equal':
        return this.failIf(m.i32.eqz(this.callRt('opa_value_equal', [this.operand(s.a), this.operand(s.b)])), labels);
      case 'notEqual':
        return this.failIf(this.callRt('opa_value_equal', [this.operand(s.a), this.operand(s.b)]), labels);
      case 'typeIs':
        return this.failIf(m.i32.ne(this.callRt('opa_value_type', [this.operand(s.src)]), m.i32.const(s.tag)), labels);
      case 'lengthIs':
        return this.failIf(m.i32.ne(this.callRt('opa_value_length', [this.operand(s.src)]), m.i32.const(s.n)), labels);
      case 'makeArray':
        return m.local.set(s.target, this.callRt('opa_array', []));
      case 'makeObject':
        return m.local.set(s.target, this.callRt('opa_object', []));
      case 'makeSet':
        return m.local.set(s.target, this.callRt('opa_set', []));
      case 'arrayAppend':
        return m.call(this.rtName('opa_array_append'), [get(s.array), this.operand(s.value)], binaryen.none);
      case 'objectInsert':
        return m.call(this.rtName('opa_object_insert'), [get(s.object), this.operand(s.key), this.operand(s.value)], binaryen.none);
      case 'objectInsertOnce': {
        const existing = fn.temp();
        const v = fn.temp();
        return m.block(null, [
          m.local.set(v, this.operand(s.value)),
          m.local.set(existing, this.callRt('opa_value_get', [get(s.object), this.operand(s.key)])),
          m.if(
            m.i32.eqz(get(existing)),
            m.call(this.rtName('opa_object_insert'), [get(s.object), this.operand(s.key), get(v)], binaryen.none),
            m.if(
              m.i32.eqz(this.callRt('opa_value_equal', [get(existing), get(v)])),
              m.call(this.rtName('accord_abort_conflict'), [m.i32.const(2)], binaryen.none),
            ),
          ),
        ]);
      }
      case 'setAdd':
        return m.call(this.rtName('opa_set_add'), [get(s.set), this.operand(s.value)], binaryen.none);
      case 'merge':
        return m.block(null, [
          m.local.set(s.target, this.callRt('opa_object_merge', [this.operand(s.a), this.operand(s.b)])),
          m.if(m.i32.eqz(get(s.target)), m.call(this.rtName('accord_abort_conflict'), [m.i32.const(2)], binaryen.none)),
        ]);
      case 'reset':
        return m.local.set(s.target, m.i32.const(0));
      case 'conflict':
        return m.call(this.rtName('accord_abort_conflict'), [m.i32.const(s.kind)], binaryen.none);
      case 'cover':
        return m.i32.store8(s.id, 1, m.global.get('accord:coverage', i32), m.i32.const(1));
      case 'print': {
        const arr = fn.temp();
        return m.block(null, [
          m.local.set(arr, this.callRt('opa_array', [])),
          ...s.args.map((a) => m.call(this.rtName('opa_array_append'), [get(arr), get(a)], binaryen.none)),
          m.call(this.rtName('accord_println_values'), [get(arr)], binaryen.none),
        ]);
      }
    }
  }

  private call(target: CallTarget, args: Operand[], fn: FunctionContext): Expr {
    const m = this.m;
    const ops = args.map((a) => this.operand(a));
    switch (target.kind) {
      case 'runtime':
        return this.callRt(target.name, ops);
      case 'func':
        return m.call(this.funcNames.get(target.name)!, ops, i32);
      case 'host': {
        const id = this.plan.hostBuiltins.indexOf(target.name);
        if (id < 0 || ops.length > 4) throw new Error(`internal: host builtin ${target.name}/${ops.length}`);
        this.hostImports.add(ops.length);
        let call = m.call(`opa_builtin${ops.length}`, [m.i32.const(id), m.i32.const(0), ...ops], i32);
        if (target.toSet) {
          this.toSetHelper = true;
          call = m.call('accord:to_set', [call], i32);
        }
        if (target.memoize) {
          // Nondeterministic builtins without arguments (time.now_ns) give one value per evaluation.
          const g = `memo:host:${target.name}`;
          if (!this.memoGlobals.includes(g)) {
            m.addGlobal(g, i32, true, m.i32.const(0));
            this.memoGlobals.push(g);
          }
          const t = fn.temp();
          return m.block(
            null,
            [
              m.if(m.i32.eqz(m.global.get(g, i32)), m.global.set(g, call)),
              m.local.set(t, m.global.get(g, i32)),
              m.local.get(t, i32),
            ],
            i32,
          );
        }
        return call;
      }
    }
  }

  // --- ABI ------------------------------------------------------------------------------------

  /** `accord:dispatch(entrypoint, input, data) → value` */
  private emitDispatch(): void {
    const m = this.m;
    const cases = this.plan.entrypoints.map((e, i) =>
      m.if(
        m.i32.eq(m.local.get(0, i32), m.i32.const(i)),
        m.return(m.call(this.funcNames.get(e.func)!, [m.local.get(1, i32), m.local.get(2, i32)], i32)),
      ),
    );
    const resetMemos = this.memoGlobals.map((g) => m.global.set(g, m.i32.const(0)));
    const msg = this.cstrConst('accord: invalid entrypoint id');
    m.addFunction(
      'accord:dispatch',
      binaryen.createType([i32, i32, i32]),
      i32,
      [],
      m.block(
        null,
        [
          ...resetMemos,
          ...cases,
          m.call(this.importedAbort(), [msg], binaryen.none),
          m.unreachable(),
        ],
        i32,
      ),
    );
  }

  private abortName?: string;
  private importedAbort(): string {
    if (this.abortName) return this.abortName;
    // The runtime imports env.opa_abort; find its internal name among the imports.
    for (let i = 0; i < this.m.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(this.m.getFunctionByIndex(i));
      if (info.module === 'env' && info.base === 'opa_abort') {
        this.abortName = info.name;
        return info.name;
      }
    }
    this.m.addFunctionImport('opa_abort', 'env', 'opa_abort', i32, binaryen.none);
    this.abortName = 'opa_abort';
    return this.abortName;
  }

  private cstrGlobals = new Map<string, string>();
  /** A NUL-terminated string placed in static memory at init; returns a global.get of its address. */
  private cstrConst(text: string): Expr {
    let g = this.cstrGlobals.get(text);
    if (!g) {
      g = `cstr:${this.cstrGlobals.size}`;
      this.cstrGlobals.set(text, g);
      this.m.addGlobal(g, i32, true, this.m.i32.const(0));
    }
    return this.m.global.get(g, i32);
  }

  private emitAbi(): void {
    const m = this.m;
    const ctx = () => m.local.get(0, i32);
    // eval(ctx) — the pre-1.2 path.
    m.addFunction(
      'accord:eval',
      i32,
      i32,
      [],
      m.block(
        null,
        [
          m.i32.store(
            CTX_RESULT_OFFSET,
            4,
            ctx(),
            this.callRt('accord_result_set', [
              m.call(
                'accord:dispatch',
                [this.callRt('opa_eval_ctx_get_entrypoint', [ctx()]), this.callRt('opa_eval_ctx_get_input', [ctx()]), this.callRt('opa_eval_ctx_get_data', [ctx()])],
                i32,
              ),
            ]),
          ),
          m.i32.const(0),
        ],
        i32,
      ),
    );
    m.addFunctionExport('accord:eval', 'eval');

    // opa_eval(reserved, entrypoint, data, input_addr, input_len, heap_ptr, format) — ABI 1.2.
    const L = (i: number) => m.local.get(i, i32);
    const input = 7;
    m.addFunction(
      'accord:opa_eval',
      binaryen.createType(Array(7).fill(i32)),
      i32,
      [i32, i32],
      m.block(
        null,
        [
          m.call(this.rtName('opa_heap_ptr_set'), [L(5)], binaryen.none),
          m.local.set(input, m.i32.const(0)),
          m.if(
            m.i32.gt_s(L(4), m.i32.const(0)),
            m.block(null, [
              m.local.set(input, this.callRt('opa_json_parse', [L(3), L(4)])),
              m.if(m.i32.eqz(L(input)), m.call(this.importedAbort(), [this.cstrConst('accord: invalid input: not valid JSON')], binaryen.none)),
            ]),
          ),
          m.local.set(8, this.callRt('accord_result_set', [m.call('accord:dispatch', [L(1), L(input), L(2)], i32)])),
          m.if(m.i32.eqz(L(6)), this.callRt('opa_json_dump', [L(8)]), this.callRt('opa_value_dump', [L(8)])),
        ],
        i32,
      ),
    );
    m.addFunctionExport('accord:opa_eval', 'opa_eval');

    // entrypoints() and builtins(): objects mapping names to ids, parsed once at init.
    for (const [exportName, names] of [
      ['entrypoints', this.plan.entrypoints.map((e) => e.name)],
      ['builtins', this.plan.hostBuiltins],
    ] as const) {
      const g = `abi:${exportName}`;
      m.addFunction(`accord:${exportName}`, binaryen.none, i32, [], m.global.get(g, i32));
      m.addFunctionExport(`accord:${exportName}`, exportName);
    }
    m.addGlobal('abi:version', i32, false, m.i32.const(ABI_VERSION));
    m.addGlobal('abi:minor', i32, false, m.i32.const(ABI_MINOR_VERSION));
    m.addGlobalExport('abi:version', 'opa_wasm_abi_version');
    m.addGlobalExport('abi:minor', 'opa_wasm_abi_minor_version');

    for (const arity of this.hostImports) {
      m.addFunctionImport(`opa_builtin${arity}`, 'env', `opa_builtin${arity}`, binaryen.createType(Array(arity + 2).fill(i32)), i32);
    }
    if (this.toSetHelper) this.emitToSet();
  }

  /** Host builtins return JSON, which has no sets: convert an array result back into a set. */
  private emitToSet(): void {
    const m = this.m;
    const L = (i: number) => m.local.get(i, i32);
    m.addFunction(
      'accord:to_set',
      i32,
      i32,
      [i32, i32, i32],
      m.block(
        null,
        [
          m.if(m.i32.ne(this.callRt('opa_value_type', [L(0)]), m.i32.const(5)), m.return(L(0))),
          m.local.set(1, this.callRt('opa_set', [])),
          m.local.set(2, this.callRt('opa_value_length', [L(0)])),
          m.local.set(3, m.i32.const(0)),
          m.block('done', [
            m.loop(
              'next',
              m.block(null, [
                m.br('done', m.i32.ge_u(L(3), L(2))),
                m.call(this.rtName('opa_set_add'), [L(1), this.callRt('opa_value_iter_value', [L(0), L(3)])], binaryen.none),
                m.local.set(3, m.i32.add(L(3), m.i32.const(1))),
                m.br('next'),
              ]),
            ),
          ]),
          L(1),
        ],
        i32,
      ),
    );
  }

  /**
   * The start function: runs the runtime's own initialiser, copies the policy's constant bytes
   * from a passive data segment into the heap, and builds every constant value once. It runs at
   * instantiation, before the SDK records its base heap pointer, so constants survive heap resets.
   */
  private emitInit(): void {
    const m = this.m;
    const enc = new TextEncoder();
    const base = 0;
    const body: Expr[] = [];
    const existingStart = m.getStart();
    if (existingStart) body.push(m.call(binaryen.getFunctionInfo(existingStart).name, [], binaryen.none));
    else if (this.rt.has('_start')) body.push(m.call(this.rtName('_start'), [], binaryen.none));

    const build: Expr[] = [];
    const addr = (off: number) => m.i32.add(m.local.get(base, i32), m.i32.const(off));
    this.plan.consts.forEach((c, id) => {
      const g = `const:${id}`;
      m.addGlobal(g, i32, true, m.i32.const(0));
      build.push(...this.buildConst(c, g, addr, enc));
    });
    for (const [text, g] of this.cstrGlobals) {
      const b = enc.encode(text + '\0');
      build.push(m.global.set(g, addr(this.addBytes(b))));
    }
    for (const [exportName, names] of [
      ['entrypoints', this.plan.entrypoints.map((e) => e.name)],
      ['builtins', this.plan.hostBuiltins],
    ] as const) {
      const json = enc.encode(JSON.stringify(Object.fromEntries(names.map((n, i) => [n, i]))));
      const off = this.addBytes(json);
      m.addGlobal(`abi:${exportName}`, i32, true, m.i32.const(0));
      build.push(m.global.set(`abi:${exportName}`, this.callRt('opa_json_parse', [addr(off), m.i32.const(json.length)])));
    }

    if (this.plan.coverage.length > 0) {
      // Coverage bitmap: one byte per point, allocated before the SDK's base heap pointer so
      // heap resets keep it; `accord test` reads and clears it between tests.
      m.addGlobal('accord:coverage', i32, true, m.i32.const(0));
      build.push(m.global.set('accord:coverage', this.callRt('opa_malloc', [m.i32.const(this.plan.coverage.length)])));
      build.push(m.memory.fill(m.global.get('accord:coverage', i32), m.i32.const(0), m.i32.const(this.plan.coverage.length)));
      m.addGlobalExport('accord:coverage', 'accord_coverage');
    }
    const total = this.bytes.length;
    if (total > 0) {
      body.push(m.local.set(base, this.callRt('opa_malloc', [m.i32.const(total)])));
      body.push(m.memory.init('accord:consts', m.local.get(base, i32), m.i32.const(0), m.i32.const(total)));
      body.push(m.data.drop('accord:consts'));
    }
    body.push(...build);
    const init = m.addFunction('accord:init', binaryen.none, binaryen.none, [i32], m.block(null, body));
    m.setStart(init);
    this.installSegment(new Uint8Array(this.bytes));
  }

  private buildConst(c: ConstValue, g: string, addr: (off: number) => Expr, enc: TextEncoder): Expr[] {
    const m = this.m;
    const set = (e: Expr) => m.global.set(g, e);
    const v = () => m.global.get(g, i32);
    switch (c.kind) {
      case 'null':
        return [set(this.callRt('opa_null', []))];
      case 'boolean':
        return [set(this.callRt('opa_boolean', [m.i32.const(c.value ? 1 : 0)]))];
      case 'number': {
        if (/^-?\d+$/.test(c.raw)) {
          const n = BigInt(c.raw);
          if (n >= -(2n ** 63n) && n < 2n ** 63n) {
            // binaryen.js takes the i64 as one bigint.
            const i64const = m.i64.const as unknown as (v: bigint) => Expr;
            return [set(this.callRt('opa_number_int', [i64const(n)]))];
          }
        }
        const b = enc.encode(c.raw);
        return [set(this.callRt('opa_number_ref', [addr(this.addBytes(b)), m.i32.const(b.length)]))];
      }
      case 'string': {
        const b = enc.encode(c.value);
        return [set(this.callRt('opa_string', [addr(this.addBytes(b)), m.i32.const(b.length)]))];
      }
      case 'array':
        return [
          set(this.callRt('opa_array_with_cap', [m.i32.const(c.items.length)])),
          ...c.items.map((i) => m.call(this.rtName('opa_array_append'), [v(), this.constExpr(i)], binaryen.none)),
        ];
      case 'set':
        return [set(this.callRt('opa_set', [])), ...c.items.map((i) => m.call(this.rtName('opa_set_add'), [v(), this.constExpr(i)], binaryen.none))];
      case 'object':
        return [
          set(this.callRt('opa_object', [])),
          ...c.items.map(([k, val]) => m.call(this.rtName('opa_object_insert'), [v(), this.constExpr(k), this.constExpr(val)], binaryen.none)),
        ];
    }
  }

  /** Re-declares the imported memory with the runtime's segments plus our passive one. */
  private installSegment(data: Uint8Array): void {
    const m = this.m;
    const segments: Array<{ name?: string; offset: Expr; data: Uint8Array; passive: boolean }> = [];
    // Not in binaryen's type declarations, but part of its JS API.
    const mm = m as unknown as {
      getNumDataSegments(): number;
      getDataSegmentInfo(r: number): { name: string; offset: number | null; data: ArrayBuffer; passive: boolean };
    };
    for (let i = 0; i < mm.getNumDataSegments(); i++) {
      const info = mm.getDataSegmentInfo(m.getDataSegmentByIndex(i));
      segments.push({ name: info.name, offset: info.passive ? 0 : m.i32.const(info.offset ?? 0), data: new Uint8Array(info.data), passive: info.passive });
    }
    // A passive segment has no offset (binaryen takes a null expression reference).
    segments.push({ name: 'accord:consts', offset: 0, data, passive: true });
    const memName = findMemoryName(m);
    const memInfo = m.getMemoryInfo(memName);
    m.setMemory(memInfo.initial, memInfo.max ?? -1, null, segments as never, false, false, memName);
    m.addMemoryImport(memName, 'env', 'memory');
  }
}

function findMemoryName(m: binaryen.Module): string {
  // binaryen names an imported memory `mimport$0` when reading a binary; AssemblyScript's own
  // output may use "0". Probe the likely names, then fall back to the text form.
  for (const name of ['mimport$0', '0', 'memory']) {
    try {
      m.getMemoryInfo(name);
      return name;
    } catch {
      /* try the next name */
    }
  }
  const match = /\(import "env" "memory" \(memory \$([^\s)]+)/.exec(m.emitText());
  if (!match) throw new Error('internal: the wasm runtime does not import env.memory');
  return match[1]!;
}

/** Allocates wasm locals past the IR's own (loop counters, scratch values). */
class FunctionContext {
  private extra = 0;
  constructor(private irLocals: number) {}
  temp(): number {
    return this.irLocals + this.extra++;
  }
  total(): number {
    return this.irLocals + this.extra;
  }
}
