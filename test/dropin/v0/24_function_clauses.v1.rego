package t

name(1) := "one"

name(x) := "many" if {
	x > 1
}

r := name(input.x)
