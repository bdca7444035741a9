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

// 2. JS bundles. The library entry is platform-neutral (Edge-safe); compiler and CLI are Node.
const bundles = [
  { entry: 'src/index.ts', out: 'index.js', platform: 'neutral' },
  { entry: 'src/compiler/index.ts', out: 'compiler.js', platform: 'node' },
  { entry: 'src/cli/main.ts', out: 'cli.js', platform: 'node' },
  { entry: 'src/testing/worker.ts', out: 'test-worker.js', platform: 'node' },
  { entry: 'src/testing/vitest.ts', out: 'testing.js', platform: 'node' },
  { entry: 'src/session/redis.ts', out: 'session-redis.js', platform: 'node' },
  { entry: 'src/session/postgres.ts', out: 'session-postgres.js', platform: 'node' },
  { entry: 'src/audit/node.ts', out: 'audit-node.js', platform: 'node' },
].filter((b) => existsSync(join(root, b.entry)));

const t0 = performance.now();
await Promise.all(
  bundles.map((b) =>
    build({
      entryPoints: [join(root, b.entry)],
      outfile: join(dist, b.out),
      bundle: true,
      format: 'esm',
      platform: b.platform,
      target: 'es2022',
      sourcemap: true,
      packages: 'external',
      logLevel: 'warning',
      mainFields: ['module', 'main'],
    }),
  ),
);
console.log(`build: ${bundles.map((b) => b.out).join(', ')} (${(performance.now() - t0).toFixed(0)} ms)`);

// 3. The canonical policy, compiled by the CLI we just built.
if (existsSync(join(dist, 'cli.js')) && existsSync(runtimeOut) && existsSync(join(root, 'policies'))) {
  const { main } = await import(join(dist, 'cli.js'));
  if (typeof main === 'function' && process.env.ACCORD_SKIP_POLICY_BUILD !== '1') {
    const code = await main(['build', '-o', join(dist, 'policy.wasm'), join(root, 'policies')], { quiet: true });
    if (code !== 0) throw new Error('accord build policies/ failed');
  }
}
