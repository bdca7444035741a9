package t

p contains x if {
	some x in input.xs
	every y in input.xs {
		y > 0
	}
}
