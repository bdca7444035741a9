// Host imports (supplied by @open-policy-agent/opa-wasm).
@external('env', 'opa_abort')
export declare function opa_abort(addr: i32): void;

@external('env', 'opa_println')
export declare function opa_println(addr: i32): void;
