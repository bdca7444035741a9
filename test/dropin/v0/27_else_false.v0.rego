# inputs: [{"ok": true}, {"ok": false}]
package t

authorized {
	input.ok
} else = false {
	true
}
