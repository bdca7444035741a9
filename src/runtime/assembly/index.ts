// Accord wasm runtime: the value library the emitted policy code links against.
// See ../CONTRACT.md. Every export below is part of that contract.

// memory (OPA ABI)
export { opa_malloc, opa_free, opa_heap_ptr_get, opa_heap_ptr_set } from './alloc';

// JSON / Rego text (OPA ABI)
export { opa_json_parse, opa_value_parse } from './json_parse';
export { opa_json_dump, opa_value_dump } from './json_dump';

// paths (OPA ABI) and document helpers
export {
  opa_value_add_path, opa_value_remove_path, opa_value_upsert_path, opa_value_remove_path_copy,
  opa_object_merge,
} from './paths';

// evaluation context, access, iteration, emitter helpers
export {
  opa_eval_ctx_new, opa_eval_ctx_set_input, opa_eval_ctx_set_data, opa_eval_ctx_set_entrypoint,
  opa_eval_ctx_get_input, opa_eval_ctx_get_data, opa_eval_ctx_get_entrypoint,
  opa_eval_ctx_get_result, opa_eval_ctx_set_result,
  opa_value_type, opa_value_get, opa_value_length, opa_value_iter_key, opa_value_iter_value,
  opa_value_truthy,
  accord_result_set, accord_println_values, accord_abort_conflict, accord_cstr,
} from './abi';
export { accord_set_strict } from './errors';

// construction
export {
  opa_null, opa_boolean, opa_string, opa_array, opa_array_with_cap, opa_array_append,
} from './value';
export { opa_number_int, opa_number_float, opa_number_ref } from './number';
export { opa_object, opa_object_insert, opa_set, opa_set_add } from './table';
export { opa_value_compare, opa_value_equal, opa_value_hash } from './compare';

// builtins
export { b_equal, b_neq, b_lt, b_lte, b_gt, b_gte } from './builtins/compare';
export {
  b_plus, b_minus, b_mul, b_div, b_rem, b_abs, b_round, b_ceil, b_floor,
  b_numbers_range, b_numbers_range_step,
} from './builtins/arith';
export { b_or, b_and, b_union, b_intersection } from './builtins/sets';
export {
  b_count, b_sum, b_product, b_max, b_min, b_sort, b_all, b_any,
  b_internal_member_2, b_internal_member_3,
} from './builtins/aggregates';
export {
  b_concat, b_contains, b_startswith, b_endswith, b_lower, b_upper, b_split, b_replace,
  b_strings_replace_n, b_trim, b_trim_left, b_trim_right, b_trim_prefix, b_trim_suffix,
  b_trim_space, b_indexof, b_indexof_n, b_substring, b_strings_reverse,
  b_strings_any_prefix_match, b_strings_any_suffix_match, b_strings_count, b_format_int,
} from './builtins/strings';
export {
  b_is_number, b_is_string, b_is_boolean, b_is_array, b_is_set, b_is_object, b_is_null,
  b_type_name, b_to_number,
} from './builtins/types';
export {
  b_array_concat, b_array_slice, b_array_reverse, b_object_get, b_object_keys, b_object_remove,
  b_object_union, b_object_union_n, b_object_filter, b_object_subset, b_json_filter,
  b_json_remove, b_walk,
} from './builtins/objects';
export {
  b_json_marshal, b_json_unmarshal, b_json_is_valid, b_base64_encode, b_base64_decode,
  b_base64_is_valid, b_base64url_encode, b_base64url_encode_no_pad, b_base64url_decode,
  b_hex_encode, b_hex_decode,
} from './builtins/encoding';

