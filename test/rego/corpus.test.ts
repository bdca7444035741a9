// The policy corpus: realistic v1 policies that must parse clean (each file lists the constructs
// it covers in `# constructs:` comments), and broken ones whose `# expect: line:col message`
// comments list exactly the errors they must produce.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Body, Literal, Module, Term } from '../../src/rego/ast.js';
import { parseModule } from '../../src/rego/index.js';

const dir = join(import.meta.dirname, 'corpus');
const valid = readdirSync(dir).filter((f) => f.endsWith('.rego')).sort();
const invalid = readdirSync(join(dir, 'invalid')).filter((f) => f.endsWith('.rego')).sort();

const modules: Module[] = [];

describe('valid corpus', () => {
  it.each(valid)('%s parses clean', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const result = parseModule(source, file);
    expect(result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([]);
    expect(result.module!.rules.length).toBeGreaterThan(0);
    modules.push(result.module!);
  });

  it('names at least 60 distinct constructs', () => {
    const constructs = new Set<string>();
    for (const file of valid) {
      const source = readFileSync(join(dir, file), 'utf8');
      const listed = [...source.matchAll(/^# constructs: (.*)$/gm)].flatMap((m) => m[1]!.split(','));
      expect(listed.length, `${file} lists its constructs`).toBeGreaterThan(0);
      for (const c of listed) if (c.trim()) constructs.add(c.trim());
    }
    expect(constructs.size).toBeGreaterThanOrEqual(60);
  });

  it('exercises every node type of the AST', () => {
    const terms = new Set<string>();
    const literals = new Set<string>();
    const kinds = new Set<string>();
    const visitTerm = (t: Term): void => {
      terms.add(t.type);
      switch (t.type) {
        case 'ref':
          visitTerm(t.head);
          t.path.forEach(visitTerm);
          break;
        case 'array':
        case 'set':
          t.items.forEach(visitTerm);
          break;
        case 'object':
          t.items.forEach(([k, v]) => (visitTerm(k), visitTerm(v)));
          break;
        case 'arraycomp':
        case 'setcomp':
          visitTerm(t.head);
          visitBody(t.body);
          break;
        case 'objectcomp':
          visitTerm(t.key);
          visitTerm(t.value);
          visitBody(t.body);
          break;
        case 'call':
          t.args.forEach(visitTerm);
          break;
      }
    };
    const visitLiteral = (l: Literal): void => {
      literals.add(l.type === 'expr' && l.negated ? 'not' : l.type);
      if (l.type !== 'some' && l.with.length > 0) literals.add('with');
      if (l.type === 'expr') visitTerm(l.expr);
      if (l.type === 'somein') visitTerm(l.collection);
      if (l.type === 'every') visitBody(l.body);
    };
    const visitBody = (b: Body) => b.forEach(visitLiteral);
    for (const m of modules) {
      for (const r of m.rules) {
        kinds.add(r.default ? 'default' : r.kind);
        if (r.else.length > 0) kinds.add('else');
        if (r.annotations.length > 0) kinds.add('annotated');
        r.head.ref.forEach(visitTerm);
        if (r.head.value) visitTerm(r.head.value);
        if (r.head.key) visitTerm(r.head.key);
        r.head.args?.forEach(visitTerm);
        visitBody(r.body);
        for (const e of r.else) visitBody(e.body);
      }
    }
    expect([...terms].sort()).toEqual(
      ['array', 'arraycomp', 'boolean', 'call', 'null', 'number', 'object', 'objectcomp', 'ref', 'set', 'setcomp', 'string', 'var'],
    );
    expect([...literals].sort()).toEqual(['every', 'expr', 'not', 'some', 'somein', 'with']);
    expect([...kinds].sort()).toEqual(['annotated', 'complete', 'default', 'else', 'function', 'object', 'set']);
  });
});

describe('invalid corpus', () => {
  it.each(invalid)('%s reports exactly its expected errors', (file) => {
    const source = readFileSync(join(dir, 'invalid', file), 'utf8');
    const expected = [...source.matchAll(/^# expect: (\d+):(\d+) (.*)$/gm)].map((m) => ({ at: `${m[1]}:${m[2]}`, message: m[3]! }));
    expect(expected.length, `${file} lists its expected errors`).toBeGreaterThan(0);
    const result = parseModule(source, `invalid/${file}`);
    expect(result.module).toBeUndefined();
    const actual = result.diagnostics.map((d) => ({ at: `${d.line}:${d.col}`, message: d.message, file: d.file, code: d.code }));
    expect(actual.map((a) => a.at)).toEqual(expected.map((e) => e.at));
    actual.forEach((a, i) => {
      expect(a.message).toContain(expected[i]!.message);
      expect(a).toMatchObject({ file: `invalid/${file}`, code: 'rego_parse_error' });
    });
  });
});
