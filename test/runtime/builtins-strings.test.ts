import { describe, expect, it } from 'vitest';
import { builtinTables } from './harness';

const { run, runtime } = builtinTables();

describe('string builtins', () => {
  run([
    ['b_concat', ['","', '["a", "b", "c"]'], '"a,b,c"'],
    ['b_concat', ['", "', '{"b", "a"}'], '"a, b"'],
    ['b_concat', ['"-"', '[]'], '""'],
    ['b_concat', ['""', '["é", "😀"]'], '"é😀"'],
    ['b_concat', ['","', '["a", 1]'], undefined],
    ['b_concat', ['1', '["a"]'], undefined],
    ['b_concat', ['","', '"ab"'], undefined],
    ['b_contains', ['"abc"', '"bc"'], 'true'],
    ['b_contains', ['"abc"', '""'], 'true'],
    ['b_contains', ['"abc"', '"x"'], 'false'],
    ['b_contains', ['"héllo"', '"él"'], 'true'],
    ['b_contains', ['1', '"1"'], undefined],
    ['b_startswith', ['"abc"', '"ab"'], 'true'],
    ['b_startswith', ['"abc"', '"abcd"'], 'false'],
    ['b_startswith', ['"abc"', '""'], 'true'],
    ['b_endswith', ['"abc"', '"bc"'], 'true'],
    ['b_endswith', ['"abc"', '"ab"'], 'false'],
    ['b_endswith', ['"abc"', '1'], undefined],
    ['b_lower', ['"AbC"'], '"abc"'],
    ['b_lower', ['"ÀÉÎ ABC ΣΑΣ ПРИВЕТ Ё"'], '"àéî abc σασ привет ё"'],
    ['b_lower', ['"İ"'], '"i"'],
    ['b_lower', ['1'], undefined],
    ['b_upper', ['"aBc"'], '"ABC"'],
    ['b_upper', ['"àéî abc σας привет ÿ µ"'], '"ÀÉÎ ABC ΣΑΣ ПРИВЕТ Ÿ Μ"'],
    ['b_upper', ['"ß ı ſ"'], '"ß I S"'],
    ['b_upper', ['"中文😀"'], '"中文😀"'],
    ['b_split', ['"a,b,,c"', '","'], '["a", "b", "", "c"]'],
    ['b_split', ['"abc"', '","'], '["abc"]'],
    ['b_split', ['""', '","'], '[""]'],
    ['b_split', ['"héj😀"', '""'], '["h", "é", "j", "😀"]'],
    ['b_split', ['""', '""'], '[]'],
    ['b_split', ['"a--b--"', '"--"'], '["a", "b", ""]'],
    ['b_split', ['1', '","'], undefined],
    ['b_replace', ['"aaa"', '"a"', '"b"'], '"bbb"'],
    ['b_replace', ['"abab"', '"ab"', '"x"'], '"xx"'],
    ['b_replace', ['"abc"', '""', '"-"'], '"-a-b-c-"'],
    ['b_replace', ['"hé"', '""', '"-"'], '"-h-é-"'],
    ['b_replace', ['"abc"', '"x"', '"y"'], '"abc"'],
    ['b_replace', ['"aaaa"', '"aa"', '"a"'], '"aa"'],
    ['b_replace', ['"abc"', '"b"', '1'], undefined],
    ['b_strings_replace_n', ['{"a": "1", "ab": "2"}', '"abc"'], '"1bc"'],
    ['b_strings_replace_n', ['{"ab": "2", "b": "3"}', '"abcb"'], '"2c3"'],
    ['b_strings_replace_n', ['{"<": "&lt;", ">": "&gt;"}', '"<a>"'], '"&lt;a&gt;"'],
    ['b_strings_replace_n', ['{"": "-"}', '"ab"'], '"-a-b-"'],
    ['b_strings_replace_n', ['{}', '"ab"'], '"ab"'],
    ['b_strings_replace_n', ['{"a": 1}', '"ab"'], undefined],
    ['b_strings_replace_n', ['{1: "x"}', '"ab"'], undefined],
    ['b_strings_replace_n', ['["a"]', '"ab"'], undefined],
    ['b_trim', ['"  xx  "', '" "'], '"xx"'],
    ['b_trim', ['"abcxcba"', '"abc"'], '"x"'],
    ['b_trim', ['"aaa"', '"a"'], '""'],
    ['b_trim', ['"éaé"', '"é"'], '"a"'],
    ['b_trim', ['"xax"', '""'], '"xax"'],
    ['b_trim', ['""', '"a"'], '""'],
    ['b_trim', ['1', '"a"'], undefined],
    ['b_trim_left', ['"xxaxx"', '"x"'], '"axx"'],
    ['b_trim_right', ['"xxaxx"', '"x"'], '"xxa"'],
    ['b_trim_right', ['"a😀😀"', '"😀"'], '"a"'],
    ['b_trim_prefix', ['"foobar"', '"foo"'], '"bar"'],
    ['b_trim_prefix', ['"foobar"', '"bar"'], '"foobar"'],
    ['b_trim_suffix', ['"foobar"', '"bar"'], '"foo"'],
    ['b_trim_suffix', ['"foobar"', '"foo"'], '"foobar"'],
    ['b_trim_space', ['"\\t\\n hi there \\r"'], '"hi there"'],
    ['b_trim_space', ['"\u00a0\u3000x\u2003"'], '"x"'],
    ['b_trim_space', ['"   "'], '""'],
    ['b_trim_space', ['[]'], undefined],
    ['b_indexof', ['"hello"', '"l"'], '2'],
    ['b_indexof', ['"héllo"', '"l"'], '2'],
    ['b_indexof', ['"😀a"', '"a"'], '1'],
    ['b_indexof', ['"abc"', '"d"'], '-1'],
    ['b_indexof', ['"abc"', '""'], undefined],
    ['b_indexof', ['1', '"a"'], undefined],
    ['b_indexof_n', ['"aaa"', '"aa"'], '[0, 1]'],
    ['b_indexof_n', ['"héhé"', '"é"'], '[1, 3]'],
    ['b_indexof_n', ['"abc"', '"x"'], '[]'],
    ['b_indexof_n', ['"abc"', '""'], undefined],
    ['b_substring', ['"hello"', '1', '3'], '"ell"'],
    ['b_substring', ['"hello"', '1', '-1'], '"ello"'],
    ['b_substring', ['"hello"', '0', '100'], '"hello"'],
    ['b_substring', ['"hello"', '10', '1'], '""'],
    ['b_substring', ['"hello"', '5', '1'], '""'],
    ['b_substring', ['"hello"', '-1', '1'], undefined],
    ['b_substring', ['"héllo😀x"', '1', '3'], '"éll"'],
    ['b_substring', ['"héllo😀x"', '5', '1'], '"😀"'],
    ['b_substring', ['"héllo😀x"', '5', '-7'], '"😀x"'],
    ['b_substring', ['"abc"', '1.5', '1'], undefined],
    ['b_substring', ['"abc"', '1', '1.0'], undefined],
    ['b_substring', ['1', '0', '1'], undefined],
    ['b_strings_reverse', ['"abc😀é"'], '"é😀cba"'],
    ['b_strings_reverse', ['""'], '""'],
    ['b_strings_reverse', ['1'], undefined],
    ['b_strings_any_prefix_match', ['"foobar"', '"foo"'], 'true'],
    ['b_strings_any_prefix_match', ['["a", "foobar"]', '{"x", "foo"}'], 'true'],
    ['b_strings_any_prefix_match', ['"foobar"', '["bar"]'], 'false'],
    ['b_strings_any_prefix_match', ['[]', '"a"'], 'false'],
    ['b_strings_any_prefix_match', ['"a"', '[]'], 'false'],
    ['b_strings_any_prefix_match', ['1', '"a"'], undefined],
    ['b_strings_any_prefix_match', ['["a", 1]', '"a"'], undefined],
    ['b_strings_any_suffix_match', ['"foobar"', '"bar"'], 'true'],
    ['b_strings_any_suffix_match', ['{"foo", "baz"}', '["oo", "x"]'], 'true'],
    ['b_strings_any_suffix_match', ['"foobar"', '"foo"'], 'false'],
    ['b_strings_count', ['"cheese"', '"e"'], '3'],
    ['b_strings_count', ['"five"', '""'], '5'],
    ['b_strings_count', ['"héé"', '""'], '4'],
    ['b_strings_count', ['"aaaa"', '"aa"'], '2'],
    ['b_strings_count', ['"abc"', '1'], undefined],
    ['b_format_int', ['255', '16'], '"ff"'],
    ['b_format_int', ['-255', '16'], '"-ff"'],
    ['b_format_int', ['10', '2'], '"1010"'],
    ['b_format_int', ['8', '8'], '"10"'],
    ['b_format_int', ['42', '10'], '"42"'],
    ['b_format_int', ['1.9', '10'], '"1"'],
    ['b_format_int', ['-1.9', '10'], '"-1"'],
    ['b_format_int', ['-9223372036854775808', '2'], '"-1000000000000000000000000000000000000000000000000000000000000000"'],
    ['b_format_int', ['12345678901234567890', '10'], '"12345678901234567890"'],
    ['b_format_int', ['5', '3'], undefined],
    ['b_format_int', ['"5"', '10'], undefined],
  ]);
});

describe('case mapping', () => {
  // ranges the runtime claims to cover (see utf8.ts)
  const ranges: [number, number][] = [
    [0x0000, 0x017f], [0x0370, 0x03ff], [0x0400, 0x052f], [0x0531, 0x0586], [0x10a0, 0x10ff],
    [0x1c90, 0x1cbf], [0x1e00, 0x1eff], [0x1f00, 0x1fff], [0x2160, 0x217f], [0x24b6, 0x24e9],
    [0x2c00, 0x2c5f], [0x2d00, 0x2d2d], [0xff21, 0xff5a], [0x10400, 0x1044f],
  ];
  it('agrees with the Unicode simple case mappings (single code point results)', () => {
    const rt = runtime();
    const bad: string[] = [];
    for (const [lo, hi] of ranges) {
      for (let c = lo; c <= hi; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const ch = String.fromCodePoint(c);
        for (const [fn, js] of [
          ['b_lower', ch.toLowerCase()],
          ['b_upper', ch.toUpperCase()],
        ] as const) {
          if ([...js].length !== 1) continue; // full mapping differs from the simple one
          const got = JSON.parse(rt.dump(rt.call(fn, rt.str(ch))));
          if (got !== js) bad.push(`${fn} U+${c.toString(16)} got U+${got.codePointAt(0).toString(16)} want U+${js.codePointAt(0)!.toString(16)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
