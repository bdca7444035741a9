// Deep-freezing plain JSON-like values in place. Verified claims are frozen here before anyone
// sees them; the engine freezes the input parts it seals the same way (src/engine/input.ts).

/** Deep-freezes a plain JSON-like value (objects and arrays), in place; frozen subtrees are skipped. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
