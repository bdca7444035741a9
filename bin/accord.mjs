#!/usr/bin/env node
// Thin launcher: the CLI is bundled by build.mjs into dist/cli.js.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
