# constructs: call-result-ref, destructuring-assign, array-arg-destructure, object-arg-function,
# constructs: multiple-function-definitions, time-now, with-function-mock, with-data,
# constructs: dotted-builtin-call, nested-call, neq, lte, gte
package auth.jwt

import rego.v1

token := t if {
	some h in input.headers.authorization
	startswith(h, "Bearer ")
	t := substring(h, 7, -1)
}

claims := io.jwt.decode(token)[1]

subject := io.jwt.decode(token)[1].sub

valid if {
	[header, body, _] := io.jwt.decode(token)
	header.alg != "none"
	body.exp >= time.now_ns() / 1000000000
	body.nbf <= time.now_ns() / 1000000000
}

pair_sum([a, b]) := a + b

audience_ok({"aud": aud}) if aud == "accord"

role_rank("admin") := 3

role_rank("editor") := 2

role_rank(_) := 1

max_rank := max([role_rank(r) | some r in claims.roles])

test_valid_with_mocked_clock if {
	valid with time.now_ns as 1700000000000000000
		with data.config.audience as "accord"
}
