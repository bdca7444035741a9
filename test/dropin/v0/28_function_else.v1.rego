package t

sign(x) := "pos" if {
	x > 0
} else := "nonpos"

r := sign(input.x)
