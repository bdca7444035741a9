// `accord` command dispatcher. Each command lives in its own module and returns an exit code.
import { processIO, type CliIO, type Command } from './io.js';
import { commands } from './commands.js';
import { VERSION } from '../version.js';

const USAGE = `accord ${VERSION} — Rego policies compiled to OPA-compatible WebAssembly

Usage: accord <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run 'accord <command> --help' for a command's options.`;

export async function main(argv: string[], options: Partial<CliIO> = {}): Promise<number> {
  const io: CliIO = { ...processIO, ...options };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`accord: unknown command '${name}'\n\n${USAGE}`);
    return 1;
  }
  return command.run(rest, io);
}

export type { Command };
