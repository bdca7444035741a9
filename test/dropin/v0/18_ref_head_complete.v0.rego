# inputs: [{"x": 5}, {}]
package t

a.b.c = 1 {
	true
}

a.b.d = v {
	v := input.x
}
