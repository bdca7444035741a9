# inputs: [{"a": true}, {"b": true}, {"a": false, "b": false}]
package t

q {
	input.a
} {
	input.b
}
