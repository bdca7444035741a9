# inputs: [{}]
package t

tags["a"]

tags["b"]
