import { tsImport } from 'tsx/esm/api';
const { parseModule } = await tsImport('../src/rego/index.ts', import.meta.url);
const src = `package p\nx := ${'['.repeat(100000)}1${']'.repeat(100000)}\n`;
for (let i = 0; i < 20; i++) { const t0 = performance.now(); parseModule(src, 'a'); if (i > 16) console.log((performance.now() - t0).toFixed(1)); }
