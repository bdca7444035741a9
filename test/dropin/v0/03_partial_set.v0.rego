# inputs: [{"x": 3}, {"x": 0}, {"x": -1}]
package t

deny[msg] {
	input.x > 0
	msg := sprintf("x is %v", [input.x])
}

deny[msg] {
	input.x < 0
	msg := "negative"
}
