// The compiler's public API (Node only): Rego sources in, an OPA-ABI wasm module out.
//
//   parse (src/rego) → check (check.ts) → plan (plan.ts, IR in ir.ts) → emit (emit.ts)
//
// Each stage is a pure function of the previous stage's output; `compile()` wires them and turns
// every diagnostic into one RegoError carrying all of them.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Annotation, Module } from '../rego/ast.js';
import { RegoError, type Diagnostic } from '../rego/diagnostics.js';
import { parseModule } from '../rego/index.js';
import { check } from './check.js';
import { emit } from './emit.js';
import { formatPlan, type IRPlan } from './ir.js';
import { plan } from './plan.js';
import type { BuiltinOptions } from './builtin-env.js';
export { resolveBuiltin, type BuiltinOptions, type CustomBuiltin } from './builtin-env.js';

export { RegoError, formatDiagnostic, type Diagnostic } from '../rego/diagnostics.js';
export { formatPlan, type IRPlan } from './ir.js';
export { check } from './check.js';
export { plan } from './plan.js';
export { emit } from './emit.js';
export { parseModule } from '../rego/index.js';

export interface CompileOptions {
  /** File name → Rego source. */
  modules: Record<string, string>;
  /**
   * Entrypoints as in `opa build -e`: `app/authz/allow` (a rule) or `app/authz` (a package, whose
   * value is the object of its rules). Default: rules annotated `entrypoint: true`.
   */
  entrypoints?: string[];
  /** Parse modules as Rego v0 (`--v0-compatible`); modules importing rego.v1 stay v1. */
  regoVersion?: 0 | 1;
  /**
   * Custom builtins declared by a capabilities file and supplied by the application at load time
   * (name → declaration, or name → arity). Accord's native builtins win over same-named ones.
   */
  customBuiltins?: BuiltinOptions['customBuiltins'];
  /** Restricts callable builtins to this set (OPA capabilities semantics). */
  allowedBuiltins?: Set<string>;
  /** Optimisation: true (default), 'full' (whole-module -O3), false (none). */
  optimize?: boolean | 'full';
  /** Instrument for line coverage (the module exports `accord_coverage`; see `accord test`). */
  coverage?: boolean;
}

export interface CompileResult {
  wasm: Uint8Array;
  entrypoints: string[];
  /** Host builtins the module imports, in id order (names as listed by the module's `builtins()`). */
  builtins: string[];
  warnings: Diagnostic[];
  plan: IRPlan;
  modules: Module[];
}

let runtimeCache: Uint8Array | undefined;

/** The prebuilt wasm runtime: dist/runtime.wasm (next to dist/compiler.js, or from src/ in dev). */
export function loadRuntime(): Uint8Array {
  if (runtimeCache) return runtimeCache;
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/compiler.js, dist/chunks/*.js (code-split bundle), or src/compiler/*.ts in development.
  const candidates = [join(here, 'runtime.wasm'), join(here, '../runtime.wasm'), join(here, '../../dist/runtime.wasm')];
  for (const c of candidates) {
    if (existsSync(c)) {
      runtimeCache = new Uint8Array(readFileSync(c));
      return runtimeCache;
    }
  }
  throw new Error(`accord: the wasm runtime was not found (looked in ${candidates.join(', ')}); run 'npm run build'`);
}

export function parseAll(sources: Record<string, string>, regoVersion: 0 | 1 = 1): Module[] {
  const modules: Module[] = [];
  const diags: Diagnostic[] = [];
  for (const [file, source] of Object.entries(sources)) {
    const r = parseModule(source, file, { regoVersion });
    diags.push(...r.diagnostics);
    if (r.module) modules.push(r.module);
  }
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new RegoError(errors, sources);
  return modules;
}

/** Entrypoints declared with `# METADATA … entrypoint: true`, as slash paths. */
export function annotatedEntrypoints(modules: Module[]): string[] {
  const out: string[] = [];
  for (const mod of modules) {
    const isEntry = (a: Annotation[]) => a.some((x) => x.entrypoint === true);
    if (isEntry(mod.annotations)) out.push(mod.package.path.join('/'));
    for (const rule of mod.rules) {
      if (!isEntry(rule.annotations)) continue;
      const rel = rule.head.ref.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?'));
      out.push([...mod.package.path, ...rel].join('/'));
    }
  }
  return [...new Set(out)];
}

export function compile(options: CompileOptions): CompileResult {
  const modules = parseAll(options.modules, options.regoVersion ?? 1);
  const entrypoints = options.entrypoints && options.entrypoints.length > 0 ? options.entrypoints : annotatedEntrypoints(modules);
  if (entrypoints.length === 0) {
    throw new RegoError(
      [
        {
          code: 'rego_compile_error',
          message: 'no entrypoints: pass -e <package/rule> or annotate a rule with `# METADATA` `entrypoint: true`',
          file: Object.keys(options.modules)[0] ?? '<input>',
          line: 1,
          col: 1,
          severity: 'error',
        },
      ],
      options.modules,
    );
  }
  const checked = check(modules, { customBuiltins: options.customBuiltins, allowedBuiltins: options.allowedBuiltins });
  const checkErrors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (checkErrors.length > 0) throw new RegoError(checked.diagnostics, options.modules);
  const planned = plan(checked, { entrypoints, customBuiltins: options.customBuiltins, allowedBuiltins: options.allowedBuiltins, coverage: options.coverage });
  const planErrors = planned.diagnostics.filter((d) => d.severity === 'error');
  if (planErrors.length > 0) throw new RegoError(planned.diagnostics, options.modules);
  const wasm = emit(planned.plan, loadRuntime(), { optimize: options.optimize });
  return {
    wasm,
    entrypoints: planned.plan.entrypoints.map((e) => e.name),
    builtins: planned.plan.hostBuiltins,
    warnings: [...checked.diagnostics, ...planned.diagnostics].filter((d) => d.severity === 'warning'),
    plan: planned.plan,
    modules,
  };
}

export function dumpPlan(options: CompileOptions): string {
  const modules = parseAll(options.modules, options.regoVersion ?? 1);
  const checked = check(modules, { customBuiltins: options.customBuiltins, allowedBuiltins: options.allowedBuiltins });
  if (checked.diagnostics.some((d) => d.severity === 'error')) throw new RegoError(checked.diagnostics, options.modules);
  const entrypoints = options.entrypoints?.length ? options.entrypoints : annotatedEntrypoints(modules);
  return formatPlan(plan(checked, { entrypoints, customBuiltins: options.customBuiltins, allowedBuiltins: options.allowedBuiltins }).plan);
}
