package t

deny contains "literal" if {
	input.bad
}

deny contains "always" if {
	true
}
