# constructs: function-else-chain, else-unify, default-function, some-key-value, every-value,
# constructs: membership-key-value, not-membership, comparison-chain, unary-minus-expression,
# constructs: complete-unify, future-keywords-import, import-input-alias, is-number, abs,
# constructs: object-rule-unify, set-rule-literal, function-multiple-args
package conditions

import future.keywords.if
import future.keywords.in
import input.request as req
import rego.v1

default grade(_) := "unknown"

grade(score) := "A" if {
	score >= 90
} else := "B" if {
	score >= 80
} else = "C" if {
	score >= 70
} else := "F"

classify(x, threshold) := "high" if x > threshold

classify(x, threshold) := "low" if x <= threshold

pairs contains [k, v] if {
	some k, v in req.params
	is_number(v)
}

all_positive if {
	every v in req.values {
		v > 0
	}
}

has_entry if "alice", "admin" in {"alice": "admin"}

not_listed if not req.user in {"mallory", "eve"}

ordered if (1 < 2) == true

offset := -abs(req.delta) + 1

flipped := -(req.a * 2)

region = "eu" if req.zone == "eu-west"

tags[name] = true if {
	some name in req.tags
}

fixed contains "always"
