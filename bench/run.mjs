// `npm run bench`: the headline figures, one script after another (each prints its own table).
// Individual scripts: bench:policy, bench:engine, bench:claims, bench:audit, bench:parse,
// bench:runtime, bench:builtins, bench:peers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const scripts = ['policy.mjs', 'engine.mjs', 'claims.mjs', 'audit.mjs'];
let failed = 0;
for (const s of scripts) {
  const path = fileURLToPath(new URL(s, import.meta.url));
  if (!existsSync(path)) continue;
  console.log(`\n=== bench/${s} ${'='.repeat(60 - s.length)}`);
  const r = spawnSync(process.execPath, [path], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
