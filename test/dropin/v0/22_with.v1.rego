package t

p if {
	q with input as {"x": 1}
}

q if {
	input.x == 1
}

r if {
	q
}
