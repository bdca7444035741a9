// The engine's policy holder: one compiled module, one live instance reused by every decision
// (evaluation is synchronous, so one instance per isolate is enough), replaced by a fresh one
// after a trap. Edge-safe: bytes are only compiled outside an Edge runtime.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { deepFreeze } from '../claims/freeze.js';
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

/** Thrown by evaluateJson() when the input is larger than allowed; nothing was evaluated. */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  constructor(
    /** UTF-8 bytes of the input (a lower bound when `atLeast`). */
    readonly bytes: number,
    readonly max: number,
    readonly atLeast: boolean,
  ) {
    super(`input is ${atLeast ? 'at least ' : ''}${bytes} bytes (max ${max})`);
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

/** An ArrayBuffer, also one from another realm (a vm context). */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/** The bytes of a policy given as a Uint8Array, an ArrayBuffer or another ArrayBufferView; else undefined. */
function policyBytes(source: unknown): Uint8Array | undefined {
  if (source instanceof Uint8Array) return source;
  if (isArrayBuffer(source)) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return undefined;
}

function isMemory(value: unknown): value is WebAssembly.Memory {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { grow?: unknown }).grow === 'function' &&
    isArrayBuffer((value as { buffer?: unknown }).buffer)
  );
}

type OpaEval = (reserved: number, entrypoint: number, data: number, input: number, inputLen: number, heapPtr: number, format: number) => number;

/** The OPA ABI 1.2 surface of one loaded instance, as evaluateJson() drives it. */
interface Abi12 {
  memory: WebAssembly.Memory;
  opaEval: OpaEval;
  /** Address of the data document (after setData). */
  dataAddr: number;
  /** Where the input is written: the heap pointer after the data document (where the SDK writes it too). */
  inputAddr: number;
}

/**
 * The ABI 1.2 entry point and addresses of an instance loaded by the SDK (LoadedPolicy keeps them
 * as public properties), or undefined when the module or the SDK is not what this was written
 * for; evaluation then goes through the SDK's evaluate(). Read after setData(), which moves them.
 */
function abi12(p: LoadedPolicy): Abi12 | undefined {
  const { minorVersion, mem, dataAddr, dataHeapPtr } = p as { minorVersion: unknown; mem: unknown; dataAddr: unknown; dataHeapPtr: unknown };
  if (typeof minorVersion !== 'number' || minorVersion < 2) return undefined;
  if (!isMemory(mem) || typeof dataAddr !== 'number' || typeof dataHeapPtr !== 'number') return undefined;
  const exports = (p.wasmInstance as Partial<WebAssembly.Instance>).exports;
  const opaEval = exports?.opa_eval;
  if (typeof opaEval !== 'function') return undefined;
  return { memory: mem, opaEval: opaEval as OpaEval, dataAddr, inputAddr: dataHeapPtr };
}

const WASM_PAGE = 65536;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Result texts up to this many bytes are remembered (see ResultTexts). */
const RESULT_MEMO_MAX_BYTES = 512;
/** How many distinct result texts are remembered. */
const RESULT_MEMO_SLOTS = 8;

/**
 * The parsed value of a result text read from the instance's memory. Most decisions of a policy
 * produce one of a handful of result sets (`[{"result":{"allow":true,"reasons":[]}}]`, a few
 * denials), and decoding and parsing even a short text costs several microseconds on a busy
 * server, where that code runs cache-cold between requests. So the last few short texts are kept
 * as bytes with their parsed value, deep-frozen (the text alone determines the value, and a
 * frozen value can be handed to any number of decisions): a byte comparison replaces the decode
 * and the parse. Any other text is decoded and parsed as usual, then remembered in turn.
 */
class ResultTexts {
  private readonly bytes: Uint8Array[] = [];
  private readonly values: unknown[] = [];
  private next = 0;

  parse(heap: Uint8Array, start: number, end: number): unknown {
    const len = end - start;
    const { bytes } = this;
    for (let i = 0; i < bytes.length; i++) {
      const known = bytes[i] as Uint8Array;
      if (known.length !== len) continue;
      let j = 0;
      while (j < len && known[j] === heap[start + j]) j++;
      if (j === len) return this.values[i];
    }
    const value = deepFreeze(JSON.parse(utf8Decoder.decode(heap.subarray(start, end))) as unknown);
    if (len <= RESULT_MEMO_MAX_BYTES) {
      const slot = this.next;
      this.next = (slot + 1) % RESULT_MEMO_SLOTS;
      bytes[slot] = heap.slice(start, end);
      this.values[slot] = value;
    }
    return value;
  }
}

export class PolicyHolder {
  private readonly results = new ResultTexts();
  private compiled?: Promise<Compiled>;
  private instance?: LoadedPolicy;
  private abi?: Abi12;
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
      const given = this.opts.policy;
      const source: unknown = await (typeof given === 'function' ? given() : given);
      if (isWasmModule(source)) {
        const revision = this.opts.revision ?? 'unknown';
        this.rev = revision;
        return { module: source, revision };
      }
      const bytes = policyBytes(source);
      if (bytes === undefined) {
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
    this.abi = abi12(p);
    this.instance = p;
    return p;
  }

  /** A throw during evaluation: the instance's memory may be in any state; the next call gets a fresh one. */
  private discard(p: LoadedPolicy, err: unknown): PolicyEvalError {
    if (this.instance === p) {
      this.instance = undefined;
      this.abi = undefined;
      this.stats.replaced++;
      // Start the replacement now, off the failing request's path.
      this.get().catch(() => undefined);
    }
    return new PolicyEvalError(`policy evaluation failed: ${describe(err)}`, { cause: err });
  }

  /**
   * Evaluate on the live instance. Synchronous. A throw (trap, abort, conflict, strict builtin
   * error) discards the instance: its memory may be in any state. The next call gets a fresh one.
   */
  evaluate(p: LoadedPolicy, input: ArrayBuffer): unknown {
    try {
      return p.evaluate(input, this.entrypointId) as unknown;
    } catch (err) {
      throw this.discard(p, err);
    }
  }

  /**
   * Evaluate the JSON text of an input on the live instance: what evaluate() does with the
   * encoded bytes, without the intermediate buffers. The text is UTF-8 encoded straight into the
   * instance's memory where the SDK would copy it (the heap after the data document, the same
   * bytes every evaluation), `opa_eval` is called as the SDK calls it (ABI 1.2), and the result
   * text is read back through ResultTexts (a known text's frozen value, else decoded and parsed).
   * Instances without ABI 1.2 go through evaluate().
   * Throws InputTooLargeError (nothing evaluated, instance kept) when the input's UTF-8 is over
   * `maxBytes`, PolicyEvalError otherwise (instance discarded, as evaluate()).
   */
  evaluateJson(p: LoadedPolicy, json: string, maxBytes: number): unknown {
    // UTF-8 never takes fewer bytes than UTF-16 code units, and at most three per unit.
    if (json.length > maxBytes) throw new InputTooLargeError(json.length, maxBytes, true);
    const abi = this.instance === p ? this.abi : undefined;
    if (abi === undefined) {
      const bytes = utf8Encoder.encode(json);
      if (bytes.byteLength > maxBytes) throw new InputTooLargeError(bytes.byteLength, maxBytes, false);
      return this.evaluate(p, bytes.buffer as ArrayBuffer);
    }
    try {
      const { memory, inputAddr } = abi;
      const room = json.length * 3;
      const short = inputAddr + room - memory.buffer.byteLength;
      if (short > 0) memory.grow(Math.ceil(short / WASM_PAGE));
      const { written } = utf8Encoder.encodeInto(json, new Uint8Array(memory.buffer, inputAddr, room));
      if (written > maxBytes) throw new InputTooLargeError(written, maxBytes, false);
      const addr = abi.opaEval(0, this.entrypointId, abi.dataAddr, inputAddr, written, inputAddr + written, 0);
      const heap = new Uint8Array(memory.buffer);
      const end = heap.indexOf(0, addr);
      if (addr <= 0 || end < 0) throw new Error('opa_eval returned no result');
      return this.results.parse(heap, addr, end);
    } catch (err) {
      if (err instanceof InputTooLargeError) throw err;
      throw this.discard(p, err);
    }
  }
}
