// The catalog of Rego builtins Accord supports: one declaration per builtin (operators included).
//
// - The compiler's type checker reads `args`/`variadic`/`result` for arity and argument-type errors
//   (`rego_type_error`), see `typesOverlap` in ./types.ts.
// - The emitter calls `b_<name>` in the wasm runtime for `runsIn: 'wasm'` builtins, and imports
//   `hostBuiltinName(name)` (`accord.<name>`) for `runsIn: 'host'` ones; the host implementations live
//   in ./host/. JSON cannot carry sets, so when `result` is a set type (`isSetType`) the emitter
//   converts the host's array result back into a set.
// - `docs/builtins.md` is the human-readable version of this file; keep both in step.

import { parseParams, parseType, type NamedParam, type RegoType } from './types.js';

export type RunsIn = 'wasm' | 'host';

export type BuiltinFamily =
  | 'operators'
  | 'numbers'
  | 'aggregates'
  | 'sets'
  | 'strings'
  | 'types'
  | 'arrays'
  | 'objects'
  | 'encoding'
  | 'regex'
  | 'glob'
  | 'time'
  | 'net'
  | 'crypto'
  | 'tokens'
  | 'semver'
  | 'units'
  | 'bits'
  | 'graph'
  | 'misc';

export interface BuiltinDecl {
  /** OPA's name, e.g. `io.jwt.decode`, or the operator's internal name (`plus`, `internal.member_2`). */
  name: string;
  /** Argument types, in order. */
  args: RegoType[];
  /** Argument names (same length as `args`), for messages and docs. */
  argNames: string[];
  /** Set for variadic builtins (`print`): every argument has this type and `args` is empty. */
  variadic?: RegoType;
  /** Result type. `isSetType(result)` tells the emitter to turn a host array back into a set. */
  result: RegoType;
  /** Where the builtin runs: in the wasm runtime (`b_<name>`) or as a host (JS) import. */
  runsIn: RunsIn;
  /** The result may differ between evaluations with equal inputs (time, randomness). */
  nondeterministic?: true;
  /** Available in Edge runtimes (no Node APIs). */
  edge: boolean;
  /** Infix operator syntax, for operators. */
  infix?: string;
  /** A relation (`walk`): the emitter iterates the result instead of binding it. */
  relation?: true;
  /** Only usable as a statement (its value is always true): `print`, `trace`. */
  statement?: true;
  /** Deprecated in OPA v1 (kept because the wasm runtime implements it). */
  deprecated?: true;
  /** Differences from OPA, if any. */
  notes?: string;
  family: BuiltinFamily;
  /** `name(arg: type, …) → type`, for messages and docs. */
  signature: string;
}

/** Prefix of host builtin import names (the SDK's own JS builtins would shadow unprefixed ones). */
export const HOST_PREFIX = 'accord.';

/** The name under which a host builtin is imported (and keyed in `hostBuiltins`). */
export function hostBuiltinName(name: string): string {
  return HOST_PREFIX + name;
}

interface Extra {
  nondeterministic?: true;
  infix?: string;
  relation?: true;
  statement?: true;
  deprecated?: true;
  notes?: string;
  variadic?: string;
  edge?: boolean;
}

function decl(runsIn: RunsIn, family: BuiltinFamily, name: string, params: string, result: string, extra: Extra = {}): BuiltinDecl {
  const ps: NamedParam[] = parseParams(params);
  const resultType = parseType(result);
  const d: BuiltinDecl = {
    name,
    args: ps.map((p) => p.type),
    argNames: ps.map((p) => p.name),
    result: resultType,
    runsIn,
    edge: extra.edge ?? true,
    family,
    signature: `${name}(${extra.variadic ? `...values: ${extra.variadic}` : params}) → ${result}`,
  };
  if (extra.variadic) d.variadic = parseType(extra.variadic);
  if (extra.nondeterministic) d.nondeterministic = true;
  if (extra.infix) d.infix = extra.infix;
  if (extra.relation) d.relation = true;
  if (extra.statement) d.statement = true;
  if (extra.deprecated) d.deprecated = true;
  if (extra.notes) d.notes = extra.notes;
  return d;
}

const w = (family: BuiltinFamily, name: string, params: string, result: string, extra?: Extra) =>
  decl('wasm', family, name, params, result, extra);
const h = (family: BuiltinFamily, name: string, params: string, result: string, extra?: Extra) =>
  decl('host', family, name, params, result, extra);

const SETS_AS_ARRAYS =
  'Host builtins receive sets as sorted arrays (JSON has no sets).';

const BIG_NUMBERS = 'Integers beyond 2^53 are rounded: numbers are JS doubles on the host (see “Numbers on the host” in docs/builtins.md).';

const NS_NOTE = 'Nanosecond results beyond 2^53 come back rounded (a JS double on the host): exact for whole seconds and milliseconds, within 256 ns until 2043 for nanosecond precision (see “Nanosecond timestamps” in docs/builtins.md).';
const TIME_ARG = 'number | [number, string]';
const CIDR_MATCH_ARG = 'string | array<string | array> | set<string | array> | object<string, string | array>';

const DECLS: BuiltinDecl[] = [
  // ── Operators ────────────────────────────────────────────────────────────────────────────────
  w('operators', 'eq', 'x: any, y: any', 'boolean', { infix: '=' }),
  w('operators', 'assign', 'x: any, y: any', 'boolean', { infix: ':=' }),
  w('operators', 'equal', 'x: any, y: any', 'boolean', { infix: '==' }),
  w('operators', 'neq', 'x: any, y: any', 'boolean', { infix: '!=' }),
  w('operators', 'lt', 'x: any, y: any', 'boolean', { infix: '<' }),
  w('operators', 'lte', 'x: any, y: any', 'boolean', { infix: '<=' }),
  w('operators', 'gt', 'x: any, y: any', 'boolean', { infix: '>' }),
  w('operators', 'gte', 'x: any, y: any', 'boolean', { infix: '>=' }),
  w('operators', 'plus', 'x: number, y: number', 'number', { infix: '+' }),
  w('operators', 'minus', 'x: number | set, y: number | set', 'number | set', { infix: '-' }),
  w('operators', 'mul', 'x: number, y: number', 'number', { infix: '*' }),
  w('operators', 'div', 'x: number, y: number', 'number', { infix: '/' }),
  w('operators', 'rem', 'x: number, y: number', 'number', { infix: '%' }),
  w('operators', 'or', 'x: set, y: set', 'set', { infix: '|' }),
  w('operators', 'and', 'x: set, y: set', 'set', { infix: '&' }),
  w('operators', 'internal.member_2', 'x: any, collection: any', 'boolean', { infix: 'in' }),
  w('operators', 'internal.member_3', 'key: any, value: any, collection: any', 'boolean', { infix: 'in' }),
  w('operators', 'print', '', 'boolean', {
    variadic: 'any',
    statement: true,
    notes: 'Printed through the SDK\'s println hook; undefined operands print as `<undefined>`.',
  }),

  // ── Numbers ──────────────────────────────────────────────────────────────────────────────────
  w('numbers', 'abs', 'x: number', 'number'),
  w('numbers', 'round', 'x: number', 'number'),
  w('numbers', 'ceil', 'x: number', 'number'),
  w('numbers', 'floor', 'x: number', 'number'),
  w('numbers', 'numbers.range', 'a: number, b: number', 'array<number>'),
  w('numbers', 'numbers.range_step', 'a: number, b: number, step: number', 'array<number>'),

  // ── Aggregates ───────────────────────────────────────────────────────────────────────────────
  w('aggregates', 'count', 'collection: set | array | object | string', 'number'),
  w('aggregates', 'sum', 'collection: set<number> | array<number>', 'number'),
  w('aggregates', 'product', 'collection: set<number> | array<number>', 'number'),
  w('aggregates', 'max', 'collection: set | array', 'any'),
  w('aggregates', 'min', 'collection: set | array', 'any'),
  w('aggregates', 'sort', 'collection: array | set', 'array'),
  w('aggregates', 'all', 'collection: set | array', 'boolean', { deprecated: true, notes: 'Deprecated in OPA; use `every`.' }),
  w('aggregates', 'any', 'collection: set | array', 'boolean', { deprecated: true, notes: 'Deprecated in OPA; use `some … in`.' }),

  // ── Sets ─────────────────────────────────────────────────────────────────────────────────────
  w('sets', 'union', 'xs: set<set>', 'set'),
  w('sets', 'intersection', 'xs: set<set>', 'set'),

  // ── Strings ──────────────────────────────────────────────────────────────────────────────────
  w('strings', 'concat', 'delimiter: string, collection: set<string> | array<string>', 'string'),
  w('strings', 'contains', 'haystack: string, needle: string', 'boolean'),
  w('strings', 'startswith', 'search: string, base: string', 'boolean'),
  w('strings', 'endswith', 'search: string, base: string', 'boolean'),
  w('strings', 'lower', 'x: string', 'string'),
  w('strings', 'upper', 'x: string', 'string'),
  w('strings', 'split', 'x: string, delimiter: string', 'array<string>'),
  w('strings', 'replace', 'x: string, old: string, new: string', 'string'),
  w('strings', 'strings.replace_n', 'patterns: object<string, string>, value: string', 'string'),
  w('strings', 'trim', 'value: string, cutset: string', 'string'),
  w('strings', 'trim_left', 'value: string, cutset: string', 'string'),
  w('strings', 'trim_right', 'value: string, cutset: string', 'string'),
  w('strings', 'trim_prefix', 'value: string, prefix: string', 'string'),
  w('strings', 'trim_suffix', 'value: string, suffix: string', 'string'),
  w('strings', 'trim_space', 'value: string', 'string'),
  w('strings', 'indexof', 'haystack: string, needle: string', 'number'),
  w('strings', 'indexof_n', 'haystack: string, needle: string', 'array<number>'),
  w('strings', 'substring', 'value: string, offset: number, length: number', 'string'),
  w('strings', 'strings.reverse', 'x: string', 'string'),
  w('strings', 'strings.any_prefix_match', 'search: string | set<string> | array<string>, base: string | set<string> | array<string>', 'boolean'),
  w('strings', 'strings.any_suffix_match', 'search: string | set<string> | array<string>, base: string | set<string> | array<string>', 'boolean'),
  w('strings', 'strings.count', 'search: string, substring: string', 'number'),
  w('strings', 'format_int', 'number: number, base: number', 'string', {
    notes:
      'Integers are formatted exactly at any size, as in OPA; a float beyond int64 formats the exact integer value of the double (`format_int(1e20, 16)` is `"56bc75e2d63100000"`). A literal with a fraction or exponent is read as a double, where OPA reads it with 64-bit precision, so one needing more than 53 bits differs: `format_int(1.5e30, 10)` is `"1499999999999999889089448902656"` (OPA: `"1500000000000000000002684354560"`), `format_int(9007199254740993.5, 10)` is `"9007199254740994"` (OPA: `"9007199254740993"`). Beyond the double range (`1e400`) it is an error.',
  }),
  h('strings', 'sprintf', 'format: string, values: array', 'string', {
    notes:
      'Go fmt verbs as OPA (`%v %s %d %f %e %g %q %x %X %o %b %c %U %t %T %%`, flags, widths, precisions, `%[n]` indexes, `%!d(string=…)` style errors). ' +
      '`%t` formats booleans as `true`/`false` (OPA passes booleans as strings, so it would print `%!t(string=true)`). ' +
      'Sets arrive as arrays, so `%v` prints them as `[…]` instead of `{…}`. Integral floats (`1.0`) format as integers. ' +
      BIG_NUMBERS,
  }),

  // ── Types ────────────────────────────────────────────────────────────────────────────────────
  w('types', 'is_number', 'x: any', 'boolean'),
  w('types', 'is_string', 'x: any', 'boolean'),
  w('types', 'is_boolean', 'x: any', 'boolean'),
  w('types', 'is_array', 'x: any', 'boolean'),
  w('types', 'is_set', 'x: any', 'boolean'),
  w('types', 'is_object', 'x: any', 'boolean'),
  w('types', 'is_null', 'x: any', 'boolean'),
  w('types', 'type_name', 'x: any', 'string'),
  w('types', 'to_number', 'x: number | string | boolean | null', 'number'),

  // ── Arrays ───────────────────────────────────────────────────────────────────────────────────
  w('arrays', 'array.concat', 'x: array, y: array', 'array'),
  w('arrays', 'array.slice', 'arr: array, start: number, stop: number', 'array'),
  w('arrays', 'array.reverse', 'arr: array', 'array'),

  // ── Objects ──────────────────────────────────────────────────────────────────────────────────
  w('objects', 'object.get', 'object: object, key: any, default: any', 'any'),
  w('objects', 'object.keys', 'object: object', 'set'),
  w('objects', 'object.remove', 'object: object, keys: array | set | object', 'any'),
  w('objects', 'object.union', 'a: object, b: object', 'any'),
  w('objects', 'object.union_n', 'objects: array<object>', 'any'),
  w('objects', 'object.filter', 'object: object, keys: array | set | object', 'any'),
  w('objects', 'object.subset', 'super: object | set | array, sub: object | set | array', 'boolean'),
  w('objects', 'json.filter', 'object: object, paths: array<string | array> | set<string | array>', 'any'),
  w('objects', 'json.remove', 'object: object, paths: array<string | array> | set<string | array>', 'any'),
  h('objects', 'json.patch', 'object: any, patches: array<object<string, any>>', 'any', {
    notes: `RFC 6902 (add, remove, replace, move, copy, test); paths may be JSON pointers or arrays. ${SETS_AS_ARRAYS} Patching inside a set therefore addresses it as an array. ${BIG_NUMBERS}`,
  }),
  w('objects', 'walk', 'x: any', '[array, any]', { relation: true }),

  // ── Encoding ─────────────────────────────────────────────────────────────────────────────────
  w('encoding', 'json.marshal', 'x: any', 'string'),
  w('encoding', 'json.unmarshal', 'x: string', 'any'),
  w('encoding', 'json.is_valid', 'x: string', 'boolean'),
  h('encoding', 'json.marshal_with_options', 'x: any, opts: object<string, any>', 'string', {
    notes: 'Options `pretty`, `indent` (default tab), `prefix`, as OPA; `<`, `>`, `&` are escaped as Go does. Sets serialize as arrays, as in OPA. ' + BIG_NUMBERS,
  }),
  w('encoding', 'base64.encode', 'x: string', 'string'),
  w('encoding', 'base64.decode', 'x: string', 'string'),
  w('encoding', 'base64.is_valid', 'x: string', 'boolean'),
  w('encoding', 'base64url.encode', 'x: string', 'string'),
  w('encoding', 'base64url.encode_no_pad', 'x: string', 'string'),
  w('encoding', 'base64url.decode', 'x: string', 'string'),
  w('encoding', 'hex.encode', 'x: string', 'string'),
  w('encoding', 'hex.decode', 'x: string', 'string'),
  h('encoding', 'urlquery.encode', 'x: string', 'string'),
  h('encoding', 'urlquery.decode', 'x: string', 'string'),
  h('encoding', 'urlquery.encode_object', 'object: object<string, string | array<string> | set<string>>', 'string'),
  h('encoding', 'urlquery.decode_object', 'x: string', 'object<string, array<string>>'),
  h('encoding', 'yaml.marshal', 'x: any', 'string', {
    notes: 'Same document as OPA; whitespace, quoting and line folding of the emitted YAML can differ (the `yaml` package, not go-yaml). ' + BIG_NUMBERS,
  }),
  h('encoding', 'yaml.unmarshal', 'x: string', 'any', {
    notes: 'YAML 1.1 scalars as go-yaml v2 (`yes`/`no`/`on`/`off` are booleans); timestamps stay strings; only the first document is read. ' + BIG_NUMBERS,
  }),
  h('encoding', 'yaml.is_valid', 'x: string', 'boolean'),

  // ── Regular expressions (RE2 via re2js) ──────────────────────────────────────────────────────
  h('regex', 'regex.match', 'pattern: string, value: string', 'boolean'),
  h('regex', 'regex.is_valid', 'pattern: string', 'boolean'),
  h('regex', 'regex.find_n', 'pattern: string, value: string, number: number', 'array<string>'),
  h('regex', 'regex.find_all_string_submatch_n', 'pattern: string, value: string, number: number', 'array<array<string>>'),
  h('regex', 'regex.split', 'pattern: string, value: string', 'array<string>'),
  h('regex', 'regex.replace', 's: string, pattern: string, value: string', 'string'),
  h('regex', 'regex.template_match', 'template: string, value: string, delimiter_start: string, delimiter_end: string', 'boolean'),

  // ── Glob ─────────────────────────────────────────────────────────────────────────────────────
  h('glob', 'glob.match', 'pattern: string, delimiters: array<string> | null, match: string', 'boolean'),
  h('glob', 'glob.quote_meta', 'pattern: string', 'string'),

  // ── Time ─────────────────────────────────────────────────────────────────────────────────────
  h('time', 'time.now_ns', '', 'number', {
    nondeterministic: true,
    notes: `Taken once per evaluation from the engine clock (\`options.now\`). ${NS_NOTE}`,
  }),
  h('time', 'time.parse_rfc3339_ns', 'value: string', 'number', { notes: NS_NOTE }),
  h('time', 'time.parse_ns', 'layout: string, value: string', 'number', {
    notes: `Go reference-time layouts and OPA's named layouts (\`RFC3339\`, \`RFC1123\`, …). Zone abbreviations other than UTC/GMT±h parse as offset 0, as Go does on a UTC host. ${NS_NOTE}`,
  }),
  h('time', 'time.parse_duration_ns', 'duration: string', 'number', { notes: 'Exact up to 2^53 ns (104 days); longer durations come back rounded (see “Numbers on the host” in docs/builtins.md).' }),
  h('time', 'time.format', 'x: number | [number, string] | [number, string, string]', 'string', {
    notes: 'Time zones from Intl (IANA names). The `MST` token prints the abbreviation Intl knows (EST, CET, BST…) or a numeric one (`+09`) where Go\'s tzdata may have a name (e.g. JST).',
  }),
  h('time', 'time.date', `x: ${TIME_ARG}`, '[number, number, number]'),
  h('time', 'time.clock', `x: ${TIME_ARG}`, '[number, number, number]'),
  h('time', 'time.weekday', `x: ${TIME_ARG}`, 'string'),
  h('time', 'time.add_date', `ns: ${TIME_ARG}, years: number, months: number, days: number`, 'number', { notes: NS_NOTE }),
  h('time', 'time.diff', `ns1: ${TIME_ARG}, ns2: ${TIME_ARG}`, '[number, number, number, number, number, number]'),

  // ── Net (ipaddr.js) ──────────────────────────────────────────────────────────────────────────
  h('net', 'net.cidr_contains', 'cidr: string, cidr_or_ip: string', 'boolean'),
  h('net', 'net.cidr_intersects', 'cidr1: string, cidr2: string', 'boolean'),
  h('net', 'net.cidr_is_valid', 'cidr: string', 'boolean'),
  h('net', 'net.cidr_merge', 'addrs: array<string> | set<string>', 'set<string>'),
  h('net', 'net.cidr_expand', 'cidr: string', 'set<string>', {
    notes: 'Refuses ranges of more than 65,536 addresses (OPA has no limit but can be cancelled).',
  }),
  h('net', 'net.cidr_contains_matches', `cidrs: ${CIDR_MATCH_ARG}, cidrs_or_ips: ${CIDR_MATCH_ARG}`, 'set<[any, any]>', {
    notes: `${SETS_AS_ARRAYS} For a set argument OPA reports the element itself as the match key; Accord reports its position in the sorted set.`,
  }),

  // ── Crypto (synchronous pure-TS digests) ─────────────────────────────────────────────────────
  h('crypto', 'crypto.md5', 'x: string', 'string'),
  h('crypto', 'crypto.sha1', 'x: string', 'string'),
  h('crypto', 'crypto.sha256', 'x: string', 'string'),
  h('crypto', 'crypto.hmac.md5', 'x: string, key: string', 'string'),
  h('crypto', 'crypto.hmac.sha1', 'x: string, key: string', 'string'),
  h('crypto', 'crypto.hmac.sha256', 'x: string, key: string', 'string'),
  h('crypto', 'crypto.hmac.sha512', 'x: string, key: string', 'string'),
  h('crypto', 'crypto.hmac.equal', 'mac1: string, mac2: string', 'boolean'),

  // ── Tokens ───────────────────────────────────────────────────────────────────────────────────
  h('tokens', 'io.jwt.decode', 'jwt: string', '[object, object, string]', {
    notes: `Payload numbers: ${BIG_NUMBERS} For exact numbers (without verification) use \`json.unmarshal(base64url.decode(split(jwt, ".")[1]))\`.`,
  }),
  h('tokens', 'io.jwt.verify_hs256', 'jwt: string, secret: string', 'boolean'),
  h('tokens', 'io.jwt.verify_hs384', 'jwt: string, secret: string', 'boolean'),
  h('tokens', 'io.jwt.verify_hs512', 'jwt: string, secret: string', 'boolean'),
  h('tokens', 'io.jwt.decode_verify', 'jwt: string, constraints: object<string, any>', '[boolean, object, object]', {
    nondeterministic: true,
    notes:
      'HS256/HS384/HS512 with `secret` only. RS*/PS*/ES* tokens, and any `cert` constraint, give `[false, {}, {}]`: asymmetric verification is not available synchronously (Accord verifies tokens with jose before evaluation). Default `time` is the evaluation clock. Payload numbers: ' + BIG_NUMBERS,
  }),

  // ── SemVer and units ─────────────────────────────────────────────────────────────────────────
  h('semver', 'semver.compare', 'a: string, b: string', 'number'),
  h('semver', 'semver.is_valid', 'vsn: any', 'boolean'),
  h('units', 'units.parse', 'x: string', 'number', { notes: BIG_NUMBERS }),
  h('units', 'units.parse_bytes', 'x: string', 'number', { notes: BIG_NUMBERS }),

  // ── Bits and graphs ──────────────────────────────────────────────────────────────────────────
  h('bits', 'bits.or', 'x: number, y: number', 'number', { notes: BIG_NUMBERS }),
  h('bits', 'bits.and', 'x: number, y: number', 'number', { notes: BIG_NUMBERS }),
  h('bits', 'bits.xor', 'x: number, y: number', 'number', { notes: BIG_NUMBERS }),
  h('bits', 'bits.negate', 'x: number', 'number', { notes: BIG_NUMBERS }),
  h('bits', 'bits.lsh', 'x: number, s: number', 'number', { notes: BIG_NUMBERS }),
  h('bits', 'bits.rsh', 'x: number, s: number', 'number', { notes: BIG_NUMBERS }),
  h('graph', 'graph.reachable', 'graph: object<any, set | array>, initial: set | array', 'set', {
    notes: SETS_AS_ARRAYS,
  }),

  // ── Misc ─────────────────────────────────────────────────────────────────────────────────────
  h('misc', 'uuid.rfc4122', 'k: string', 'string', {
    nondeterministic: true,
    notes: 'Stable for the same `k` within one evaluation (one host-builtin map per evaluation).',
  }),
  h('misc', 'rand.intn', 'str: string, n: number', 'number', {
    nondeterministic: true,
    notes: 'Stable for the same `(str, n)` within one evaluation.',
  }),
  h('misc', 'opa.runtime', '', 'object<string, any>', {
    nondeterministic: true,
    notes: 'Returns `{}` (or what the engine passes as `runtime`), never `env`: environment variables are not exposed.',
  }),
  h('misc', 'trace', 'note: string', 'boolean', {
    statement: true,
    notes: 'Always true; notes are not collected (no query explanations).',
  }),
];

const BY_NAME = new Map<string, BuiltinDecl>(DECLS.map((d) => [d.name, d]));
if (BY_NAME.size !== DECLS.length) throw new Error('duplicate builtin in catalog');

/** Every declaration, in catalog order. */
export const BUILTINS: readonly BuiltinDecl[] = DECLS;

/** The declaration of a builtin by its OPA name, or undefined. */
export function lookupBuiltin(name: string): BuiltinDecl | undefined {
  return BY_NAME.get(name);
}

/** The names of every catalogued builtin, in catalog order. */
export function builtinNames(): string[] {
  return DECLS.map((d) => d.name);
}

/** Host builtins' names (OPA names, without `HOST_PREFIX`). */
export function hostBuiltinNames(): string[] {
  return DECLS.filter((d) => d.runsIn === 'host').map((d) => d.name);
}

/**
 * OPA builtins Accord deliberately does not provide, with the reason, so the compiler can say more
 * than "unknown function".
 */
export const UNSUPPORTED_BUILTINS: Readonly<Record<string, string>> = {
  'http.send': 'network access is not available during evaluation; fetch the data before evaluating and pass it as input or data',
  'net.lookup_ip_addr': 'DNS lookups are not available during evaluation',
  'io.jwt.verify_rs256': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_rs384': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_rs512': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_ps256': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_ps384': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_ps512': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_es256': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_es384': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_es512': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.verify_eddsa': 'asymmetric signatures cannot be verified synchronously; verify tokens with jose before evaluation',
  'io.jwt.encode_sign': 'token signing is not supported in policies',
  'io.jwt.encode_sign_raw': 'token signing is not supported in policies',
  'crypto.x509.parse_certificates': 'X.509 parsing is not supported',
  'crypto.x509.parse_and_verify_certificates': 'X.509 parsing is not supported',
  'crypto.x509.parse_and_verify_certificates_with_options': 'X.509 parsing is not supported',
  'crypto.x509.parse_certificate_request': 'X.509 parsing is not supported',
  'crypto.x509.parse_keypair': 'X.509 parsing is not supported',
  'crypto.x509.parse_rsa_private_key': 'X.509 parsing is not supported',
  'crypto.parse_private_keys': 'key parsing is not supported',
  'graphql.parse': 'GraphQL builtins are not supported',
  'graphql.parse_and_verify': 'GraphQL builtins are not supported',
  'graphql.parse_query': 'GraphQL builtins are not supported',
  'graphql.parse_schema': 'GraphQL builtins are not supported',
  'graphql.is_valid': 'GraphQL builtins are not supported',
  'graphql.schema_is_valid': 'GraphQL builtins are not supported',
  'rego.parse_module': 'parsing Rego at evaluation time is not supported',
  'regex.globs_match': 'regex.globs_match is not supported; use glob.match or regex.match',
  'json.verify_schema': 'JSON Schema builtins are not supported',
  'json.match_schema': 'JSON Schema builtins are not supported',
  'strings.render_template': 'strings.render_template is not supported; use sprintf',
  'providers.aws.sign_req': 'request signing is not supported',
  'graph.reachable_paths': 'graph.reachable_paths is not supported; use graph.reachable',
  'net.cidr_overlap': 'deprecated in OPA; use net.cidr_contains',
  're_match': 'deprecated in OPA; use regex.match',
  'set_diff': 'deprecated in OPA; use the `-` operator',
  'cast_array': 'deprecated in OPA',
  'cast_set': 'deprecated in OPA',
  'cast_string': 'deprecated in OPA',
  'cast_boolean': 'deprecated in OPA',
  'cast_null': 'deprecated in OPA',
  'cast_object': 'deprecated in OPA',
};
