// `accord test` without the CLI: load files, compile every test rule into one module (the same
// compiler and runtime the app ships), run the tests in a worker with a per-test timeout.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compile, parseAll } from '../compiler/index.js';
import { loadInputs } from '../bundle/inputs.js';
import { coverageReport } from './coverage.js';
import { discoverTests, filterTests, type TestCase } from './discover.js';
import type { CoverageReport, TestResult } from './types.js';

export interface RunOptions {
  paths: string[];
  /** Regular expression over test ids (`data.pkg.test_name`). */
  run?: string;
  timeoutMs?: number;
  coverage?: boolean;
  regoVersion?: 0 | 1;
  /** Evaluate each passing test this many times and report the mean (for --bench). */
  repeat?: number;
  /** `--ignore` glob patterns, as for `accord build`. */
  ignore?: string[];
}

export interface RunSummary {
  results: TestResult[];
  coverage?: CoverageReport;
  compileMs: number;
  runMs: number;
  testCount: number;
}

function workerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [join(here, 'test-worker.js'), join(here, '../../dist/test-worker.js')]) if (existsSync(c)) return c;
  throw new Error("accord: dist/test-worker.js not found; run 'npm run build'");
}

/** Throws RegoError (file:line:col) for parse and compile errors. */
export async function runPolicyTests(options: RunOptions): Promise<RunSummary> {
  // The same loader as `accord build`/`eval`: .rego modules, and .json/.yaml data at their paths.
  const inputs = loadInputs(options.paths, { ignore: options.ignore });
  const files = { rego: Object.fromEntries(inputs.modules.map((m) => [m.file, m.source])) };
  const data = inputs.data.root;

  const t0 = performance.now();
  const modules = parseAll(files.rego, options.regoVersion ?? 1);
  const tests = filterTests(discoverTests(modules), options.run);
  const runnable = tests.filter((t) => !t.todo);
  if (runnable.length === 0) {
    const skipped = tests.map((t) => ({ id: t.id, package: t.package, name: t.name, file: t.file, line: t.line, col: t.col, status: 'skip' as const, durationNs: 0, output: [] }));
    return { results: skipped, compileMs: performance.now() - t0, runMs: 0, testCount: tests.length };
  }
  const compiled = compile({
    modules: files.rego,
    entrypoints: runnable.map((t) => t.entrypoint),
    regoVersion: options.regoVersion,
    coverage: options.coverage,
  });
  const compileMs = performance.now() - t0;

  const t1 = performance.now();
  const { results, covered } = await runInWorker(compiled.wasm, data, tests, compiled.plan.coverage.length, options);
  const runMs = performance.now() - t1;
  const summary: RunSummary = { results, compileMs, runMs, testCount: tests.length };
  if (options.coverage) {
    summary.coverage = coverageReport(compiled.modules, compiled.plan.coverage, covered, (f) => !/_test\.rego$/.test(f));
  }
  return summary;
}

async function runInWorker(
  wasm: Uint8Array,
  data: unknown,
  tests: TestCase[],
  coveragePoints: number,
  options: RunOptions,
): Promise<{ results: TestResult[]; covered: Uint8Array }> {
  const results: TestResult[] = [];
  const covered = new Uint8Array(coveragePoints);
  const timeoutMs = options.timeoutMs ?? 5000;
  let start = 0;
  while (start < tests.length) {
    // One worker runs the remaining tests; if one exceeds the timeout the worker is terminated,
    // that test is an ERROR, and a fresh worker continues with the next test.
    start = await new Promise<number>((resolve, reject) => {
      const worker = new Worker(workerPath(), {
        workerData: { wasm, data, tests, start, coveragePoints, repeat: options.repeat ?? 1 },
      });
      let current = start;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const t = tests[current]!;
          results.push({
            id: t.id, package: t.package, name: t.name, file: t.file, line: t.line, col: t.col,
            status: 'error', durationNs: timeoutMs * 1e6, output: [],
            error: { code: 'eval_cancel_error', message: `test timed out after ${timeoutMs} ms` },
          });
          finished = true;
          void worker.terminate();
          resolve(current + 1);
        }, timeoutMs);
      };
      worker.on('message', (msg: { type: string; index?: number; results?: TestResult[]; covered?: Uint8Array }) => {
        if (msg.type === 'start') {
          current = msg.index!;
          arm();
        } else if (msg.type === 'result') {
          results.push(...msg.results!);
        } else if (msg.type === 'done') {
          clearTimeout(timer);
          msg.covered!.forEach((b, i) => (covered[i]! |= b));
          finished = true;
          void worker.terminate();
          resolve(tests.length);
        }
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        if (!finished) reject(err);
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        if (!finished) reject(new Error('accord test: the test worker exited unexpectedly'));
      });
    });
  }
  return { results, covered };
}

export { parseAll };
