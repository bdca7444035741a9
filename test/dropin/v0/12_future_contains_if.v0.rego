# inputs: [{"xs": [1, 2, 2]}, {"xs": []}]
package t

import future.keywords.contains
import future.keywords.if
import future.keywords.in

p contains x if {
	some x in input.xs
}

big if count(input.xs) > 2
