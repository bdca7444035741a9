// The JSON text of a value whose serialisation the caller already has. The engine serialises each
// decision's input once (to hand it to the policy); the audit logger would serialise it again for
// the event. The engine records the text here, keyed by the input object, and the logger uses it
// when the masking rules leave that object untouched (same reference).
//
// Internal to Accord: not exported from the package, so only the engine (which never mutates or
// exposes the input object it records) can register text. Anything not registered, or registered
// under a different object, is serialised as before.

const known = new WeakMap<object, string>();

/** Records `json` as JSON.stringify(value). `value` must not be mutated afterwards. */
export function rememberJson(value: object, json: string): void {
  known.set(value, json);
}

/** The JSON recorded for exactly this object, if any. */
export function knownJson(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? known.get(value) : undefined;
}
