# inputs: [{"x": 2}, {"x": 0.5}, {}]
package t

double(x) = y {
	y := x * 2
}

r = double(input.x)
