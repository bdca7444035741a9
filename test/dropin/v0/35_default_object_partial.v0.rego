# inputs: [{"flags": ["a"]}, {"flags": []}]
package t

default enabled = {}

features[f] = true {
	f := input.flags[_]
}

enabled = features {
	count(features) > 0
}
