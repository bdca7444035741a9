package t

obj[k] := v if {
	some k
	v := input.m[k] * 10
}
