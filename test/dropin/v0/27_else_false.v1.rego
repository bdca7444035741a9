package t

authorized if {
	input.ok
} else := false
