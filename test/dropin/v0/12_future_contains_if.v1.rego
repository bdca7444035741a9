package t

p contains x if {
	some x in input.xs
}

big if count(input.xs) > 2
