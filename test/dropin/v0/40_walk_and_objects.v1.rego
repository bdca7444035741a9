package t

paths contains p if {
	walk(input.doc, [p, v])
	is_number(v)
}

merged := object.union({"a": 1}, {"b": 2})

keys contains k if {
	merged[k]
}
