package t

import data.t.limits as lim
import input.x as value

limits := {"max": 1}

ok if {
	value <= lim.max
}

violations contains msg if {
	not ok
	msg := sprintf("%v > %v", [value, lim.max])
}
