# inputs: [{"x": 1}, {"x": -1}]
package t

sign(x) = "pos" {
	x > 0
} else = "nonpos" {
	true
}

r = sign(input.x)
