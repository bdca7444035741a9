# inputs: [{"roles": ["editor"]}, {"roles": ["viewer"]}, {"roles": []}]
package t

writers = {"editor", "admin"}

can_write {
	some i
	writers[input.roles[i]]
}

actions[a] {
	a := "read"
}

actions[a] {
	can_write
	a := "write"
}
