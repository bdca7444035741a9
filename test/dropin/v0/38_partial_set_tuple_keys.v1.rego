package t

tuples contains [k, v] if {
	[k, v] := input.pairs[_]
}

keys contains k if {
	tuples[[k, _]]
}
