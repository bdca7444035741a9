import { tsImport } from 'tsx/esm/api';
import { readFileSync } from 'node:fs';
const { parseModule } = await tsImport('../src/rego/index.ts', import.meta.url);
const src = readFileSync('/tmp/acc/bench.rego', 'utf8');
parseModule(src, 'b.rego');
const cpu = [], wall = [];
for (let i = 0; i < 9; i++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  parseModule(src, 'b.rego');
  const c = process.cpuUsage(c0); wall.push(performance.now() - t0); cpu.push((c.user + c.system) / 1000);
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(`cpu ${med(cpu).toFixed(0)}ms wall ${med(wall).toFixed(0)}ms → ${(2 / (med(wall) / 1000)).toFixed(1)} MB/s wall`);
