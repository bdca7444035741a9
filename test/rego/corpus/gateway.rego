# constructs: ref-head-complete, ref-head-object, ref-head-contains, bracket-string-package,
# constructs: glob-match, startswith, regex-match, array-comprehension, set-comprehension,
# constructs: object-comprehension, every-key-value, with-input, print, decimal-number,
# constructs: exponent-number, big-integer, negative-number, raw-string-multiline,
# constructs: string-escapes, unicode-escape, surrogate-pair-escape, empty-set, empty-object,
# constructs: object-get, arithmetic-precedence, remainder, set-union, set-intersection,
# constructs: trailing-comma, one-line-if-body
package gateway["api-v2"]

import rego.v1

routes.public.health := true

routes.public.docs := {"path": "/docs", "cache": 3600}

routes.by_method[method] := paths if {
	some method in {"GET", "POST"}
	paths := [r.path | some r in input.routes; r.method == method]
}

routes.denied contains path if {
	some r in input.routes
	glob.match("/internal/**", ["/"], r.path)
	path := r.path
}

public_path if startswith(input.path, "/public/")

versioned if regex.match(`^/v[0-9]+/`, input.path)

limits := {
	"rate": 12.5,
	"burst": 1e3,
	"window_ns": 60000000000,
	"max_body": 1.5E+6,
	"floor": -1,
	"proxy": null,
	"huge": 123456789012345678901234567890,
}

banner := `Welcome.
This text spans lines
and keeps \n as two characters.`

escapes := "quote \" backslash \\ slash \/ tab \t newline \n cr \r bs \b ff \f"

unicode := ["caf\u00e9", "\u4e2d\u6587", "\ud83d\ude80", "😀"]

nothing := set()

no_fields := {}

header(name) := object.get(input.headers, lower(name), "")

score := ((2 + 3) * 4 - 10 / 5) % 7

all_scopes := {"read", "write"} | {"admin"}

common_scopes := {"read", "write"} & {"write", "delete"}

ports := [
	80,
	443,
	8080,
]

headers_ok if {
	every name, value in input.headers {
		is_string(value)
		count(name) < 64
	}
}

lengths := {name: count(value) | some name, value in input.headers}

debug_allow if {
	print("path", input.path)
	public_path with input.path as "/public/x"
}
