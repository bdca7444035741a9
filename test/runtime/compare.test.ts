import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuntime, type Runtime } from './harness';

let rt: Runtime;
beforeAll(() => {
  rt = loadRuntime();
});

const cmp = (a: string, b: string) => rt.call('opa_value_compare', rt.parseValue(a), rt.parseValue(b));
const eq = (a: string, b: string) => rt.call('opa_value_equal', rt.parseValue(a), rt.parseValue(b));
const hash = (a: string) => rt.call('opa_value_hash', rt.parseValue(a));

describe('total order', () => {
  // strictly increasing
  const ordered = [
    'null', 'false', 'true',
    '-1e400', '-123456789012345678901234567890', '-9223372036854775809', '-9223372036854775808',
    '-1.5', '-1', '-0.5', '0', '1e-400', '0.1', '0.5', '1', '1.0000000000000001', '1.5', '2', '10',
    '9007199254740992', '9007199254740993', '9223372036854775807', '9223372036854775808',
    '12345678901234567890', '12345678901234567891', '1e400', '1e401',
    '""', '"A"', '"B"', '"a"', '"aa"', '"ab"', '"b"', '"é"', '"中"', '"😀"',
    '[]', '[null]', '[1]', '[1, 1]', '[1, 2]', '[2]', '["a"]', '[[]]', '[{}]',
    '{}', '{1: 1}', '{"a": 1}', '{"a": 1, "b": 1}', '{"a": 2}', '{"b": 0}',
    'set()', '{1}', '{1, 2}', '{1, 3}', '{2}', '{"a"}',
  ];
  it('orders values as OPA does', () => {
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const want = i < j ? -1 : i > j ? 1 : 0;
        expect(cmp(ordered[i]!, ordered[j]!), `${ordered[i]} vs ${ordered[j]}`).toBe(want);
      }
    }
  });

  it('compares objects key by key, then value, then size', () => {
    // {"a":1,"c":0} vs {"a":1,"b":5}: second key "c" > "b"
    expect(cmp('{"a":1,"c":0}', '{"a":1,"b":5}')).toBe(1);
    // {"a":2} vs {"a":1,"b":1}: first value 2 > 1
    expect(cmp('{"a":2}', '{"a":1,"b":1}')).toBe(1);
    // prefix: smaller object first
    expect(cmp('{"a":1}', '{"a":1,"b":1}')).toBe(-1);
    // insertion order does not matter
    expect(cmp('{"b":1,"a":2}', '{"a":2,"b":1}')).toBe(0);
  });
});

describe('equality and hashing', () => {
  const equalPairs: [string, string][] = [
    ['1', '1.0'], ['1', '1e0'], ['100', '1e2'], ['0', '-0'], ['0', '0.0e10'], ['-0.0', '0'],
    ['0.5', '5e-1'], ['12345678901234567890', '1234567890123456789e1'], ['1e400', '10e399'],
    ['[1, {"a": 1.0}]', '[1.0, {"a": 1}]'], ['{"a": 1, "b": 2}', '{"b": 2, "a": 1}'],
    ['{1, 2, 3}', '{3, 2, 1}'], ['{1.0: "x"}', '{1: "x"}'], ['{[1, 2]}', '{[1.0, 2e0]}'],
    ['"é"', '"\\u00e9"'],
  ];
  it.each(equalPairs)('%s == %s', (a, b) => {
    expect(eq(a, b)).toBe(1);
    expect(cmp(a, b)).toBe(0);
    expect(hash(a)).toBe(hash(b));
  });

  const different: [string, string][] = [
    ['1', '1.0000000000000001'], ['9007199254740992', '9007199254740993'],
    ['12345678901234567890', '12345678901234567891'], ['1', '"1"'], ['true', '1'], ['null', 'false'],
    ['[1]', '{1}'], ['{}', 'set()'], ['{"a": 1}', '{"a": 1, "b": 1}'], ['{1, 2}', '{1, 3}'],
  ];
  it.each(different)('%s != %s', (a, b) => {
    expect(eq(a, b)).toBe(0);
    expect(cmp(a, b)).not.toBe(0);
  });

  it('looks up object keys and set members by value', () => {
    const o = rt.parseValue('{1: "int", "1": "string", [1, 2]: "array", {"k": 1}: "obj"}');
    const get = (k: string) => {
      const r = rt.call('opa_value_get', o, rt.parseValue(k));
      return r === 0 ? undefined : rt.dumpValue(r);
    };
    expect(get('1.0')).toBe('"int"');
    expect(get('"1"')).toBe('"string"');
    expect(get('[1.0, 2]')).toBe('"array"');
    expect(get('{"k": 1e0}')).toBe('"obj"');
    expect(get('2')).toBeUndefined();
    // large objects use the hash index
    const big = rt.val(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])));
    for (let i = 0; i < 300; i += 17) {
      expect(rt.dump(rt.call('opa_value_get', big, rt.str(`k${i}`)))).toBe(String(i));
    }
    expect(rt.call('opa_value_get', big, rt.str('nope'))).toBe(0);
    const s = rt.parseValue('{1, 2.5, "x"}');
    expect(rt.dumpValue(rt.call('opa_value_get', s, rt.parseValue('25e-1')))).toBe('25e-1');
    expect(rt.call('opa_value_get', s, rt.parseValue('3'))).toBe(0);
  });

  it('keeps hashing consistent with equality on random values', () => {
    let seed = 3;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const nums = ['1', '1.0', '10e-1', '2', '0.5', '5e-1', '-0', '0'];
    const gen = (d: number): string => {
      const k = Math.floor(rnd() * (d > 2 ? 4 : 7));
      switch (k) {
        case 0: return nums[Math.floor(rnd() * nums.length)]!;
        case 1: return ['"a"', '"b"', 'null', 'true'][Math.floor(rnd() * 4)]!;
        case 2: return nums[Math.floor(rnd() * nums.length)]!;
        case 3: return '"x"';
        case 4: return `[${Array.from({ length: Math.floor(rnd() * 3) }, () => gen(d + 1)).join(',')}]`;
        case 5: return `{${Array.from({ length: Math.floor(rnd() * 3) }, () => `${gen(d + 1)}: ${gen(d + 1)}`).join(',')}}`;
        default: return `{${Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => gen(d + 1)).join(',')}}`;
      }
    };
    const values = Array.from({ length: 150 }, () => gen(0)).map((t) => rt.parseValue(t));
    for (const a of values) {
      for (const b of values) {
        const e = rt.call('opa_value_equal', a, b);
        const c = rt.call('opa_value_compare', a, b);
        expect(e === 1, `${rt.dumpValue(a)} vs ${rt.dumpValue(b)}`).toBe(c === 0);
        if (e) expect(rt.call('opa_value_hash', a)).toBe(rt.call('opa_value_hash', b));
        expect(rt.call('opa_value_compare', b, a)).toBe(c === 0 ? 0 : -c);
      }
    }
  });
});

describe('access and iteration', () => {
  it('iterates arrays by index, objects and sets in sorted order', () => {
    const a = rt.parseValue('["x", "y"]');
    expect(rt.call('opa_value_length', a)).toBe(2);
    expect(rt.dump(rt.call('opa_value_iter_key', a, 1))).toBe('1');
    expect(rt.dump(rt.call('opa_value_iter_value', a, 1))).toBe('"y"');
    expect(rt.call('opa_value_iter_key', a, 2)).toBe(0);
    expect(rt.call('opa_value_iter_value', a, -1)).toBe(0);

    const o = rt.json('{"c": 3, "a": 1, "b": 2}');
    const keys = [0, 1, 2].map((i) => rt.dump(rt.call('opa_value_iter_key', o, i)));
    const vals = [0, 1, 2].map((i) => rt.dump(rt.call('opa_value_iter_value', o, i)));
    expect(keys).toEqual(['"a"', '"b"', '"c"']);
    expect(vals).toEqual(['1', '2', '3']);
    expect(rt.call('opa_value_iter_key', o, 3)).toBe(0);

    const s = rt.parseValue('{"b", 10, 9, [1]}');
    const elems = [0, 1, 2, 3].map((i) => rt.dumpValue(rt.call('opa_value_iter_key', s, i)));
    expect(elems).toEqual(['9', '10', '"b"', '[1]']);
    expect(rt.dumpValue(rt.call('opa_value_iter_value', s, 2))).toBe('"b"');

    // large object: sorted iteration after hash-indexed inserts
    const n = 500;
    const big = rt.val(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${(i * 7919) % n}`, i])));
    const seen: string[] = [];
    for (let i = 0; i < n; i++) seen.push(JSON.parse(rt.dump(rt.call('opa_value_iter_key', big, i))));
    expect(seen).toEqual([...seen].sort());
    expect(rt.call('opa_value_length', big)).toBe(n);
    // lookups still work after sorting
    expect(rt.dump(rt.call('opa_value_get', big, rt.str('k7')))).toBeDefined();
  });

  it('reports types, lengths and truthiness', () => {
    const types = ['null', 'true', '1', '"s"', '[]', '{}', 'set()'].map((t) => rt.call('opa_value_type', rt.parseValue(t)));
    expect(types).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rt.call('opa_value_type', 0)).toBe(0);
    expect(rt.call('opa_value_length', rt.str('héllo 😀'))).toBe(7);
    expect(rt.call('opa_value_length', rt.parseValue('{1,2}'))).toBe(2);
    expect(rt.call('opa_value_length', rt.parseValue('1'))).toBe(0);
    expect(rt.call('opa_value_truthy', rt.parseValue('false'))).toBe(0);
    expect(rt.call('opa_value_truthy', 0)).toBe(0);
    for (const t of ['true', '0', '""', 'null', '[]']) expect(rt.call('opa_value_truthy', rt.parseValue(t))).toBe(1);
  });

  it('gets array elements by integer index only', () => {
    const a = rt.parseValue('[10, 20]');
    expect(rt.dump(rt.call('opa_value_get', a, rt.parseValue('1')))).toBe('20');
    expect(rt.call('opa_value_get', a, rt.parseValue('1.0'))).toBe(0);
    expect(rt.call('opa_value_get', a, rt.parseValue('2'))).toBe(0);
    expect(rt.call('opa_value_get', a, rt.parseValue('-1'))).toBe(0);
    expect(rt.call('opa_value_get', a, rt.parseValue('"0"'))).toBe(0);
    expect(rt.call('opa_value_get', rt.parseValue('"str"'), rt.parseValue('0'))).toBe(0);
  });
});

describe('construction', () => {
  it('builds values through the constructor exports', () => {
    const x = rt.exports;
    const arr = x.opa_array_with_cap!(1);
    x.opa_array_append!(arr, x.opa_null!());
    x.opa_array_append!(arr, x.opa_boolean!(1));
    x.opa_array_append!(arr, x.opa_number_int!(-5n));
    x.opa_array_append!(arr, x.opa_number_float!(2.5));
    x.opa_array_append!(arr, x.opa_number_float!(4.0));
    const [a, n] = rt.bytes('1.50');
    x.opa_array_append!(arr, x.opa_number_ref!(a, n));
    x.opa_array_append!(arr, rt.str('s'));
    const obj = x.opa_object!();
    x.opa_object_insert!(obj, rt.str('k'), x.opa_number_int!(1n));
    x.opa_object_insert!(obj, rt.str('k'), x.opa_number_int!(2n));
    x.opa_array_append!(arr, obj);
    const set = x.opa_set!();
    x.opa_set_add!(set, x.opa_number_int!(2n));
    x.opa_set_add!(set, x.opa_number_float!(2.0));
    x.opa_set_add!(set, x.opa_number_int!(1n));
    x.opa_array_append!(arr, set);
    expect(rt.dumpValue(arr)).toBe('[null, true, -5, 2.5, 4, 1.50, "s", {"k": 2}, {1, 2}]');
    expect(x.opa_number_float!(NaN)).toBe(0);
    expect(x.opa_number_float!(Infinity)).toBe(0);
    const [b, m] = rt.bytes('1.5x');
    expect(x.opa_number_ref!(b, m)).toBe(0);
  });
});

describe('deep values', () => {
  it('compares, hashes, walks and dumps values nested 1000 deep', () => {
    const deep = '['.repeat(999) + '{"a": 1}' + ']'.repeat(999);
    const deep2 = '['.repeat(999) + '{"a": 2}' + ']'.repeat(999);
    const a = rt.parse(deep);
    const b = rt.parse(deep2);
    expect(a).not.toBe(0);
    expect(rt.call('opa_value_compare', a, b)).toBe(-1);
    expect(rt.call('opa_value_equal', a, rt.parse(deep))).toBe(1);
    expect(rt.call('opa_value_hash', a)).toBe(rt.call('opa_value_hash', rt.parse(deep)));
    const w = rt.call('b_walk', a);
    expect(rt.call('opa_value_length', w)).toBe(1001);
    expect(rt.dumpValue(rt.call('b_json_marshal', a)).length).toBeGreaterThan(2000);
  });
});
