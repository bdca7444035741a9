// Cold start of one engine in a fresh Node process (spawned by bench/peers.mjs, several times per
// engine, interleaved). Prints one JSON line: { importMs, loadMs, firstMs, totalMs, rssMB }.
//
//   import  the library's module graph (Cedar's Node build compiles its .wasm here)
//   load    reading the policy artefact and instantiating / parsing it
//   first   the first decision (the case given as JSON in argv)
//
// Usage: node bench/peers/coldstart.mjs <accord|accord-sdk|cedar|casbin|floor> <artefact path> <input JSON>
import { readFileSync } from 'node:fs';

const [engine, artefact, inputJson] = process.argv.slice(2);
const input = JSON.parse(inputJson);
const t0 = performance.now();
let t1;
let t2;
let answer;

if (engine === 'accord') {
  const { loadAccordPolicy } = await import('../../dist/index.js');
  t1 = performance.now();
  const policy = await loadAccordPolicy(new Uint8Array(readFileSync(artefact)));
  t2 = performance.now();
  answer = policy.evaluate(input, 'app/authz/decision')[0].result.allow;
} else if (engine === 'accord-sdk') {
  // The unmodified OPA SDK alone: enough for a policy that calls no host builtin (this one).
  const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
  t1 = performance.now();
  const policy = await loadPolicy(readFileSync(artefact));
  t2 = performance.now();
  answer = policy.evaluate(input, 'app/authz/decision')[0].result.allow;
} else if (engine === 'cedar') {
  const { loadCedar } = await import('./cedar/cedar.mjs');
  await import('@cedar-policy/cedar-wasm/nodejs'); // compiles and instantiates the 4 MB .wasm
  t1 = performance.now();
  const cedar = await loadCedar();
  t2 = performance.now();
  answer = cedar.decideCall(cedar.prepare(input));
} else if (engine === 'casbin') {
  const { loadCasbin, toCasbinRequest } = await import('./casbin/casbin.mjs');
  await import('casbin');
  t1 = performance.now();
  const casbin = await loadCasbin();
  t2 = performance.now();
  answer = casbin.enforce(toCasbinRequest(input));
} else if (engine === 'floor') {
  const { decide } = await import(artefact);
  t1 = performance.now();
  t2 = performance.now();
  answer = decide(input).allow;
} else {
  throw new Error(`unknown engine ${engine}`);
}
const t3 = performance.now();
if (typeof answer !== 'boolean') throw new Error(`${engine}: no answer`);
console.log(
  JSON.stringify({
    engine,
    answer,
    importMs: t1 - t0,
    loadMs: t2 - t1,
    firstMs: t3 - t2,
    totalMs: t3 - t0,
    rssMB: process.memoryUsage().rss / 2 ** 20,
  }),
);
