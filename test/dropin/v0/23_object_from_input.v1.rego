package t

roles[u] := r if {
	r := input.users[u].role
}

admins contains u if {
	roles[u] == "admin"
}
