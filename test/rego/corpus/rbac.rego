# constructs: package-metadata, dotted-package, import-rego-v1, import-data-alias, rule-metadata,
# constructs: entrypoint-annotation, default-assign, complete-if-body, some-in, membership-in,
# constructs: not, partial-set-contains, sprintf-call, object-rule, function-boolean, else-chain,
# constructs: document-scope, custom-metadata

# METADATA
# title: Role-based access control
# description: Decides whether a user may perform an action on a resource.
# scope: package
package app.rbac

import data.app.roles as role_defs
import rego.v1

# METADATA
# title: Allow
# description: True when any of the user's roles grants the requested permission.
# entrypoint: true
# custom:
#   severity: high
#   owner: platform
default allow := false

# METADATA
# scope: document
# description: Admins may do anything; others need a matching grant.
allow if {
	"admin" in input.user.roles
}

allow if {
	some grant in user_grants
	grant.action == input.action
	grant.resource == input.resource
	not suspended
}

suspended if input.user.status == "suspended"

user_grants contains grant if {
	some role in input.user.roles
	some grant in role_defs[role].grants
}

violations contains msg if {
	not input.user.id
	msg := sprintf("request %s has no user id", [input.request_id])
}

permissions_by_role[role] := perms if {
	some role, def in role_defs
	perms := {p | some g in def.grants; p := g.action}
}

is_admin(user) if "admin" in user.roles

level := "full" if {
	is_admin(input.user)
} else := "partial" if {
	count(user_grants) > 0
} else := "none"
