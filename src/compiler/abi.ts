// The OPA wasm ABI version Accord's modules implement (1.2 adds the `opa_eval` fast path).
export const ABI_VERSION = 1;
export const ABI_MINOR_VERSION = 2;
