# Keywords cannot name rules or variables.
# expect: 7:1 `contains` is a keyword and cannot be used as a rule name
# expect: 9:13 unexpected keyword `every`; expected a term
# expect: 11:10 unexpected keyword `as`; expected a term
package keywords

contains := 1

p if { x := every }

q := [1, as]
