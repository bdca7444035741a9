package t

all_positive if {
	every x in input.xs {
		x > 0
	}
}
