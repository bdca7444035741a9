// The engine's policy holder: one compiled module, one live instance reused by every decision
// (evaluation is synchronous, so one instance per isolate is enough), replaced by a fresh one
// after a trap. Edge-safe: bytes are only compiled outside an Edge runtime.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import {
  EDGE_BYTES_MESSAGE,
  PolicyLoadError,
  isEdgeRuntime,
  isWasmModule,
  loadAccordPolicy,
  type CustomBuiltins,
  type PolicySource,
} from './policy.js';
import { sha256HexBytes } from './sha256.js';

export type PolicyInput = PolicySource | Promise<PolicySource> | (() => PolicySource | Promise<PolicySource>);

export interface PolicyHolderOptions {
  policy: PolicyInput;
  /** Revision for a WebAssembly.Module input (bytes are hashed: sha256 hex). */
  revision?: string;
  entrypoint: string;
  data?: unknown;
  customBuiltins?: CustomBuiltins;
  strictBuiltinErrors?: boolean;
  memoryPages?: number;
  /** The per-decision clock, ns (read by time.now_ns). */
  now: () => bigint;
}

interface Compiled {
  module: WebAssembly.Module;
  revision: string;
}

export interface PolicyStats {
  /** Instances created (the first one included). */
  instances: number;
  /** Instances discarded after a trap or abort. */
  replaced: number;
}

/** Thrown when evaluation fails (trap, abort, conflict, builtin error). */
export class PolicyEvalError extends Error {
  override readonly name = 'PolicyEvalError';
  readonly code = 'ERR_EVAL' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

function describe(err: unknown): string {
  if (typeof err === 'string') return err.slice(0, 300); // opa_abort throws the abort message as a string
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return String((err as { message: string }).message).slice(0, 300);
  }
  return 'unknown error';
}

export class PolicyHolder {
  private compiled?: Promise<Compiled>;
  private instance?: LoadedPolicy;
  private pending?: Promise<LoadedPolicy>;
  private entrypointId = -1;
  private rev = 'unknown';
  readonly stats: PolicyStats = { instances: 0, replaced: 0 };

  constructor(private readonly opts: PolicyHolderOptions) {}

  /** sha256 hex of the module bytes, the `revision` option, or "unknown" before loading. */
  get revision(): string {
    return this.rev;
  }

  /** The ready instance, synchronously, if there is one (the hot path). */
  get current(): LoadedPolicy | undefined {
    return this.instance;
  }

  private compile(): Promise<Compiled> {
    this.compiled ??= (async () => {
      let given: unknown = this.opts.policy;
      if (typeof given === 'function') given = (given as () => unknown)();
      const source = (await given) as any;
      if (isWasmModule(source)) {
        const revision = this.opts.revision ?? 'unknown';
        this.rev = revision;
        return { module: source, revision };
      }
      let bytes: Uint8Array;
      if (source instanceof Uint8Array) bytes = source;
      else if (source instanceof ArrayBuffer || Object.prototype.toString.call(source) === '[object ArrayBuffer]') {
        bytes = new Uint8Array(source as ArrayBuffer);
      } else if (ArrayBuffer.isView(source)) {
        const v = source as ArrayBufferView;
        bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      } else {
        throw new PolicyLoadError('accord: `policy` must be a WebAssembly.Module, an ArrayBuffer or a Uint8Array');
      }
      if (isEdgeRuntime()) throw new PolicyLoadError(EDGE_BYTES_MESSAGE);
      const [module, revision] = await Promise.all([
        WebAssembly.compile(bytes as BufferSource),
        this.opts.revision !== undefined ? Promise.resolve(this.opts.revision) : sha256HexBytes(bytes),
      ]);
      this.rev = revision;
      return { module, revision };
    })().catch((err: unknown) => {
      throw err instanceof PolicyLoadError ? err : new PolicyLoadError(`accord: policy load failed: ${describe(err)}`, { cause: err });
    });
    return this.compiled;
  }

  /** The live instance, creating one if needed. Rejects with PolicyLoadError. */
  get(): Promise<LoadedPolicy> {
    if (this.instance) return Promise.resolve(this.instance);
    this.pending ??= this.instantiate().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async instantiate(): Promise<LoadedPolicy> {
    const { module } = await this.compile();
    let p: LoadedPolicy;
    try {
      p = await loadAccordPolicy(module, {
        customBuiltins: this.opts.customBuiltins,
        strictBuiltinErrors: this.opts.strictBuiltinErrors,
        memoryPages: this.opts.memoryPages,
        now: this.opts.now,
      });
      if (this.opts.data !== undefined) p.setData(this.opts.data as object);
    } catch (err) {
      throw err instanceof PolicyLoadError ? err : new PolicyLoadError(`accord: policy instantiation failed: ${describe(err)}`, { cause: err });
    }
    const id = (p.entrypoints as Record<string, number>)[this.opts.entrypoint];
    if (typeof id !== 'number') {
      throw new PolicyLoadError(`accord: entrypoint "${this.opts.entrypoint}" is not in the policy (has: ${Object.keys(p.entrypoints).join(', ')})`);
    }
    this.entrypointId = id;
    this.stats.instances++;
    this.instance = p;
    return p;
  }

  /**
   * Evaluate on the live instance. Synchronous. A throw (trap, abort, conflict, strict builtin
   * error) discards the instance: its memory may be in any state. The next call gets a fresh one.
   */
  evaluate(p: LoadedPolicy, input: ArrayBuffer): unknown {
    try {
      const rs = p.evaluate(input, this.entrypointId) as unknown;
      return rs;
    } catch (err) {
      if (this.instance === p) {
        this.instance = undefined;
        this.stats.replaced++;
        // Start the replacement now, off the failing request's path.
        this.get().catch(() => undefined);
      }
      throw new PolicyEvalError(`policy evaluation failed: ${describe(err)}`, { cause: err });
    }
  }
}
