import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuntime, type Runtime } from './harness';

let rt: Runtime;
beforeAll(() => {
  rt = loadRuntime();
});

/** parse + dump */
function rd(text: string | Uint8Array): string | undefined {
  const v = rt.parse(text);
  return v === 0 ? undefined : rt.dump(v);
}

describe('JSON round trips', () => {
  const same: string[] = [
    'null', 'true', 'false', '0', '-1', '42', '9223372036854775807', '-9223372036854775808',
    '9223372036854775808', '-9223372036854775809', '12345678901234567890123456789',
    '1.0', '-0', '-0.0', '0.5', '1e3', '1E3', '1e+3', '1.5e-7', '2.5E+10', '1e400', '-1e-400',
    '0.30000000000000004', '3.141592653589793238462643383279',
    '""', '"a"', '"hello world"', '[]', '[1,2,3]', '{}', '{"a":1}',
    '{"a":{"b":{"c":[1,{"d":null}]}}}', '[[[]]]', '[{},{}]',
    '"\\u003cscript\\u003e \\u0026"', '"\\"\\\\\\n\\r\\t\\b\\f"', '"\\u0000\\u001f"',
    '"\\u2028\\u2029"',
  ];
  it.each(same)('%s', (t) => {
    expect(rd(t)).toBe(t);
  });

  const normalised: [string, string][] = [
    [' { "b" : 1 , "a" : 2 } ', '{"a":2,"b":1}'],
    ['\t\r\n[ 1 ,\n2 ]\n', '[1,2]'],
    ['"\\/"', '"/"'],
    ['"\\u00e9"', '"é"'],
    ['"é"', '"é"'],
    ['"\\ud83d\\ude00"', '"😀"'],
    ['"😀"', '"😀"'],
    ['"\\uD83D\\uDE00"', '"😀"'],
    ['"<>&"', '"\\u003c\\u003e\\u0026"'],
    ['"\\u0007"', '"\\u0007"'],
    ['"\\u007f"', '"\u007f"'],
    // lone surrogates become U+FFFD
    ['"\\ud83d"', '"\ufffd"'],
    ['"\\ude00x"', '"\ufffdx"'],
    ['"\\ud83dx"', '"\ufffdx"'],
    ['"\\ud83d\\u0041"', '"\ufffdA"'],
    // duplicate keys: last wins
    ['{"a":1,"a":2}', '{"a":2}'],
    ['{"a":1,"b":2,"a":3}', '{"a":3,"b":2}'],
    // keys sorted bytewise
    ['{"b":1,"a":1,"B":1,"é":1,"aa":1,"":1}', '{"":1,"B":1,"a":1,"aa":1,"b":1,"é":1}'],
  ];
  it.each(normalised)('%s -> %s', (t, want) => {
    expect(rd(t)).toBe(want);
  });

  const invalid = [
    '', ' ', 'nul', 'nulll', 'tru', 'True', 'undefined', 'NaN', 'Infinity', '-Infinity',
    '01', '-01', '1.', '.5', '+1', '1e', '1e+', '-', '--1', '0x10', '1_000',
    '"abc', '"\\x"', '"\\u12"', '"\\u12G4"', '"a\nb"', '"\t"', "'a'",
    '[1,]', '[,1]', '[1 2]', '[', ']', '{"a"}', '{"a":}', '{"a":1,}', '{a:1}', '{1:2}',
    '{"a" 1}', '{,}', '1 2', '[] []', '{"a":1}}', 'set()', '{1,2}',
  ];
  it.each(invalid)('invalid %j', (t) => {
    expect(rt.parse(t)).toBe(0);
  });

  it('sanitises invalid UTF-8 to U+FFFD', () => {
    const bytes = new Uint8Array([0x22, 0x61, 0xff, 0x62, 0xc3, 0x22]);
    expect(JSON.parse(rd(bytes)!)).toBe('a\ufffdb\ufffd');
    const overlong = new Uint8Array([0x22, 0xc0, 0xaf, 0x22]);
    expect(JSON.parse(rd(overlong)!)).toBe('\ufffd\ufffd');
    const surrogate = new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]);
    expect(JSON.parse(rd(surrogate)!)).toBe('\ufffd\ufffd\ufffd');
  });

  it('limits nesting depth without overflowing the stack', () => {
    const ok = '['.repeat(1000) + ']'.repeat(1000);
    expect(rd(ok)).toBe(ok);
    expect(rt.parse('['.repeat(1001) + ']'.repeat(1001))).toBe(0);
    expect(rt.parse('['.repeat(100000) + ']'.repeat(100000))).toBe(0);
    expect(rt.parse('{"a":'.repeat(100000) + '1' + '}'.repeat(100000))).toBe(0);
    const objs = '{"a":'.repeat(999) + '1' + '}'.repeat(999);
    expect(rd(objs)).toBe(objs);
  });

  it('matches JSON.parse on random documents', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const chars = ['a', 'b', 'Z', ' ', '"', '\\', '\n', '\u0001', 'é', '😀', '<', '&', '\u2028', '中'];
    const rstr = () => Array.from({ length: Math.floor(rnd() * 6) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
    const gen = (d: number): unknown => {
      const k = Math.floor(rnd() * (d > 3 ? 5 : 7));
      switch (k) {
        case 0: return null;
        case 1: return rnd() < 0.5;
        case 2: return Math.floor((rnd() - 0.5) * 1e6);
        case 3: return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
        case 4: return rstr();
        case 5: return Array.from({ length: Math.floor(rnd() * 5) }, () => gen(d + 1));
        default: return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, () => [rstr(), gen(d + 1)]));
      }
    };
    for (let i = 0; i < 500; i++) {
      const doc = gen(0);
      const text = JSON.stringify(doc);
      const out = rd(text);
      expect(out, text).toBeDefined();
      expect(JSON.parse(out!)).toEqual(JSON.parse(text));
    }
  });

  it('parses and dumps a large document', () => {
    const doc = { items: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['x', 'y'], v: i / 7 })) };
    const text = JSON.stringify(doc);
    expect(JSON.parse(rd(text)!)).toEqual(doc);
  });
});

describe('Rego value syntax', () => {
  const cases: [string, string][] = [
    ['set()', 'set()'],
    ['{1,2,3}', '{1, 2, 3}'],
    ['{3, 1, 2, 1}', '{1, 2, 3}'],
    ['{"b", "a"}', '{"a", "b"}'],
    ['{1: "a", "x": [1, {2}]}', '{1: "a", "x": [1, {2}]}'],
    ['{"a": set()}', '{"a": set()}'],
    ['[{}, set(), {1}]', '[{}, set(), {1}]'],
    ['"a\\nb\\u0001é"', '"a\\nb\\x01é"'],
  ];
  it.each(cases)('%s', (t, want) => {
    const v = rt.parseValue(t);
    expect(v).not.toBe(0);
    expect(rt.dumpValue(v)).toBe(want);
  });

  it('dumps sets as sorted JSON arrays and non-string keys as strings', () => {
    expect(rt.dump(rt.parseValue('{3, 1, "a", [0]}'))).toBe('[1,3,"a",[0]]');
    expect(rt.dump(rt.parseValue('{10: "a", 9: "b", "x": 1, true: 2, [1]: 3}'))).toBe(
      '{"10":"a","9":"b","[1]":3,"true":2,"x":1}',
    );
  });
});

describe('numbers', () => {
  it('keeps integers exact and big integers as text', () => {
    const v = rt.json('[9007199254740993, 123456789012345678901234567890, -0, 1.10]');
    expect(rt.dump(v)).toBe('[9007199254740993,123456789012345678901234567890,-0,1.10]');
  });

  it('formats computed floats like ECMAScript (shortest round trip)', () => {
    const samples = [
      0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 123.456, -0.000001, 0.000001, 1e-7, 1.5e-7,
      5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123456789.123, 4.35, 0.1 + 0.7,
      9007199254740993.5, 1e20 + 0.5, 3.0000000000000004, 1.2e-10, 7.0e-6, 6.103515625e-5,
    ];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 3000; i++) {
      const bits = new Float64Array(1);
      const u32 = new Uint32Array(bits.buffer);
      u32[0] = Math.floor(rnd() * 2 ** 32);
      u32[1] = Math.floor(rnd() * 2 ** 32);
      const f = bits[0]!;
      if (Number.isFinite(f)) samples.push(f);
    }
    for (const f of samples) {
      const v = rt.call('opa_number_float', f);
      const out = rt.dump(v);
      let want: string;
      if (Number.isInteger(f)) {
        want = expandInteger(f);
      } else {
        want = String(f);
      }
      expect(out, `${f}`).toBe(want);
    }
  });

  it('parses decimal text to the nearest double (checked through arithmetic)', () => {
    const texts = [
      '0.1', '0.7', '1.7976931348623157e308', '1.7976931348623158e308', '2.2250738585072011e-308',
      '2.2250738585072012e-308', '4.9e-324', '2.4703282292062328e-324', '2.4703282292062327e-324',
      '1e-400', '123456789012345678901234567890.5', '9007199254740993.0000000000000000000001',
      '9007199254740992.9999999999999999999999', '0.' + '0'.repeat(300) + '17',
      '1' + '0'.repeat(400) + 'e-400', '3.14159265358979323846264338327950288419716939937510',
      '1.00000000000000011102230246251565404236316680908203125',
      '1.00000000000000011102230246251565404236316680908203124',
      '1.00000000000000011102230246251565404236316680908203126',
      '8.988465674311580536566680e307', '6.9294956446009195e15', '5e-324', '1e23', '8.533e+68',
      '4.1006e-184', '9.998e+307', '9.9538452227e-280', '6.47660115e-260', '7.4e+47', '5.92e+48',
      '7.35e+66', '8.32116e+55', '0.5' + '0'.repeat(1000) + '1',
    ];
    let seed = 99;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 2000; i++) {
      const digits = Array.from({ length: 1 + Math.floor(rnd() * 25) }, () => Math.floor(rnd() * 10)).join('');
      const exp = Math.floor(rnd() * 640) - 330;
      texts.push(`${digits[0]}.${digits.slice(1) || '0'}e${exp}`);
    }
    const zero = rt.call('opa_number_int', 0n as unknown as number);
    for (const t of texts) {
      const [a, n] = rt.bytes(t);
      const v = rt.call('opa_number_ref', a, n);
      expect(v, t).not.toBe(0);
      const want = Number(t);
      const sum = rt.call('b_plus', v, zero);
      if (!Number.isFinite(want)) {
        expect(sum, t).toBe(0); // overflow to infinity is undefined
        continue;
      }
      const got = Number(rt.dump(sum));
      expect(Object.is(got, want === 0 ? 0 : want) || got === want, `${t}: ${got} vs ${want}`).toBe(true);
    }
  });
});

/** Digits of an integral double as Go's big.Float 'f' shortest would print them. */
function expandInteger(f: number): string {
  if (Math.abs(f) < 2 ** 63) return BigInt(f).toString();
  const s = f.toExponential(); // shortest digits: d.ddde+N
  const m = /^(-?)(\d)(?:\.(\d+))?e\+(\d+)$/.exec(s)!;
  const digits = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]);
  return m[1]! + digits + '0'.repeat(exp + 1 - digits.length);
}
