# inputs: [{"pair": [1, 2]}, {"pair": [2, 1]}]
package t

ordered {
	[a, b] = input.pair
	a < b
}

first = a {
	[a, _] = input.pair
}
