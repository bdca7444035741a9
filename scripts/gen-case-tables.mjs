#!/usr/bin/env node
// Generates src/runtime/assembly/case_tables.ts: the Unicode simple case mappings used by the
// runtime's `lower` / `upper` (toLowerRune / toUpperRune in utf8.ts), matching Go's
// unicode.ToLower / unicode.ToUpper, which is what OPA's strings.ToLower / strings.ToUpper apply
// rune by rune.
//
//   node scripts/gen-case-tables.mjs            writes the module
//   node scripts/gen-case-tables.mjs --check    exits 1 if the committed module is out of date
//   node scripts/gen-case-tables.mjs --all      keeps mappings added after Unicode 15.0 too
//
// Source: the Unicode data built into Node (ICU), through String.prototype.toLowerCase /
// toUpperCase on each code point 0..0x10FFFF. A mapping is kept when the result is exactly one
// code point different from the input. JS applies the full mappings of SpecialCasing.txt, so
// three adjustments turn them into the simple (UnicodeData.txt) mappings Go uses:
//
// 1. Full mappings of several code points (SpecialCasing.txt, unconditional part): Go keeps the
//    code point unless UnicodeData.txt has a simple mapping for it. The simple mappings that
//    exist are listed in SIMPLE below (U+0130 lowercases to U+0069; the Greek letters with
//    ypogegrammeni uppercase to the titlecase forms with prosgegrammeni). All others (ß, ŉ, ǰ,
//    ΐ, ΰ, և, ẖ..ẚ, ὐ ὒ ὔ ὖ, ᾲ ᾴ ᾶ ᾷ ..., ﬀ..ﬆ, ﬓ..ﬗ and the capital titlecase forms
//    ᾈ..ᾏ ᾘ..ᾟ ᾨ..ᾯ ᾼ ῌ ῼ for upper) map to themselves; they are listed in the generated header.
// 2. Node's ICU may be on a newer Unicode version than Go: Go's unicode package is on Unicode 15
//    (15.0.0, later 15.1.0; an upgrade to 16 is still open, golang/go#73388), Node 20's ICU 78
//    is on 17.0. Letters encoded after Unicode 15 have no mapping in Go, so the mappings from or
//    to the code points in AFTER_15 are dropped unless --all is given.
// 3. Title case letters (ǅ ǈ ǋ ǲ) need nothing special: JS and Go agree on them (lower ǆ, upper Ǆ).
//
// The output is two run tables of [start, end, delta, stride] (i32): code point c in
// start..end with (c - start) % stride == 0 maps to c + delta. Runs are sorted and disjoint.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outPath = join(root, 'src/runtime/assembly/case_tables.ts');
const args = new Set(process.argv.slice(2));

// Simple mappings (UnicodeData.txt fields 12/13) for code points whose JS full mapping has
// several code points. Checked against Go's unicode.CaseRanges (tables.go, Unicode 15.0).
const SIMPLE = { lower: new Map([[0x0130, 0x0069]]), upper: new Map() };
for (const base of [0x1f80, 0x1f90, 0x1fa0]) for (let i = 0; i < 8; i++) SIMPLE.upper.set(base + i, base + i + 8);
SIMPLE.upper.set(0x1fb3, 0x1fbc);
SIMPLE.upper.set(0x1fc3, 0x1fcc);
SIMPLE.upper.set(0x1ff3, 0x1ffc);

// Cased letters encoded in Unicode 16.0 and 17.0, absent from Go's Unicode 15 tables. This is the
// complete difference between the ICU 78 (Unicode 17.0) results, adjusted by SIMPLE, and the
// UnicodeData.txt 14.0 simple mappings (read through Perl's Unicode::UCD), compared code point by
// code point when the tables were first generated; Unicode 15.0/15.1 added no case pair, and the
// 15.0 ranges seen in Go's unicode.CaseRanges agree.
const AFTER_15 = [
  [0x1c89, 0x1c8a], // Cyrillic capital / small TJE (16.0)
  [0xa7cb, 0xa7cd], // Latin Extended-D: capital ɤ, capital / small S with diagonal stroke (16.0)
  [0xa7ce, 0xa7cf], // Latin Extended-D (17.0)
  [0xa7d2, 0xa7d2], // Latin capital double thorn (17.0; its small letter U+A7D3 is older)
  [0xa7d4, 0xa7d4], // Latin capital double wynn (17.0; small U+A7D5 is older)
  [0xa7da, 0xa7dc], // Latin Extended-D: capital / small lambda, capital lambda with stroke (16.0)
  [0x10d50, 0x10d65], // Garay capital letters (16.0)
  [0x10d70, 0x10d85], // Garay small letters (16.0)
  [0x16ea0, 0x16eb8], // Beria Erfe capital letters (17.0)
  [0x16ebb, 0x16ed3], // Beria Erfe small letters (17.0)
];
// Targets too: a letter encoded before 15.0 whose new partner came in 16.0+ (e.g. U+019B ƛ and
// U+A7DC, U+0264 ɤ and U+A7CB) had no mapping in Go.
const after15 = (c) => AFTER_15.some(([lo, hi]) => c >= lo && c <= hi);

const keepAll = args.has('--all');
const maps = { lower: new Map(), upper: new Map() };
const multi = { lower: [], upper: [] };
const dropped = { lower: [], upper: [] };
for (let c = 0; c <= 0x10ffff; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCodePoint(c);
  for (const kind of ['lower', 'upper']) {
    const r = kind === 'lower' ? ch.toLowerCase() : ch.toUpperCase();
    const cps = [...r].map((s) => s.codePointAt(0));
    let to;
    if (cps.length === 1) {
      to = cps[0];
    } else if (SIMPLE[kind].has(c)) {
      to = SIMPLE[kind].get(c);
    } else {
      multi[kind].push(c);
      continue;
    }
    if (to === c) continue;
    if (!keepAll && (after15(c) || after15(to))) {
      dropped[kind].push(c);
      continue;
    }
    maps[kind].set(c, to);
  }
}
for (const kind of ['lower', 'upper']) {
  for (const c of SIMPLE[kind].keys()) {
    if (maps[kind].get(c) !== SIMPLE[kind].get(c)) throw new Error(`SIMPLE ${kind} U+${hex(c)} not used: ICU changed?`);
  }
}

function hex(c) {
  return c.toString(16).toUpperCase().padStart(4, '0');
}

/** Greedy runs over the sorted mappings: same delta, constant stride (the gap of the first two). */
function runs(map) {
  const cps = [...map.keys()].sort((a, b) => a - b);
  const out = [];
  let i = 0;
  while (i < cps.length) {
    const start = cps[i];
    const delta = map.get(start) - start;
    let end = start;
    let stride = 1;
    let j = i + 1;
    if (j < cps.length && map.get(cps[j]) - cps[j] === delta && cps[j] - start <= 2) {
      stride = cps[j] - start;
      end = cps[j];
      j++;
      while (j < cps.length && cps[j] === end + stride && map.get(cps[j]) - cps[j] === delta) {
        end = cps[j];
        j++;
      }
    }
    out.push([start, end, delta, stride]);
    i = j;
  }
  return out;
}

function ranges(list) {
  const out = [];
  for (const c of list) {
    const last = out[out.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}..U+${hex(b)}`));
}

function wrap(items, indent, width = 100) {
  const lines = [];
  let line = indent;
  for (const it of items) {
    if (line.length + it.length + 1 > width && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += it + ' ';
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines.join('\n');
}

function table(name, rs) {
  const items = rs.map(([s, e, d, st]) => `0x${s.toString(16)}, 0x${e.toString(16)}, ${d}, ${st},`);
  return `export const ${name}_RUNS: i32 = ${rs.length};\nexport const ${name} = memory.data<i32>([\n${wrap(items, '  ')}\n]);\n`;
}

const lowerRuns = runs(maps.lower);
const upperRuns = runs(maps.upper);
const src = `// GENERATED by scripts/gen-case-tables.mjs${keepAll ? ' --all' : ''} — do not edit; rerun the script instead.
//
// Unicode simple case mappings as Go's unicode.ToLower / unicode.ToUpper apply them (OPA's lower /
// upper use strings.ToLower / strings.ToUpper). Derived from String.prototype.toLowerCase /
// toUpperCase on every code point (generated with Node ${process.version}, ICU ${process.versions.icu},
// Unicode ${process.versions.unicode}), keeping single code point results; see the script for the
// adjustments to Go's simple mappings and Unicode version.
//
// ${maps.lower.size} lowercase mappings in ${lowerRuns.length} runs, ${maps.upper.size} uppercase mappings in ${upperRuns.length} runs.
// Each run is [start, end, delta, stride]: c in start..end with (c - start) % stride == 0 maps to
// c + delta. Runs are sorted by start and disjoint.
//
// Full (multi code point) mappings without a simple mapping; these map to themselves:
//   lower: ${ranges(multi.lower).join(' ') || '(none)'}
//   upper:
${wrap(ranges(multi.upper), '//     ')}
${keepAll ? '' : `//
// Not mapped (letters encoded after Unicode 15, which Go's tables do not map), by source:
//   lower: ${ranges(dropped.lower).join(' ')}
//   upper: ${ranges(dropped.upper).join(' ')}
`}
${table('LOWER', lowerRuns)}
${table('UPPER', upperRuns)}`;

if (args.has('--check')) {
  // the tables only: the header names the Node / ICU version that generated them
  const body = (t) => t.slice(t.indexOf('export const'));
  if (body(readFileSync(outPath, 'utf8')) !== body(src)) {
    console.error(`${outPath} is out of date: run node scripts/gen-case-tables.mjs`);
    process.exit(1);
  }
  console.log('case tables up to date');
} else {
  writeFileSync(outPath, src);
  console.log(`wrote ${outPath}: lower ${maps.lower.size} mappings / ${lowerRuns.length} runs, upper ${maps.upper.size} / ${upperRuns.length}, not mapped (after Unicode 15) ${dropped.lower.length + dropped.upper.length}`);
}
