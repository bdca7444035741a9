// The test worker: loads the compiled test module once and runs the tests it is sent, reporting
// each result as it finishes. Running in a worker lets the runner stop a test that exceeds
// --timeout (a wasm loop cannot be interrupted from the same thread).
import { parentPort, workerData } from 'node:worker_threads';
import { loadAccordPolicy } from '../engine/policy.js';
import type { TestCase } from './discover.js';
import { fromLatin1, runTest } from './evaluate.js';

interface WorkerInput {
  wasm: Uint8Array;
  data: unknown;
  tests: TestCase[];
  start: number;
  coveragePoints: number;
  repeat: number;
}

const input = workerData as WorkerInput;
const port = parentPort!;

const policy = await loadAccordPolicy(input.wasm);
policy.setData((input.data ?? {}) as object);
const instance = (policy as unknown as { wasmInstance: WebAssembly.Instance }).wasmInstance;
const coverageAddr = instance.exports.accord_coverage as WebAssembly.Global | undefined;
const mem = (policy as unknown as { mem: WebAssembly.Memory }).mem;
const covered = new Uint8Array(input.coveragePoints);

const capture = (fn: () => void): string[] => {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map((a) => fromLatin1(String(a))).join(' '));
  try {
    fn();
  } finally {
    console.log = original;
  }
  return lines;
};

for (let i = input.start; i < input.tests.length; i++) {
  port.postMessage({ type: 'start', index: i });
  const test = input.tests[i]!;
  let results = runTest(policy, test, capture);
  if (input.repeat > 1 && results.every((r) => r.status === 'pass')) {
    const t0 = process.hrtime.bigint();
    for (let n = 0; n < input.repeat; n++) policy.evaluate(undefined, test.entrypoint);
    const per = Number(process.hrtime.bigint() - t0) / input.repeat;
    results = results.map((r) => ({ ...r, durationNs: Math.round(per / results.length) }));
  }
  if (coverageAddr && input.coveragePoints > 0) {
    const bytes = new Uint8Array(mem.buffer, coverageAddr.value as number, input.coveragePoints);
    for (let j = 0; j < bytes.length; j++) covered[j]! |= bytes[j]!;
    bytes.fill(0);
  }
  port.postMessage({ type: 'result', index: i, results });
}
port.postMessage({ type: 'done', covered });
