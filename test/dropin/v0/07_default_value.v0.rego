# inputs: [{"x": 1}, {"x": 2}, {}]
package t

default p = 7

p = 1 {
	input.x == 1
}
