# inputs: [{"doc": {"a": {"secret": 1}, "b": [2]}}, {"doc": {}}]
package t

paths[p] {
	walk(input.doc, [p, v])
	is_number(v)
}

merged = object.union({"a": 1}, {"b": 2})

keys[k] {
	merged[k]
}
