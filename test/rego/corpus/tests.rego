# constructs: test-rule, with-input-object, with-nested-chain, with-builtin-mock, with-rule-mock,
# constructs: every-nested, set-comprehension-ref, comprehension-with-multiple-bodies-lines,
# constructs: literal-assign-array, object-literal-ref-var
package conditions_test

import data.conditions
import rego.v1

test_grade_a if {
	conditions.grade(95) == "A"
}

test_pairs if {
	result := conditions.pairs with input as {"request": {"params": {"a": 1, "b": "x"}}}
	result == {["a", 1]}
}

test_chain if {
	conditions.all_positive
		with input.request.values as [1, 2, 3]
		with data.conditions.extra as true
}

mock_count(_) := 42

test_builtin_mock if {
	count([1]) == 42 with count as mock_count
}

test_rule_mock if {
	conditions.has_entry with conditions.has_entry as true
}

test_nested_every if {
	every row in [[1, 2], [3]] {
		every cell in row {
			cell > 0
		}
	}
}

test_setcomp_ref if {
	{x | some x in [1, 2, 2]}[1]
}

test_multiline_comprehension if {
	evens := [n |
		some n in numbers.range(1, 10)
		n % 2 == 0
	]
	count(evens) == 5
}

test_assign_array if {
	[a, b] := [1, 2]
	a < b
}

test_object_ref if {
	k := "name"
	{"name": "accord"}[k] == "accord"
}
