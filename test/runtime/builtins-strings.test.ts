import { describe, expect, it } from 'vitest';
import { builtinTables, loadRuntime } from './harness';

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
    // floats beyond i64: the exact integer value of the float (OPA: big.Float.Int, truncating)
    ['b_format_int', ['1e20', '10'], '"100000000000000000000"'],
    ['b_format_int', ['1e20', '2'], '"1010110101111000111010111100010110101100011000100000000000000000000"'],
    ['b_format_int', ['1e20', '8'], '"12657072742654304000000"'],
    ['b_format_int', ['1e20', '16'], '"56bc75e2d63100000"'],
    ['b_format_int', ['-1e20', '10'], '"-100000000000000000000"'],
    ['b_format_int', ['-1e20', '2'], '"-1010110101111000111010111100010110101100011000100000000000000000000"'],
    ['b_format_int', ['-1e20', '8'], '"-12657072742654304000000"'],
    ['b_format_int', ['-1e20', '16'], '"-56bc75e2d63100000"'],
    ['b_format_int', ['1.5e19', '10'], '"15000000000000000000"'],
    ['b_format_int', ['-1.5e19', '16'], '"-d02ab486cedc0000"'],
    ['b_format_int', ['9223372036854775807.5', '10'], '"9223372036854775808"'],
    ['b_format_int', ['100000000000000000000.7', '10'], '"100000000000000000000"'],
    ['b_format_int', ['-100000000000000000000.7', '8'], '"-12657072742654304000000"'],
    ['b_format_int', ['1.2345678901234567e25', '10'], '"12345678901234566097272832"'],
    ['b_format_int', ['1.2345678901234567e25', '16'], '"a364c98227eaa00000000"'],
    ['b_format_int', ['1.7976931348623157e308', '10'], '"179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"'],
    ['b_format_int', ['1.7976931348623157e308', '2'], `"${'1'.repeat(53)}${'0'.repeat(971)}"`],
    ['b_format_int', ['-1.7976931348623157e308', '16'], `"-fffffffffffff8${'0'.repeat(242)}"`],
    ['b_format_int', ['1e400', '10'], undefined],
    // integer text beyond i64: exact in every base
    ['b_format_int', ['12345678901234567890', '16'], '"ab54a98ceb1f0ad2"'],
    ['b_format_int', ['-123456789012345678901234567890', '2'], '"-1100011101110100100001111111101101100001101110011111000001110111001001110001111110000101011010010"'],
    ['b_format_int', ['-123456789012345678901234567890', '8'], '"-143564417755415637016711617605322"'],
    ['b_format_int', ['-123456789012345678901234567890', '10'], '"-123456789012345678901234567890"'],
    ['b_format_int', ['98765432109876543210987654321', '16'], '"13f20d9c2fff89d38e1c70cb1"'],
    ['b_format_int', ['-0', '10'], '"0"'],
    ['b_format_int', ['-0', '16'], '"0"'],
    ['b_format_int', ['5', '3'], undefined],
    ['b_format_int', ['"5"', '10'], undefined],
  ]);
});

describe('case mapping (lower / upper)', () => {
  // Go's unicode.ToLower / ToUpper (OPA's strings.ToLower / ToUpper): Unicode simple case mappings.
  run([
    // examples from OPA
    ['b_lower', ['"ȘTEFAN ȚEPEȘ"'], '"ștefan țepeș"'],
    ['b_upper', ['"ơư"'], '"ƠƯ"'],
    ['b_lower', ['"ǅ"'], '"ǆ"'],
    // title case letters: lower to the small digraph, upper to the capital one
    ['b_upper', ['"ǅ ǈ ǋ ǲ"'], '"Ǆ Ǉ Ǌ Ǳ"'],
    ['b_lower', ['"ǅ ǈ ǋ ǲ Ǆ Ǉ Ǌ Ǳ"'], '"ǆ ǉ ǌ ǳ ǆ ǉ ǌ ǳ"'],
    // Latin Extended-B
    ['b_lower', ['"ƁƆƊƎƏƐƓƔƖƗƜƝƟƦƩƮƱƲƷȠɃɄɅ"'], '"ɓɔɗǝəɛɠɣɩɨɯɲɵʀʃʈʊʋʒƞƀʉʌ"'],
    ['b_upper', ['"ƀƃƅƈƌƒƕƙƚƞơƣƥƨƭưƴƶƹƽƿǎǝǟǯǵȁȣȳȼɂɇɏ"'], '"ɃƂƄƇƋƑǶƘȽȠƠƢƤƧƬƯƳƵƸƼǷǍƎǞǮǴȀȢȲȻɁɆɎ"'],
    ['b_lower', ['"ȺȾ"'], '"ⱥⱦ"'], // 2-byte letters whose lowercase takes 3 bytes
    ['b_upper', ['"ȿɀ"'], '"ⱾⱿ"'],
    // IPA Extensions
    ['b_upper', ['"ɐɑɒɓɔɖɗəɛɜɠɡɣɥɦɨɩɪɫɬɯɱɲɵɽʀʂʃʇʈʉʊʋʌʒʝʞ"'], '"ⱯⱭⱰƁƆƉƊƏƐꞫƓꞬƔꞍꞪƗƖꞮⱢꞭƜⱮƝƟⱤƦꟅƩꞱƮɄƱƲɅƷꞲꞰ"'],
    ['b_lower', ['"ɐɡʒ"'], '"ɐɡʒ"'],
    // Latin Extended-C
    ['b_lower', ['"ⱠⱢⱣⱤⱧⱩⱫⱭⱮⱯⱰⱲⱵⱾⱿ"'], '"ⱡɫᵽɽⱨⱪⱬɑɱɐɒⱳⱶȿɀ"'], // 3-byte capitals, some to 2-byte smalls
    ['b_upper', ['"ⱡⱥⱦⱨⱳⱶ"'], '"ⱠȺȾⱧⱲⱵ"'],
    // Latin Extended-D
    ['b_lower', ['"ꜢꜲꝀꝹꝽꞋꞍꞐꞪꞫꞬꞭꞮꞰꞱꞲꞳꞴꟀꟂꟄꟅꟆꟇꟉꟐꟖꟘꟵ"'], '"ꜣꜳꝁꝺᵹꞌɥꞑɦɜɡɬɪʞʇʝꭓꞵꟁꟃꞔʂᶎꟈꟊꟑꟗꟙꟶ"'],
    ['b_upper', ['"ꜣꜳꝯꞔꞵꟁꟑꟙꭓ"'], '"ꜢꜲꝮꟄꞴꟀꟐꟘꞳ"'],
    // Coptic (and the Coptic letters of the Greek block)
    ['b_lower', ['"ⲀⲂⲤⳀⳢⳫⳭⳲϢϮ"'], '"ⲁⲃⲥⳁⳣⳬⳮⳳϣϯ"'],
    ['b_upper', ['"ⲁⲃⲥⳁⳣⳬⳮⳳϣϯ"'], '"ⲀⲂⲤⳀⳢⳫⳭⳲϢϮ"'],
    // Cyrillic Extended-B and Extended-C
    ['b_lower', ['"ꙀꙂꙬꚀꚚ"'], '"ꙁꙃꙭꚁꚛ"'],
    ['b_upper', ['"ꙁꙃꙭꚁꚛᲀᲁᲂᲃᲄᲅᲆᲇᲈ"'], '"ꙀꙂꙬꚀꚚВДОСТТЪѢꙊ"'],
    // Cherokee: capitals lower to the Cherokee Supplement block, and back
    ['b_lower', ['"ᎠᎡᏴᏵ"'], '"ꭰꭱᏼᏽ"'],
    ['b_upper', ['"ꭰꭱꮿᏸᏽ"'], '"ᎠᎡᏯᏰᏵ"'],
    // Georgian: Mkhedruli uppercases to Mtavruli; Asomtavruli lowercases to Nuskhuri
    ['b_upper', ['"აბგ"'], '"ᲐᲑᲒ"'],
    ['b_lower', ['"ᲐᲑᲒႠႡ"'], '"აბგⴀⴁ"'],
    // Greek: simple mappings only (no ypogegrammeni expansion), final sigma not contextual
    ['b_upper', ['"ᾀᾳῃῳ"'], '"ᾈᾼῌῼ"'],
    ['b_upper', ['"ᾈᾼΐΰὐ"'], '"ᾈᾼΐΰὐ"'],
    ['b_lower', ['"ᾈᾼΣ"'], '"ᾀᾳσ"'],
    // letterlike symbols and other single mappings
    ['b_lower', ['"KΩÅẞℲ"'], '"kωåßⅎ"'],
    ['b_upper', ['"ßŉǰﬀﬁ"'], '"ßŉǰﬀﬁ"'],
    ['b_lower', ['"İ"'], '"i"'],
    ['b_upper', ['"ı ſ ͅ ι"'], '"I S Ι Ι"'],
    // scripts above U+FFFF (4-byte UTF-8)
    ['b_lower', ['"𐐀𐐧𐒰𐓓𐕰𐕺𐖕𐲀𐲲𑢠𑢿𖹀𖹟𞤀𞤡"'], '"𐐨𐑏𐓘𐓻𐖗𐖡𐖼𐳀𐳲𑣀𑣟𖹠𖹿𞤢𞥃"'],
    ['b_upper', ['"𐐨𐑏𐓘𐓻𐖗𐖼𐳀𐳲𑣀𑣟𖹠𖹿𞤢𞥃"'], '"𐐀𐐧𐒰𐓓𐕰𐖕𐲀𐲲𑢠𑢿𖹀𖹟𞤀𞤡"'],
    // ASCII: unchanged behaviour
    ['b_lower', ['"The Quick Brown FOX @[`{ 0123456789 ~!"'], '"the quick brown fox @[`{ 0123456789 ~!"'],
    ['b_upper', ['"The Quick Brown fox @[`{ 0123456789 ~!"'], '"THE QUICK BROWN FOX @[`{ 0123456789 ~!"'],
    ['b_lower', ['""'], '""'],
    // multi-byte and ASCII mixed
    ['b_lower', ['"Hello ȘTEFAN, ǅEMAL & 𐐀ESERET: ΣΑΣ Ⲁ 123!"'], '"hello ștefan, ǆemal & 𐐨eseret: σασ ⲁ 123!"'],
    ['b_upper', ['"a-ơ-b-𐐨-c-ɐ-d-ꭰ-é"'], '"A-Ơ-B-𐐀-C-Ɐ-D-Ꭰ-É"'],
    // no mapping: left unchanged
    ['b_upper', ['"ªºʰʲᵃ𝐚𝐀ⓐ①中文😀"'], '"ªºʰʲᵃ𝐚𝐀Ⓐ①中文😀"'],
    ['b_lower', ['"ªºʰʲᵃ𝐚𝐀Ⓐ①中文😀"'], '"ªºʰʲᵃ𝐚𝐀ⓐ①中文😀"'],
    // letters encoded after Unicode 15 (Go's tables): no mapping in OPA
    ['b_lower', ['"Ᲊ Ꟍ Ꟛ 𐵐 𖺠"'], '"Ᲊ Ꟍ Ꟛ 𐵐 𖺠"'],
    ['b_upper', ['"ᲊ ꟍ ꟛ ƛ ɤ 𐵰 𖺻"'], '"ᲊ ꟍ ꟛ ƛ ɤ 𐵰 𖺻"'],
  ]);

  // Every code point, against the Unicode data built into Node: JS toLowerCase / toUpperCase give
  // the full mappings, so where they give several code points the expected result is Go's simple
  // mapping (GO_SIMPLE) or the code point itself; letters encoded after Unicode 15 (which Go's
  // tables do not have) stay unchanged.
  const GO_SIMPLE: Record<'lower' | 'upper', Map<number, number>> = { lower: new Map([[0x130, 0x69]]), upper: new Map() };
  for (const base of [0x1f80, 0x1f90, 0x1fa0]) for (let i = 0; i < 8; i++) GO_SIMPLE.upper.set(base + i, base + i + 8);
  GO_SIMPLE.upper.set(0x1fb3, 0x1fbc).set(0x1fc3, 0x1fcc).set(0x1ff3, 0x1ffc);
  const AFTER_15: [number, number][] = [
    [0x019b, 0x019b], [0x0264, 0x0264], [0x1c89, 0x1c8a], [0xa7cb, 0xa7cf], [0xa7d2, 0xa7d5],
    [0xa7da, 0xa7dc], [0x10d50, 0x10d65], [0x10d70, 0x10d85], [0x16ea0, 0x16eb8], [0x16ebb, 0x16ed3],
  ];
  const after15 = (c: number) => AFTER_15.some(([lo, hi]) => c >= lo && c <= hi);
  function expected(kind: 'lower' | 'upper', c: number): number {
    if (after15(c)) return c;
    const ch = String.fromCodePoint(c);
    const cps = [...(kind === 'lower' ? ch.toLowerCase() : ch.toUpperCase())];
    if (cps.length !== 1) return GO_SIMPLE[kind].get(c) ?? c;
    const to = cps[0]!.codePointAt(0)!;
    return after15(to) ? c : to;
  }

  it('agrees with the Unicode simple case mappings on every code point U+0000..U+10FFFF', () => {
    const rt = loadRuntime();
    const heap = rt.call('opa_heap_ptr_get');
    const bad: string[] = [];
    const mapped = { lower: 0, upper: 0 };
    const CHUNK = 4096;
    for (let lo = 0; lo <= 0x10ffff; lo += CHUNK) {
      const cps: number[] = [];
      for (let c = lo; c < lo + CHUNK && c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) cps.push(c);
      if (cps.length === 0) continue;
      const input = String.fromCodePoint(...cps);
      for (const kind of ['lower', 'upper'] as const) {
        const got = [...(rt.js(rt.call(`b_${kind}`, rt.str(input))) as string)].map((s) => s.codePointAt(0)!);
        expect(got.length).toBe(cps.length);
        cps.forEach((c, i) => {
          const want = expected(kind, c);
          if (want !== c) mapped[kind]++;
          if (got[i] !== want) bad.push(`${kind} U+${c.toString(16)}: got U+${got[i]!.toString(16)}, want U+${want.toString(16)}`);
        });
      }
      rt.call('opa_heap_ptr_set', heap);
    }
    expect(bad.slice(0, 20)).toEqual([]);
    expect(bad.length).toBe(0);
    // UnicodeData.txt 14.0/15.0 (Go's tables): 1433 code points with a lowercase mapping, 1450 with an uppercase one
    expect(mapped).toEqual({ lower: 1433, upper: 1450 });
  });
});
