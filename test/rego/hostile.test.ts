// Hostile input: the parser must report located errors — never throw, overflow the stack or hang.
// Time bounds are deliberately loose (this machine is shared); they catch quadratic blow-ups, not
// small regressions.
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS, MAX_NESTING, parseModule } from '../../src/rego/index.js';

/** Parses, checks the result is well formed, returns diagnostics and elapsed milliseconds. */
function survive(source: string, regoVersion: 0 | 1 = 1) {
  const t0 = performance.now();
  const result = parseModule(source, 'hostile.rego', { regoVersion });
  const ms = performance.now() - t0;
  const lineCount = source.split('\n').length;
  for (const d of result.diagnostics) {
    expect(d.code).toBe('rego_parse_error');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lineCount);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toContain('\n');
  }
  expect(result.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS + 1);
  return { ...result, ms };
}

const messages = (r: { diagnostics: Array<{ line: number; col: number; message: string }> }) =>
  r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);

describe('unterminated and malformed tokens', () => {
  it.each([
    ['string at end of file', 'package p\nx := "abc', '2:6 unterminated string (missing closing quote)'],
    ['string at end of line', 'package p\nx := "abc\ny := 1\n', '2:6 unterminated string'],
    ['string ending in a backslash', 'package p\nx := "abc\\', '2:6 unterminated string'],
    ['raw string', 'package p\nx := `abc\n\ny := 1\n', '2:6 unterminated raw string (missing closing backtick)'],
    ['comment at end of file', 'package p\np := 1 # no newline', undefined],
    ['lone quote', 'package p\n"', '2:1 unterminated string'],
    ['invalid escape', 'package p\nx := "\\x41"\n', '2:7 invalid escape sequence \\x in string'],
    ['short unicode escape', 'package p\nx := "\\u00"\n', '2:7 invalid escape: \\u must be followed by four hex digits'],
    ['escaped lone high surrogate', 'package p\nx := "\\uD83D"\n', '2:7 invalid escape: lone surrogate \\uD83D'],
    ['escaped lone low surrogate', 'package p\nx := "a\\uDE00"\n', '2:8 invalid escape: lone surrogate \\uDE00'],
    ['swapped surrogate pair', 'package p\nx := "\\uDE00\\uD83D"\n', '2:7 invalid escape: lone surrogate \\uDE00'],
    ['raw lone surrogate in code', 'package p\nx := 1 \uD800\n', "2:8 unexpected character U+D800"],
    ['NUL in code', 'package p\nx := \u0000\n', '2:6 unexpected character U+0000'],
    ['NUL in a string', 'package p\nx := "a\u0000b"\n', '2:8 invalid control character U+0000 in string'],
    ['NUL in a comment', 'package p\n# \u0000\np := 1\n', undefined],
    ['NUL in a raw string', 'package p\nx := `\u0000`\n', undefined],
    ['only NUL bytes', '\u0000'.repeat(10_000), '1:1 unexpected character U+0000'],
  ])('%s', (_name, source, first) => {
    const r = survive(source);
    if (first === undefined) expect(r.diagnostics).toEqual([]);
    else expect(messages(r)[0]).toContain(first);
  });

  it('accepts a lone surrogate inside a comment and a raw string as data', () => {
    expect(survive('package p\n# \uD800\nx := `\uDC00`\n').diagnostics).toEqual([]);
  });
});

describe('deep nesting', () => {
  const deep = 100_000;
  it.each([
    ['[', ']'],
    ['(', ')'],
    ['{', '}'],
    ['[x | ', ']'],
    ['{x | ', '}'],
    ['f(', ')'],
    ['-', ''],
    ['- (', ')'],
    ['a[', ']'],
  ])('%j × 100k is a located error, not a stack overflow', (open, close) => {
    const r = survive(`package p\nx := ${open.repeat(deep)}1${close.repeat(deep)}\n`);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe(`nesting too deep (max ${MAX_NESTING})`);
    expect(r.diagnostics[0]!.line).toBe(2);
  });

  it('limits nested bodies (every, comprehensions) the same way', () => {
    const every = `package p\np if {\n${'every x in y {\n'.repeat(20_000)}true\n${'}\n'.repeat(20_000)}}\n`;
    expect(messages(survive(every))).toEqual([expect.stringContaining(`nesting too deep (max ${MAX_NESTING})`)]);
  });

  it('handles 100k unmatched closers and openers', () => {
    expect(survive(`package p\nx := 1${']'.repeat(100_000)}\n`).diagnostics.length).toBeGreaterThan(0);
    expect(messages(survive(`package p\nx := ${'['.repeat(200)}\n`))).toEqual(['2:205 unclosed `[`: the file ends before its matching `]`']);
    expect(messages(survive(`package p\nx := ${'['.repeat(200)}1\n`))).toEqual(['2:205 unclosed `[`: the file ends before its matching `]`']);
  });

  it('parses nesting below the limit', () => {
    const depth = Math.floor(MAX_NESTING / 2) - 2;
    expect(survive(`package p\nx := ${'['.repeat(depth)}1${']'.repeat(depth)}\n`).diagnostics).toEqual([]);
  });
});

describe('size', () => {
  const rule = (n: number) =>
    `allow_${n} if {\n  some role in input.user.roles\n  role == "admin-${n}"\n  count([x | some x in input.items; x.price > ${n}]) > 0\n}\n\n`;
  const policy = (bytes: number) => {
    const parts = ['package big\n\n'];
    let size = parts[0]!.length;
    for (let n = 0; size < bytes; n++) {
      const r = rule(n);
      parts.push(r);
      size += r.length;
    }
    return parts.join('');
  };

  it('parses a 10 MB policy in linear time', () => {
    const small = survive(policy(1_000_000));
    const big = survive(policy(10_000_000));
    expect(small.diagnostics).toEqual([]);
    expect(big.diagnostics).toEqual([]);
    expect(big.module!.rules.length).toBeGreaterThan(50_000);
    expect(big.ms).toBeLessThan(30_000);
    // Linear: 10× the input must not take anything like 100× the time.
    expect(big.ms).toBeLessThan(small.ms * 30 + 2_000);
  }, 120_000);

  it('survives a 10 MB line', () => {
    const r = survive(`package p\nx := [${'1, '.repeat(3_000_000)}1]\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.ms).toBeLessThan(30_000);
  }, 60_000);

  it('caps the number of diagnostics on garbage input', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    const garbage = Array.from({ length: 2_000_000 }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
    const r = survive(garbage);
    expect(r.diagnostics.length).toBeGreaterThan(10);
    expect(r.ms).toBeLessThan(30_000);
  }, 60_000);

  it('stops after too many errors', () => {
    const r = survive(`package p\n${'x := := 1\n'.repeat(1000)}`);
    expect(r.diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(r.diagnostics.at(-1)!.message).toBe(`too many errors (${MAX_DIAGNOSTICS}); stopping`);
  });
});

describe('fuzzing', () => {
  const base = `package fuzz

import rego.v1

# METADATA
# title: Fuzz
default allow := false

allow if {
  some role in input.user.roles
  role == "admin"
  not deny[role]
  x := [a | some a in input.xs; a > 1]
  every y in x { y < 10 }
}

deny contains msg if {
  msg := sprintf("%v", [input.x]) with input.x as {"k": \`raw\`}
}

f(x) := y if { y := x * 2 + -1 } else := 0
obj[k] := v if { some k, v in {"a": 1, "b": set()} }
`;
  const alphabet = '{}[]()|&=:;,."`\\\n #-+*/<>!_aifnotsmeryvx0123456789\u0000😀';

  it('never throws on 2000 random mutations of a valid policy', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor((seed / 2 ** 31) * n));
    for (let round = 0; round < 2000; round++) {
      const chars = Array.from(base);
      const edits = 1 + random(4);
      for (let e = 0; e < edits; e++) {
        const at = random(chars.length);
        const op = random(3);
        const ch = Array.from(alphabet)[random(Array.from(alphabet).length)]!;
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, ch);
        else chars[at] = ch;
      }
      const source = chars.join('');
      for (const version of [0, 1] as const) {
        const r = survive(source, version);
        if (r.module) expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }
    }
  }, 120_000);
});
