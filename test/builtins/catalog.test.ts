import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILTINS,
  builtinNames,
  HOST_PREFIX,
  hostBuiltinName,
  hostBuiltinNames,
  lookupBuiltin,
  UNSUPPORTED_BUILTINS,
} from '../../src/builtins/catalog.js';
import { createHostBuiltins, hostBuiltins } from '../../src/builtins/host/index.js';
import { formatType, isSetType, mentionsSet, parseParams, parseType, typeAccepts, typesOverlap } from '../../src/builtins/types.js';

describe('type language', () => {
  it.each([
    'any',
    'number',
    'string',
    'boolean',
    'null',
    'array',
    'array<string>',
    'set<array<number>>',
    'object',
    'object<string, number | string>',
    '[number, string]',
    'string | array<string> | null',
    'set<[any, any]>',
  ])('round-trips %s', (src) => expect(formatType(parseType(src))).toBe(src));

  it('parses parameter lists with nested commas', () => {
    expect(parseParams('a: object<string, any>, b: [number, string]').map((p) => p.name)).toEqual(['a', 'b']);
    expect(parseParams('')).toEqual([]);
  });

  it('rejects malformed types', () => {
    expect(() => parseType('array<')).toThrow();
    expect(() => parseType('strin')).toThrow();
    expect(() => parseType('string string')).toThrow();
  });

  it.each<[string, string, boolean]>([
    ['string', 'string', true],
    ['string', 'number', false],
    ['string | null', 'null', true],
    ['array<string>', 'array<any>', true],
    ['array<string>', '[string, string]', true],
    ['array<string>', '[string, number]', false],
    ['[number, string]', 'array<number | string>', true],
    ['set<string>', 'array<string>', false],
    ['object<string, any>', 'object<any, number>', true],
    ['any', 'set', true],
  ])('%s overlaps %s: %s', (a, b, want) => expect(typesOverlap(parseType(a), parseType(b))).toBe(want));

  it.each<[string, string, boolean]>([
    ['any', 'string', true],
    ['string', 'any', false],
    ['string | number', 'number', true],
    ['array<any>', '[string, number]', true],
    ['number', 'string | number', false],
  ])('%s accepts %s: %s', (a, b, want) => expect(typeAccepts(parseType(a), parseType(b))).toBe(want));

  it('recognises set results', () => {
    expect(isSetType(parseType('set<string>'))).toBe(true);
    expect(isSetType(parseType('array<set>'))).toBe(false);
    expect(mentionsSet(parseType('array<set>'))).toBe(true);
  });
});

describe('catalog', () => {
  it('has unique names and well-formed entries', () => {
    const names = builtinNames();
    expect(new Set(names).size).toBe(names.length);
    for (const d of BUILTINS) {
      expect(d.argNames.length).toBe(d.args.length);
      expect(['wasm', 'host']).toContain(d.runsIn);
      expect(typeof d.edge).toBe('boolean');
      expect(d.signature.startsWith(`${d.name}(`)).toBe(true);
    }
  });

  it('looks builtins up by OPA name', () => {
    const d = lookupBuiltin('io.jwt.decode')!;
    expect(d.runsIn).toBe('host');
    expect(formatType(d.result)).toBe('[object, object, string]');
    expect(lookupBuiltin('plus')?.infix).toBe('+');
    expect(lookupBuiltin('print')?.variadic).toBeDefined();
    expect(lookupBuiltin('walk')?.relation).toBe(true);
    expect(lookupBuiltin('nope')).toBeUndefined();
  });

  it('covers the operators and marks nondeterministic builtins', () => {
    for (const op of ['eq', 'assign', 'equal', 'neq', 'lt', 'lte', 'gt', 'gte', 'plus', 'minus', 'mul', 'div', 'rem', 'or', 'and', 'internal.member_2', 'internal.member_3', 'print']) {
      expect(lookupBuiltin(op), op).toBeDefined();
    }
    for (const n of ['time.now_ns', 'rand.intn', 'uuid.rfc4122', 'opa.runtime', 'io.jwt.decode_verify']) {
      expect(lookupBuiltin(n)?.nondeterministic, n).toBe(true);
    }
    expect(BUILTINS.filter((d) => d.nondeterministic).map((d) => d.name).sort()).toEqual(
      ['io.jwt.decode_verify', 'opa.runtime', 'rand.intn', 'time.now_ns', 'uuid.rfc4122'],
    );
  });

  it('declares set results where the emitter must rebuild sets', () => {
    for (const n of ['net.cidr_merge', 'net.cidr_expand', 'net.cidr_contains_matches', 'graph.reachable', 'object.keys']) {
      expect(isSetType(lookupBuiltin(n)!.result), n).toBe(true);
    }
  });

  it('lists every wasm builtin in the runtime contract (b_<name>)', () => {
    const contract = readFileSync(new URL('../../src/runtime/CONTRACT.md', import.meta.url), 'utf8');
    const emitterHandled = new Set(['eq', 'assign', 'print']); // unification and println are compiled, not called
    for (const d of BUILTINS.filter((b) => b.runsIn === 'wasm' && !emitterHandled.has(b.name))) {
      expect(contract, d.name).toContain(`b_${d.name.replace(/\./g, '_')}`);
    }
  });

  it('keeps unsupported builtins out of the catalog', () => {
    for (const name of Object.keys(UNSUPPORTED_BUILTINS)) expect(lookupBuiltin(name), name).toBeUndefined();
    expect(UNSUPPORTED_BUILTINS['http.send']).toMatch(/network/);
  });
});

describe('host builtin map', () => {
  it('implements exactly the catalogued host builtins, under accord.-prefixed keys', () => {
    const keys = Object.keys(createHostBuiltins()).sort();
    expect(keys).toEqual(hostBuiltinNames().map(hostBuiltinName).sort());
    expect(keys.every((k) => k.startsWith(HOST_PREFIX))).toBe(true);
    expect(Object.keys(hostBuiltins).length).toBe(keys.length);
  });

  it('returns undefined for invalid arguments when not strict, and throws eval_builtin_error when strict', () => {
    const lax = createHostBuiltins();
    const strict = createHostBuiltins({ strict: true });
    // Validity predicates answer false instead of failing, as in OPA.
    const predicates = new Set(['regex.is_valid', 'yaml.is_valid', 'net.cidr_is_valid', 'semver.is_valid']);
    for (const name of hostBuiltinNames()) {
      const decl = lookupBuiltin(name)!;
      if (decl.args.length === 0 || decl.args.every((a) => a.kind === 'any')) continue;
      // A symbol is never a valid JSON argument.
      const bad = decl.args.map(() => Symbol('bad'));
      // OPA ignores operands of other types in net.cidr_contains_matches (empty result).
      if (name === 'net.cidr_contains_matches') {
        expect(strict[hostBuiltinName(name)]!(...bad), name).toEqual([]);
        continue;
      }
      if (predicates.has(name)) {
        expect(strict[hostBuiltinName(name)]!(...bad), name).toBe(false);
        continue;
      }
      expect(lax[hostBuiltinName(name)]!(...bad), name).toBeUndefined();
      expect(() => strict[hostBuiltinName(name)]!(...bad), name).toThrow(new RegExp(`^eval_builtin_error: ${name.replace(/\./g, '\\.')}: `));
    }
  });

  it('returns JSON-serialisable results', () => {
    const h = createHostBuiltins();
    const results = [
      h['accord.time.date']!(0),
      h['accord.net.cidr_expand']!('10.0.0.0/30'),
      h['accord.io.jwt.decode']!('eyJhbGciOiJub25lIn0.e30.'),
      h['accord.yaml.unmarshal']!('a: [1, {b: null}]'),
    ];
    for (const r of results) expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('Edge safety', () => {
  it('no builtin module imports node: modules or uses Buffer', async () => {
    const { readdirSync } = await import('node:fs');
    const root = new URL('../../src/builtins/', import.meta.url);
    const files: string[] = [];
    const walk = (dir: URL) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(new URL(`${e.name}/`, dir));
        else if (e.name.endsWith('.ts')) files.push(new URL(e.name, dir).pathname);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from ['"]node:|require\(|\bBuffer\.|crypto\.subtle\./);
    }
  });
});

describe('docs/builtins.md', () => {
  it('documents every catalogued builtin', () => {
    const doc = readFileSync(new URL('../../docs/builtins.md', import.meta.url), 'utf8');
    for (const name of builtinNames()) expect(doc, name).toContain(`| \`${name}\``);
    for (const name of Object.keys(UNSUPPORTED_BUILTINS)) expect(doc, name).toContain(`| \`${name}\``);
  });
});
