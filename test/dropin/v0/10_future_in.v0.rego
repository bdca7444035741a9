# inputs: [{"x": 1}, {"x": 3}]
package t

import future.keywords.in

p {
	input.x in [1, 2]
}

members[y] {
	some y in ["a", "b"]
}
