# inputs: [{"x": 1}, {"x": 5}, {"x": 0}]
package t

name(1) = "one" {
	true
}

name(x) = "many" {
	x > 1
}

r = name(input.x)
