// `# METADATA` blocks: YAML content, where each block attaches, scopes, and located YAML errors.
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseErrors, parseOk, where } from './helpers.js';

describe('METADATA content', () => {
  it('keeps title, description, entrypoint, scope, custom and every raw key', () => {
    const m = parseOk(`package p

# METADATA
# title: Allow access
# description: |
#   Multi-line
#   description.
# entrypoint: true
# authors:
#   - Alice <alice@example.com>
# related_resources:
#   - https://example.com/docs
# custom:
#   severity: high
#   tags: [a, b]
allow if input.ok
`);
    const [a] = m.rules[0]!.annotations;
    expect(a).toEqual({
      scope: 'rule',
      title: 'Allow access',
      description: 'Multi-line\ndescription.\n',
      entrypoint: true,
      custom: { severity: 'high', tags: ['a', 'b'] },
      raw: {
        title: 'Allow access',
        description: 'Multi-line\ndescription.\n',
        entrypoint: true,
        authors: ['Alice <alice@example.com>'],
        related_resources: ['https://example.com/docs'],
        custom: { severity: 'high', tags: ['a', 'b'] },
      },
      loc: { file: 'test.rego', line: 3, col: 1, offset: 11, end: expect.any(Number) },
    });
    expect(m.annotations).toEqual([]);
  });

  it('accepts `#key: value` without a space after the hash', () => {
    const m = parseOk('package p\n# METADATA\n#title: T\n#custom:\n#  a: 1\np := 1\n');
    expect(m.rules[0]!.annotations[0]).toMatchObject({ title: 'T', custom: { a: 1 } });
  });

  // The common `key: text` blocks are read without the YAML library; they must mean exactly
  // what the library would make of them.
  it.each([
    'title: Plain words',
    'title: with (parens), commas; and/slashes',
    "title: it's",
    'title: yes',
    'title: no',
    'title: on',
    'title: True',
    'title: NULL',
    'title: null',
    'title: ~',
    'title: 1.5',
    'title: 0x1F',
    'title: .inf',
    'title: a: b',
    'title: text # comment',
    "title: 'quoted'",
    'title: "double"',
    'title: trailing   ',
    'entrypoint: true',
    'entrypoint: false',
    'scope: document',
    'title: T\ndescription: D\nentrypoint: true',
    'custom:\n  severity: high\n  team: core',
    'custom:\n  a: 1\n  b: yes',
    'custom:\ntitle: t',
    'custom:\n  a: x\n    b: y',
    'custom:\n  a:\n    b: c',
    'title: x\ntitle: y',
  ])('reads %j as the YAML library does', (yaml) => {
    const source = `package p\n# METADATA\n${yaml.split('\n').map((l) => `# ${l}`).join('\n')}\np := 1\n`;
    let expected: unknown;
    try {
      expected = parseYaml(yaml, { uniqueKeys: true });
    } catch {
      expected = undefined;
    }
    const invalid =
      expected === undefined ||
      expected === null ||
      typeof expected !== 'object' ||
      ['title', 'description'].some((k) => k in (expected as object) && typeof (expected as Record<string, unknown>)[k] !== 'string') ||
      ('entrypoint' in (expected as object) && typeof (expected as Record<string, unknown>).entrypoint !== 'boolean') ||
      ('scope' in (expected as object) && typeof (expected as Record<string, unknown>).scope !== 'string') ||
      ('custom' in (expected as object) && (typeof (expected as Record<string, unknown>).custom !== 'object' || (expected as Record<string, unknown>).custom === null));
    if (invalid) {
      expect(parseErrors(source)[0]!.message).toMatch(/^invalid METADATA: /);
    } else {
      const m = parseOk(source);
      const a = m.rules[0]?.annotations[0] ?? m.annotations[0];
      expect(a!.raw).toEqual(expected);
    }
  });
});

describe('METADATA placement', () => {
  it('attaches a block before `package` to the module with scope package', () => {
    const m = parseOk('# METADATA\n# title: The package\npackage p\n\np := 1\n');
    expect(m.annotations).toMatchObject([{ scope: 'package', title: 'The package', loc: { line: 1 } }]);
    expect(m.rules[0]!.annotations).toEqual([]);
  });

  it('attaches package and subpackages scopes to the module wherever they are', () => {
    const m = parseOk(
      '# METADATA\n# scope: subpackages\n# title: S\npackage p\n\n# METADATA\n# scope: package\n# title: P\n\n# METADATA\n# title: R\np := 1\n',
    );
    expect(m.annotations.map((a) => [a.scope, a.title])).toEqual([
      ['subpackages', 'S'],
      ['package', 'P'],
    ]);
    expect(m.rules[0]!.annotations.map((a) => [a.scope, a.title])).toEqual([['rule', 'R']]);
  });

  it('attaches rule and document scopes to the next rule', () => {
    const m = parseOk('package p\n# METADATA\n# scope: document\n# title: D\nallow if true\n\n# METADATA\n# title: second\nallow if false\n');
    expect(m.rules.map((r) => r.annotations.map((a) => [a.scope, a.title]))).toEqual([[['document', 'D']], [['rule', 'second']]]);
  });

  it('attaches to default rules, functions and ref-head rules alike', () => {
    const m = parseOk(
      'package p\n# METADATA\n# title: a\ndefault x := 1\n# METADATA\n# title: b\nf(x) := x\n# METADATA\n# title: c\na.b[k] := 1 if k := "k"\n',
    );
    expect(m.rules.map((r) => r.annotations[0]!.title)).toEqual(['a', 'b', 'c']);
  });

  it('keeps several blocks before one rule, in order', () => {
    const m = parseOk('package p\n# METADATA\n# title: one\n\n# METADATA\n# title: two\np := 1\n');
    expect(m.rules[0]!.annotations.map((a) => a.title)).toEqual(['one', 'two']);
  });

  it('ends a block at the first line that is not a column-1 comment', () => {
    const m = parseOk('package p\n# METADATA\n# title: T\n\n# just a comment: [\np := 1\n');
    expect(m.rules[0]!.annotations.map((a) => a.raw)).toEqual([{ title: 'T' }]);
    const indented = parseOk('package p\n# METADATA\n# title: T\n  # description: not part of it\np := 1\n');
    expect(indented.rules[0]!.annotations[0]!.raw).toEqual({ title: 'T' });
  });

  it('ignores `# METADATA` that does not start at column 1 (as OPA does)', () => {
    const m = parseOk('package p\np if {\n  # METADATA\n  # title: [\n  true\n}\n');
    expect(m.rules[0]!.annotations).toEqual([]);
  });

  it('puts blocks before imports and at the end of the file on the module', () => {
    const m = parseOk('package p\n# METADATA\n# title: imp\nimport data.x\np := 1\n# METADATA\n# title: tail\n');
    expect(m.annotations.map((a) => a.title)).toEqual(['imp', 'tail']);
  });
});

describe('METADATA errors', () => {
  it.each([
    ['# title: [', 3, 11, 'invalid METADATA: Flow sequence'],
    ['# title: a\n#  bad: 2', 3, 10, 'invalid METADATA: Nested mappings are not allowed'],
    ['# title: [1]', 3, 3, '`title` must be a string'],
    ['# description: 5', 3, 3, '`description` must be a string'],
    ['# entrypoint: "yes"', 3, 3, '`entrypoint` must be true or false'],
    ['# custom: [1]', 3, 3, '`custom` must be a mapping'],
    ['# scope: everywhere', 3, 3, '`scope` must be one of rule, document, package, subpackages'],
    ['# - a list', 3, 3, 'expected a YAML mapping'],
    ['# just text', 3, 3, 'expected a YAML mapping'],
    ['# title: a\n# title: b', 4, 3, 'invalid METADATA: Map keys must be unique'],
    ['# a: &a [1,1,1,1,1,1,1,1,1]\n# b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n# c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n# d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n# e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]', 2, 1, 'invalid METADATA: Excessive alias count'],
  ])('%j', (yaml, line, col, message) => {
    const [d] = parseErrors(`package p\n# METADATA\n${yaml}\np := 1\n`);
    expect(d).toMatchObject({ code: 'rego_parse_error', line, col });
    expect(d!.message).toContain(message);
    expect(d!.message).not.toContain('\n');
  });

  it('reports an empty block', () => {
    expect(where(parseErrors('package p\n# METADATA\np := 1\n'))).toEqual(['2:1 invalid METADATA: the block is empty (expected YAML such as `title: …`)']);
  });

  it('rejects rule and document scopes on the package', () => {
    expect(where(parseErrors('# METADATA\n# scope: rule\npackage p\n'))).toEqual([
      '1:1 invalid METADATA: scope `rule` cannot apply to a package (use package or subpackages)',
    ]);
  });

  it('still reports syntax errors in the rules after a bad block', () => {
    expect(where(parseErrors('package p\n# METADATA\n# title: [\np := \n')).map((w) => w.split(' ')[0])).toEqual(['3:11', '4:3']);
  });
});
