package t

f(a, b) := c if {
	c := a + b
}

g(a, b) if {
	a < b
}

sum_ab := f(input.a, input.b)

lt if {
	g(input.a, input.b)
}
