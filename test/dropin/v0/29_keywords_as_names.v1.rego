package t

contains_a if {
	contains("abc", "a")
}

if_value := 3

every_item := [1, 2]
