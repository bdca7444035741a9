# A METADATA block must be valid YAML with known key types.
# expect: 7:3 invalid METADATA: `entrypoint` must be true or false
# expect: 12:12 invalid METADATA: Flow sequence in block collection must be sufficiently indented and end with a ]
package meta

# METADATA
# entrypoint: maybe
allow := true

# METADATA
# title: fine
# tags: [a,
deny := false
