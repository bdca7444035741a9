# inputs: [{"x": 1}, {"x": 2}, {"x": 9}]
package t

p = 1 {
	input.x == 1
} else = 2 {
	input.x == 2
} else = 3
