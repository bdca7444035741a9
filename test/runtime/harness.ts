// Test harness: instantiates dist/runtime.wasm directly (no policy), with the same imports the
// OPA SDK supplies, and helpers to move JSON in and out of the wasm heap.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const runtimePath = join(root, 'dist/runtime.wasm');

let cachedModule: WebAssembly.Module | undefined;

export function runtimeModule(): WebAssembly.Module {
  cachedModule ??= new WebAssembly.Module(readFileSync(runtimePath));
  return cachedModule;
}

export class WasmAbort extends Error {}

/** Exports are untyped: every function takes and returns numbers (i64 as bigint). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;

export interface Runtime {
  exports: Record<string, Fn>;
  memory: WebAssembly.Memory;
  printed: string[];
  /** Copies UTF-8 bytes into the heap; returns [addr, len]. */
  bytes(text: string | Uint8Array): [number, number];
  /** opa_json_parse of the text (0 if invalid). */
  parse(text: string | Uint8Array): number;
  /** opa_value_parse of the text (Rego syntax). */
  parseValue(text: string): number;
  /** opa_json_parse that throws on failure. */
  json(text: string): number;
  /** A value from a JS value (via JSON). */
  val(x: unknown): number;
  /** opa_string. */
  str(s: string): number;
  /** opa_json_dump as a string ('' for 0 is not allowed: throws). */
  dump(v: number): string;
  /** opa_value_dump as a string. */
  dumpValue(v: number): string;
  /** JSON.parse(dump(v)), or undefined for 0. */
  js(v: number): unknown;
  /** Reads a NUL-terminated string. */
  cstr(addr: number): string;
  /** Calls an export by name. */
  call(name: string, ...args: number[]): number;
}

export function loadRuntime(memoryPages = 5): Runtime {
  const memory = new WebAssembly.Memory({ initial: memoryPages });
  const printed: string[] = [];
  const latin1 = (addr: number): string => {
    const b = new Uint8Array(memory.buffer);
    let s = '';
    while (b[addr] !== 0) s += String.fromCharCode(b[addr++]!);
    return s;
  };
  const instance = new WebAssembly.Instance(runtimeModule(), {
    env: {
      memory,
      opa_abort: (addr: number) => {
        throw new WasmAbort(latin1(addr));
      },
      opa_println: (addr: number) => {
        printed.push(utf8(addr));
      },
    },
  });
  const exports = instance.exports as unknown as Record<string, Fn>;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  function utf8(addr: number): string {
    const b = new Uint8Array(memory.buffer);
    let end = addr;
    while (b[end] !== 0) end++;
    return dec.decode(b.subarray(addr, end));
  }
  function bytes(text: string | Uint8Array): [number, number] {
    const buf = typeof text === 'string' ? enc.encode(text) : text;
    const addr = exports.opa_malloc!(buf.length) as number;
    new Uint8Array(memory.buffer).set(buf, addr);
    return [addr, buf.length];
  }
  const rt: Runtime = {
    exports,
    memory,
    printed,
    bytes,
    parse(text) {
      const [a, n] = bytes(text);
      return exports.opa_json_parse!(a, n) as number;
    },
    parseValue(text) {
      const [a, n] = bytes(text);
      return exports.opa_value_parse!(a, n) as number;
    },
    json(text) {
      const v = rt.parse(text);
      if (v === 0) throw new Error(`invalid JSON: ${text.slice(0, 80)}`);
      return v;
    },
    val(x) {
      return rt.json(JSON.stringify(x));
    },
    str(s) {
      const [a, n] = bytes(s);
      return exports.opa_string!(a, n) as number;
    },
    dump(v) {
      if (v === 0) throw new Error('dump of undefined');
      return utf8(exports.opa_json_dump!(v) as number);
    },
    dumpValue(v) {
      if (v === 0) throw new Error('dump of undefined');
      return utf8(exports.opa_value_dump!(v) as number);
    },
    js(v) {
      return v === 0 ? undefined : JSON.parse(rt.dump(v));
    },
    cstr: utf8,
    call(name, ...args) {
      const f = exports[name];
      if (!f) throw new Error(`no export ${name}`);
      return f(...args) as number;
    },
  };
  return rt;
}

/**
 * Calls builtin `name` with arguments in Rego value syntax (sets allowed); returns the result in
 * Rego syntax (opa_value_dump), or undefined when the builtin returns 0.
 */
export function callRego(rt: Runtime, name: string, ...args: string[]): string | undefined {
  const vs = args.map((a) => {
    const v = rt.parseValue(a);
    if (v === 0) throw new Error(`bad test argument: ${a}`);
    return v;
  });
  const r = rt.call(name, ...vs);
  return r === 0 ? undefined : rt.dumpValue(r);
}

/** Canonical Rego text of a value written in Rego syntax (for expected results). */
export function canon(rt: Runtime, text: string): string {
  const v = rt.parseValue(text);
  if (v === 0) throw new Error(`bad expected value: ${text}`);
  return rt.dumpValue(v);
}

/** [builtin, args (Rego syntax), expected result (Rego syntax) or undefined when it must be undefined] */
export type BuiltinCase = [string, string[], string | undefined];

/**
 * For a test file of builtin tables: one runtime, loaded before the file's tests, and `run(cases)`
 * registering one test per call. `runtime()` gives the same instance to hand-written tests.
 */
export function builtinTables(): { run: (cases: BuiltinCase[]) => void; runtime: () => Runtime } {
  let rt: Runtime | undefined;
  beforeAll(() => {
    rt = loadRuntime();
  });
  const runtime = (): Runtime => {
    if (!rt) throw new Error('the runtime is loaded in beforeAll: call runtime() inside a test');
    return rt;
  };
  const run = (cases: BuiltinCase[]) => {
    it.each(cases)('%s(%j) = %s', (name, args, want) => {
      const got = callRego(runtime(), name, ...args);
      if (want === undefined) expect(got).toBeUndefined();
      else expect(got).toBe(canon(runtime(), want));
    });
  };
  return { run, runtime };
}
