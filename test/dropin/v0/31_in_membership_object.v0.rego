# inputs: [{"k": "a"}, {"k": "z"}]
package t

import future.keywords.in

m := {"a": 1, "b": 2}

has_key {
	some k, _ in m
	k == input.k
}

has_value {
	2 in m
}
