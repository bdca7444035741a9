package t

p contains "q"

p contains "r"
