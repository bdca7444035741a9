// Token kinds shared by the lexer and the parser. Kinds are small integers so the lexer can store
// them in a Uint8Array: a 10 MB policy has millions of tokens and objects per token would dominate
// both memory and time.

export const K = {
  EOF: 0,
  /** A span the lexer already reported (bad character, unterminated string). */
  ERROR: 1,
  IDENT: 2,
  NUMBER: 3,
  STRING: 4,
  RAW_STRING: 5,

  // Keywords. `in`, `every`, `contains` and `if` are only keywords in Rego v1 or after the matching
  // `import future.keywords…` in v0; the parser downgrades them to IDENT otherwise.
  AS: 10,
  DEFAULT: 11,
  ELSE: 12,
  EVERY: 13,
  FALSE: 14,
  IF: 15,
  IMPORT: 16,
  IN: 17,
  NOT: 18,
  NULL: 19,
  PACKAGE: 20,
  SOME: 21,
  TRUE: 22,
  WITH: 23,
  CONTAINS: 24,

  LPAREN: 30,
  RPAREN: 31,
  LBRACK: 32,
  RBRACK: 33,
  LBRACE: 34,
  RBRACE: 35,
  COMMA: 36,
  SEMI: 37,
  COLON: 38,
  DOT: 39,
  ASSIGN: 40, // :=
  UNIFY: 41, // =
  EQ: 42, // ==
  NEQ: 43, // !=
  LT: 44,
  LTE: 45,
  GT: 46,
  GTE: 47,
  PLUS: 48,
  MINUS: 49,
  STAR: 50,
  SLASH: 51,
  PERCENT: 52,
  PIPE: 53,
  AMP: 54,
} as const;

export type TokenKind = (typeof K)[keyof typeof K];

export const KEYWORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ['as', K.AS],
  ['default', K.DEFAULT],
  ['else', K.ELSE],
  ['every', K.EVERY],
  ['false', K.FALSE],
  ['if', K.IF],
  ['import', K.IMPORT],
  ['in', K.IN],
  ['not', K.NOT],
  ['null', K.NULL],
  ['package', K.PACKAGE],
  ['some', K.SOME],
  ['true', K.TRUE],
  ['with', K.WITH],
  ['contains', K.CONTAINS],
]);

export function isKeywordKind(kind: number): boolean {
  return kind >= K.AS && kind <= K.CONTAINS;
}

/** The keywords that v0 only knows after `import future.keywords.<name>`. */
export const FUTURE_KEYWORDS = ['contains', 'every', 'if', 'in'] as const;
export type FutureKeyword = (typeof FUTURE_KEYWORDS)[number];

const PUNCTUATION: Record<number, string> = {
  [K.LPAREN]: '(',
  [K.RPAREN]: ')',
  [K.LBRACK]: '[',
  [K.RBRACK]: ']',
  [K.LBRACE]: '{',
  [K.RBRACE]: '}',
  [K.COMMA]: ',',
  [K.SEMI]: ';',
  [K.COLON]: ':',
  [K.DOT]: '.',
  [K.ASSIGN]: ':=',
  [K.UNIFY]: '=',
  [K.EQ]: '==',
  [K.NEQ]: '!=',
  [K.LT]: '<',
  [K.LTE]: '<=',
  [K.GT]: '>',
  [K.GTE]: '>=',
  [K.PLUS]: '+',
  [K.MINUS]: '-',
  [K.STAR]: '*',
  [K.SLASH]: '/',
  [K.PERCENT]: '%',
  [K.PIPE]: '|',
  [K.AMP]: '&',
};

/** The source spelling of a punctuation kind, e.g. `:=` (used in "expected …" messages). */
export function punctuation(kind: number): string {
  return PUNCTUATION[kind] ?? '?';
}
