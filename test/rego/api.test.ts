// The public API of src/rego/index.ts.
import { describe, expect, it } from 'vitest';
import { RegoError } from '../../src/rego/diagnostics.js';
import { parseModule, parseModules } from '../../src/rego/index.js';

describe('parseModule', () => {
  it('returns the module and no diagnostics for valid input', () => {
    const result = parseModule('package a\np := 1\n', 'a.rego');
    expect(result.diagnostics).toEqual([]);
    expect(result.module).toMatchObject({ file: 'a.rego', package: { path: ['a'] }, regoVersion: 1 });
  });

  it('defaults to Rego v1 and honours regoVersion 0', () => {
    expect(parseModule('package a\np { true }\n', 'a.rego').module).toBeUndefined();
    expect(parseModule('package a\np { true }\n', 'a.rego', { regoVersion: 0 }).module).toMatchObject({ regoVersion: 0 });
  });

  it('returns no module when there is any error, with diagnostics sorted by position', () => {
    const result = parseModule('package a\nx := "\\q"\ny := 1 2\nz := @\n', 'a.rego');
    expect(result.module).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.line, d.col])).toEqual([
      [2, 7],
      [3, 8],
      [4, 6],
    ]);
    expect(result.diagnostics[0]).toEqual({
      code: 'rego_parse_error',
      message: 'invalid escape sequence \\q in string',
      file: 'a.rego',
      line: 2,
      col: 7,
      offset: 16,
      severity: 'error',
    });
  });

  it('parses an empty or comment-only file as an error (no package)', () => {
    expect(parseModule('', 'e.rego').diagnostics.map((d) => d.message)).toEqual(['expected `package` at the start of the module, found end of file']);
    expect(parseModule('# only a comment\n', 'e.rego').module).toBeUndefined();
  });
});

describe('parseModules', () => {
  it('parses several files', () => {
    const modules = parseModules({ 'a.rego': 'package a\np := 1\n', 'b.rego': 'package b\nq := 2\n' });
    expect(modules.map((m) => m.package.path.join('.'))).toEqual(['a', 'b']);
  });

  it('throws one RegoError carrying the diagnostics of every file', () => {
    let error: unknown;
    try {
      parseModules({ 'a.rego': 'package a\np :=\n', 'b.rego': 'package b\nq := 1 1\n', 'c.rego': 'package c\n' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegoError);
    const e = error as RegoError;
    expect(e.code).toBe('rego_parse_error');
    expect(e.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual(['a.rego:2:3', 'b.rego:2:8']);
    expect(e.message).toContain('a.rego:2:3: rego_parse_error: missing value after `:=`\n  p :=\n    ^');
    expect(e.message).toContain('2 errors');
  });
});
