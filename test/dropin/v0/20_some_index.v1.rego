package t

evens contains x if {
	some i
	x := input.ys[i]
	x % 2 == 0
}

positions[i] := x if {
	x := input.ys[i]
	x > 2
}
