// Line coverage in OPA's report shape. The universe of coverable lines comes from the AST (rule
// heads and body literals, including nested bodies), so rules no test reaches count as not
// covered even though the planner never instrumented them.
import type { Body, Module, Term } from '../rego/ast.js';
import type { CoveragePoint } from '../compiler/ir.js';
import type { CoverageReport } from './types.js';

export function coverableLines(mod: Module): Set<number> {
  const lines = new Set<number>();
  const term = (t: Term | undefined): void => {
    if (!t) return;
    switch (t.type) {
      case 'arraycomp':
      case 'setcomp':
        body(t.body);
        return;
      case 'objectcomp':
        body(t.body);
        return;
      case 'ref':
        term(t.head);
        t.path.forEach(term);
        return;
      case 'call':
        t.args.forEach(term);
        return;
      case 'array':
      case 'set':
        t.items.forEach(term);
        return;
      case 'object':
        t.items.forEach(([k, v]) => (term(k), term(v)));
        return;
    }
  };
  const body = (b: Body): void => {
    for (const lit of b) {
      lines.add(lit.loc.line);
      if (lit.type === 'expr') term(lit.expr);
      else if (lit.type === 'every') body(lit.body);
      else if (lit.type === 'somein') term(lit.collection);
    }
  };
  for (const rule of mod.rules) {
    if (rule.default) continue; // defaults have no body to cover
    lines.add(rule.head.loc.line);
    body(rule.body);
    for (const e of rule.else) {
      lines.add(e.loc.line);
      body(e.body);
    }
  }
  return lines;
}

function ranges(lines: number[]): Array<{ start: { row: number }; end: { row: number } }> {
  const out: Array<{ start: { row: number }; end: { row: number } }> = [];
  for (const l of [...lines].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last.end.row === l - 1) last.end.row = l;
    else out.push({ start: { row: l }, end: { row: l } });
  }
  return out;
}

const pct = (covered: number, total: number) => (total === 0 ? 100 : Math.round((covered / total) * 10000) / 100);

export function coverageReport(modules: Module[], points: CoveragePoint[], covered: Uint8Array, include: (file: string) => boolean): CoverageReport {
  const hit = new Map<string, Set<number>>();
  points.forEach((p, i) => {
    if (!covered[i]) return;
    let s = hit.get(p.file);
    if (!s) hit.set(p.file, (s = new Set()));
    s.add(p.line);
  });
  const report: CoverageReport = { files: {}, covered_lines: 0, not_covered_lines: 0, coverage: 100 };
  for (const mod of modules) {
    if (!include(mod.file)) continue;
    const all = coverableLines(mod);
    const yes = [...all].filter((l) => hit.get(mod.file)?.has(l));
    const no = [...all].filter((l) => !hit.get(mod.file)?.has(l));
    report.files[mod.file] = {
      covered: ranges(yes),
      not_covered: ranges(no),
      covered_lines: yes.length,
      not_covered_lines: no.length,
      coverage: pct(yes.length, all.size),
    };
    report.covered_lines += yes.length;
    report.not_covered_lines += no.length;
  }
  report.coverage = pct(report.covered_lines, report.covered_lines + report.not_covered_lines);
  return report;
}
