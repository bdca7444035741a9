# inputs: [{"role": "admin"}, {"role": "user"}, {}]
package t

default allow = false

allow {
	input.role == "admin"
}
