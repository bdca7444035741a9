import { tsImport } from 'tsx/esm/api';
import { readFileSync } from 'node:fs';
const { parseModule } = await tsImport('../src/rego/index.ts', import.meta.url);
const src = readFileSync('/tmp/acc/bench.rego', 'utf8');
parseModule(src, 'b');
gc(); const h0 = process.memoryUsage().heapUsed;
const r = parseModule(src, 'b');
gc(); const h1 = process.memoryUsage().heapUsed;
console.log('retained MB', ((h1 - h0) / 1e6).toFixed(1), 'per source byte', ((h1 - h0) / src.length).toFixed(1), r.module.rules.length);
