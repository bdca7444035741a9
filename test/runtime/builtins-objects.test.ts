import { describe, expect, it } from 'vitest';
import { builtinTables, callRego } from './harness';

const { run, runtime } = builtinTables();

describe('arrays', () => {
  run([
    ['b_array_concat', ['[1, 2]', '[3]'], '[1, 2, 3]'],
    ['b_array_concat', ['[]', '[]'], '[]'],
    ['b_array_concat', ['[1]', '{2}'], undefined],
    ['b_array_slice', ['[1, 2, 3, 4]', '1', '3'], '[2, 3]'],
    ['b_array_slice', ['[1, 2, 3, 4]', '-5', '2'], '[1, 2]'],
    ['b_array_slice', ['[1, 2, 3, 4]', '2', '100'], '[3, 4]'],
    ['b_array_slice', ['[1, 2, 3, 4]', '3', '1'], '[]'],
    ['b_array_slice', ['[1, 2, 3, 4]', '0', '-1'], '[]'],
    ['b_array_slice', ['[1, 2]', '0.5', '1'], undefined],
    ['b_array_slice', ['"ab"', '0', '1'], undefined],
    ['b_array_reverse', ['[1, [2], "3"]'], '["3", [2], 1]'],
    ['b_array_reverse', ['[]'], '[]'],
    ['b_array_reverse', ['{1}'], undefined],
  ]);
});

describe('objects', () => {
  run([
    ['b_object_get', ['{"a": 1}', '"a"', '0'], '1'],
    ['b_object_get', ['{"a": 1}', '"b"', '0'], '0'],
    ['b_object_get', ['{"a": false}', '"a"', 'true'], 'false'],
    ['b_object_get', ['{"a": [{"b": true}]}', '["a", 0, "b"]', 'false'], 'true'],
    ['b_object_get', ['{"a": [{"b": true}]}', '["a", 1, "b"]', '"d"'], '"d"'],
    ['b_object_get', ['{"a": {"b": 1}}', '["a", "c"]', 'null'], 'null'],
    ['b_object_get', ['{"a": 1}', '[]', '"d"'], '{"a": 1}'],
    ['b_object_get', ['{"a": {"s": {"x"}}}', '["a", "s", "x"]', '0'], '"x"'],
    ['b_object_get', ['{["a"]: 1}', '["a"]', '0'], '0'],
    ['b_object_get', ['[1]', '0', '0'], undefined],
    ['b_object_keys', ['{"b": 1, "a": 2}'], '{"a", "b"}'],
    ['b_object_keys', ['{}'], 'set()'],
    ['b_object_keys', ['[1]'], undefined],
    ['b_object_remove', ['{"a": 1, "b": 2, "c": 3}', '["a", "x"]'], '{"b": 2, "c": 3}'],
    ['b_object_remove', ['{"a": 1, "b": 2}', '{"b"}'], '{"a": 1}'],
    ['b_object_remove', ['{"a": 1, "b": 2}', '{"a": 0}'], '{"b": 2}'],
    ['b_object_remove', ['{"a": 1}', '"a"'], undefined],
    ['b_object_filter', ['{"a": 1, "b": 2, "c": 3}', '["a", "c", "x"]'], '{"a": 1, "c": 3}'],
    ['b_object_filter', ['{"a": 1, "b": 2}', '{"b"}'], '{"b": 2}'],
    ['b_object_filter', ['{"a": 1, "b": 2}', '{"b": null}'], '{"b": 2}'],
    ['b_object_filter', ['{"a": 1}', '1'], undefined],
    ['b_object_union', ['{"a": 1, "b": 2}', '{"b": 3, "c": 4}'], '{"a": 1, "b": 3, "c": 4}'],
    ['b_object_union', ['{"a": {"x": 1, "y": 2}}', '{"a": {"y": 3, "z": 4}}'], '{"a": {"x": 1, "y": 3, "z": 4}}'],
    ['b_object_union', ['{"a": {"x": 1}}', '{"a": 5}'], '{"a": 5}'],
    ['b_object_union', ['{"a": 5}', '{"a": {"x": 1}}'], '{"a": {"x": 1}}'],
    ['b_object_union', ['{}', '{"a": 1}'], '{"a": 1}'],
    ['b_object_union', ['{"a": 1}', '[1]'], undefined],
    ['b_object_union_n', ['[{"a": 1}, {"b": 2}, {"a": 3}]'], '{"a": 3, "b": 2}'],
    ['b_object_union_n', ['[{"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}}]'], '{"a": {"c": 3}}'],
    ['b_object_union_n', ['[{"a": {"b": 2}}, {"a": {"c": 3}}]'], '{"a": {"b": 2, "c": 3}}'],
    ['b_object_union_n', ['[]'], '{}'],
    ['b_object_union_n', ['[{"a": 1}, 2]'], undefined],
    ['b_object_subset', ['{"a": 1, "b": {"c": 2, "d": 3}}', '{"b": {"c": 2}}'], 'true'],
    ['b_object_subset', ['{"a": 1}', '{"a": 2}'], 'false'],
    ['b_object_subset', ['{"a": 1}', '{"b": 1}'], 'false'],
    ['b_object_subset', ['{"a": [1, 2, 3, 4]}', '{"a": [2, 3]}'], 'true'],
    ['b_object_subset', ['{"a": [1, 2, 3, 4]}', '{"a": [2, 4]}'], 'false'],
    ['b_object_subset', ['{"a": {1, 2, 3}}', '{"a": {1, 3}}'], 'true'],
    ['b_object_subset', ['{1, 2, 3}', '{1, 3}'], 'true'],
    ['b_object_subset', ['{1, 2}', '{1, 3}'], 'false'],
    ['b_object_subset', ['[1, 2, 3]', '[1, 2]'], 'true'],
    ['b_object_subset', ['[1, 2, 1, 2, 3]', '[1, 2, 3]'], 'true'],
    ['b_object_subset', ['[1, 2, 3]', '[]'], 'true'],
    ['b_object_subset', ['[1, 2, 3]', '{3, 1}'], 'true'],
    ['b_object_subset', ['[1, 2]', '{3, 1}'], 'false'],
    ['b_object_subset', ['{"a": 1}', '[1]'], undefined],
    ['b_json_filter', ['{"a": {"b": "x", "c": "y"}, "d": 1}', '["a/b"]'], '{"a": {"b": "x"}}'],
    ['b_json_filter', ['{"a": {"b": "x", "c": "y"}, "d": 1}', '{"a/c", "d"}'], '{"a": {"c": "y"}, "d": 1}'],
    ['b_json_filter', ['{"a": {"b": "x", "c": "y"}}', '[["a", "b"]]'], '{"a": {"b": "x"}}'],
    ['b_json_filter', ['{"a": [{"x": 1, "y": 2}, {"x": 3}]}', '["a/1/x"]'], '{"a": [{"x": 3}]}'],
    ['b_json_filter', ['{"a/b": 1, "c~d": 2}', '["a~1b", "c~0d"]'], '{"a/b": 1, "c~d": 2}'],
    ['b_json_filter', ['{"a": {"b": 1}, "c": 2}', '["a", "a/b"]'], '{"a": {"b": 1}}'],
    ['b_json_filter', ['{"a": 1}', '[]'], '{}'],
    ['b_json_filter', ['{"a": 1}', '"a"'], undefined],
    ['b_json_filter', ['{"a": 1}', '[1]'], undefined],
    ['b_json_remove', ['{"a": {"b": "x", "c": "y"}, "d": 1}', '["a/b"]'], '{"a": {"c": "y"}, "d": 1}'],
    ['b_json_remove', ['{"a": {"b": "x", "c": "y"}, "d": 1}', '{"a", "d"}'], '{}'],
    ['b_json_remove', ['{"a": [1, 2, 3]}', '["a/1"]'], '{"a": [1, 3]}'],
    ['b_json_remove', ['{"a": {"b": 1}}', '[["a", "b"]]'], '{"a": {}}'],
    ['b_json_remove', ['{"a": 1}', '["x/y"]'], '{"a": 1}'],
    ['b_json_remove', ['[1]', '["a"]'], undefined],
  ]);
});

describe('walk', () => {
  it('returns [path, value] pairs in pre-order with sorted keys', () => {
    const rt = runtime();
    const r = rt.call('b_walk', rt.parseValue('{"b": [true, {"c": 1}], "a": {1}}'));
    const n = rt.call('opa_value_length', r);
    const pairs: string[] = [];
    for (let i = 0; i < n; i++) pairs.push(rt.dumpValue(rt.call('opa_value_iter_key', r, i)));
    expect(pairs).toEqual([
      '[[], {"a": {1}, "b": [true, {"c": 1}]}]',
      '[["a"], {1}]',
      '[["a", 1], 1]',
      '[["b"], [true, {"c": 1}]]',
      '[["b", 0], true]',
      '[["b", 1], {"c": 1}]',
      '[["b", 1, "c"], 1]',
    ]);
    // the same set, built by sorting, compares equal
    const copy = rt.parseValue(`{${pairs.join(', ')}}`);
    expect(rt.call('opa_value_equal', r, copy)).toBe(1);
    expect(rt.call('opa_value_compare', r, copy)).toBe(0);
    expect(callRego(rt, 'b_walk', '1')).toBe('{[[], 1]}');
  });
});
