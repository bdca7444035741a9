package t

default enabled := {}

features[f] := true if {
	f := input.flags[_]
}

enabled := features if {
	count(features) > 0
}
