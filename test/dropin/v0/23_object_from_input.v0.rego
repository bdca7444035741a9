# inputs: [{"users": {"a": {"role": "admin"}, "b": {"role": "dev"}}}, {"users": {}}]
package t

roles[u] = r {
	r := input.users[u].role
}

admins[u] {
	roles[u] == "admin"
}
