// Builds Accord: (1) the AssemblyScript wasm runtime, (2) the JS bundles of the library, compiler
// and CLI, (3) the canonical policy in policies/ (once the compiler exists). Each step is skipped
// when its inputs are missing, so the build works at every stage of the project.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function step(name, fn) {
  const t0 = performance.now();
  fn();
  console.log(`build: ${name} (${(performance.now() - t0).toFixed(0)} ms)`);
}

// 1. The wasm runtime (value model, JSON, builtins) — rebuilt only when its sources changed.
const runtimeSrc = join(root, 'src/runtime/assembly');
const runtimeOut = join(dist, 'runtime.wasm');
if (existsSync(join(runtimeSrc, 'index.ts'))) {
  const stale = !existsSync(runtimeOut) || statSync(runtimeOut).mtimeMs < newestMtime(runtimeSrc);
  if (stale) {
    step('runtime.wasm', () => {
      const asc = join(root, 'node_modules/assemblyscript/bin/asc.js');
      const r = spawnSync(
        process.execPath,
        [asc, join(runtimeSrc, 'index.ts'), '--outFile', runtimeOut, '--runtime', 'stub', '--importMemory',
          '--noExportMemory', '--zeroFilledMemory', '-O3', '--debug', '--noAssert', '--exportStart', '_start'],
        { stdio: 'inherit' },
      );
      if (r.status !== 0) throw new Error('asc failed to build the wasm runtime');
    });
  }
}

// 2. JS bundles. Library entry points are built together with code splitting, so the adapters and
// the main entry share one copy of the engine (one set of error classes, one policy cache). The
// Edge-safety of the runtime side is enforced by tests that bundle it for a browser platform.
const libraryEntries = {
  index: 'src/index.ts',
  compiler: 'src/compiler/index.ts',
  testing: 'src/testing/vitest.ts',
  'session-redis': 'src/session/redis.ts',
  'session-postgres': 'src/session/postgres.ts',
  'audit-node': 'src/audit/node.ts',
  bundle: 'src/bundle/index.ts',
  next: 'adapters/next/index.ts',
  'next-server': 'adapters/next/server.ts',
  'react-router': 'adapters/react-router/index.ts',
  // The CLI shares the split build so its commands' code (and binaryen) load on demand.
  cli: 'src/cli/main.ts',
};
const toolEntries = [{ entry: 'src/testing/worker.ts', out: 'test-worker.js' }];
const present = Object.fromEntries(Object.entries(libraryEntries).filter(([, e]) => existsSync(join(root, e))));
const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, packages: 'external', logLevel: 'warning', mainFields: ['module', 'main'] };

const t0 = performance.now();
await Promise.all([
  build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(present).map(([name, e]) => [name, join(root, e)])),
    outdir: dist,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
  }),
  ...toolEntries
    .filter((b) => existsSync(join(root, b.entry)))
    .map((b) => build({ ...common, entryPoints: [join(root, b.entry)], outfile: join(dist, b.out), platform: 'node' })),
]);
console.log(`build: ${[...Object.keys(present).map((n) => n + '.js'), ...toolEntries.map((b) => b.out)].join(', ')} (${(performance.now() - t0).toFixed(0)} ms)`);

// 3. The canonical policy, compiled by the CLI we just built.
if (existsSync(join(dist, 'cli.js')) && existsSync(runtimeOut) && existsSync(join(root, 'policies'))) {
  const { main } = await import(join(dist, 'cli.js'));
  if (typeof main === 'function' && process.env.ACCORD_SKIP_POLICY_BUILD !== '1') {
    const code = await main(['build', '-o', join(dist, 'policy.wasm'), join(root, 'policies')], { quiet: true });
    if (code !== 0) throw new Error('accord build policies/ failed');
  }
}
