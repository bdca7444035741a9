package t

admins := {"alice"}

allow if input.user in admins

reasons contains "not admin" if not allow
