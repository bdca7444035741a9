# inputs: [{"x": 2}, {"x": 7}]
package t

import rego.v1

small(x) if x < 5

r := "small" if small(input.x)

r := "large" if not small(input.x)

seen contains x if some x in [input.x]
