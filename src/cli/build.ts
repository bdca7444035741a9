// `accord build`: compile Rego to an OPA-ABI wasm module (the `opa build -t wasm` equivalent).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { compile, RegoError } from '../compiler/index.js';
import { parseArgs, UsageError } from './args.js';
import { findFiles } from './files.js';
import type { CliIO } from './io.js';

const HELP = `Usage: accord build [-e package/rule]… [-o policy.wasm] [--v0-compatible] <files-or-dirs…>

Compiles every .rego file under the given paths to one wasm module implementing OPA's wasm ABI
(loadable by @open-policy-agent/opa-wasm). Entrypoints are written like 'opa build -e'
(app/authz/allow, or a package app/authz); default: rules annotated 'entrypoint: true'.

Options:
  -e, --entrypoint <path>   entrypoint (repeatable)
  -o, --output <file>       output file (default policy.wasm)
      --v0-compatible       parse modules as Rego v0
      --dump-ir             print the planner's IR instead of writing wasm`;

export async function buildCommand(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, {
      entrypoint: { value: true, multiple: true, alias: 'e' },
      output: { value: true, alias: 'o' },
      'v0-compatible': {},
      'dump-ir': {},
      help: { alias: 'h' },
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`accord build: ${err.message}\n\n${HELP}`);
      return 1;
    }
    throw err;
  }
  if (args.flags.help) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positional.length === 0) {
    io.stderr(`accord build: no input files\n\n${HELP}`);
    return 1;
  }
  const files = findFiles(args.positional);
  const output = args.flags.output?.[0] ?? 'policy.wasm';
  const t0 = performance.now();
  try {
    const result = compile({
      modules: files.rego,
      entrypoints: args.flags.entrypoint ?? [],
      regoVersion: args.flags['v0-compatible'] ? 0 : 1,
    });
    if (args.flags['dump-ir']) {
      const { formatPlan } = await import('../compiler/ir.js');
      io.stdout(formatPlan(result.plan));
      return 0;
    }
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, result.wasm);
    for (const w of result.warnings) io.stderr(`${w.file}:${w.line}:${w.col}: warning: ${w.message}`);
    if (!io.quiet) {
      io.stdout(
        `accord build: ${Object.keys(files.rego).length} files → ${output} (${result.wasm.length} bytes, ` +
          `${result.entrypoints.length} entrypoint${result.entrypoints.length === 1 ? '' : 's'}: ${result.entrypoints.join(', ')}) in ${(performance.now() - t0).toFixed(0)} ms`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof RegoError) {
      io.stderr(err.message);
      return 1;
    }
    throw err;
  }
}
