// Located parse errors: code, line, column and message for each kind of mistake, plus recovery
// (several errors reported in one run) and the caret rendering.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/rego/diagnostics.js';
import { parseModule } from '../../src/rego/index.js';
import { parseErrors, where } from './helpers.js';

// [source, line, col, part of the message]; `P` is prepended as line 1.
const P = 'package p\n';
const cases: Array<[string, number, number, string]> = [
  // module structure
  ['p := 1\n', 1, 1, 'expected `package` at the start of the module'],
  ['package\n', 2, 1, 'expected a package name'],
  ['package p.\n', 2, 1, 'expected a name right after `.`'],
  ['package p[x]\n', 1, 11, 'package paths contain only names'],
  [P + 'package q\n', 2, 1, 'exactly one `package` declaration'],
  [P + 'p := 1\nimport data.x\n', 3, 1, 'imports must come before the first rule'],
  [P + 'import foo.bar\n', 2, 8, 'import path must start with `data`, `input`, `future.keywords` or `rego.v1`, not `foo`'],
  [P + 'import future.keywords.foo\n', 2, 8, 'unknown future keyword `foo`'],
  [P + 'import future.keywords as fk\n', 2, 8, 'cannot have an alias'],
  [P + 'import rego.v2\n', 2, 8, 'the only one is `import rego.v1`'],
  [P + 'import data.x as if\n', 2, 18, 'unexpected keyword `if`; expected an alias name'],
  [P + 'import data.x[y]\n', 2, 15, 'import paths contain only names'],
  // rule heads
  [P + 'in := 1\n', 2, 1, '`in` is a keyword and cannot be used as a rule name'],
  [P + 'if := 1\n', 2, 1, '`if` is a keyword and cannot be used as a rule name'],
  [P + 'some := 1\n', 2, 1, '`some` is a keyword'],
  [P + ':= 1\n', 2, 1, 'unexpected `:=`; expected a rule'],
  [P + '"x" := 1\n', 2, 1, 'unexpected string; expected a rule'],
  [P + 'p\n', 2, 1, 'rule `p` has neither a value nor a body'],
  [P + 'f(x)\n', 2, 1, 'rule `f(x)` has neither a value nor a body'],
  [P + 'p := 1 q\n', 2, 8, 'unexpected name `q`; expected a new line'],
  [P + 'p := 1 ]\n', 2, 8, 'unexpected `]`'],
  [P + 'a[x](y) := 1\n', 2, 5, 'a function name cannot contain `[…]`'],
  [P + 'default p\n', 3, 1, 'expected `:=` and a value'],
  [P + 'default p :=\nq := 1\n', 2, 11, 'missing value after `:=`'],
  [P + 'p =\n', 2, 3, 'missing value after `=`'],
  [P + 'default p := 1 if true\n', 2, 16, 'a default rule cannot have a body'],
  [P + 'default p[x] := 1\n', 2, 1, 'a default rule cannot have a key'],
  [P + 'default p contains 1\n', 2, 11, '`default` cannot be used with `contains`'],
  [P + 'p contains x else := 1\n', 2, 14, '`else` can only follow a single-value rule or a function'],
  [P + 'p := 1 else := 2\n', 2, 8, '`else` needs a rule with a body'],
  // v0 syntax in v1
  [P + 'allow { input.x }\n', 2, 7, '`allow { … }` is Rego v0 syntax; in v1 write `allow if { … }` (rule body requires `if` in Rego v1)'],
  [P + 'deny[msg] { msg := 1 }\n', 2, 11, '`deny[msg] { … }` is Rego v0 syntax; in v1 write `deny contains msg if { … }`'],
  [P + 'p.q { true }\n', 2, 5, '`p.q { … }` is Rego v0 syntax; in v1 write `p contains "q" if { … }`'],
  [P + 'p = v { v := 1 }\n', 2, 7, '`p = v { … }` is Rego v0 syntax; in v1 write `p = v if { … }`'],
  [P + 'f(x) = 1 { true }\n', 2, 10, '`f(x) = 1 { … }` is Rego v0 syntax; in v1 write `f(x) = 1 if { … }`'],
  [P + 'p := 1 if { true } else = 2 { true }\n', 2, 29, '`else = 2 { … }` is Rego v0 syntax; in v1 write `else = 2 if { … }`'],
  [P + 'p[x]\n', 2, 1, '`p[x]` is Rego v0 syntax; in v1 write `p contains x`'],
  [P + 'p := 1 if { true } { true }\n', 2, 20, 'several bodies after one head are Rego v0 syntax'],
  // bodies and literals
  [P + 'p if {}\n', 2, 7, 'empty body'],
  [P + 'p if { x := }\n', 2, 13, 'unexpected `}`; expected a term'],
  [P + 'p if { x := 1 y := 2 }\n', 2, 15, 'unexpected name `y`; expected `;`, a new line or `}`'],
  [P + 'p if { a, b }\n', 2, 13, 'expected `in` after `key, value`'],
  [P + 'p if { not some x in xs }\n', 2, 12, '`not` cannot be applied to `some`'],
  [P + 'p if { some 1 }\n', 2, 13, '`some` declares variables'],
  [P + 'p if { every 1 in xs { true } }\n', 2, 14, 'expected a variable after `every`'],
  [P + 'p if { every x in xs }\n', 2, 22, 'expected `{` to start the body of `every`'],
  [P + 'p if { every x xs { true } }\n', 2, 16, 'expected `in`'],
  [P + 'p if { x with 1 as 2 }\n', 2, 15, '`with` target must be a reference'],
  [P + 'p if { x with input 2 }\n', 2, 21, 'expected `as` after the `with` target'],
  [P + 'p if { x := default }\n', 2, 13, 'unexpected keyword `default`; expected a term'],
  [P + 'p if { x := [a | ] }\n', 2, 18, 'empty body'],
  // terms
  [P + 'p if { [1 2] }\n', 2, 11, 'expected `]` to close the `[` at 2:8'],
  [P + 'p if { f(1 2) }\n', 2, 12, 'expected `)` to close the `(` at 2:9'],
  [P + 'p if { x := {"a" 1} }\n', 2, 18, 'expected `}` to close the `{` at 2:13'],
  [P + 'p if { x := {"a": 1, 2} }\n', 2, 23, 'expected `:` after an object key'],
  [P + 'p if { input.1 }\n', 2, 14, 'expected a name right after `.`'],
  [P + 'p if { input. x }\n', 2, 15, 'expected a name right after `.`'],
  [P + 'p if { "a"(1) }\n', 2, 11, 'unexpected `(`'],
  [P + 'p if { input[x](1) }\n', 2, 16, 'only a function name'],
  [P + 'p if { f(x)(y) }\n', 2, 12, 'only a function name'],
  [P + 'p if { x := 1\n', 2, 6, 'unclosed `{`: the file ends before its matching `}`'],
  [P + 'x := [1, 2\n', 2, 6, 'unclosed `[`'],
  [P + 'x := f(1\n', 2, 7, 'unclosed `(`'],
  [P + 'p if {\n  x := [1,\n}\nq := 1\n', 4, 1, 'unexpected `}`; expected a term'],
  [P + 'p if {\n  input.x\nq if { true }\n', 4, 3, 'is the `{` at 2:6 missing its `}`?'],
  // lexical errors
  [P + 'x := "abc\n', 2, 6, 'unterminated string'],
  [P + 'x := `abc\n', 2, 6, 'unterminated raw string'],
  [P + 'x := "a\\qb"\n', 2, 8, 'invalid escape sequence \\q'],
  [P + 'x := "a\\u12"\n', 2, 8, '\\u must be followed by four hex digits'],
  [P + 'x := "\\ud800"\n', 2, 7, 'lone surrogate \\uD800'],
  [P + 'x := "\\udc00"\n', 2, 7, 'lone surrogate \\uDC00'],
  [P + 'x := "\\ud800\\u0041"\n', 2, 7, 'lone surrogate \\uD800'],
  [P + 'x := "tab\there"\n', 2, 10, 'invalid control character U+0009'],
  [P + 'x := 1 @ 2\n', 2, 8, "unexpected character '@' (U+0040)"],
  [P + 'x := 1 ~ 2\n', 2, 8, "unexpected character '~'"],
  [P + 'x := a ! b\n', 2, 8, "unexpected character '!' (use `!=` for inequality or `not` for negation)"],
  [P + 'x := 1\0\n', 2, 7, 'unexpected character U+0000'],
  [P + 'x := 😀\n', 2, 6, "unexpected character '😀' (U+1F600)"],
  [P + 'x := "😀😀" + @\n', 2, 13, "unexpected character '@'"],
  [P + 'x := 01\n', 2, 6, 'leading zeros are not allowed'],
  [P + 'x := 1.\n', 2, 7, 'expected digits after the decimal point'],
  [P + 'x := 1e\n', 2, 7, 'expected digits in the exponent'],
  [P + 'x := 1abc\n', 2, 6, 'a number cannot be followed by letters'],
];

describe('parse errors', () => {
  it.each(cases)('%j → %i:%i', (source, line, col, message) => {
    const ds = parseErrors(source);
    expect(ds[0]).toMatchObject({ code: 'rego_parse_error', severity: 'error', file: 'test.rego', line, col });
    expect(ds[0]!.message).toContain(message);
    for (const d of ds) expect(d.message).not.toContain('\n');
  });
});

describe('recovery', () => {
  it('reports an error in each broken rule and keeps going', () => {
    const src = [
      'package p',
      '',
      'a if {',
      '  x := 1 +',
      '}',
      '',
      'ok := 1',
      '',
      'b if {',
      '  y := ',
      '}',
      '',
      'c := 3 3',
      'd { true }',
      'e := [1, 2',
      '',
      'f := 1',
    ].join('\n');
    expect(where(parseErrors(src))).toEqual([
      '5:1 unexpected `}`; expected a term',
      '11:1 unexpected `}`; expected a term',
      '13:8 unexpected number 3; expected a new line (each rule, import and package starts on its own line)',
      '14:3 `d { … }` is Rego v0 syntax; in v1 write `d if { … }` (rule body requires `if` in Rego v1)',
      '17:1 unexpected name `f`; expected `]` to close the `[` at 15:6',
    ]);
  });

  it('reports lexical and syntax errors together, sorted by position', () => {
    const ds = parseErrors('package p\nx := "\\q"\ny := \ngood := 1\nz := @\n');
    expect(where(ds)).toEqual([
      '2:7 invalid escape sequence \\q in string',
      '3:3 missing value after `:=`',
      '5:6 unexpected character \'@\' (U+0040)',
    ]);
  });

  it('renders a caret under the column (counted in code points)', () => {
    const src = 'package p\nx := "😀" + @\n';
    const [d] = parseModule(src, 'a.rego').diagnostics;
    expect(formatDiagnostic(d!, src)).toBe(
      "a.rego:2:12: rego_parse_error: unexpected character '@' (U+0040)\n  x := \"😀\" + @\n             ^",
    );
  });
});
