package t

default p := 7

p := 1 if {
	input.x == 1
}
