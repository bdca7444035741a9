// The command table. Adding a command: write src/cli/<name>.ts exporting a Command, list it here.
// Commands load lazily, so `accord check` or `accord version` never pay for the compiler
// (binaryen's own wasm takes hundreds of milliseconds to initialise).
import type { Command } from './io.js';

export interface CommandEntry {
  summary: string;
  run: Command;
}

const lazy =
  (load: () => Promise<Command>): Command =>
  async (args, io) =>
    (await load())(args, io);

export const commands: Record<string, CommandEntry> = {
  build: {
    summary: 'compile Rego to an OPA bundle with an OPA-ABI wasm module (opa build -t wasm)',
    run: lazy(async () => (await import('./build.js')).buildCommand),
  },
  eval: { summary: 'evaluate an entrypoint through the compiled wasm', run: lazy(async () => (await import('./eval.js')).evalCommand) },
  test: { summary: 'run Rego unit tests (test_* rules), like opa test', run: lazy(async () => (await import('./test.js')).testCommand) },
  check: { summary: 'parse .rego files and report every error', run: lazy(async () => (await import('./check.js')).checkCommand) },
  parse: { summary: 'print the AST (--json) or an outline of a .rego file', run: lazy(async () => (await import('./parse.js')).parseCommand) },
  version: { summary: 'print the version (first line: Version: <semver>)', run: lazy(async () => (await import('./version.js')).versionCommand) },
};
