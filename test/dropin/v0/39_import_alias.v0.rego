# inputs: [{"x": 1}, {"x": 2}]
package t

import data.t.limits as lim
import input.x as value

limits = {"max": 1}

ok {
	value <= lim.max
}

violations[msg] {
	not ok
	msg := sprintf("%v > %v", [value, lim.max])
}
