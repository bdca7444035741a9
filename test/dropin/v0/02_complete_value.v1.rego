package t

p := v if {
	v := input.x + 1
}
