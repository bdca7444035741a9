package t

deny contains msg if {
	input.x > 0
	msg := sprintf("x is %v", [input.x])
}

deny contains msg if {
	input.x < 0
	msg := "negative"
}
