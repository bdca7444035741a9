# inputs: [{}]
package t

p.q {
	true
}

p.r {
	true
}
