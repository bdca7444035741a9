import { describe, expect, it } from 'vitest';
import { builtinTables } from './harness';

const { run, runtime } = builtinTables();

describe('json', () => {
  run([
    ['b_json_marshal', ['{"b": [1, 2.50, "x"], "a": null}'], JSON.stringify('{"a":null,"b":[1,2.50,"x"]}')],
    ['b_json_marshal', ['{3, 1}'], JSON.stringify('[1,3]')],
    ['b_json_marshal', ['"<&>"'], JSON.stringify('"\\u003c\\u0026\\u003e"')],
    ['b_json_marshal', ['{1: 2}'], JSON.stringify('{"1":2}')],
    ['b_json_unmarshal', [JSON.stringify('{"a": [1, "x"]}')], '{"a": [1, "x"]}'],
    ['b_json_unmarshal', [JSON.stringify('"\\u00e9"')], '"é"'],
    ['b_json_unmarshal', [JSON.stringify('12345678901234567890')], '12345678901234567890'],
    ['b_json_unmarshal', [JSON.stringify('{"a":')], undefined],
    ['b_json_unmarshal', ['1'], undefined],
    ['b_json_is_valid', [JSON.stringify('{"a": 1}')], 'true'],
    ['b_json_is_valid', [JSON.stringify('{a: 1}')], 'false'],
    ['b_json_is_valid', ['1'], 'false'],
  ]);
});

describe('base64 and hex', () => {
  run([
    ['b_base64_encode', ['"hello"'], '"aGVsbG8="'],
    ['b_base64_encode', ['""'], '""'],
    ['b_base64_encode', ['"a"'], '"YQ=="'],
    ['b_base64_encode', ['"ab"'], '"YWI="'],
    ['b_base64_encode', ['"abc"'], '"YWJj"'],
    ['b_base64_encode', ['"é😀"'], '"w6nwn5iA"'],
    ['b_base64_encode', ['1'], undefined],
    ['b_base64_decode', ['"aGVsbG8="'], '"hello"'],
    ['b_base64_decode', ['"YQ=="'], '"a"'],
    ['b_base64_decode', ['"YW\\nJj"'], '"abc"'],
    ['b_base64_decode', ['"w6nwn5iA"'], '"é😀"'],
    ['b_base64_decode', ['"aGVsbG8"'], undefined],
    ['b_base64_decode', ['"a?=="'], undefined],
    ['b_base64_decode', ['"YQ==YQ=="'], undefined],
    ['b_base64_decode', ['"Y==="'], undefined],
    ['b_base64_decode', ['"_-8="'], undefined],
    ['b_base64_is_valid', ['"aGVsbG8="'], 'true'],
    ['b_base64_is_valid', ['"aGVsbG8"'], 'false'],
    ['b_base64_is_valid', ['1'], 'false'],
    ['b_base64url_encode', ['"\u00ff\u00fe"'], '"w7_Dvg=="'],
    ['b_base64url_encode_no_pad', ['"\u00ff\u00fe"'], '"w7_Dvg"'],
    ['b_base64url_encode_no_pad', ['"abc"'], '"YWJj"'],
    ['b_base64url_decode', ['"w7_Dvg=="'], '"\u00ff\u00fe"'],
    ['b_base64url_decode', ['"w7_Dvg"'], '"\u00ff\u00fe"'],
    ['b_base64url_decode', ['"YWI"'], '"ab"'],
    ['b_base64url_decode', ['"YWJjZ"'], undefined],
    ['b_base64url_decode', ['"w7/Dvg=="'], undefined],
    ['b_hex_encode', ['"hi!"'], '"686921"'],
    ['b_hex_encode', ['"é"'], '"c3a9"'],
    ['b_hex_decode', ['"686921"'], '"hi!"'],
    ['b_hex_decode', ['"C3A9"'], '"é"'],
    ['b_hex_decode', ['"abc"'], undefined],
    ['b_hex_decode', ['"zz"'], undefined],
    ['b_hex_decode', ['1'], undefined],
  ]);

  it('round-trips arbitrary bytes through base64 and hex', () => {
    const rt = runtime();
    for (let len = 0; len < 40; len++) {
      const s = Array.from({ length: len }, (_, i) => String.fromCharCode(((i * 37 + len) % 94) + 32)).join('');
      const v = rt.str(s);
      const b = rt.call('b_base64_decode', rt.call('b_base64_encode', v));
      expect(rt.js(b)).toBe(s);
      expect(rt.js(rt.call('b_base64_encode', v))).toBe(Buffer.from(s).toString('base64'));
      expect(rt.js(rt.call('b_base64url_encode_no_pad', v))).toBe(Buffer.from(s).toString('base64url'));
      expect(rt.js(rt.call('b_hex_decode', rt.call('b_hex_encode', v)))).toBe(s);
    }
  });
});
