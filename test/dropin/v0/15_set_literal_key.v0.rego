# inputs: [{"bad": true}, {"bad": false}]
package t

deny["literal"] {
	input.bad
}

deny["always"] {
	true
}
