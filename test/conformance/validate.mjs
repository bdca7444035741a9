#!/usr/bin/env node
// Checks that every conformance case file parses and that each case has the required shape.
// It does not compile or evaluate anything (the runner does that).
//
//   node test/conformance/validate.mjs            validate, print a summary, exit 1 on any problem
//   node test/conformance/validate.mjs --counts   also print a markdown table of cases per topic
//
// The runner may import { loadCases } to get the validated cases.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

export const CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'cases');

export const CASE_KEYS = new Set([
  'note',
  'modules',
  'data',
  'data_json',
  'input',
  'input_json',
  'entrypoint',
  'want_result',
  'want_error',
  'want_compile_error',
  'skip_reason',
]);

export const EVAL_ERROR_CODES = new Set(['eval_conflict_error', 'eval_builtin_error', 'eval_type_error']);

export const COMPILE_ERROR_CODES = new Set([
  'rego_parse_error',
  'rego_compile_error',
  'rego_type_error',
  'rego_recursion_error',
  'rego_unsafe_var_error',
]);

const ENTRYPOINT_RE = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const PACKAGE_RE = /^[ \t]*package[ \t]+([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)[ \t]*$/m;

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Numbers beyond 2^53 cannot survive the SDK's JSON.parse exactly; such cases must compare text. */
function findUnsafeNumber(v, path = '') {
  if (typeof v === 'number') {
    return Number.isInteger(v) && !Number.isSafeInteger(v) ? path || '(root)' : null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = findUnsafeNumber(v[i], `${path}[${i}]`);
      if (p) return p;
    }
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      const p = findUnsafeNumber(x, `${path}.${k}`);
      if (p) return p;
    }
  }
  return null;
}

/** Returns a list of problems (strings) for one case; empty when the case is well-formed. */
export function validateCase(c) {
  const problems = [];
  if (!isPlainObject(c)) return ['case is not a mapping'];

  for (const k of Object.keys(c)) if (!CASE_KEYS.has(k)) problems.push(`unknown key "${k}"`);

  if (typeof c.note !== 'string' || c.note.trim() === '') problems.push('"note" must be a non-empty string');

  const parseErrorExpected = c.want_compile_error === 'rego_parse_error';
  if (!Array.isArray(c.modules) || c.modules.length === 0) {
    problems.push('"modules" must be a non-empty list of Rego sources');
  } else {
    c.modules.forEach((m, i) => {
      if (typeof m !== 'string' || m.trim() === '') problems.push(`modules[${i}] must be a non-empty string`);
      else if (!parseErrorExpected && !PACKAGE_RE.test(m)) problems.push(`modules[${i}] has no package declaration`);
    });
  }

  if (typeof c.entrypoint !== 'string' || !ENTRYPOINT_RE.test(c.entrypoint)) {
    problems.push('"entrypoint" must be a slash-separated path such as app/authz/allow');
  } else if (Array.isArray(c.modules) && c.want_compile_error === undefined) {
    // The entrypoint should name a package, a rule in a package, or an ancestor of a package.
    const ep = c.entrypoint.split('/');
    const pkgs = c.modules
      .filter((m) => typeof m === 'string')
      .map((m) => PACKAGE_RE.exec(m)?.[1]?.split('.'))
      .filter(Boolean);
    const related = pkgs.some((p) => {
      const n = Math.min(p.length, ep.length);
      for (let i = 0; i < n; i++) if (p[i] !== ep[i]) return false;
      return true;
    });
    if (!related) problems.push(`entrypoint "${c.entrypoint}" is not under or above any module's package`);
  }

  const wants = ['want_result', 'want_error', 'want_compile_error'].filter((k) => c[k] !== undefined);
  if (wants.length !== 1) {
    problems.push('exactly one of want_result, want_error, want_compile_error is required');
  }
  if (c.want_result !== undefined) {
    if (!Array.isArray(c.want_result) || c.want_result.length > 1) {
      problems.push('"want_result" must be [] or [{result: value}]');
    } else if (c.want_result.length === 1) {
      const r = c.want_result[0];
      if (!isPlainObject(r) || Object.keys(r).length !== 1 || !('result' in r)) {
        problems.push('"want_result" element must be exactly {result: value}');
      } else {
        const p = findUnsafeNumber(r.result);
        if (p) problems.push(`want_result has an integer beyond 2^53 at ${p}; compare its text (json.marshal) instead`);
      }
    }
  }
  if (c.want_error !== undefined && !EVAL_ERROR_CODES.has(c.want_error)) {
    problems.push(`"want_error" must be one of ${[...EVAL_ERROR_CODES].join(', ')}`);
  }
  if (c.want_compile_error !== undefined && !COMPILE_ERROR_CODES.has(c.want_compile_error)) {
    problems.push(`"want_compile_error" must be one of ${[...COMPILE_ERROR_CODES].join(', ')}`);
  }

  if (c.input !== undefined && c.input_json !== undefined) problems.push('use either "input" or "input_json", not both');
  if (c.input !== undefined) {
    // A falsy input (null, false, 0, "") is a real input: runners must pass it to evaluate() as
    // JSON text (an ArrayBuffer), since the SDK treats a falsy JS value as "no input".
    const p = findUnsafeNumber(c.input);
    if (p) problems.push(`input has an integer beyond 2^53 at ${p}; use input_json`);
  }
  if (c.input_json !== undefined) {
    if (typeof c.input_json !== 'string') problems.push('"input_json" must be a string of JSON text');
    else {
      try {
        JSON.parse(c.input_json);
      } catch (e) {
        problems.push(`"input_json" is not valid JSON: ${e.message}`);
      }
    }
  }

  if (c.skip_reason !== undefined && (typeof c.skip_reason !== 'string' || c.skip_reason.trim() === '')) {
    problems.push('"skip_reason" must be a non-empty string');
  }

  if (c.data !== undefined && c.data_json !== undefined) problems.push('use either "data" or "data_json", not both');
  if (c.data !== undefined) {
    if (!isPlainObject(c.data)) problems.push('"data" must be a mapping');
    const p = findUnsafeNumber(c.data);
    if (p) problems.push(`data has an integer beyond 2^53 at ${p}; use data_json`);
  }
  if (c.data_json !== undefined) {
    if (typeof c.data_json !== 'string') problems.push('"data_json" must be a string of JSON text');
    else {
      try {
        if (!isPlainObject(JSON.parse(c.data_json))) problems.push('"data_json" must be a JSON object');
      } catch (e) {
        problems.push(`"data_json" is not valid JSON: ${e.message}`);
      }
    }
  }
  return problems;
}

/**
 * Loads every cases/*.yaml file. Returns { cases, problems } where each case carries
 * `file` (e.g. "else.yaml"), `topic` (e.g. "else") and `index` (0-based within the file).
 */
export function loadCases(dir = CASES_DIR) {
  const cases = [];
  const problems = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const file of files) {
    let parsed;
    try {
      parsed = YAML.parse(readFileSync(join(dir, file), 'utf8'), { uniqueKeys: true });
    } catch (e) {
      problems.push(`${file}: YAML does not parse: ${e.message}`);
      continue;
    }
    if (!Array.isArray(parsed)) {
      problems.push(`${file}: top level must be a list of cases`);
      continue;
    }
    const notes = new Map();
    parsed.forEach((c, index) => {
      const where = `${file} #${index + 1}${c && typeof c.note === 'string' ? ` (${c.note})` : ''}`;
      for (const p of validateCase(c)) problems.push(`${where}: ${p}`);
      if (c && typeof c.note === 'string') {
        if (notes.has(c.note)) problems.push(`${where}: duplicate note (also #${notes.get(c.note) + 1})`);
        else notes.set(c.note, index);
      }
      cases.push({ ...c, file, topic: basename(file).replace(/\.ya?ml$/, ''), index });
    });
  }
  return { cases, problems };
}

function main() {
  const { cases, problems } = loadCases();
  const byTopic = new Map();
  for (const c of cases) {
    const t = byTopic.get(c.topic) ?? { total: 0, result: 0, error: 0, compile: 0 };
    t.total++;
    if (c.want_result !== undefined) t.result++;
    else if (c.want_error !== undefined) t.error++;
    else if (c.want_compile_error !== undefined) t.compile++;
    byTopic.set(c.topic, t);
  }
  if (process.argv.includes('--counts')) {
    console.log('| topic | cases | results | eval errors | compile errors |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [topic, t] of byTopic) console.log(`| ${topic} | ${t.total} | ${t.result} | ${t.error} | ${t.compile} |`);
    console.log(`| **total** | **${cases.length}** | | | |`);
  }
  for (const p of problems) console.error(`problem: ${p}`);
  console.log(`validate: ${cases.length} cases in ${byTopic.size} files, ${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
