# inputs: [{"a": 1, "b": 2}, {"a": 3, "b": 3}]
package t

f(a, b) = c {
	c := a + b
}

g(a, b) {
	a < b
}

sum_ab = f(input.a, input.b)

lt {
	g(input.a, input.b)
}
