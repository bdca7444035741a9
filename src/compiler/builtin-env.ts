// Which builtins a compilation may call, and how: Accord's native catalog, optionally restricted
// by a capabilities file, plus custom builtins the application implements (declared in the
// capabilities file, imported through the SDK's customBuiltins at load time). A builtin Accord
// implements natively wins over a custom declaration of the same name, as in OPA.
import { lookupBuiltin, type BuiltinDecl } from '../builtins/catalog.js';
import { ANY, type RegoType } from '../builtins/types.js';

export interface CustomBuiltin {
  name: string;
  args: RegoType[];
  result: RegoType;
}

export interface BuiltinOptions {
  /** Custom builtins (name → declaration, or name → arity for untyped declarations). */
  customBuiltins?: Map<string, CustomBuiltin | number>;
  /** When set (a capabilities file was given), only these builtins may be called. */
  allowedBuiltins?: Set<string>;
}

export type ResolvedBuiltin =
  | { kind: 'native'; decl: BuiltinDecl }
  | { kind: 'custom'; decl: CustomBuiltin };

export function resolveBuiltin(name: string, options: BuiltinOptions): ResolvedBuiltin | undefined {
  const native = lookupBuiltin(name);
  // Operators and print are part of the language, not of the capabilities list.
  if (options.allowedBuiltins && !options.allowedBuiltins.has(name) && !(native && (native.infix || native.name === 'print' || native.name.startsWith('internal.')))) {
    return undefined;
  }
  if (native) return { kind: 'native', decl: native };
  const custom = options.customBuiltins?.get(name);
  if (custom === undefined) return undefined;
  if (typeof custom === 'number') return { kind: 'custom', decl: { name, args: Array(custom).fill(ANY), result: ANY } };
  return { kind: 'custom', decl: custom };
}
