# expect: 5:1 expected `package` at the start of the module, found keyword `import`
# expect: 8:8 unexpected name `q`; expected a new line (each rule, import and package starts on its own line)
# expect: 10:1 imports must come before the first rule
# expect: 11:3 missing value after `:=`
import rego.v1

p := 1
p := 2 q := 3

import data.late
r :=
s := [1, 2,]
