import { beforeEach, describe, expect, it } from 'vitest';
import { loadRuntime, WasmAbort, type Runtime } from './harness';

let rt: Runtime;
beforeEach(() => {
  rt = loadRuntime();
});

describe('strict builtin errors', () => {
  const cases: [string, string[], string][] = [
    ['b_plus', ['1', '"a"'], 'eval_builtin_error: plus: operand 2 must be number but got string'],
    ['b_minus', ['"a"', '1'], 'eval_builtin_error: minus: operand 1 must be one of {number, set} but got string'],
    ['b_div', ['1', '0'], 'eval_builtin_error: div: divide by zero'],
    ['b_rem', ['1', '0'], 'eval_builtin_error: rem: modulo by zero'],
    ['b_rem', ['1.5', '1'], 'eval_builtin_error: rem: modulo on floating-point number'],
    ['b_count', ['1'], 'eval_builtin_error: count: operand 1 must be one of {array, object, set, string} but got number'],
    ['b_sum', ['[1, "a"]'], 'eval_builtin_error: sum: operand 1 must be array of numbers but got array containing string'],
    ['b_indexof', ['"abc"', '""'], 'eval_builtin_error: indexof: empty search character'],
    ['b_substring', ['"abc"', '-1', '1'], 'eval_builtin_error: substring: negative offset'],
    ['b_numbers_range_step', ['1', '5', '0'], 'eval_builtin_error: numbers.range_step: step must be a positive number above zero'],
    ['b_object_get', ['[]', '"a"', '1'], 'eval_builtin_error: object.get: operand 1 must be object but got array'],
    ['b_base64_decode', ['"!"'], 'eval_builtin_error: base64.decode: illegal base64 data'],
    ['b_format_int', ['1', '3'], 'eval_builtin_error: format_int: operand 2 must be one of {2, 8, 10, 16}'],
  ];
  it.each(cases)('%s(%j) aborts', (name, args, message) => {
    const vs = args.map((a) => rt.parseValue(a));
    expect(rt.call(name, ...vs)).toBe(0); // non-strict: undefined
    rt.call('accord_set_strict', 1);
    expect(() => rt.call(name, ...vs)).toThrow(new WasmAbort(message));
    rt.call('accord_set_strict', 0);
    expect(rt.call(name, ...vs)).toBe(0);
  });

  it('does not abort on valid input in strict mode', () => {
    rt.call('accord_set_strict', 1);
    expect(rt.dump(rt.call('b_plus', rt.json('1'), rt.json('2')))).toBe('3');
    expect(rt.dump(rt.call('b_is_number', rt.json('"x"')))).toBe('false');
  });
});

describe('memory', () => {
  it('allocates 8-byte aligned blocks and moves the heap pointer', () => {
    const p0 = rt.call('opa_heap_ptr_get');
    expect(p0 % 8).toBe(0);
    const a = rt.call('opa_malloc', 3);
    const b = rt.call('opa_malloc', 5);
    expect(a % 8).toBe(0);
    expect(b % 8).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 8);
    expect(rt.call('opa_heap_ptr_get')).toBeGreaterThan(b);
    rt.call('opa_free', a);
    rt.call('opa_heap_ptr_set', p0);
    expect(rt.call('opa_malloc', 8)).toBe(p0);
    // the SDK sets the heap pointer to the (unaligned) end of its input
    rt.call('opa_heap_ptr_set', p0 + 13);
    expect(rt.call('opa_heap_ptr_get')).toBe(p0 + 16);
    expect(rt.call('opa_malloc', 1)).toBe(p0 + 16);
  });

  it('grows memory for large allocations', () => {
    const before = rt.memory.buffer.byteLength;
    const p = rt.call('opa_malloc', 10 * 65536);
    expect(rt.memory.buffer.byteLength).toBeGreaterThanOrEqual(p + 10 * 65536);
    expect(rt.memory.buffer.byteLength).toBeGreaterThan(before);
    const doc = { xs: Array.from({ length: 50000 }, (_, i) => `s${i}`) };
    expect(rt.js(rt.val(doc))).toEqual(doc);
  });

  it('stays flat over 1e5 evaluations when the heap pointer is reset', () => {
    const input = JSON.stringify({ user: { id: 'u1', roles: ['admin', 'dev'] }, n: 1.5, big: 12345678901234567890 });
    const data = rt.val({ roles: { admin: ['read', 'write'], dev: ['read'] } });
    const dataKey = rt.str('roles');
    const base = rt.call('opa_heap_ptr_get');
    const pages = rt.memory.buffer.byteLength;
    for (let i = 0; i < 100000; i++) {
      rt.call('opa_heap_ptr_set', base);
      const v = rt.json(input);
      const ctx = rt.call('opa_eval_ctx_new');
      rt.call('opa_eval_ctx_set_input', ctx, v);
      rt.call('opa_eval_ctx_set_data', ctx, data);
      const roles = rt.call('opa_value_get', data, dataKey);
      const r = rt.call('b_plus', rt.call('b_count', roles), rt.call('opa_number_float', 0.5));
      const s = rt.call('b_concat', rt.str(','), rt.call('b_object_keys', roles));
      const res = rt.call('accord_result_set', rt.call('b_json_marshal', s));
      rt.call('opa_eval_ctx_set_result', ctx, res);
      if (i % 10000 === 0) {
        expect(rt.js(rt.call('opa_eval_ctx_get_result', ctx))).toEqual([{ result: '"admin,dev"' }]);
        expect(rt.dump(r)).toBe('2.5');
      }
      rt.call('opa_json_dump', rt.call('opa_eval_ctx_get_result', ctx));
    }
    expect(rt.memory.buffer.byteLength).toBe(pages);
  });
});

describe('paths', () => {
  it('adds values at paths in place', () => {
    const base = rt.json('{"a": {"b": 123}}');
    expect(rt.call('opa_value_add_path', base, rt.json('["a", "x", "y"]'), rt.json('{"foo": "bar"}'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"b":123,"x":{"y":{"foo":"bar"}}}}');
    expect(rt.call('opa_value_add_path', base, rt.json('["a", "b"]'), rt.json('1'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"b":1,"x":{"y":{"foo":"bar"}}}}');
    // through a non-object: error, base unchanged
    expect(rt.call('opa_value_add_path', base, rt.json('["a", "b", "c"]'), rt.json('1'))).toBe(3);
    expect(rt.dump(base)).toBe('{"a":{"b":1,"x":{"y":{"foo":"bar"}}}}');
    expect(rt.call('opa_value_add_path', base, rt.json('[]'), rt.json('1'))).toBe(3);
    expect(rt.call('opa_value_add_path', rt.json('[]'), rt.json('["a"]'), rt.json('1'))).toBe(2);
    expect(rt.call('opa_value_add_path', base, rt.json('"a"'), rt.json('1'))).toBe(2);
  });

  it('keeps cached hashes correct after in-place changes', () => {
    const base = rt.json('{"a": {"b": 1}}');
    const h1 = rt.call('opa_value_hash', base);
    rt.call('opa_value_add_path', base, rt.json('["a", "b"]'), rt.json('2'));
    expect(rt.call('opa_value_hash', base)).toBe(rt.call('opa_value_hash', rt.json('{"a": {"b": 2}}')));
    expect(rt.call('opa_value_hash', base)).not.toBe(h1);
    rt.call('opa_value_remove_path', base, rt.json('["a", "b"]'));
    expect(rt.call('opa_value_hash', base)).toBe(rt.call('opa_value_hash', rt.json('{"a": {}}')));
  });

  it('removes values at paths in place', () => {
    const base = rt.json('{"a": {"b": 1, "c": 2}, "d": 3}');
    expect(rt.call('opa_value_remove_path', base, rt.json('["a", "b"]'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"c":2},"d":3}');
    expect(rt.call('opa_value_remove_path', base, rt.json('["d"]'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"c":2}}');
    expect(rt.call('opa_value_remove_path', base, rt.json('["x", "y"]'))).toBe(0);
    expect(rt.call('opa_value_remove_path', base, rt.json('["a", "c", "z"]'))).toBe(3);
    expect(rt.call('opa_value_remove_path', base, rt.json('[]'))).toBe(3);
    expect(rt.dump(base)).toBe('{"a":{"c":2}}');
    // large object (hash index) removal
    const big = rt.val(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i])));
    for (let i = 0; i < 100; i += 2) rt.call('opa_value_remove_path', big, rt.val([`k${i}`]));
    expect(rt.call('opa_value_length', big)).toBe(50);
    expect(rt.dump(rt.call('opa_value_get', big, rt.str('k51')))).toBe('51');
    expect(rt.call('opa_value_get', big, rt.str('k50'))).toBe(0);
  });

  it('upserts into a copy, sharing untouched subtrees', () => {
    const base = rt.json('{"a": {"b": 1, "c": {"d": 2}}, "e": [1]}');
    const before = rt.dump(base);
    const r = rt.call('opa_value_upsert_path', base, rt.json('["a", "b"]'), rt.json('9'));
    expect(rt.dump(r)).toBe('{"a":{"b":9,"c":{"d":2}},"e":[1]}');
    expect(rt.dump(base)).toBe(before);
    const r2 = rt.call('opa_value_upsert_path', base, rt.json('["x", "y", "z"]'), rt.json('true'));
    expect(rt.dump(r2)).toBe('{"a":{"b":1,"c":{"d":2}},"e":[1],"x":{"y":{"z":true}}}');
    const r3 = rt.call('opa_value_upsert_path', base, rt.json('["e", "f"]'), rt.json('1'));
    expect(rt.dump(r3)).toBe('{"a":{"b":1,"c":{"d":2}},"e":{"f":1}}');
    expect(rt.dump(base)).toBe(before);
    // untouched subtree is shared
    const e1 = rt.call('opa_value_get', base, rt.str('e'));
    expect(rt.call('opa_value_get', r, rt.str('e'))).toBe(e1);
    expect(rt.dump(rt.call('opa_value_upsert_path', base, rt.json('[]'), rt.json('5')))).toBe('5');
    expect(rt.dump(rt.call('opa_value_upsert_path', 0, rt.json('["a"]'), rt.json('5')))).toBe('{"a":5}');
  });

  it('removes into a copy', () => {
    const base = rt.json('{"a": {"b": 1, "c": 2}, "d": 3}');
    const before = rt.dump(base);
    expect(rt.dump(rt.call('opa_value_remove_path_copy', base, rt.json('["a", "b"]')))).toBe('{"a":{"c":2},"d":3}');
    expect(rt.dump(rt.call('opa_value_remove_path_copy', base, rt.json('["d"]')))).toBe('{"a":{"b":1,"c":2}}');
    expect(rt.call('opa_value_remove_path_copy', base, rt.json('["x"]'))).toBe(base);
    expect(rt.dump(base)).toBe(before);
  });

  it('deep-merges documents and reports conflicts', () => {
    const m = (a: string, b: string) => {
      const r = rt.call('opa_object_merge', rt.json(a), rt.json(b));
      return r === 0 ? undefined : rt.dump(r);
    };
    expect(m('{"a": {"b": 1}}', '{"a": {"c": 2}, "d": 3}')).toBe('{"a":{"b":1,"c":2},"d":3}');
    expect(m('{"a": 1}', '{"a": 1}')).toBe('{"a":1}');
    expect(m('{"a": 1}', '{"a": 2}')).toBeUndefined();
    expect(m('{"a": {"b": 1}}', '{"a": 2}')).toBeUndefined();
    expect(m('{}', '{"a": 2}')).toBe('{"a":2}');
    const a = rt.json('{"x": 1}');
    expect(rt.call('opa_object_merge', a, 0)).toBe(a);
  });
});

describe('emitter helpers', () => {
  it('manages the evaluation context', () => {
    const ctx = rt.call('opa_eval_ctx_new');
    const i = rt.json('1');
    const d = rt.json('{}');
    rt.call('opa_eval_ctx_set_input', ctx, i);
    rt.call('opa_eval_ctx_set_data', ctx, d);
    rt.call('opa_eval_ctx_set_entrypoint', ctx, 3);
    expect(rt.call('opa_eval_ctx_get_input', ctx)).toBe(i);
    expect(rt.call('opa_eval_ctx_get_data', ctx)).toBe(d);
    expect(rt.call('opa_eval_ctx_get_entrypoint', ctx)).toBe(3);
    expect(rt.call('opa_eval_ctx_get_result', ctx)).toBe(0);
  });

  it('builds result sets', () => {
    expect(rt.dump(rt.call('accord_result_set', rt.json('{"allow": true}')))).toBe('[{"result":{"allow":true}}]');
    expect(rt.dump(rt.call('accord_result_set', 0))).toBe('[]');
  });

  it('prints values like OPA print(): one set of values per argument, one line per combination', () => {
    const arr = rt.call('opa_array');
    // Each argument is the set of values it took; strings print unquoted, the rest as Rego.
    for (const t of ['{"hello"}', '{1}', '{{"a": "b"}}', '{set()}', '{{2, 1}}', '{[1, "x"]}', 'set()']) rt.call('opa_array_append', arr, rt.parseValue(t));
    rt.call('accord_println_values', arr);
    expect(rt.printed).toEqual(['hello 1 {"a": "b"} set() {1, 2} [1, "x"] <undefined>']);
    rt.printed.length = 0;
    const cross = rt.call('opa_array');
    for (const t of ['{"a", "b"}', '{1, 2}']) rt.call('opa_array_append', cross, rt.parseValue(t));
    rt.call('accord_println_values', cross);
    expect(rt.printed).toEqual(['a 1', 'a 2', 'b 1', 'b 2']);
  });

  it('aborts with conflict errors', () => {
    expect(() => rt.call('accord_abort_conflict', 0)).toThrow('eval_conflict_error: complete rules must not produce multiple outputs');
    expect(() => rt.call('accord_abort_conflict', 1)).toThrow('eval_conflict_error: functions must not produce multiple outputs for same inputs');
    expect(() => rt.call('accord_abort_conflict', 2)).toThrow('eval_conflict_error: object keys must be unique');
  });

  it('makes C strings', () => {
    const [a, n] = rt.bytes('abc');
    expect(rt.cstr(rt.call('accord_cstr', a, n))).toBe('abc');
  });
});
