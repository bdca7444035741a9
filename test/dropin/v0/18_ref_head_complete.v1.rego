package t

a.b.c := 1

a.b.d := v if {
	v := input.x
}
