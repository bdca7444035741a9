# inputs: [{"blocked": true}, {"blocked": false}, {}]
package t

default allow = false

allow {
	not blocked
}

blocked {
	input.blocked
}
