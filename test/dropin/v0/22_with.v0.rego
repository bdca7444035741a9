# inputs: [{"x": 2}, {"x": 1}]
package t

p {
	q with input as {"x": 1}
}

q {
	input.x == 1
}

r {
	q
}
