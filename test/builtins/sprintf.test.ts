import { describe, expect, it } from 'vitest';
import { call, expectError } from './helpers.js';

const sprintf = (f: string, args: unknown[]) => call('sprintf', f, args);

describe('sprintf: verbs on OPA-converted values', () => {
  it.each<[string, unknown[], string]>([
    ['%d', [42], '42'],
    ['%d', [-7], '-7'],
    ['%v %s', ['a', 'b'], 'a b'],
    ['%v', [1.5], '1.5'],
    ['%v', [0.1], '0.1'],
    ['%v', [1234567.5], '1.2345675e+06'],
    ['%v', [1e-7], '1e-07'],
    ['%v', [-0.0000123], '-1.23e-05'],
    ['%f', [3.14159], '3.141590'],
    ['%.2f', [3.14159], '3.14'],
    ['%.2f', [1.005], '1.00'],
    ['%.0f %.0f %.0f', [0.5, 1.5, 2.5], '0 2 2'],
    ['%8.3f|%-8.2f|%08.3f', [3.14159, 2.5, -3.14159], '   3.142|2.50    |-003.142'],
    ['%e %E', [123456.789, 0.000123], '1.234568e+05 1.230000E-04'],
    ['%g %.3g %G', [0.00001234, 1234.5678, 1e-10], '1.234e-05 1.23e+03 1E-10'],
    ['%x %X %#x %o %#o %b', [255, 255, 255, 8, 8, 5], 'ff FF 0xff 10 010 101'],
    ['%x', ['hello'], '68656c6c6f'],
    ['% x|%#X', ['hi', 'hi'], '68 69|0X6869'],
    ['%5d|%-5d|%05d|%+d|% d', [42, 42, -42, 5, 5], '   42|42   |-0042|+5| 5'],
    ['%.3d|%.0d', [7, 0], '007|'],
    ['%#08x', [255], '0x000000ff'],
    ['%6s|%-6s|%.3s', ['ab', 'ab', 'abcdef'], '    ab|ab    |abc'],
    ['%q', ['hi\n"é'], '"hi\\n\\"é"'],
    ['%+q', ['é'], '"\\u00e9"'],
    ['%#q', ['back'], '`back`'],
    ['%c %U %#U %q', [65, 0x1f600, 0x1f600, 97], "A U+1F600 U+1F600 '😀' 'a'"],
    ['%x', [1.5], '0x1.8p+00'],
    ['%T %T %T %T', [1, 1.5, 's', [1]], 'int64 float64 string string'],
    ['%*d|%-*d', [5, 1, 4, 2], '    1|2   '],
    ['%[2]d %[1]d', [1, 2], '2 1'],
    ['100%%', [], '100%'],
    ['%6.2f%%', [3.14159], '  3.14%'],
  ])('%j with %j', (format, args, want) => expect(sprintf(format, args)).toBe(want));
});

describe('sprintf: composite values print as Rego terms', () => {
  it.each<[string, unknown[], string]>([
    ['%v', [[1, 'a', true, null]], '[1, "a", true, null]'],
    ['%s', [{ b: 1, a: [2] }], '{"a": [2], "b": 1}'],
    ['%v', [{ '10': 1, '9': 2 }], '{"10": 1, "9": 2}'],
    ['%v', [[]], '[]'],
    ['%v', [{}], '{}'],
    ['%v', [{ k: 'x"y' }], '{"k": "x\\"y"}'],
    ['%v', [null], 'null'],
    ['user %s has roles %v', ['alice', ['admin', 'dev']], 'user alice has roles ["admin", "dev"]'],
  ])('%j with %j', (format, args, want) => expect(sprintf(format, args)).toBe(want));
});

describe('sprintf: booleans', () => {
  it('prints booleans for %v/%s as OPA does and supports %t', () => {
    expect(sprintf('%v %s %t %t', [true, false, true, false])).toBe('true false true false');
  });
  it('treats booleans like OPA (strings) for other verbs', () => {
    expect(sprintf('%d', [true])).toBe('%!d(string=true)');
  });
});

describe("sprintf: Go's error forms", () => {
  it.each<[string, unknown[], string]>([
    ['%d', ['x'], '%!d(string=x)'],
    ['%f', [1], '%!f(int64=1)'],
    ['%s', [1], '%!s(int64=1)'],
    ['%d %d', [1], '1 %!d(MISSING)'],
    ['%d', [1, 'a'], '1%!(EXTRA string=a)'],
    ['%d', [1, 2, 1.5], '1%!(EXTRA int64=2, float64=1.5)'],
    ['%', [], '%!(NOVERB)'],
    ['%z', [1], '%!z(int64=1)'],
    ['%[3]d', [1], '%!d(BADINDEX)'],
  ])('%j with %j', (format, args, want) => expect(sprintf(format, args)).toBe(want));
});

describe('sprintf: unicode and edge inputs', () => {
  it.each<[string, unknown[], string]>([
    ['', [], ''],
    ['no verbs', [], 'no verbs'],
    ['%5s|', ['日本'], '   日本|'],
    ['%.1s', ['😀x'], '😀'],
    ['%s', [''], ''],
    ['%v', [12345678901234567890], '12345678901234567168'],
  ])('%j with %j', (format, args, want) => expect(sprintf(format, args)).toBe(want));

  it('rejects non-string formats and non-array values', () => {
    expectError('sprintf', [1, []], 'operand 1 must be string but got number');
    expectError('sprintf', ['%v', 'x'], 'operand 2 must be array but got string');
  });
});
