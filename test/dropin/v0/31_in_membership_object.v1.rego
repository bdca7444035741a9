package t

m := {"a": 1, "b": 2}

has_key if {
	some k, _ in m
	k == input.k
}

has_value if {
	2 in m
}
