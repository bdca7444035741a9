// Per-function instruction counts of a callgrind file, naming V8's compiled JavaScript (which
// callgrind sees as bare addresses) from the map node writes with --perf-basic-prof-only-functions.
// Made for the files bench/next-instructions.mjs --keep leaves.
//
//   node bench/callgrind-functions.mjs <callgrind file> [--map /tmp/perf-<pid>.map] [--per 1000]
//        [--top 60] [--base <callgrind file> --base-map <map>] [--event Ir] [--calls <regex>]
//        [--inclusive <regex>] [--json out.json]
//
// Prints the functions with the most self instructions (per request when --per gives the number
// of requests counted) and, with --base, the difference against another file (the same requests on
// the build without Accord): the functions Accord's build spends more in. Functions are keyed by
// name with V8's tier markers (*, ~, ^, +) dropped, so the same function compiled twice is one row.
import { readFileSync, writeFileSync } from 'node:fs';
import { lastAtOrBelow } from './sorted.mjs';

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

/** Sorted [start, end, name] of V8's map, for address lookups. */
function readMap(path) {
  if (!path) return [];
  const rows = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (!m) continue;
    const start = BigInt(`0x${m[1]}`);
    rows.push([start, start + BigInt(`0x${m[2]}`), m[3]]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return rows;
}

function lookup(map, addr) {
  const found = lastAtOrBelow(map, addr);
  return found && addr < found[1] ? found[2] : undefined;
}

/** Drops V8's tier markers and "JS:" prefixes so one function is one key. */
function normalise(name) {
  return name.replace(/^(?:JS|LazyCompile|Function|Builtin|BytecodeHandler|Stub|RegExp|Script):/, (p) => (p === 'Builtin:' || p === 'RegExp:' ? p : '')).replace(/^[*~^+]/, '');
}

/** Self cost (of EVENT) per function name, and inclusive cost per caller → callee pair. */
function selfCosts(file, map) {
  const names = new Map(); // compressed "(n)" → name, per kind
  const resolve = (kind, spec) => {
    const m = /^\((\d+)\)(?: (.*))?$/.exec(spec);
    if (!m) return spec;
    const key = `${kind}${m[1]}`;
    if (m[2] !== undefined) names.set(key, m[2]);
    return names.get(key) ?? spec;
  };
  const cache = new Map();
  const display = (fn) => {
    let d = cache.get(fn);
    if (d === undefined) {
      const hex = /^0x([0-9a-f]+)$/i.exec(fn);
      if (hex) {
        const hit = lookup(map, BigInt(`0x${hex[1]}`));
        d = hit ? normalise(hit) : '(JIT code without a name)';
      } else d = fn;
      cache.set(fn, d);
    }
    return d;
  };
  const self = new Map();
  const calls = new Map(); // "caller\0callee" → inclusive Ir of those calls
  let fn = '';
  let callee = '';
  let afterCalls = false;
  let column = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) {
      fn = display(resolve('fn', line.slice(3)));
      continue;
    }
    if (line.startsWith('cfn=')) {
      callee = display(resolve('fn', line.slice(4)));
      continue;
    }
    if (line.startsWith('calls=')) {
      afterCalls = true;
      continue;
    }
    if (line.startsWith('events:')) {
      const events = line.slice(7).trim().split(/\s+/);
      column = events.indexOf(EVENT);
      if (column < 0) throw new Error(`${file}: no event ${EVENT} (it has ${events.join(', ')})`);
      continue;
    }
    // A cost line: a position, then one number per event (trailing zeros may be left out).
    const c = /^[+\-*\d]\S*((?: \d*)+)$/.exec(line);
    if (c) {
      const cost = Number(c[1].trim().split(' ')[column] || 0);
      if (afterCalls) {
        // inclusive cost of the call: not this function's own
        afterCalls = false;
        const key = `${fn}\0${callee}`;
        calls.set(key, (calls.get(key) ?? 0) + cost);
      } else self.set(fn, (self.get(fn) ?? 0) + cost);
      continue;
    }
    if (/^c?f[lie]=/.test(line)) resolve('fl', line.slice(line.indexOf('=') + 1));
  }
  return { self, calls };
}

const file = process.argv[2];
if (!file || file.startsWith('--')) {
  console.error('usage: node bench/callgrind-functions.mjs <callgrind file> [--map perf.map] [--per N] [--top N] [--base file --base-map map] [--json out]');
  process.exit(2);
}
const per = Number(arg('per', '1'));
// --event: which callgrind event to count (Ir by default; with --cache-sim=yes e.g. DLmr, D1mr, ILmr).
const EVENT = arg('event', 'Ir');
const top = Number(arg('top', '60'));
const mainCosts = selfCosts(file, readMap(arg('map')));
const main = mainCosts.self;
const baseFile = arg('base');
const base = baseFile ? selfCosts(baseFile, readMap(arg('base-map'))).self : undefined;
const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
const k = (x) => (x / per / 1000).toFixed(1).padStart(8);

console.log(`total ${k(sum(main))} K${base ? ` (base ${k(sum(base))} K)` : ''} ${EVENT}${per > 1 ? ' per request' : ''}`);
const rows = [...new Set([...main.keys(), ...(base?.keys() ?? [])])].map((name) => {
  const a = main.get(name) ?? 0;
  const b = base?.get(name) ?? 0;
  return { name, self: a / per, base: b / per, diff: (a - b) / per };
});
rows.sort((x, y) => (base ? y.diff - x.diff : y.self - x.self));
for (const r of rows.slice(0, top)) {
  console.log(`${k(r.self * per)}${base ? ` ${k(r.base * per)} ${(r.diff >= 0 ? '+' : '') + (r.diff / 1000).toFixed(1)}`.padEnd(26) : ''}  ${r.name.slice(0, 140)}`);
}
// --calls <regex>: who calls the matching functions and what they call (inclusive instructions).
const pattern = arg('calls');
if (pattern) {
  const re = new RegExp(pattern);
  for (const [key, ir] of [...mainCosts.calls].sort((a, b) => b[1] - a[1])) {
    const [from, to] = key.split('\0');
    if (re.test(from) || re.test(to)) console.log(`${k(ir)}  ${from.slice(0, 90)}  →  ${to.slice(0, 90)}`);
  }
}
// --inclusive <regex>: the matching functions by inclusive instructions (own + what they call).
const incl = arg('inclusive');
if (incl) {
  const re = new RegExp(incl);
  const sums = new Map();
  for (const [name, ir] of main) if (re.test(name)) sums.set(name, ir);
  for (const [key, ir] of mainCosts.calls) {
    const from = key.slice(0, key.indexOf('\0'));
    if (re.test(from)) sums.set(from, (sums.get(from) ?? 0) + ir);
  }
  for (const [name, ir] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${k(ir)}  ${name.slice(0, 140)}`);
}
const out = arg('json');
if (out) writeFileSync(out, JSON.stringify(rows, null, 1));
