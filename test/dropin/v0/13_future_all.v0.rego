# inputs: [{"xs": [3, 4]}, {"xs": [0]}]
package t

import future.keywords

p contains x if {
	some x in input.xs
	every y in input.xs {
		y > 0
	}
}
