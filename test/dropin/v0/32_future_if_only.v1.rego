package t

positive if input.x > 0

label := "pos" if positive

label := "other" if not positive
