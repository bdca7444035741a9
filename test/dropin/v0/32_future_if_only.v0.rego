# inputs: [{"x": 3}, {"x": 0}]
package t

import future.keywords.if

positive if input.x > 0

label := "pos" if positive

label := "other" if not positive
