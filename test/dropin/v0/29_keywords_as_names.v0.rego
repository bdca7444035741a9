# inputs: [{"x": 1}]
package t

contains_a {
	contains("abc", "a")
}

if_value = 3

every_item = [1, 2]
