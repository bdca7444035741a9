// The Rego front end's public API: source text in, AST (src/rego/ast.ts) and diagnostics out.

import type { Module } from './ast.js';
import { RegoError, type Diagnostic } from './diagnostics.js';
import { MAX_DIAGNOSTICS } from './cursor.js';
import { lex } from './lexer.js';
import { extractMetadata } from './metadata.js';
import { ModuleParser } from './parser.js';

export interface ParseOptions {
  /**
   * The syntax to expect. 1 (default) is OPA 1.x Rego; 0 accepts Rego v0 (bodies without `if`,
   * `p[x] { … }` partial sets, future keywords only when imported). A module that imports
   * `rego.v1` is parsed as v1 either way.
   */
  regoVersion?: 0 | 1;
}

export interface ParseResult {
  /** Present only when there are no errors. */
  module?: Module;
  /** Errors (and any warnings) sorted by position. */
  diagnostics: Diagnostic[];
}

export function parseModule(source: string, file: string, options: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const tokens = lex(source, file, diagnostics, { maxErrors: MAX_DIAGNOSTICS });
  const blocks = extractMetadata(source, file, tokens.comments, diagnostics);
  const parser = new ModuleParser(source, file, tokens, diagnostics, (options.regoVersion ?? 1) === 1, blocks);
  const module = parser.parseModule();
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return failed || !module ? { diagnostics } : { module, diagnostics };
}

/**
 * Parses several files at once (file name → source). Throws a RegoError carrying the diagnostics
 * of every file when any has an error, so callers see all problems in one go.
 */
export function parseModules(sources: Record<string, string>, options: ParseOptions = {}): Module[] {
  const modules: Module[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [file, source] of Object.entries(sources)) {
    const result = parseModule(source, file, options);
    diagnostics.push(...result.diagnostics);
    if (result.module) modules.push(result.module);
  }
  if (diagnostics.some((d) => d.severity === 'error')) throw new RegoError(diagnostics, sources);
  return modules;
}

export { MAX_NESTING } from './expressions.js';
export { MAX_DIAGNOSTICS } from './cursor.js';
export type { Diagnostic } from './diagnostics.js';
