package t

default allow := false

allow if {
	input.role == "admin"
}
