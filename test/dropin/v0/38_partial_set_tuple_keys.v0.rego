# inputs: [{"pairs": [["a", 1], ["b", 2]]}, {"pairs": []}]
package t

tuples[[k, v]] {
	[k, v] := input.pairs[_]
}

keys[k] {
	tuples[[k, _]]
}
