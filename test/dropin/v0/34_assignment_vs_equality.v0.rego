# inputs: [{"x": 4}, {"x": 5}]
package t

p = x {
	x = input.x * 2
	x > 8
}

q := input.x

r = q + 1
