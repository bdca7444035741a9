// The command table. Adding a command: write src/cli/<name>.ts exporting a Command, list it here.
import type { Command } from './io.js';
import { buildCommand } from './build.js';
import { evalCommand } from './eval.js';
import { testCommand } from './test.js';
import { checkCommand } from './check.js';
import { parseCommand } from './parse.js';
import { versionCommand } from './version.js';

export interface CommandEntry {
  summary: string;
  run: Command;
}

export const commands: Record<string, CommandEntry> = {
  build: { summary: 'compile Rego to an OPA bundle with an OPA-ABI wasm module (opa build -t wasm)', run: buildCommand },
  eval: { summary: 'evaluate an entrypoint through the compiled wasm', run: evalCommand },
  test: { summary: 'run Rego unit tests (test_* rules), like opa test', run: testCommand },
  check: { summary: 'parse .rego files and report every error', run: checkCommand },
  parse: { summary: 'print the AST (--json) or an outline of a .rego file', run: parseCommand },
  version: { summary: 'print the version (first line: Version: <semver>)', run: versionCommand },
};
