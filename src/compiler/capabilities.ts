// OPA capabilities files (`opa capabilities`, `opa build --capabilities caps.json`) read into the
// compiler's builtin options.
//
// A capabilities file lists every builtin a policy may call, each with OPA's JSON type declaration:
//
//   {"builtins": [{"name": "my.lookup", "decl": {"type": "function",
//                  "args": [{"type": "string"}], "result": {"type": "any"}}}],
//    "features": ["rego_v1"], "future_keywords": ["in", …], "wasm_abi_versions": [{"version": 1, "minor_version": 2}]}
//
// Declared builtins Accord implements natively stay native (Accord's declaration is used); the
// others become custom builtins: the module imports them by name (its `builtins()` lists them)
// and the application supplies them at load time (`customBuiltins` in `loadAccordPolicy`).
// Anything not declared cannot be called (`rego_type_error` at compile time).
import { readFileSync } from 'node:fs';
import { lookupBuiltin } from '../builtins/catalog.js';
import { ANY, type RegoType } from '../builtins/types.js';
import type { CustomBuiltin } from './builtin-env.js';
import { ABI_MINOR_VERSION } from './abi.js';

export interface Capabilities {
  /** Every builtin the capabilities file declares (native or custom). */
  allowedBuiltins: Set<string>;
  /** Declared builtins Accord does not implement: the application supplies them at load time. */
  customBuiltins: Map<string, CustomBuiltin>;
  /** Declared builtins Accord implements natively. */
  nativeBuiltins: string[];
  /** `features` as listed (informational; e.g. `rego_v1`). */
  features: string[];
  /** `future_keywords` as listed (informational). */
  futureKeywords: string[];
  /** `wasm_abi_versions`, when the file has the field. */
  wasmAbiVersions?: Array<{ version: number; minor_version: number }>;
}

/** OPA's wasm ABI has host imports for builtins of 0 to 4 arguments. */
export const MAX_CUSTOM_ARGS = 4;

export class CapabilitiesError extends Error {
  override readonly name = 'CapabilitiesError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and parses a capabilities file; errors name the file. */
export function readCapabilities(file: string): Capabilities {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CapabilitiesError(`accord: cannot read capabilities file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CapabilitiesError(`accord: ${file}: capabilities file is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return parseCapabilities(json);
  } catch (err) {
    if (err instanceof CapabilitiesError) throw new CapabilitiesError(`accord: ${file}: ${err.message}`);
    throw err;
  }
}

/** Parses a capabilities document (the JSON value of a capabilities file). */
export function parseCapabilities(json: unknown): Capabilities {
  if (!isObject(json)) throw new CapabilitiesError('a capabilities file must be a JSON object');
  const builtins = json.builtins ?? [];
  if (!Array.isArray(builtins)) throw new CapabilitiesError('"builtins" must be an array');
  const out: Capabilities = {
    allowedBuiltins: new Set(),
    customBuiltins: new Map(),
    nativeBuiltins: [],
    features: stringList(json.features, 'features'),
    futureKeywords: stringList(json.future_keywords, 'future_keywords'),
  };
  builtins.forEach((b, i) => {
    if (!isObject(b) || typeof b.name !== 'string' || b.name === '') {
      throw new CapabilitiesError(`builtins[${i}]: each builtin needs a "name"`);
    }
    const name = b.name;
    out.allowedBuiltins.add(name);
    if (lookupBuiltin(name)) {
      out.nativeBuiltins.push(name);
      return;
    }
    out.customBuiltins.set(name, parseDecl(name, b.decl));
  });
  if (json.wasm_abi_versions !== undefined) {
    if (!Array.isArray(json.wasm_abi_versions)) throw new CapabilitiesError('"wasm_abi_versions" must be an array');
    out.wasmAbiVersions = json.wasm_abi_versions.map((v, i) => {
      if (!isObject(v) || typeof v.version !== 'number' || typeof v.minor_version !== 'number') {
        throw new CapabilitiesError(`wasm_abi_versions[${i}]: expected {"version": n, "minor_version": n}`);
      }
      return { version: v.version, minor_version: v.minor_version };
    });
  }
  return out;
}

/**
 * As `opa build` does: when the file lists wasm ABI versions, one of them must be one the compiler
 * produces (ABI 1, minor version ≤ Accord's). Returns an error message, or undefined when fine.
 */
export function checkWasmAbi(caps: Capabilities): string | undefined {
  if (!caps.wasmAbiVersions) return undefined;
  if (caps.wasmAbiVersions.some((v) => v.version === 1 && v.minor_version <= ABI_MINOR_VERSION)) return undefined;
  const listed = caps.wasmAbiVersions.map((v) => `${v.version}.${v.minor_version}`).join(', ') || 'none';
  return `compiler ABI version not in capabilities (have 1.${ABI_MINOR_VERSION}, capabilities allow ${listed})`;
}

function stringList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new CapabilitiesError(`"${field}" must be an array of strings`);
  return v as string[];
}

function parseDecl(name: string, decl: unknown): CustomBuiltin {
  if (decl === undefined) {
    throw new CapabilitiesError(`builtin ${name}: custom builtins need a "decl" ({"type": "function", "args": […], "result": …})`);
  }
  if (!isObject(decl) || decl.type !== 'function') throw new CapabilitiesError(`builtin ${name}: "decl" must be {"type": "function", …}`);
  if (decl.variadic !== undefined) {
    throw new CapabilitiesError(`builtin ${name}: variadic custom builtins are not supported (declare a fixed argument list)`);
  }
  const args = decl.args ?? [];
  if (!Array.isArray(args)) throw new CapabilitiesError(`builtin ${name}: "decl.args" must be an array`);
  if (args.length > MAX_CUSTOM_ARGS) {
    throw new CapabilitiesError(`builtin ${name}: custom builtins take at most ${MAX_CUSTOM_ARGS} arguments (OPA's wasm ABI imports opa_builtin0…opa_builtin4); this one declares ${args.length}`);
  }
  return {
    name,
    args: args.map((a, i) => parseType(a, `builtin ${name}: argument ${i + 1}`)),
    // A declaration without a result is a relation-less "statement"-like builtin; OPA types it any.
    result: decl.result === undefined ? ANY : parseType(decl.result, `builtin ${name}: result`),
  };
}

/**
 * OPA's JSON type language (ast/types JSON) → Accord's RegoType. Where Accord's type language
 * is coarser (arrays with a static prefix and a dynamic rest, objects with static keys), the type
 * is widened, never narrowed: a wider declared type can only accept more constant arguments.
 */
export function parseType(t: unknown, where: string): RegoType {
  if (!isObject(t) || typeof t.type !== 'string') throw new CapabilitiesError(`${where}: expected a type object like {"type": "string"}`);
  switch (t.type) {
    case 'any': {
      if (t.of === undefined || t.of === null) return ANY;
      if (!Array.isArray(t.of)) throw new CapabilitiesError(`${where}: "of" of an any type must be an array`);
      return union(t.of.map((m) => parseType(m, where)));
    }
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
      return { kind: t.type };
    case 'array': {
      const items = t.static === undefined || t.static === null ? [] : t.static;
      if (!Array.isArray(items)) throw new CapabilitiesError(`${where}: "static" of an array type must be an array`);
      const prefix = items.map((m) => parseType(m, where));
      const rest = t.dynamic === undefined || t.dynamic === null ? undefined : parseType(t.dynamic, where);
      if (prefix.length > 0 && !rest) return { kind: 'tuple', items: prefix };
      if (prefix.length === 0) return { kind: 'array', of: rest ?? ANY };
      return { kind: 'array', of: union([...prefix, rest!]) };
    }
    case 'set':
      return { kind: 'set', of: t.of === undefined || t.of === null ? ANY : parseType(t.of, where) };
    case 'object': {
      const keys: RegoType[] = [];
      const values: RegoType[] = [];
      if (t.static !== undefined && t.static !== null) {
        if (!Array.isArray(t.static)) throw new CapabilitiesError(`${where}: "static" of an object type must be an array`);
        for (const p of t.static) {
          if (!isObject(p)) throw new CapabilitiesError(`${where}: static object properties are {"key": …, "value": …}`);
          keys.push(typeof p.key === 'string' ? { kind: 'string' } : ANY);
          values.push(parseType(p.value, where));
        }
      }
      if (t.dynamic !== undefined && t.dynamic !== null) {
        if (!isObject(t.dynamic)) throw new CapabilitiesError(`${where}: "dynamic" of an object type is {"key": …, "value": …}`);
        keys.push(parseType(t.dynamic.key, where));
        values.push(parseType(t.dynamic.value, where));
      }
      if (keys.length === 0) return { kind: 'object', key: ANY, value: ANY };
      return { kind: 'object', key: union(keys), value: union(values) };
    }
    case 'function':
      // A function-typed argument (not callable from Rego as a value): accept anything.
      return ANY;
    default:
      throw new CapabilitiesError(`${where}: unknown type "${t.type}"`);
  }
}

function union(members: RegoType[]): RegoType {
  const flat: RegoType[] = [];
  for (const m of members) {
    if (m.kind === 'union') flat.push(...m.of);
    else flat.push(m);
  }
  if (flat.length === 0 || flat.some((m) => m.kind === 'any')) return ANY;
  const seen = new Set<string>();
  const unique = flat.filter((m) => {
    const key = JSON.stringify(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.length === 1 ? unique[0]! : { kind: 'union', of: unique };
}
