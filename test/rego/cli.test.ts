// `accord check` and `accord parse`, called as functions with an in-memory io.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand, checkSources } from '../../src/cli/check.js';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { parseCommand } from '../../src/cli/parse.js';

function memoryIO(quiet = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), quiet };
  return { io, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

let root: string;
const file = (rel: string, text: string) => {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'accord-cli-'));
  file('good/a.rego', 'package a\n\nallow if input.ok\n');
  file('good/nested/b.rego', 'package a.b\n\nx := [1, 2]\n');
  file('good/notes.txt', 'not rego');
  file('good/node_modules/dep/bad.rego', 'this is not rego');
  file('good/.hidden/bad.rego', 'neither is this');
  file('bad/one.rego', 'package one\n\nallow { input.ok }\n');
  file('bad/two.rego', 'package two\n\nx := "\\q"\ny := [1,\n');
  file('v0/old.rego', 'package old\n\ndeny[msg] { msg := "x" }\n');
  file('empty/readme.md', '# nothing here');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('accord check', () => {
  it('checks every .rego file under a directory, skipping node_modules and dot-directories', async () => {
    const { io, stdout, stderr } = memoryIO();
    expect(await checkCommand([join(root, 'good')], io)).toBe(0);
    expect(stdout()).toBe('checked 2 files');
    expect(stderr()).toBe('');
  });

  it('prints every error with its caret line and exits 1', async () => {
    const { io, stdout, stderr } = memoryIO();
    expect(await checkCommand([join(root, 'bad'), join(root, 'good', 'a.rego')], io)).toBe(1);
    const one = join(root, 'bad', 'one.rego');
    const two = join(root, 'bad', 'two.rego');
    expect(stderr()).toBe(
      [
        `${one}:3:7: rego_parse_error: \`allow { … }\` is Rego v0 syntax; in v1 write \`allow if { … }\` (rule body requires \`if\` in Rego v1)`,
        '  allow { input.ok }',
        '        ^',
        `${two}:3:7: rego_parse_error: invalid escape sequence \\q in string`,
        '  x := "\\q"',
        '        ^',
        `${two}:4:6: rego_parse_error: unclosed \`[\`: the file ends before its matching \`]\``,
        '  y := [1,',
        '       ^',
      ].join('\n'),
    );
    expect(stdout()).toBe('checked 3 files: 3 errors');
  });

  it('accepts v0 with --v0-compatible', async () => {
    const v0 = join(root, 'v0');
    const strict = memoryIO();
    expect(await checkCommand([v0], strict.io)).toBe(1);
    expect(strict.stderr()).toContain('`deny[msg] { … }` is Rego v0 syntax; in v1 write `deny contains msg if { … }`');
    const compat = memoryIO();
    expect(await checkCommand(['--v0-compatible', v0], compat.io)).toBe(0);
    expect(compat.stdout()).toBe('checked 1 file');
  });

  it('prints no summary when quiet', async () => {
    const { io, stdout } = memoryIO(true);
    expect(await checkCommand([join(root, 'good')], io)).toBe(0);
    expect(stdout()).toBe('');
  });

  it.each([
    [[], 'no files or directories given'],
    [['--frobnicate', 'x'], 'unknown flag: --frobnicate'],
    [['/definitely/not/here'], 'no such file or directory: /definitely/not/here'],
  ])('rejects %j with a message and usage', async (args, message) => {
    const { io, stderr } = memoryIO();
    expect(await checkCommand(args, io)).toBe(1);
    expect(stderr()).toContain(message);
  });

  it('fails when no .rego file is found', async () => {
    const { io, stderr } = memoryIO();
    expect(await checkCommand([join(root, 'empty')], io)).toBe(1);
    expect(stderr()).toContain('no .rego files found');
  });

  it('prints help', async () => {
    const { io, stdout } = memoryIO();
    expect(await checkCommand(['--help'], io)).toBe(0);
    expect(stdout()).toMatch(/^Usage: accord check \[--v0-compatible\] <files-or-dirs…>/);
  });

  it('is reachable through the dispatcher', async () => {
    const { io, stdout } = memoryIO();
    expect(await main(['check', join(root, 'good')], io)).toBe(0);
    expect(stdout()).toBe('checked 2 files');
  });

  it('exposes the parsing step for later stages', () => {
    const result = checkSources({ 'a.rego': 'package a\np := 1\n', 'b.rego': 'package b\np :=\n' });
    expect(result.modules.map((m) => m.file)).toEqual(['a.rego']);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual(['b.rego:2:3']);
  });
});

describe('accord parse', () => {
  it('prints the AST as JSON', async () => {
    const { io, stdout } = memoryIO();
    expect(await parseCommand([join(root, 'good', 'a.rego'), '--json'], io)).toBe(0);
    const ast = JSON.parse(stdout());
    expect(ast).toMatchObject({
      file: join(root, 'good', 'a.rego'),
      package: { path: ['a'], loc: { line: 1, col: 1 } },
      imports: [],
      rules: [{ type: 'rule', kind: 'complete', head: { ref: [{ type: 'var', name: 'allow' }] }, body: [{ type: 'expr', expr: { type: 'ref' } }] }],
      annotations: [],
      regoVersion: 1,
    });
  });

  it('leaves locations out with --no-locations', async () => {
    const { io, stdout } = memoryIO();
    expect(await parseCommand(['--json', '--no-locations', join(root, 'good', 'a.rego')], io)).toBe(0);
    expect(stdout()).not.toContain('"loc"');
    expect(JSON.parse(stdout()).rules[0].head.ref).toEqual([{ type: 'var', name: 'allow' }]);
  });

  it('prints an outline without --json', async () => {
    const { io, stdout } = memoryIO();
    expect(await parseCommand([join(root, 'good', 'nested', 'b.rego')], io)).toBe(0);
    expect(stdout()).toBe('package a.b  (Rego v1)\n3:1      complete x');
  });

  it('parses v0 with --v0-compatible', async () => {
    const { io, stdout } = memoryIO();
    expect(await parseCommand(['--v0-compatible', '--json', join(root, 'v0', 'old.rego')], io)).toBe(0);
    expect(JSON.parse(stdout())).toMatchObject({ regoVersion: 0, rules: [{ kind: 'set', head: { key: { name: 'msg' } } }] });
  });

  it('reports parse errors and exits 1', async () => {
    const { io, stdout, stderr } = memoryIO();
    expect(await parseCommand(['--json', join(root, 'bad', 'one.rego')], io)).toBe(1);
    expect(stdout()).toBe('');
    expect(stderr()).toContain('one.rego:3:7: rego_parse_error:');
  });

  it.each([
    [[], 'expected exactly one file'],
    [['a.rego', 'b.rego'], 'expected exactly one file'],
    [['/no/such/file.rego'], 'cannot read /no/such/file.rego: no such file'],
    [['--yaml', 'x.rego'], 'unknown flag: --yaml'],
  ])('rejects %j', async (args, message) => {
    const { io, stderr } = memoryIO();
    expect(await parseCommand(args, io)).toBe(1);
    expect(stderr()).toContain(message);
  });

  it('prints help', async () => {
    const { io, stdout } = memoryIO();
    expect(await parseCommand(['-h'], io)).toBe(0);
    expect(stdout()).toContain('Usage: accord parse');
  });
});
