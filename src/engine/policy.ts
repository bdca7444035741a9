// Loading an Accord (or any OPA-ABI) policy module with the unmodified @open-policy-agent/opa-wasm
// SDK, wiring Accord's host builtins automatically. Edge-safe: no node: imports, and a
// WebAssembly.Module is instantiated as-is (Edge runtimes forbid compiling bytes).
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { HOST_PREFIX } from '../builtins/catalog.js';
import { createHostBuiltins } from '../builtins/host/index.js';

export type PolicySource = WebAssembly.Module | ArrayBuffer | Uint8Array;
export type CustomBuiltins = Record<string, (...args: any[]) => unknown>;

export interface LoadOptions {
  /** Builtins declared in a capabilities file and implemented by the application. */
  customBuiltins?: CustomBuiltins;
  /** Raise eval_builtin_error instead of returning undefined when a builtin fails. */
  strictBuiltinErrors?: boolean;
  /** Initial memory in 64 KiB pages (grows as needed). */
  memoryPages?: number;
  /**
   * The clock behind `time.now_ns` (and `io.jwt.decode_verify`), in nanoseconds since the epoch.
   * When given, `time.now_ns` asks it on every evaluation (the wasm memoises the value within one
   * evaluation), so a caller that fixes "now" per decision (Accord's engine) gets exactly that
   * value, even for two evaluations in the same synchronous job.
   */
  now?: () => bigint;
}

/** Thrown when a policy cannot be loaded; `code` is stable, `message` is for operators. */
export class PolicyLoadError extends Error {
  override readonly name = 'PolicyLoadError';
  readonly code = 'ERR_POLICY_LOAD' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** True inside an Edge runtime (Vercel/Next.js Edge, @edge-runtime/vm), which defines `EdgeRuntime`. */
export function isEdgeRuntime(): boolean {
  return typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';
}

/** A compiled WebAssembly.Module, also when it comes from another realm (a vm context). */
export function isWasmModule(value: unknown): value is WebAssembly.Module {
  return (
    value instanceof WebAssembly.Module ||
    (value !== null && typeof value === 'object' && Object.prototype.toString.call(value) === '[object WebAssembly.Module]')
  );
}

export const EDGE_BYTES_MESSAGE =
  'accord: an Edge runtime cannot compile WebAssembly from bytes. Import the compiled policy as a module ' +
  "(`import policy from './policy.wasm?module'`) and pass the WebAssembly.Module to Accord.";

const INT64_MAX = 9223372036854775807n;

export async function loadAccordPolicy(source: PolicySource, options: LoadOptions = {}): Promise<LoadedPolicy> {
  const isModule = isWasmModule(source);
  if (!isModule && isEdgeRuntime()) throw new PolicyLoadError(EDGE_BYTES_MESSAGE);
  const builtins: CustomBuiltins = {
    ...(options.customBuiltins ?? {}),
    ...createHostBuiltins({ strict: options.strictBuiltinErrors, now: options.now }),
  };
  const now = options.now;
  if (now) {
    builtins[`${HOST_PREFIX}time.now_ns`] = () => {
      const n = now();
      if (n < 0n || n > INT64_MAX) throw new Error('eval_builtin_error: time.now_ns: time outside of valid range');
      return Number(n);
    };
  }
  const bytesOrModule = isModule ? source : (source as unknown) instanceof Uint8Array ? (source as Uint8Array).slice().buffer : source;
  const policy = await loadPolicy(bytesOrModule as ArrayBuffer, { initial: options.memoryPages ?? 5 }, builtins);
  if (options.strictBuiltinErrors) {
    // Builtins inside the wasm (count, concat, …) honour the same switch as the host ones.
    const instance = (policy as unknown as { wasmInstance: WebAssembly.Instance }).wasmInstance;
    const setStrict = instance.exports.accord_set_strict as ((flag: number) => void) | undefined;
    if (!setStrict) throw new PolicyLoadError('accord: strictBuiltinErrors needs a module compiled by Accord (accord_set_strict export missing)');
    setStrict(1);
  }
  return policy;
}
