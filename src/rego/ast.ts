// The Rego abstract syntax tree: the contract between the parser (src/rego/parser.ts) and the
// compiler (src/compiler/*). Plain JSON-serialisable objects so `accord parse --json` can print
// them and tests can compare shapes. Every node carries its source location.
//
// The tree is read-only once parsed: passes that rewrite it build new nodes. The parser relies on
// that to keep a 2 MB policy's ~1M objects down: location objects are shared between nodes that
// span the same text, and empty `with`, `else` and `annotations` lists are one frozen array.

/** A position in a source file. `line` and `col` are 1-based; `col` counts Unicode code points. */
export interface Location {
  file: string;
  line: number;
  col: number;
  /** 0-based UTF-16 offset of the first character (for slicing the source). */
  offset: number;
  /** 0-based UTF-16 offset just past the node's last character. */
  end: number;
}

/** The shared empty list the parser puts in `with`, `else` and `annotations` (frozen). */
export const EMPTY_LIST: readonly never[] = Object.freeze([]);

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

export interface NullTerm { type: 'null'; loc: Location }
export interface BooleanTerm { type: 'boolean'; value: boolean; loc: Location }
/**
 * A number literal. `raw` is the source text (e.g. "12345678901234567890", "1.5e3", "-2"), kept
 * so that integers of any size stay exact; the compiler decides the runtime representation.
 */
export interface NumberTerm { type: 'number'; raw: string; loc: Location }
/** A string literal, already decoded (escapes resolved). Raw (backtick) strings set `raw: true`. */
export interface StringTerm { type: 'string'; value: string; raw?: boolean; loc: Location }
/**
 * A variable. The wildcard `_` is kept as name "_"; the compiler gives each wildcard a fresh name.
 * Root documents are plain vars too: `input`, `data`.
 */
export interface VarTerm { type: 'var'; name: string; loc: Location }
/**
 * A reference: `head` followed by path elements.
 * - `a.b` → head var `a`, path `[string "b"]` (dot access is a string term)
 * - `a[x]` → path `[var x]`, `a["k"]` → path `[string "k"]`, `a[0]` → path `[number 0]`
 * - `f(x).y` → head is a call term
 * - `[1,2][0]` → head is an array term
 */
export interface RefTerm { type: 'ref'; head: Term; path: Term[]; loc: Location }
export interface ArrayTerm { type: 'array'; items: Term[]; loc: Location }
export interface ObjectTerm { type: 'object'; items: Array<[Term, Term]>; loc: Location }
/** `{1, 2}`; the empty set is written `set()` and parsed to a set term with no items. */
export interface SetTerm { type: 'set'; items: Term[]; loc: Location }
export interface ArrayComprehension { type: 'arraycomp'; head: Term; body: Body; loc: Location }
export interface SetComprehension { type: 'setcomp'; head: Term; body: Body; loc: Location }
export interface ObjectComprehension { type: 'objectcomp'; key: Term; value: Term; body: Body; loc: Location }
/**
 * A call. `fn` is the function's name as a dotted path (`["count"]`, `["io","jwt","decode"]`,
 * `["data","lib","f"]`, or a local rule-function name `["f"]`).
 *
 * Operators are calls with OPA's operator names:
 *   `:=` assign · `=` eq · `==` equal · `!=` neq · `<` lt · `<=` lte · `>` gt · `>=` gte
 *   `+` plus · `-` minus · `*` mul · `/` div · `%` rem · `|` or · `&` and
 *   `x in xs` → internal.member_2(x, xs) · `k, v in xs` → internal.member_3(k, v, xs)
 * Unary minus on a number literal folds into the literal ("-2"); on anything else it is
 * minus(0, x).
 */
export interface CallTerm { type: 'call'; fn: string[]; args: Term[]; loc: Location; fnLoc: Location }

export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallTerm;

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

/** `with target as value`; target is a ref (input…, data…, or a function name like `count`). */
export interface With { target: Term; value: Term; loc: Location }

/** A plain expression: a term (usually a call such as eq/assign/equal, a ref, or a value). */
export interface ExprLiteral {
  type: 'expr';
  negated: boolean;
  expr: Term;
  with: With[];
  loc: Location;
}
/** `some x, y` — declares local variables. */
export interface SomeDeclLiteral { type: 'some'; vars: VarTerm[]; loc: Location }
/** `some v in xs` / `some k, v in xs` (key/value may be any term, e.g. `some [a, b] in xs`). */
export interface SomeInLiteral {
  type: 'somein';
  key?: Term;
  value: Term;
  collection: Term;
  with: With[];
  loc: Location;
}
/** `every v in xs { … }` / `every k, v in xs { … }` */
export interface EveryLiteral {
  type: 'every';
  key?: VarTerm;
  value: VarTerm;
  domain: Term;
  body: Body;
  with: With[];
  loc: Location;
}

export type Literal = ExprLiteral | SomeDeclLiteral | SomeInLiteral | EveryLiteral;
export type Body = Literal[];

// ---------------------------------------------------------------------------------------------
// Rules and modules
// ---------------------------------------------------------------------------------------------

/**
 * What a rule defines, decided from its head syntax:
 * - complete: `p := v`, `p = v`, `p if …`, `a.b.c := v` (value defaults to `true`)
 * - set: `p contains x if …`, `a.b contains x`
 * - object: `p[k] := v if …`, `a.b[k] := v` (the last ref element is the key)
 * - function: `f(x) := y if …`, `f(x) if …`
 */
export type RuleKind = 'complete' | 'set' | 'object' | 'function';

export interface RuleHead {
  /**
   * The rule's name as a ref relative to the package: `p` → [var p];
   * `a.b.c` → [var a, string b, string c]. For `object` rules the key is NOT part of `ref`
   * (`a.b[k] := v` → ref [var a, string b], key var k).
   */
  ref: Term[];
  /** Function parameters. */
  args?: Term[];
  /** Partial set element or partial object key. */
  key?: Term;
  /** The value; absent when the syntax implies `true` (`p if …`, `f(x) if …`). */
  value?: Term;
  /** `:=` (true) or `=` (false). */
  assign: boolean;
  loc: Location;
}

export interface ElseClause {
  /** Absent means `true`. */
  value?: Term;
  body: Body;
  assign: boolean;
  loc: Location;
}

export interface Rule {
  type: 'rule';
  kind: RuleKind;
  default: boolean;
  head: RuleHead;
  /** An empty body means the rule is unconditionally defined (`p := 1`). */
  body: Body;
  else: ElseClause[];
  /** METADATA blocks attached to this rule (scope rule / document). */
  annotations: Annotation[];
  loc: Location;
}

export interface Import {
  /** `data.foo.bar`, `input.x`, `rego.v1`, `future.keywords.in` as a ref term. */
  path: RefTerm | VarTerm;
  alias?: string;
  loc: Location;
}

/** A `# METADATA` comment block parsed as YAML. */
export interface Annotation {
  scope?: 'rule' | 'document' | 'package' | 'subpackages';
  title?: string;
  description?: string;
  entrypoint?: boolean;
  custom?: Record<string, unknown>;
  /** Every key of the YAML document, as parsed. */
  raw: Record<string, unknown>;
  loc: Location;
}

export interface Package {
  /** `package app.authz` → ["app", "authz"]; `package a["b-c"]` → ["a", "b-c"]. */
  path: string[];
  loc: Location;
}

export interface Module {
  file: string;
  package: Package;
  imports: Import[];
  rules: Rule[];
  /** METADATA blocks with package/subpackages scope (and any block not attached to a rule). */
  annotations: Annotation[];
  /** The syntax the module was parsed as (a v0 module importing `rego.v1` is parsed as v1). */
  regoVersion: 0 | 1;
}
