# inputs: [{"x": 1}, {"x": 41}, {}]
package t

p = v {
	v := input.x + 1
}
