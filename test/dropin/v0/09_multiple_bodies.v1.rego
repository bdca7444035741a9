package t

q if {
	input.a
}

q if {
	input.b
}
