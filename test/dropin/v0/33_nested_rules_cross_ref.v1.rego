package t

writers := {"editor", "admin"}

can_write if {
	some i
	writers[input.roles[i]]
}

actions contains a if {
	a := "read"
}

actions contains a if {
	can_write
	a := "write"
}
