# inputs: [{"ys": [1, 2, 3, 4]}, {"ys": [1]}]
package t

evens[x] {
	some i
	x := input.ys[i]
	x % 2 == 0
}

positions[i] = x {
	x := input.ys[i]
	x > 2
}
