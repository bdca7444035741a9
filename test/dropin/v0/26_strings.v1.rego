package t

msg := concat(", ", sorted) if {
	sorted := sort(input.names)
}

uppers contains u if {
	u := upper(input.names[_])
}
