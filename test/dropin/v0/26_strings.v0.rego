# inputs: [{"names": ["b", "a"]}, {"names": []}]
package t

msg = concat(", ", sorted) {
	sorted := sort(input.names)
}

uppers[u] {
	u := upper(input.names[_])
}
