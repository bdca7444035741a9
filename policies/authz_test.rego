package app.authz_test

import data.app.authz
import rego.v1

# The example app's identities.
alice := {"sub": "alice", "roles": ["admin"], "tenant": "acme", "kind": "user"}

bob := {"sub": "bob", "roles": ["editor"], "tenant": "acme", "kind": "user"}

carol := {"sub": "carol", "roles": ["viewer"], "tenant": "acme", "kind": "user"}

dave := {"sub": "dave", "roles": ["editor"], "tenant": "globex", "kind": "user"}

ci := {"sub": "svc-ci", "roles": ["ci"], "tenant": "acme", "kind": "service"}

now := 1900000000

live_session := {"id": "s1", "revoked": false, "expires_at": 2000000000}

req(subject, action, resource) := {
	"subject": subject,
	"session": live_session,
	"request": {"method": "GET", "path": "/documents", "time": now},
	"action": action,
	"resource": resource,
}

doc(tenant, owner) := {"type": "document", "id": "d1", "tenant": tenant, "owner": owner}

page(path) := {"type": "page", "id": path}

# --- role gating -----------------------------------------------------------------------------

test_admin_reads_any_document_of_their_tenant if {
	authz.allow with input as req(alice, "read", doc("acme", "bob"))
}

test_admin_deletes_others_documents if {
	authz.allow with input as req(alice, "delete", doc("acme", "bob"))
}

test_editor_updates_own_document if {
	authz.allow with input as req(bob, "update", doc("acme", "bob"))
}

test_editor_cannot_update_others_document if {
	not authz.allow with input as req(bob, "update", doc("acme", "alice"))
}

test_viewer_reads if {
	authz.allow with input as req(carol, "read", doc("acme", "bob"))
}

test_viewer_cannot_create if {
	not authz.allow with input as req(carol, "create", doc("acme", "carol"))
}

test_only_admin_reads_audit_log if {
	authz.allow with input as req(alice, "read", {"type": "audit"})
	not authz.allow with input as req(bob, "read", {"type": "audit"})
}

test_unknown_role_is_denied if {
	not authz.allow with input as req({"sub": "eve", "roles": ["intern"], "tenant": "acme"}, "read", doc("acme", "x"))
}

test_no_roles_is_denied if {
	not authz.allow with input as req({"sub": "eve", "tenant": "acme"}, "read", doc("acme", "x"))
}

# --- tenant isolation ------------------------------------------------------------------------

test_other_tenant_is_denied_with_reason if {
	d := authz.decision with input as req(dave, "read", doc("acme", "bob"))
	d.allow == false
	d.reasons == ["tenant mismatch"]
}

test_own_tenant_allowed_for_globex_editor if {
	authz.allow with input as req(dave, "update", doc("globex", "dave"))
}

# --- sessions --------------------------------------------------------------------------------

test_revoked_session_denied_everywhere if {
	i := object.union(req(alice, "read", doc("acme", "bob")), {"session": {"id": "s1", "revoked": true, "expires_at": 2000000000}})
	d := authz.decision with input as i
	d.allow == false
	"session revoked" in d.reasons
}

test_expired_session_denied if {
	i := object.union(req(bob, "read", doc("acme", "bob")), {"session": {"id": "s1", "revoked": false, "expires_at": now}})
	d := authz.decision with input as i
	d.reasons == ["session expired"]
}

test_missing_session_denied if {
	i := object.remove(req(alice, "read", doc("acme", "bob")), ["session"])
	d := authz.decision with input as i
	d.reasons == ["no session"]
}

# --- public paths and service accounts ----------------------------------------------------------

test_public_login_page_without_session if {
	authz.allow with input as {"action": "read", "resource": page("/login"), "request": {"path": "/login", "time": now}}
}

test_private_page_without_session_denied if {
	not authz.allow with input as {"action": "read", "resource": page("/admin"), "request": {"path": "/admin", "time": now}}
}

test_service_account_reads_documents if {
	authz.allow with input as req(ci, "read", doc("acme", "bob"))
}

test_service_account_cannot_write_or_use_pages if {
	not authz.allow with input as req(ci, "update", doc("acme", "svc-ci"))
	d := authz.decision with input as req(ci, "read", page("/dashboard"))
	"service accounts cannot use pages" in d.reasons
}

test_allowed_decision_has_no_reasons if {
	authz.decision == {"allow": true, "reasons": []} with input as req(alice, "read", doc("acme", "bob"))
}

# --- the same answers as a table (one result per case) -----------------------------------------

cases := {
	"admin reads": {"input": req(alice, "read", doc("acme", "bob")), "want": true},
	"editor deletes own": {"input": req(bob, "delete", doc("acme", "bob")), "want": true},
	"editor deletes others": {"input": req(bob, "delete", doc("acme", "carol")), "want": false},
	"viewer updates": {"input": req(carol, "update", doc("acme", "carol")), "want": false},
	"cross-tenant admin": {"input": req(alice, "read", doc("globex", "dave")), "want": false},
	"ci deletes": {"input": req(ci, "delete", doc("acme", "bob")), "want": false},
}

test_decision_table[note] if {
	some note, tc in cases
	authz.allow == tc.want with input as tc.input
}
