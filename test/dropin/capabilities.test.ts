// OPA capabilities files: custom builtins (supplied by the app at load time), the allow-list, the
// type declarations, and `accord build --capabilities`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/bundle/build.js';
import { loadAccordBundle } from '../../src/bundle/load.js';
import { main } from '../../src/cli/main.js';
import { checkWasmAbi, parseCapabilities, parseType, readCapabilities } from '../../src/compiler/capabilities.js';
import { compile, RegoError } from '../../src/compiler/index.js';
import { loadAccordPolicy } from '../../src/engine/policy.js';
import { memoryIO, scratch } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/capabilities.json', import.meta.url));
const caps = readCapabilities(FIXTURE);

function compileWith(source: string, entrypoints: string[]) {
  return compile({ modules: { 'policy.rego': source }, entrypoints, allowedBuiltins: caps.allowedBuiltins, customBuiltins: caps.customBuiltins });
}

function compileError(source: string): string {
  try {
    compileWith(source, ['p']);
  } catch (err) {
    expect(err).toBeInstanceOf(RegoError);
    return (err as Error).message;
  }
  throw new Error('expected a compile error');
}

describe('parsing capabilities', () => {
  it('splits declared builtins into native and custom', () => {
    expect([...caps.allowedBuiltins].sort()).toEqual(
      ['acme.between', 'acme.join4', 'acme.lookup', 'acme.now_label', 'acme.pair', 'count', 'eq', 'plus', 'sprintf'].sort(),
    );
    expect(caps.nativeBuiltins.sort()).toEqual(['count', 'eq', 'plus', 'sprintf']);
    expect([...caps.customBuiltins.keys()].sort()).toEqual(['acme.between', 'acme.join4', 'acme.lookup', 'acme.now_label', 'acme.pair']);
    expect(caps.features).toContain('rego_v1');
    expect(caps.futureKeywords).toEqual(['contains', 'every', 'if', 'in']);
    expect(caps.customBuiltins.get('acme.join4')).toEqual({
      name: 'acme.join4',
      args: [
        { kind: 'string' },
        { kind: 'array', of: { kind: 'string' } },
        { kind: 'set', of: { kind: 'string' } },
        { kind: 'object', key: { kind: 'string' }, value: { kind: 'number' } },
      ],
      result: { kind: 'string' },
    });
    expect(caps.customBuiltins.get('acme.pair')!.result).toEqual({ kind: 'tuple', items: [{ kind: 'any' }, { kind: 'any' }] });
  });

  it('reads OPA’s type JSON', () => {
    expect(parseType({ type: 'any', of: [{ type: 'string' }, { type: 'number' }] }, 'x')).toEqual({ kind: 'union', of: [{ kind: 'string' }, { kind: 'number' }] });
    expect(parseType({ type: 'any', of: [{ type: 'string' }, { type: 'any' }] }, 'x')).toEqual({ kind: 'any' });
    expect(parseType({ type: 'array', static: [{ type: 'string' }], dynamic: { type: 'number' } }, 'x')).toEqual({
      kind: 'array',
      of: { kind: 'union', of: [{ kind: 'string' }, { kind: 'number' }] },
    });
    expect(parseType({ type: 'array' }, 'x')).toEqual({ kind: 'array', of: { kind: 'any' } });
    expect(parseType({ type: 'set' }, 'x')).toEqual({ kind: 'set', of: { kind: 'any' } });
    expect(parseType({ type: 'object', static: [{ key: 'a', value: { type: 'boolean' } }] }, 'x')).toEqual({
      kind: 'object',
      key: { kind: 'string' },
      value: { kind: 'boolean' },
    });
    expect(parseType({ type: 'null' }, 'x')).toEqual({ kind: 'null' });
    expect(() => parseType({ type: 'bogus' }, 'builtin f: argument 1')).toThrow(/builtin f: argument 1: unknown type "bogus"/);
    expect(() => parseType('string', 'x')).toThrow(/expected a type object/);
  });

  it('reads the capabilities file shipped with @open-policy-agent/opa-wasm', () => {
    const real = parseCapabilities(JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/@open-policy-agent/opa-wasm/capabilities.json', import.meta.url)), 'utf8')));
    expect(real.allowedBuiltins.size).toBeGreaterThan(90);
    expect(real.allowedBuiltins.has('count')).toBe(true);
    expect(real.nativeBuiltins).toContain('walk');
    expect(checkWasmAbi(real)).toBeUndefined();
  });

  it('rejects malformed declarations', () => {
    expect(() => parseCapabilities([])).toThrow(/must be a JSON object/);
    expect(() => parseCapabilities({ builtins: [{ decl: {} }] })).toThrow(/builtins\[0\]: each builtin needs a "name"/);
    expect(() => parseCapabilities({ builtins: [{ name: 'x.y' }] })).toThrow(/builtin x.y: custom builtins need a "decl"/);
    expect(() => parseCapabilities({ builtins: [{ name: 'x.y', decl: { type: 'function', variadic: { type: 'any' } } }] })).toThrow(/variadic custom builtins are not supported/);
    const five = Array(5).fill({ type: 'any' });
    expect(() => parseCapabilities({ builtins: [{ name: 'x.five', decl: { type: 'function', args: five } }] })).toThrow(/builtin x\.five: custom builtins take at most 4 arguments/);
  });

  it('checks wasm_abi_versions as opa build does', () => {
    expect(checkWasmAbi(parseCapabilities({ wasm_abi_versions: [{ version: 1, minor_version: 1 }] }))).toBeUndefined();
    expect(checkWasmAbi(parseCapabilities({ wasm_abi_versions: [{ version: 1, minor_version: 3 }] }))).toMatch(/compiler ABI version not in capabilities \(have 1\.2, capabilities allow 1\.3\)/);
    expect(checkWasmAbi(parseCapabilities({ wasm_abi_versions: [] }))).toMatch(/capabilities allow none/);
    expect(checkWasmAbi(parseCapabilities({}))).toBeUndefined();
  });
});

describe('custom builtins at load time', () => {
  const SOURCE = `package p

label := acme.now_label()

found := acme.lookup(input.key)

inside if acme.between(input.n, 1, 10)

pair := acme.pair(input.key, input.n)

joined := acme.join4("-", ["a", "b"], {"c"}, {"d": 1})

msg := sprintf("%d items", [count(input.items)])
`;
  const entrypoints = ['p/label', 'p/found', 'p/inside', 'p/pair', 'p/joined', 'p/msg'];
  const calls: unknown[][] = [];
  const customBuiltins = {
    'acme.now_label': () => 'noon',
    'acme.lookup': (key: string) => ({ alpha: { level: 3 } })[key] ?? null,
    'acme.between': (n: number, lo: number, hi: number) => n >= lo && n <= hi,
    'acme.pair': (a: unknown, b: unknown) => [a, b],
    'acme.join4': (sep: string, arr: string[], set: string[], obj: Record<string, number>) => {
      calls.push([sep, arr, set, obj]);
      return [...arr, ...set, ...Object.keys(obj)].join(sep);
    },
  };

  it('imports the undeclared-natively ones by name; native ones stay native', () => {
    const r = compileWith(SOURCE, entrypoints);
    // the module's builtins() lists the custom builtins under their own names …
    expect(r.builtins.filter((b) => b.startsWith('acme.')).sort()).toEqual(['acme.between', 'acme.join4', 'acme.lookup', 'acme.now_label', 'acme.pair']);
    // … while count (in the wasm runtime) and sprintf (an Accord host builtin) stay Accord's own
    expect(r.builtins).not.toContain('count');
    expect(r.builtins).not.toContain('sprintf');
  });

  it('evaluates custom builtins of 0 to 4 arguments supplied through customBuiltins', async () => {
    const r = compileWith(SOURCE, entrypoints);
    const policy = await loadAccordPolicy(r.wasm, { customBuiltins });
    const input = { key: 'alpha', n: 5, items: [1, 2, 3] };
    const results = Object.fromEntries(entrypoints.map((e) => [e, (policy.evaluate(input, e) as Array<{ result: unknown }>)[0]?.result]));
    expect(results).toEqual({
      'p/label': 'noon',
      'p/found': { level: 3 },
      'p/inside': true,
      'p/pair': ['alpha', 5],
      'p/joined': 'a-b-c-d',
      'p/msg': '3 items',
    });
    expect(calls.at(-1)).toEqual(['-', ['a', 'b'], ['c'], { d: 1 }]);
    expect(policy.evaluate({ key: 'beta', n: 50, items: [] }, 'p/inside')).toEqual([]);
  });

  it('builds a bundle whose module the app loads with its custom builtins', async () => {
    const s = scratch('caps');
    try {
      s.file('src/p.rego', SOURCE);
      const built = buildBundle({ paths: [s.path('src')], bundleMode: true, entrypoints, capabilities: caps });
      const { policy } = await loadAccordBundle(built.bundle, { customBuiltins });
      expect(policy.evaluate({ key: 'x', n: 1, items: [] }, 'p/label')).toEqual([{ result: 'noon' }]);
    } finally {
      s.cleanup();
    }
  });
});

describe('capabilities errors at compile time', () => {
  it('rejects a call to a function the capabilities do not declare (file:line:col)', () => {
    const msg = compileError('package p\n\nx := acme.missing(1)\n');
    expect(msg).toContain('policy.rego:3:6: rego_type_error: undefined function acme.missing');
  });

  it('rejects a builtin Accord implements but the capabilities leave out', () => {
    const msg = compileError('package p\n\nx := upper("a")\n');
    expect(msg).toContain('policy.rego:3:6: rego_type_error: upper is not allowed by the capabilities');
  });

  it('checks argument counts against the declaration', () => {
    const msg = compileError('package p\n\nx := acme.between(1, 2)\n');
    expect(msg).toMatch(/policy\.rego:3:6: rego_type_error: acme\.between: arity mismatch: expected 3 arguments, got 2/);
    const zero = compileError('package p\n\nx := acme.now_label(1, 2)\n');
    expect(zero).toMatch(/policy\.rego:3:6: rego_type_error: acme\.now_label: arity mismatch: expected 0 arguments, got 2/);
  });

  it('checks constant argument types against the declaration', () => {
    const msg = compileError('package p\n\nx := acme.lookup(42)\n');
    expect(msg).toMatch(/policy\.rego:3:\d+: rego_type_error: acme\.lookup: invalid argument 1: got number, want string/);
  });
});

describe('accord build --capabilities', () => {
  let s: ReturnType<typeof scratch>;
  beforeAll(() => {
    s = scratch('caps-cli');
    s.file('ok/p.rego', 'package p\n\nx := acme.lookup(input.k)\n');
    s.file('bad/p.rego', 'package p\n\nx := upper(input.k)\n');
    s.file('old-abi.json', '{"builtins": [], "wasm_abi_versions": [{"version": 1, "minor_version": 3}]}');
    s.file('broken.json', '{"builtins": [');
  });
  afterAll(() => s.cleanup());

  it('compiles against the file and names the custom builtins it imports', async () => {
    const m = memoryIO();
    const code = await main(['build', '--capabilities', FIXTURE, '-e', 'p/x', '-o', s.path('out.tar.gz'), s.path('ok')], m.io);
    expect(m.stderr()).toBe('');
    expect(code).toBe(0);
    expect(m.stdout()).toContain('custom builtins: acme.lookup');
  });

  it('fails with the located error for a builtin outside the capabilities', async () => {
    const m = memoryIO();
    expect(await main(['build', '--capabilities', FIXTURE, '-e', 'p/x', '-o', s.path('out2.tar.gz'), s.path('bad')], m.io)).toBe(1);
    expect(m.stderr()).toMatch(/bad\/p\.rego:3:6: rego_type_error: upper is not allowed by the capabilities/);
  });

  it('reports unreadable, malformed and incompatible capabilities files', async () => {
    for (const [file, pattern] of [
      [s.path('missing.json'), /cannot read capabilities file .*missing\.json/],
      [s.path('broken.json'), /broken\.json: capabilities file is not valid JSON/],
      [s.path('old-abi.json'), /compiler ABI version not in capabilities/],
    ] as const) {
      const m = memoryIO();
      expect(await main(['build', '--capabilities', file, '-e', 'p/x', '-o', s.path('out3.tar.gz'), s.path('ok')], m.io)).toBe(1);
      expect(m.stderr()).toMatch(pattern);
    }
  });
});
