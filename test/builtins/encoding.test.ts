import { describe, expect, it } from 'vitest';
import { call, expectError } from './helpers.js';

describe('urlquery.encode / decode', () => {
  it.each<[string, string]>([
    ['a b&c=d/é', 'a+b%26c%3Dd%2F%C3%A9'],
    ['', ''],
    ['-_.~', '-_.~'],
    ['日本', '%E6%97%A5%E6%9C%AC'],
    ['😀', '%F0%9F%98%80'],
    ['a+b', 'a%2Bb'],
  ])('%j ⇄ %j', (plain, encoded) => {
    expect(call('urlquery.encode', plain)).toBe(encoded);
    expect(call('urlquery.decode', encoded)).toBe(plain);
  });

  it('decodes + as space and lower-case escapes', () => expect(call('urlquery.decode', 'a+b%2fc')).toBe('a b/c'));

  it('rejects invalid escapes', () => {
    expectError('urlquery.decode', ['%zz'], 'invalid URL escape "%zz"');
    expectError('urlquery.decode', ['abc%'], 'invalid URL escape');
    expectError('urlquery.encode', [1]);
  });
});

describe('urlquery.encode_object / decode_object', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ a: 'x y', b: ['2', '1'] }, 'a=x+y&b=2&b=1'],
    [{ '10': 'n', '9': 'm' }, '10=n&9=m'],
    [{}, ''],
    [{ 'k&': '=' }, 'k%26=%3D'],
    [{ a: [] }, ''],
  ])('%j', (o, want) => expect(call('urlquery.encode_object', o)).toBe(want));

  it.each<[string, Record<string, string[]>]>([
    ['a=1&a=2&b=&c', { a: ['1', '2'], b: [''], c: [''] }],
    ['', {}],
    ['x=%E6%97%A5+1', { x: ['日 1'] }],
    ['&&a=1&', { a: ['1'] }],
  ])('%j', (q, want) => expect(call('urlquery.decode_object', q)).toEqual(want));

  it('rejects bad values', () => {
    expectError('urlquery.encode_object', [{ a: 1 }]);
    expectError('urlquery.encode_object', [{ a: [1] }]);
    expectError('urlquery.decode_object', ['a=1;b=2'], 'semicolon');
    expectError('urlquery.decode_object', ['a=%zz'], 'invalid URL escape');
  });
});

describe('yaml.marshal / unmarshal / is_valid', () => {
  it.each<[unknown, string]>([
    [{ b: [1, 2], a: { c: 'true', d: null } }, 'a:\n  c: "true"\n  d: null\nb:\n- 1\n- 2\n'],
    [{ '10': 'x', '9': 'y' }, '"10": x\n"9": "y"\n'], // "y" is a YAML 1.1 boolean, so it is quoted
    [[], '[]\n'],
    [{}, '{}\n'],
    [1.5, '1.5\n'],
  ])('marshal %j', (v, want) => expect(call('yaml.marshal', v)).toBe(want));

  it.each<[string, unknown]>([
    ['a: 1\nb: [x, "y"]\n', { a: 1, b: ['x', 'y'] }],
    ['a: yes\nb: off\nc: true', { a: true, b: false, c: true }],
    ['d: 2001-12-14', { d: '2001-12-14' }],
    ['h: 0x1F\no: 017\nf: 1.5e3\nu: 1_000', { h: 31, o: 15, f: 1500, u: 1000 }],
    ['1: one\ntrue: t\n~: x\nk: n', { '1': 'one', true: 't', null: 'x', k: false }],
    ['a: &x {b: 1}\nc: *x\n', { a: { b: 1 }, c: { b: 1 } }],
    ['- 1\n- two\n- null', [1, 'two', null]],
    ['', null],
    ['name: Zoë 😀', { name: 'Zoë 😀' }],
    ['a: 1\n---\nb: 2\n', { a: 1 }],
  ])('unmarshal %j', (src, want) => expect(call('yaml.unmarshal', src)).toEqual(want));

  it('round-trips values', () => {
    const v = { users: [{ name: 'a', roles: ['x', 'y'] }], flags: { on: true, n: null }, s: 'yes', t: 'on', m: 'multi\nline', e: '' };
    expect(call('yaml.unmarshal', call('yaml.marshal', v))).toEqual(v);
  });

  it.each<[unknown, boolean]>([
    ['a: 1', true],
    ['- a\n- b', true],
    ['a: [1,', false],
    ['a: 1\na: 2', false],
    [':\n  - [', false],
    [1, false],
  ])('is_valid %j', (src, want) => expect(call('yaml.is_valid', src)).toBe(want));

  it('rejects invalid documents and non-JSON values', () => {
    expectError('yaml.unmarshal', ['a: [1,']);
    expectError('yaml.unmarshal', ['a: .inf'], 'unsupported value');
    expectError('yaml.unmarshal', [1]);
  });
});

describe('json.marshal_with_options', () => {
  it.each<[unknown, Record<string, unknown>, string]>([
    [{ b: [1, { c: '<&>' }], a: [] }, { pretty: true }, '{\n\t"a": [],\n\t"b": [\n\t\t1,\n\t\t{\n\t\t\t"c": "\\u003c\\u0026\\u003e"\n\t\t}\n\t]\n}'],
    [{ a: 1 }, { prefix: '>', indent: '  ' }, '>{\n>  "a": 1\n>}'],
    [{ a: 1 }, { indent: '            ' }, '{\n            "a": 1\n}'],
    [{ a: 1 }, { pretty: false, indent: ' ' }, '{"a":1}'],
    [{ b: 1, a: 2, '10': 3 }, {}, '{"10":3,"a":2,"b":1}'],
    [[1, 'x'], { pretty: true, indent: ' ' }, '[\n 1,\n "x"\n]'],
    ['s', { pretty: true }, '"s"'],
    [null, {}, 'null'],
  ])('%j %j', (x, opts, want) => expect(call('json.marshal_with_options', x, opts)).toBe(want));

  it('rejects unknown options and bad option types', () => {
    expectError('json.marshal_with_options', [1, { bad: 1 }], 'unknown key bad');
    expectError('json.marshal_with_options', [1, { pretty: 'yes' }]);
    expectError('json.marshal_with_options', [1, { indent: 2 }]);
    expectError('json.marshal_with_options', [1, null]);
  });
});

describe('json.patch (RFC 6902)', () => {
  it.each<[unknown, unknown[], unknown]>([
    [{ a: { foo: 1 } }, [{ op: 'add', path: '/a/bar', value: 2 }], { a: { foo: 1, bar: 2 } }],
    [{ a: [1, 2] }, [{ op: 'add', path: '/a/-', value: 3 }], { a: [1, 2, 3] }],
    [{ a: [1, 2] }, [{ op: 'add', path: '/a/0', value: 0 }], { a: [0, 1, 2] }],
    [{ a: 1, b: 2 }, [{ op: 'remove', path: '/a' }], { b: 2 }],
    [{ a: 1 }, [{ op: 'replace', path: '/a', value: [true] }], { a: [true] }],
    [{ a: { x: 1 } }, [{ op: 'move', from: '/a/x', path: '/b' }], { a: {}, b: 1 }],
    [{ a: [1] }, [{ op: 'copy', from: '/a', path: '/b' }], { a: [1], b: [1] }],
    [{ a: 1 }, [{ op: 'test', path: '/a', value: 1 }], { a: 1 }],
    [{ 'a/b': 1, 'c~d': 2 }, [{ op: 'remove', path: '/a~1b' }, { op: 'replace', path: '/c~0d', value: 3 }], { 'c~d': 3 }],
    [{ a: { b: 1 } }, [{ op: 'add', path: ['a', 'c'], value: 2 }], { a: { b: 1, c: 2 } }],
    [{ a: 1 }, [{ op: 'replace', path: '', value: 'root' }], 'root'],
    [{ a: 1 }, [], { a: 1 }],
  ])('%j %j', (doc, patches, want) => expect(call('json.patch', doc, patches)).toEqual(want));

  it.each<[unknown, unknown[]]>([
    [{ a: 1 }, [{ op: 'remove', path: '/x' }]],
    [{ a: 1 }, [{ op: 'replace', path: '/x', value: 1 }]],
    [{ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]],
    [{ a: [1] }, [{ op: 'add', path: '/a/5', value: 2 }]],
    [{ a: [1] }, [{ op: 'add', path: '/a/01', value: 2 }]],
    [{ a: 1 }, [{ op: 'add', path: '/x/y', value: 2 }]],
    [{ a: 1 }, [{ op: 'bogus', path: '/a' }]],
    [{ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]],
    [{ a: 1 }, [{ op: 'add', path: '/b', value: 2 }, { op: 'remove', path: '/zzz' }]], // atomic
  ])('fails (undefined) for %j %j', (doc, patches) => expectError('json.patch', [doc, patches], 'patch failed'));

  it('does not mutate its input', () => {
    const doc = { a: [1] };
    call('json.patch', doc, [{ op: 'add', path: '/a/-', value: 2 }]);
    expect(doc).toEqual({ a: [1] });
  });
});
