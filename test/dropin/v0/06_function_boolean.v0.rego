# inputs: [{"x": 2}, {"x": -2}]
package t

positive(x) {
	x > 0
}

r {
	positive(input.x)
}

default s = "no"

s = "yes" {
	positive(input.x)
}
