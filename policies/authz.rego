# METADATA
# title: Accord example app — documents authorization
# description: |
#   RBAC with tenant isolation for a multi-tenant documents app. Every layer of the app
#   (proxy/middleware, route handlers, server components, server actions, loaders) asks
#   `app/authz/decision` with the same input shape, built by Accord's engine:
#     subject  verified token claims (sub, roles, tenant, kind: user | service)
#     session  the server-side session record (revoked, expires_at …), absent without one
#     request  method, path, time (seconds since the epoch)
#     action   read | create | update | delete | revoke | …
#     resource type, id, tenant, owner
package app.authz

import rego.v1

# Paths anyone may load, signed in or not.
public_paths := {"/", "/login", "/api/health"}

# What each role may do, per resource type.
role_permissions := {
	"admin": {
		"document": {"read", "create", "update", "delete"},
		"audit": {"read"},
		"user": {"read", "revoke"},
		"page": {"read"},
	},
	"editor": {"document": {"read", "create", "update", "delete"}, "page": {"read"}},
	"viewer": {"document": {"read"}, "page": {"read"}},
	# Non-human identity: the CI job may read documents, nothing else.
	"ci": {"document": {"read"}},
}

# METADATA
# entrypoint: true
# description: The decision every layer enforces.
decision := {"allow": allow, "reasons": reasons}

# METADATA
# entrypoint: true
default allow := false

allow if public

allow if {
	count(deny) == 0
	permitted
}

public if {
	input.action == "read"
	input.resource.type == "page"
	input.request.path in public_paths
}

# An action is permitted when one of the subject's roles grants it on the resource type.
permitted if {
	some role in input.subject.roles
	input.action in role_permissions[role][input.resource.type]
}

deny contains "no session" if not input.session

deny contains "session revoked" if input.session.revoked == true

deny contains "session expired" if input.session.expires_at <= input.request.time

# Tenant isolation: a resource that belongs to a tenant is only visible inside that tenant.
deny contains "tenant mismatch" if {
	input.resource.tenant
	input.resource.tenant != input.subject.tenant
}

# Editors change only their own documents; admins change any document of their tenant.
deny contains "not the owner" if {
	input.resource.type == "document"
	input.action in {"update", "delete"}
	not "admin" in input.subject.roles
	input.resource.owner != input.subject.sub
}

# Service accounts never act on behalf of a browser session's pages.
deny contains "service accounts cannot use pages" if {
	input.subject.kind == "service"
	input.resource.type == "page"
}

reasons := sort([r | some r in deny]) if not allow

reasons := [] if allow
