package t

tags contains "a"

tags contains "b"
