// Bundles a snippet of the repository's code the way an Edge deployment would (browser platform,
// edge conditions, no node: builtins) and returns the code, ready for `new EdgeVM().evaluate()`.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function bundleForEdge(contents: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'accord',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser', 'import'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
