import { beforeAll, describe, expect, it } from 'vitest';
import { callRego, canon, loadRuntime, type Runtime } from './harness';

let rt: Runtime;
beforeAll(() => {
  rt = loadRuntime();
});

/** [builtin, args (Rego syntax), expected (Rego syntax) or undefined] */
type Case = [string, string[], string | undefined];

function run(cases: Case[]) {
  it.each(cases)('%s(%j) = %s', (name, args, want) => {
    const got = callRego(rt, name, ...args);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toBe(canon(rt, want));
  });
}

describe('comparison', () => {
  run([
    ['b_equal', ['1', '1.0'], 'true'],
    ['b_equal', ['{"a": [1]}', '{"a": [1.0]}'], 'true'],
    ['b_equal', ['1', '"1"'], 'false'],
    ['b_neq', ['1', '2'], 'true'],
    ['b_neq', ['set()', 'set()'], 'false'],
    ['b_lt', ['1', '2'], 'true'],
    ['b_lt', ['2', '1'], 'false'],
    ['b_lt', ['"a"', '1'], 'false'],
    ['b_lt', ['1', '"a"'], 'true'],
    ['b_lt', ['null', 'false'], 'true'],
    ['b_lte', ['1', '1.0'], 'true'],
    ['b_gt', ['[1, 2]', '[1]'], 'true'],
    ['b_gte', ['{1}', '[9]'], 'true'],
    ['b_gt', ['12345678901234567891', '12345678901234567890'], 'true'],
  ]);
});

describe('arithmetic', () => {
  run([
    ['b_plus', ['1', '2'], '3'],
    ['b_plus', ['1.5', '2'], '3.5'],
    ['b_plus', ['0.1', '0.2'], '0.30000000000000004'],
    ['b_plus', ['1.5', '1.5'], '3'],
    ['b_plus', ['9223372036854775807', '1'], '9223372036854775808'],
    ['b_plus', ['-9223372036854775808', '-1'], '-9223372036854775809'],
    ['b_plus', ['123456789012345678901234567890', '1'], '123456789012345678901234567891'],
    ['b_plus', ['123456789012345678901234567890', '-123456789012345678901234567890'], '0'],
    ['b_plus', ['1', '"a"'], undefined],
    ['b_plus', ['"a"', '1'], undefined],
    ['b_minus', ['5', '7'], '-2'],
    ['b_minus', ['-9223372036854775808', '1'], '-9223372036854775809'],
    ['b_minus', ['10000000000000000000000', '1'], '9999999999999999999999'],
    ['b_minus', ['{1, 2, 3}', '{2, 4}'], '{1, 3}'],
    ['b_minus', ['{1}', '1'], undefined],
    ['b_minus', ['"a"', '{1}'], undefined],
    ['b_mul', ['6', '7'], '42'],
    ['b_mul', ['4294967296', '4294967296'], '18446744073709551616'],
    ['b_mul', ['-3037000500', '3037000500'], '-9223372037000250000'],
    ['b_mul', ['99999999999999999999', '99999999999999999999'], '9999999999999999999800000000000000000001'],
    ['b_mul', ['0.5', '3'], '1.5'],
    ['b_mul', ['2.5', '2'], '5'],
    ['b_mul', ['1e200', '1e200'], undefined],
    ['b_div', ['4', '2'], '2'],
    ['b_div', ['1', '3'], '0.3333333333333333'],
    ['b_div', ['-7', '2'], '-3.5'],
    ['b_div', ['1', '0'], undefined],
    ['b_div', ['1', '0.0'], undefined],
    ['b_div', ['1.5', '0.5'], '3'],
    ['b_div', ['1', '1e-400'], undefined],
    ['b_rem', ['7', '3'], '1'],
    ['b_rem', ['-7', '3'], '-1'],
    ['b_rem', ['7', '-3'], '1'],
    ['b_rem', ['7', '0'], undefined],
    ['b_rem', ['7.5', '2'], undefined],
    ['b_rem', ['8.0', '3'], '2'],
    ['b_rem', ['-9223372036854775808', '-1'], '0'],
    ['b_rem', ['123456789012345678901234567890', '7'], '0'],
    ['b_rem', ['123456789012345678901234567891', '7'], '1'],
    ['b_rem', ['-123456789012345678901234567890', '1000000007'], '-197434842'],
    ['b_abs', ['-3'], '3'],
    ['b_abs', ['-3.25'], '3.25'],
    ['b_abs', ['2'], '2'],
    ['b_abs', ['-9223372036854775808'], '9223372036854775808'],
    ['b_abs', ['-123456789012345678901234567890'], '123456789012345678901234567890'],
    ['b_abs', ['"x"'], undefined],
    ['b_round', ['1.5'], '2'],
    ['b_round', ['2.5'], '3'],
    ['b_round', ['-1.5'], '-2'],
    ['b_round', ['-1.4'], '-1'],
    ['b_round', ['0.49999999999999994'], '0'],
    ['b_round', ['7'], '7'],
    ['b_ceil', ['1.1'], '2'],
    ['b_ceil', ['-1.1'], '-1'],
    ['b_ceil', ['3'], '3'],
    ['b_floor', ['1.9'], '1'],
    ['b_floor', ['-1.1'], '-2'],
    ['b_floor', ['1e300'], '1000000000000000052504760255204420248704468581108159154915854115111802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115467196834763571443174'.slice(0, 0) + '1' + '0'.repeat(300)],
    ['b_numbers_range', ['1', '5'], '[1, 2, 3, 4, 5]'],
    ['b_numbers_range', ['5', '1'], '[5, 4, 3, 2, 1]'],
    ['b_numbers_range', ['-1', '-1'], '[-1]'],
    ['b_numbers_range', ['1', '1.5'], undefined],
    ['b_numbers_range', ['"a"', '1'], undefined],
    ['b_numbers_range', ['49649733057', '49649733060'], '[49649733057, 49649733058, 49649733059, 49649733060]'],
    ['b_numbers_range_step', ['0', '10', '3'], '[0, 3, 6, 9]'],
    ['b_numbers_range_step', ['10', '0', '3'], '[10, 7, 4, 1]'],
    ['b_numbers_range_step', ['0', '10', '0'], undefined],
    ['b_numbers_range_step', ['0', '10', '-1'], undefined],
  ]);
});

describe('sets', () => {
  run([
    ['b_or', ['{1, 2}', '{2, 3}'], '{1, 2, 3}'],
    ['b_or', ['set()', '{1}'], '{1}'],
    ['b_or', ['[1]', '{1}'], undefined],
    ['b_and', ['{1, 2}', '{2, 3}'], '{2}'],
    ['b_and', ['{1}', '{2}'], 'set()'],
    ['b_and', ['{1}', '1'], undefined],
    ['b_union', ['{{1, 2}, {2, 3}, set()}'], '{1, 2, 3}'],
    ['b_union', ['set()'], 'set()'],
    ['b_union', ['{1}'], undefined],
    ['b_intersection', ['{{1, 2, 3}, {2, 3}, {3, 4}}'], '{3}'],
    ['b_intersection', ['set()'], 'set()'],
    ['b_intersection', ['{[1]}'], undefined],
  ]);
});

describe('aggregates and membership', () => {
  run([
    ['b_count', ['[1, 2]'], '2'],
    ['b_count', ['{"a": 1}'], '1'],
    ['b_count', ['{1, 2, 3}'], '3'],
    ['b_count', ['"héllo 😀"'], '7'],
    ['b_count', ['""'], '0'],
    ['b_count', ['1'], undefined],
    ['b_sum', ['[1, 2, 3.5]'], '6.5'],
    ['b_sum', ['{1, 2, 3}'], '6'],
    ['b_sum', ['[]'], '0'],
    ['b_sum', ['[9223372036854775807, 1]'], '9223372036854775808'],
    ['b_sum', ['[1, "a"]'], undefined],
    ['b_sum', ['"abc"'], undefined],
    ['b_product', ['[2, 3, 4]'], '24'],
    ['b_product', ['[]'], '1'],
    ['b_product', ['{0.5, 4}'], '2'],
    ['b_product', ['[1, null]'], undefined],
    ['b_max', ['[1, 3, 2]'], '3'],
    ['b_max', ['{1, "a", null}'], '"a"'],
    ['b_max', ['[]'], undefined],
    ['b_max', ['set()'], undefined],
    ['b_min', ['[3, 1, 2]'], '1'],
    ['b_min', ['{1, "a", null}'], 'null'],
    ['b_min', ['[[1], 0]'], '0'],
    ['b_min', ['"x"'], undefined],
    ['b_sort', ['[3, 1, "a", null, [1], {}, 2.5]'], '[null, 1, 2.5, 3, "a", [1], {}]'],
    ['b_sort', ['{3, 1, 2}'], '[1, 2, 3]'],
    ['b_sort', ['[]'], '[]'],
    ['b_sort', ['{"a": 1}'], undefined],
    ['b_all', ['[true, true]'], 'true'],
    ['b_all', ['[true, 1]'], 'false'],
    ['b_all', ['[]'], 'true'],
    ['b_all', ['{true}'], 'true'],
    ['b_all', ['1'], undefined],
    ['b_any', ['[false, true]'], 'true'],
    ['b_any', ['[false, 1]'], 'false'],
    ['b_any', ['set()'], 'false'],
    ['b_any', ['{false, true}'], 'true'],
    ['b_internal_member_2', ['1', '[0, 1.0]'], 'true'],
    ['b_internal_member_2', ['2', '[0, 1]'], 'false'],
    ['b_internal_member_2', ['"a"', '{"a", "b"}'], 'true'],
    ['b_internal_member_2', ['"v"', '{"k": "v"}'], 'true'],
    ['b_internal_member_2', ['"k"', '{"k": "v"}'], 'false'],
    ['b_internal_member_2', ['"a"', '"abc"'], 'false'],
    ['b_internal_member_3', ['1', '"b"', '["a", "b"]'], 'true'],
    ['b_internal_member_3', ['1.0', '"b"', '["a", "b"]'], 'false'],
    ['b_internal_member_3', ['2', '"b"', '["a", "b"]'], 'false'],
    ['b_internal_member_3', ['"k"', '"v"', '{"k": "v"}'], 'true'],
    ['b_internal_member_3', ['"k"', '"w"', '{"k": "v"}'], 'false'],
    ['b_internal_member_3', ['1', '1', '{1, 2}'], 'true'],
    ['b_internal_member_3', ['1', '2', '{1, 2}'], 'false'],
    ['b_internal_member_3', ['0', '"a"', '"abc"'], 'false'],
  ]);

  it('sorts a large array in OPA order', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const r = rt.call('b_sort', rt.val(xs));
    expect(rt.js(r)).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('types', () => {
  run([
    ['b_is_number', ['1.5'], 'true'],
    ['b_is_number', ['"1"'], 'false'],
    ['b_is_string', ['""'], 'true'],
    ['b_is_string', ['null'], 'false'],
    ['b_is_boolean', ['false'], 'true'],
    ['b_is_boolean', ['0'], 'false'],
    ['b_is_array', ['[]'], 'true'],
    ['b_is_array', ['set()'], 'false'],
    ['b_is_set', ['set()'], 'true'],
    ['b_is_set', ['{}'], 'false'],
    ['b_is_object', ['{}'], 'true'],
    ['b_is_object', ['[]'], 'false'],
    ['b_is_null', ['null'], 'true'],
    ['b_is_null', ['false'], 'false'],
    ['b_type_name', ['null'], '"null"'],
    ['b_type_name', ['true'], '"boolean"'],
    ['b_type_name', ['1'], '"number"'],
    ['b_type_name', ['"s"'], '"string"'],
    ['b_type_name', ['[]'], '"array"'],
    ['b_type_name', ['{}'], '"object"'],
    ['b_type_name', ['set()'], '"set"'],
    ['b_to_number', ['null'], '0'],
    ['b_to_number', ['true'], '1'],
    ['b_to_number', ['false'], '0'],
    ['b_to_number', ['1.5'], '1.5'],
    ['b_to_number', ['"42"'], '42'],
    ['b_to_number', ['"-1.25e3"'], '-1.25e3'],
    ['b_to_number', ['"+5"'], '5'],
    ['b_to_number', ['".5"'], '0.5'],
    ['b_to_number', ['"5."'], '5'],
    ['b_to_number', ['"007"'], '7'],
    ['b_to_number', ['"12345678901234567890"'], '12345678901234567890'],
    ['b_to_number', ['"abc"'], undefined],
    ['b_to_number', ['""'], undefined],
    ['b_to_number', ['" 1"'], undefined],
    ['b_to_number', ['"inf"'], undefined],
    ['b_to_number', ['"NaN"'], undefined],
    ['b_to_number', ['"1e400"'], undefined],
    ['b_to_number', ['[1]'], undefined],
  ]);
});
