package t

small(x) if x < 5

r := "small" if small(input.x)

r := "large" if not small(input.x)

seen contains x if some x in [input.x]
