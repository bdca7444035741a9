# inputs: [{"xs": [1, 2, 3]}, {"xs": [5]}]
package t

big {
	count(input.xs) > 2
}

total = sum(input.xs)

biggest = max(input.xs)
