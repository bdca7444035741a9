package t

positive(x) if {
	x > 0
}

r if {
	positive(input.x)
}

default s := "no"

s := "yes" if {
	positive(input.x)
}
