# inputs: [{"m": {"a": 1, "b": 2}}, {"m": {}}, {}]
package t

obj[k] = v {
	some k
	v := input.m[k] * 10
}
