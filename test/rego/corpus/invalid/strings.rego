# String mistakes are reported where they are, and parsing continues.
# expect: 7:14 invalid escape sequence \d in string
# expect: 9:11 invalid escape: lone surrogate \uD83D
# expect: 11:11 unterminated string (strings cannot span lines; use a raw `string` for multi-line text)
package strings

pattern := "^\d+$"

emoji := "\uD83D"

broken := "no end
ok := 1
