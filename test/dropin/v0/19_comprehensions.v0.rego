# inputs: [{"ys": [1, 2, 3]}, {"ys": []}]
package t

xs = [x | x := input.ys[_]; x > 1]

s = {x | x := input.ys[_]}

o = {k: v | v := input.ys[k]}
