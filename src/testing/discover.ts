// Finding tests in parsed modules, as `opa test` does: every rule whose name starts with `test_`
// is a test; `todo_test_` rules are reported as skipped.
import type { Module, Rule } from '../rego/ast.js';

export interface TestCase {
  /** `data.pkg.test_name` — how results are reported. */
  id: string;
  /** Entrypoint path (`pkg/test_name`). */
  entrypoint: string;
  package: string;
  name: string;
  file: string;
  line: number;
  col: number;
  /** Partial set/object tests report one result per key (parameterised tests). */
  parameterised: boolean;
  todo: boolean;
}

export function discoverTests(modules: Module[]): TestCase[] {
  const seen = new Map<string, TestCase>();
  for (const mod of modules) {
    for (const rule of mod.rules) {
      const rel = refNames(rule);
      if (!rel) continue;
      const name = rel[rel.length - 1]!;
      const todo = name.startsWith('todo_test_');
      if (!name.startsWith('test_') && !todo) continue;
      const path = [...mod.package.path, ...rel];
      const entrypoint = path.join('/');
      if (seen.has(entrypoint)) continue; // several bodies of one test are one test
      seen.set(entrypoint, {
        id: `data.${path.join('.')}`,
        entrypoint,
        package: `data.${mod.package.path.join('.')}`,
        name,
        file: mod.file,
        line: rule.loc.line,
        col: rule.loc.col,
        parameterised: rule.kind === 'set' || rule.kind === 'object',
        todo,
      });
    }
  }
  return [...seen.values()];
}

function refNames(rule: Rule): string[] | undefined {
  if (rule.kind === 'function') return undefined;
  const out: string[] = [];
  for (const t of rule.head.ref) {
    if (t.type === 'var') out.push(t.name);
    else if (t.type === 'string') out.push(t.value);
    else return undefined;
  }
  return out;
}

export function filterTests(tests: TestCase[], run: string | undefined): TestCase[] {
  if (!run) return tests;
  const re = new RegExp(run);
  return tests.filter((t) => re.test(t.id));
}
