// Reporters for `accord test`: pretty (like `opa test`), json, and JUnit XML for CI systems.
import type { CoverageReport, TestResult } from './types.js';

export function counts(results: TestResult[]) {
  const c = { pass: 0, fail: 0, error: 0, skip: 0 };
  for (const r of results) c[r.status]++;
  return c;
}

const fmtDuration = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(1)}ms` : `${(ns / 1e3).toFixed(1)}µs`);

export function pretty(results: TestResult[], opts: { verbose?: boolean; bench?: boolean } = {}): string {
  const lines: string[] = [];
  const byFile = new Map<string, TestResult[]>();
  for (const r of results) {
    const list = byFile.get(r.file) ?? [];
    list.push(r);
    byFile.set(r.file, list);
  }
  const problems = results.filter((r) => r.status === 'fail' || r.status === 'error');
  if (problems.length > 0) {
    for (const r of problems) {
      lines.push(`${r.file}:${r.line}:${r.col}: ${r.id}: ${r.status.toUpperCase()}${r.error ? ` (${r.error.code}: ${r.error.message})` : r.value === undefined ? ' (undefined)' : ` (${JSON.stringify(r.value)})`}`);
      for (const o of r.output) lines.push(`  ${o}`);
    }
    lines.push('');
  }
  if (opts.verbose || opts.bench) {
    for (const [file, list] of byFile) {
      lines.push(`${file}:`);
      for (const r of list) {
        const time = opts.bench ? `${(r.durationNs / 1e3).toFixed(2)} µs/op` : fmtDuration(r.durationNs);
        lines.push(`${r.id}: ${r.status.toUpperCase()} (${time})`);
        if (opts.verbose && r.status !== 'pass') for (const o of r.output) lines.push(`  ${o}`);
      }
      lines.push('');
    }
  }
  const c = counts(results);
  lines.push('-'.repeat(80));
  if (c.pass) lines.push(`PASS: ${c.pass}/${results.length}`);
  if (c.fail) lines.push(`FAIL: ${c.fail}/${results.length}`);
  if (c.error) lines.push(`ERROR: ${c.error}/${results.length}`);
  if (c.skip) lines.push(`SKIPPED: ${c.skip}/${results.length}`);
  return lines.join('\n');
}

export function json(results: TestResult[], coverage?: CoverageReport): string {
  const tests = results.map((r) => ({
    location: { file: r.file, row: r.line, col: r.col },
    package: r.package,
    name: r.name,
    ...(r.status === 'fail' ? { fail: true } : {}),
    ...(r.status === 'skip' ? { skip: true } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.output.length ? { output: r.output.join('\n') } : {}),
    duration: r.durationNs,
  }));
  return JSON.stringify(coverage ? { tests, coverage } : tests, null, 2);
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function junit(results: TestResult[]): string {
  const c = counts(results);
  const totalSec = results.reduce((s, r) => s + r.durationNs, 0) / 1e9;
  const cases = results.map((r) => {
    const head = `    <testcase name="${xml(r.name)}" classname="${xml(r.package)}" file="${xml(r.file)}" line="${r.line}" time="${(r.durationNs / 1e9).toFixed(6)}"`;
    const out = r.output.length ? `\n      <system-out>${xml(r.output.join('\n'))}</system-out>` : '';
    if (r.status === 'pass') return `${head}>${out}\n    </testcase>`;
    if (r.status === 'skip') return `${head}>\n      <skipped/>\n    </testcase>`;
    if (r.status === 'error') return `${head}>\n      <error type="${xml(r.error?.code ?? 'error')}" message="${xml(r.error?.message ?? '')}"/>${out}\n    </testcase>`;
    const msg = r.value === undefined ? 'undefined' : JSON.stringify(r.value);
    return `${head}>\n      <failure message="${xml(`test evaluated to ${msg}`)}"/>${out}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${results.length}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip}" time="${totalSec.toFixed(6)}">`,
    `  <testsuite name="accord" tests="${results.length}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip}" time="${totalSec.toFixed(6)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

export function coverageSummary(cov: CoverageReport): string {
  const lines = ['', 'Coverage:'];
  for (const [file, f] of Object.entries(cov.files)) {
    const missing = f.not_covered.map((r) => (r.start.row === r.end.row ? `${r.start.row}` : `${r.start.row}-${r.end.row}`));
    lines.push(`  ${file.padEnd(40)} ${f.coverage.toFixed(2).padStart(6)}%${missing.length ? `  not covered: ${missing.join(', ')}` : ''}`);
  }
  lines.push(`  ${'total'.padEnd(40)} ${cov.coverage.toFixed(2).padStart(6)}%`);
  return lines.join('\n');
}
