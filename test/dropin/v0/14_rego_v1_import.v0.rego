# inputs: [{"user": "alice"}, {"user": "bob"}]
package t

import rego.v1

admins := {"alice"}

allow if input.user in admins

reasons contains "not admin" if not allow
