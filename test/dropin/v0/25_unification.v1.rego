package t

ordered if {
	[a, b] := input.pair
	a < b
}

first := a if {
	[a, _] := input.pair
}
