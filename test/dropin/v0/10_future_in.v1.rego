package t

p if {
	input.x in [1, 2]
}

members contains y if {
	some y in ["a", "b"]
}
