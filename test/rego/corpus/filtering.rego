# constructs: data-ref-with-vars, wildcard-ref, some-declaration, unification, var-unify,
# constructs: nested-comprehension, composite-literal-ref, comprehension-ref, bracket-string-ref,
# constructs: keyword-after-dot, contains-builtin, multiline-parens, multiline-call,
# constructs: semicolon-literals, not-one-line, count-builtin, split-builtin
package filtering

import rego.v1

user_roles contains role if {
	some u
	data.users[u].name == input.user
	role := data.users[u].roles[_]
}

visible_docs contains doc.id if {
	some doc in data.documents
	doc.owner = input.user
}

same_team if {
	some x, y
	data.teams[x].members[_] = input.user
	data.teams[y].members[_] = input.other
	x = y
}

matrix := [[i * j | some j in numbers.range(1, 3)] | some i in numbers.range(1, 3)]

second := [10, 20, 30][1]

color := {"a": "red", "b": "blue"}[input.key]

first_admin := [u | some u in data.users; "admin" in u.roles][0]

dashed := input["x-forwarded-for"]

keyword_fields := [input.if, input.in, input.contains, input.every]

mentions_admin if contains(input.comment, "admin")

total := (
	input.a
		+ input.b
		+ input.c
)

summary := sprintf(
	"%d items for %s",
	[count(input.items), input.user],
)

quick if { input.a; input.b; not input.c }

not_blocked if not input.blocked

domain := split(input.email, "@")[1]
