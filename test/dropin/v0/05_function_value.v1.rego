package t

double(x) := y if {
	y := x * 2
}

r := double(input.x)
