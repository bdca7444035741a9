// The Edge-safe entry must bundle for a neutral platform without any node: built-in.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('Edge safety', () => {
  it('src/audit/index.ts bundles for platform "neutral" with no node: imports', async () => {
    const result = await build({
      entryPoints: [`${root}src/audit/index.ts`],
      bundle: true,
      write: false,
      platform: 'neutral',
      format: 'esm',
      mainFields: ['module', 'main'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('src/audit/sinks/file.ts') || i.includes('src/audit/node.ts'))).toBe(false);
    for (const input of Object.values(result.metafile.inputs)) {
      for (const imp of input.imports) expect(imp.path.startsWith('node:'), imp.path).toBe(false);
    }
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/require\(["'](node:)?(fs|path|zlib|crypto|http)["']\)/);
  });

  it('only the Node-only modules (node.ts, sinks/file.ts) may import node: built-ins', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = [
      ...(await readdir(`${root}src/audit`)).filter((f) => f.endsWith('.ts')).map((f) => `src/audit/${f}`),
      ...(await readdir(`${root}src/audit/sinks`)).map((f) => `src/audit/sinks/${f}`),
    ];
    for (const f of files) {
      const text = await readFile(`${root}${f}`, 'utf8');
      const nodeImport = /from\s+['"]node:/.test(text);
      const nodeOnly = f === 'src/audit/node.ts' || f === 'src/audit/sinks/file.ts';
      if (!nodeOnly) expect(nodeImport, f).toBe(false);
    }
  });
});
