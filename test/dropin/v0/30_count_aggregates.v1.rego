package t

big if {
	count(input.xs) > 2
}

total := sum(input.xs)

biggest := max(input.xs)
