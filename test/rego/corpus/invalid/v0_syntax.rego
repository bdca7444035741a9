# Rego v0 spellings that v1 rejects, one error per rule.
# expect: 8:11 `deny[msg] { … }` is Rego v0 syntax; in v1 write `deny contains msg if { … }`
# expect: 13:7 `allow { … }` is Rego v0 syntax; in v1 write `allow if { … }` (rule body requires `if` in Rego v1)
# expect: 17:10 `f(x) = y { … }` is Rego v0 syntax; in v1 write `f(x) = y if { … }`
# expect: 21:1 `tags["x"]` is Rego v0 syntax; in v1 write `tags contains "x"`
package legacy

deny[msg] {
	input.bad
	msg := "bad"
}

allow {
	input.user == "admin"
}

f(x) = y {
	y := x + 1
}

tags["x"]
