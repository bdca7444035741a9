import { tsImport } from 'tsx/esm/api';
import { readFileSync } from 'node:fs';
const { lex } = await tsImport('../src/rego/lexer.ts', import.meta.url);
const { extractMetadata } = await tsImport('../src/rego/metadata.ts', import.meta.url);
const { ModuleParser } = await tsImport('../src/rego/parser.ts', import.meta.url);
const src = readFileSync('/tmp/acc/bench.rego', 'utf8');
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
const T = { lex: [], meta: [], parse: [] };
for (let i = 0; i < 9; i++) {
  let c0 = process.cpuUsage();
  const d = []; const toks = lex(src, 'b', d);
  let c = process.cpuUsage(c0); T.lex.push((c.user + c.system) / 1000);
  c0 = process.cpuUsage();
  const blocks = extractMetadata(src, 'b', toks.comments, d);
  c = process.cpuUsage(c0); T.meta.push((c.user + c.system) / 1000);
  c0 = process.cpuUsage();
  new ModuleParser(src, 'b', toks, d, true, blocks).parseModule();
  c = process.cpuUsage(c0); T.parse.push((c.user + c.system) / 1000);
}
console.log(Object.entries(T).map(([k, v]) => `${k} ${med(v).toFixed(0)}ms`).join('  '));
