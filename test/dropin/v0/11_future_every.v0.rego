# inputs: [{"xs": [1, 2]}, {"xs": [1, -2]}, {"xs": []}]
package t

import future.keywords.every
import future.keywords.in

all_positive {
	every x in input.xs {
		x > 0
	}
}
