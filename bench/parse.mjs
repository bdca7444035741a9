// Parser throughput: generates a policy of at least 1 MB that exercises most of the grammar,
// parses it several times and prints the median speed. Run with `npm run bench:parse`.
// The parser as `accord check` runs it: src/rego bundled by esbuild as the build does, loaded in a
// process that has not loaded binaryen. (Importing dist/compiler.js would put binaryen's large heap
// next to the parser and every GC would pay for it: ~4 MB/s instead of ~6 on the same machine.)
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundled = fileURLToPath(new URL('./_parser.mjs', import.meta.url)); // bench/_* is git-ignored
await build({
  entryPoints: [fileURLToPath(new URL('../src/rego/index.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  packages: 'external', // as build.mjs: dependencies (yaml) load from node_modules
  outfile: bundled,
  logLevel: 'warning',
});
const { parseModule } = await import(pathToFileURL(bundled).href);

const TARGET_BYTES = Number(process.env.BENCH_PARSE_BYTES ?? 2 * 1024 * 1024);
const RUNS = Number(process.env.BENCH_PARSE_RUNS ?? 11);

/** One block of varied rules; `n` keeps rule names unique. */
function block(n) {
  return `
# METADATA
# title: Rule group ${n}
# description: generated for the parser benchmark
# custom:
#   severity: high
allow_${n} if {
  some role in input.user.roles
  role == "admin"
  input.request.method in {"GET", "HEAD"}
  not blocked_${n}
  count(input.user.groups) > ${n % 7}
}

blocked_${n} if input.user.name == "mallory-${n}"

deny_${n} contains msg if {
  some i, item in input.items
  item.price * item.quantity > 1000.5
  msg := sprintf("item %d of %s is too expensive: %v", [i, "order-${n}", item])
}

limits_${n}[kind] := limit if {
  some kind, limit in data.limits
  limit >= -${n}
}

score_${n}(user) := s if {
  s := (user.age + 10) / 2 - user.penalty % 3
} else := 0

names_${n} := [u.name | some u in input.users; u.active == true]
index_${n} := {u.id: u.email | some u in input.users}
tags_${n} := {t | some t in input.tags; startswith(t, "x-")}
config_${n} := {"retries": 3, "ratio": 1.5e-3, "hosts": ["a.example", "b.example"], "raw": \`C:\\path\`, "empty": set(), "obj": {}}

valid_${n} if {
  every x in input.values {
    is_number(x)
    x != null
  }
  io.jwt.decode(input.token)[1].sub == input.user.id
  data.lib.helpers.ok(input) with input.debug as true
}
`;
}

function generate(bytes) {
  const parts = ['package bench.generated\n\nimport rego.v1\nimport data.lib.helpers\n'];
  let size = parts[0].length;
  for (let n = 0; size < bytes; n++) {
    const b = block(n);
    parts.push(b);
    size += b.length;
  }
  return parts.join('');
}

const source = generate(TARGET_BYTES);
// BENCH_PARSE_WRITE=file.rego saves the generated policy (for profiling or `accord check`).
if (process.env.BENCH_PARSE_WRITE) (await import('node:fs')).writeFileSync(process.env.BENCH_PARSE_WRITE, source);
const mb = Buffer.byteLength(source) / (1024 * 1024);

// The first parse in a process runs mostly unoptimised code: report it on its own (what a single
// `accord check` of one big file pays), then warm the JIT up with two more parses.
const coldStart = performance.now();
const check = parseModule(source, 'bench.rego');
const coldSpeed = mb / ((performance.now() - coldStart) / 1000);
for (let w = 0; w < 2; w++) parseModule(source, 'bench.rego');
if (check.diagnostics.length > 0) {
  console.error(check.diagnostics.slice(0, 5));
  throw new Error('bench: the generated policy does not parse');
}
const rules = check.module.rules.length;

// Two figures, both honest about the garbage collector, which dominates (a 2 MB policy is ~1M AST
// objects that all survive):
//  - fresh: each run parses into a clean heap (the previous tree released and collected outside the
//    timed region; node --expose-gc, which the npm script passes) — one `accord check` of one file;
//  - steady: every tree is kept, as the compiler keeps all modules of a build; V8 then pretenures
//    the AST's allocation sites and parsing gets faster.
const gc = globalThis.gc ?? (() => {});
function measure(keep) {
  const speeds = [];
  const kept = [];
  for (let r = 0; r < RUNS; r++) {
    if (!keep) gc();
    const t0 = performance.now();
    const result = parseModule(source, 'bench.rego');
    const seconds = (performance.now() - t0) / 1000;
    if (result.module.rules.length !== rules) throw new Error('bench: inconsistent parse');
    if (keep) kept.push(result);
    speeds.push(mb / seconds);
  }
  speeds.sort((a, b) => a - b);
  return speeds;
}
const fmt = (speeds) =>
  `median ${speeds[Math.floor(speeds.length / 2)].toFixed(1)} MB/s (min ${speeds[0].toFixed(1)}, max ${speeds[speeds.length - 1].toFixed(1)})`;
const fresh = measure(false);
const steady = measure(true);
console.log(`parse: ${mb.toFixed(2)} MB, ${rules} rules, ${RUNS} runs each (target ≥ 10 MB/s)`);
console.log(`  cold (first parse of the process) ${coldSpeed.toFixed(1)} MB/s`);
console.log(`  fresh heap (one parse)           ${fmt(fresh)}`);
console.log(`  steady state (trees retained)    ${fmt(steady)}`);
