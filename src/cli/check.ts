// `accord check`: parse every .rego file under the given paths and report all errors.
//
// The parsing step is `checkSources()`, separate from the command, so later stages (compile-time
// checks) can run on its modules and add their diagnostics to the same report.
import type { Module } from '../rego/ast.js';
import { formatDiagnostic, type Diagnostic } from '../rego/diagnostics.js';
import { parseModule } from '../rego/index.js';
import { parseArgs, UsageError } from './args.js';
import { findFiles } from './files.js';
import type { CliIO } from './io.js';

const HELP = `Usage: accord check [--v0-compatible] <files-or-dirs…>

Parses every .rego file under the given paths (directories recursively, skipping node_modules
and dot-directories) and prints every error as file:line:col with the offending line.
Exit status: 0 when all files are clean, 1 when there are errors or bad arguments.

Options:
      --v0-compatible   parse modules as Rego v0 (modules importing rego.v1 stay v1)
  -h, --help            show this help`;

export interface CheckResult {
  /** Modules that parsed without errors. */
  modules: Module[];
  /** Every diagnostic, in file order then position order. */
  diagnostics: Diagnostic[];
}

/** Parses each source (file name → text); never throws on bad Rego. */
export function checkSources(sources: Record<string, string>, regoVersion: 0 | 1 = 1): CheckResult {
  const modules: Module[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [file, source] of Object.entries(sources)) {
    const result = parseModule(source, file, { regoVersion });
    diagnostics.push(...result.diagnostics);
    if (result.module) modules.push(result.module);
  }
  return { modules, diagnostics };
}

/** Prints diagnostics with their source line and caret; returns how many were errors. */
export function printDiagnostics(diagnostics: Diagnostic[], sources: Record<string, string>, io: CliIO): number {
  let errors = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    io.stderr(formatDiagnostic(d, sources[d.file]));
  }
  return errors;
}

export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { 'v0-compatible': {}, help: { alias: 'h' } });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`accord check: ${err.message}\n\n${HELP}`);
      return 1;
    }
    throw err;
  }
  if (args.flags.help) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positional.length === 0) {
    io.stderr(`accord check: no files or directories given\n\n${HELP}`);
    return 1;
  }
  let sources: Record<string, string>;
  try {
    sources = findFiles(args.positional).rego;
  } catch (err) {
    io.stderr(`accord check: ${(err as Error).message.replace(/^accord: /, '')}`);
    return 1;
  }
  const count = Object.keys(sources).length;
  if (count === 0) {
    io.stderr(`accord check: no .rego files found in ${args.positional.join(', ')}`);
    return 1;
  }
  const { diagnostics } = checkSources(sources, args.flags['v0-compatible'] ? 0 : 1);
  const errors = printDiagnostics(diagnostics, sources, io);
  if (!io.quiet) {
    const files = `${count} ${count === 1 ? 'file' : 'files'}`;
    io.stdout(errors === 0 ? `checked ${files}` : `checked ${files}: ${errors} ${errors === 1 ? 'error' : 'errors'}`);
  }
  return errors === 0 ? 0 : 1;
}
