package t

p := x if {
	x := input.x * 2
	x > 8
}

q := input.x

r := q + 1
