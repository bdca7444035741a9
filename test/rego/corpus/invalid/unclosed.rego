# A body that is never closed: the error points at the opening brace.
# expect: 5:10 unclosed `{`: the file ends before its matching `}`
package unclosed

allow if {
	input.x == 1
	some y in input.ys
