// `accord version`: like `opa version`, the first line is `Version: <semver>`.
import { ABI_MINOR_VERSION } from '../compiler/abi.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';

export function versionText(): string {
  return [`Version: ${VERSION}`, `WebAssembly ABI: 1.${ABI_MINOR_VERSION}`, `Node: ${process.version}`].join('\n');
}

export async function versionCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout('Usage: accord version\n\nPrints the Accord version, the OPA wasm ABI version its modules implement, and the Node version.');
    return 0;
  }
  if (argv.length > 0) {
    io.stderr(`accord version: unexpected argument ${argv[0]}`);
    return 1;
  }
  io.stdout(versionText());
  return 0;
}
