// Diagnostics shared by every stage of the pipeline (parser, checker, planner, emitter).
// Codes follow OPA's where OPA has one (rego_parse_error, rego_compile_error, rego_type_error,
// rego_recursion_error, rego_unsafe_var_error), so users can search for them.

import type { Location } from './ast.js';

export type DiagnosticCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_type_error'
  | 'rego_recursion_error'
  | 'rego_unsafe_var_error';

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  file: string;
  line: number;
  col: number;
  /** 0-based UTF-16 offset into the source, when known. */
  offset?: number;
  severity: 'error' | 'warning';
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  loc: Pick<Location, 'file' | 'line' | 'col'> & { offset?: number },
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return { code, message, file: loc.file, line: loc.line, col: loc.col, offset: loc.offset, severity };
}

/**
 * Renders `file:line:col: code: message` followed by the source line and a caret under the
 * offending column (when the source is known). Columns count code points, as the parser does.
 */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.code}: ${d.message}`;
  if (source === undefined) return head;
  const lines = source.split('\n');
  const text = lines[d.line - 1];
  if (text === undefined) return head;
  // Long lines (minified or generated input) are cut around the column so the caret stays useful.
  const chars = Array.from(text.replace(/\r$/, ''));
  const start = Math.max(0, d.col - 60);
  const shown = chars.slice(start, start + 120).join('').replace(/\t/g, ' ');
  const caretPos = d.col - 1 - start;
  return `${head}\n  ${shown}\n  ${' '.repeat(Math.max(0, caretPos))}^`;
}

/** Thrown by the public APIs; carries every diagnostic of the run, not only the first. */
export class RegoError extends Error {
  readonly code: DiagnosticCode;
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], sources: Record<string, string> = {}) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const shown = errors.length > 0 ? errors : diagnostics;
    const message =
      shown.map((d) => formatDiagnostic(d, sources[d.file])).join('\n') +
      (shown.length > 1 ? `\n${shown.length} errors` : '');
    super(message);
    this.name = 'RegoError';
    this.code = shown[0]?.code ?? 'rego_compile_error';
    this.diagnostics = diagnostics;
  }
}
