// `npm run demo` (after `node build.mjs`): builds the Next.js example with `next build`, starts
// `next start` on a free 127.0.0.1 port, prints the URL, the seeded users, the CI job's API key,
// and then the live decision log — one line per decision, from every layer.
//
//   ACCORD_GATE=middleware npm run demo   # the Edge middleware.ts variant instead of proxy.ts
//   ACCORD_DEMO_PORT=3000 npm run demo    # a fixed port
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, repoRoot, startApp } from '../examples/next-app/scripts/run.mjs';

const gate = process.env.ACCORD_GATE === 'middleware' ? 'middleware' : 'proxy';
const color = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const c = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);

if (!existsSync(join(repoRoot, 'dist', 'policy.wasm'))) {
  console.error('demo: dist/policy.wasm is missing; run `node build.mjs` first (`npm run demo` does).');
  process.exit(1);
}

console.log(c('1', `Accord demo: building the Next.js example (${gate === 'proxy' ? 'Node proxy.ts' : 'Edge middleware.ts'}, next build)…`));
let built;
try {
  built = await buildApp({ name: `demo-${gate}`, gate, typecheck: false });
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}
console.log(`built in ${built.seconds.toFixed(0)} s`);

let ready = false;
const app = await startApp({
  distDir: built.distDir,
  port: process.env.ACCORD_DEMO_PORT ? Number(process.env.ACCORD_DEMO_PORT) : undefined,
  env: { ACCORD_LOG_FORMAT: 'pretty', ...(color ? { ACCORD_LOG_COLOR: '1' } : {}) },
  onLine: (line) => {
    if (!ready) return;
    if (/^\s*(▲|- (Local|Network)|✓ (Ready|Starting|Running))/.test(line)) return;
    process.stdout.write(`${line}\n`);
  },
});

// The CI key is printed by the app at start-up (instrumentation.ts).
for (let i = 0; i < 50 && !app.ciKey(); i++) await new Promise((r) => setTimeout(r, 100));
const key = app.ciKey() ?? '(see the server output)';

console.log(`
${c('1;32', `Accord example running at ${app.url}`)}   (gate: ${gate}.ts; Ctrl-C to stop)

  Users (password = name + "-demo"):
    alice / alice-demo   admin,  tenant acme    — admin page, audit log, revoke users
    bob   / bob-demo     editor, tenant acme    — edits his own documents
    carol / carol-demo   viewer, tenant acme    — reads only
    dave  / dave-demo    editor, tenant globex  — sees nothing of acme

  CI job (service account svc:ci-deployer, API key = bearer token, read-only):
    curl -H 'Authorization: Bearer ${key}' ${app.url}/api/t/acme/documents

  Try: sign in as bob in one browser and in a private window, "Revoke all my sessions" in one,
  then reload the other. Every decision below shows its layer, outcome, reason and request id;
  ${app.url}/audit (as alice) shows them grouped by request.

${c('1', 'Live decision log')}:`);
ready = true;

const stop = async () => {
  await app.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.child.on('exit', (code) => {
  console.error(`next start exited (${code})`);
  process.exit(code ?? 1);
});
