package t

default allow := false

allow if {
	not blocked
}

blocked if {
	input.blocked
}
