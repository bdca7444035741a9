// Terms, expressions, literals and bodies.
//
// Operator precedence follows OPA's parser, loosest first:
//   `:=` `=` (only at the top of a literal, not associative)
//   `in` (and `k, v in xs` at the top of a literal)
//   `==` `!=` `<` `<=` `>` `>=`
//   `|`
//   `&`
//   `+` `-`
//   `*` `/` `%`
//   unary `-`, then terms with their `.x`, `[x]` and `(args)` suffixes.
// All binary operators are left-associative.
//
// Newlines: inside a body a newline separates literals, so an operator at the start of a line
// could be ambiguous. Only `-` actually is (`x := a` / `-1 < y`), so a `-` that starts a line ends
// the literal; every other operator, and `with`, continue the expression since no literal can start
// with them. Inside (), [] and {} collections newlines are insignificant. Ref suffixes must touch
// what they follow (`a.b`, `a[0]`, `f(x)`), as in OPA, so `a [0]` is not an index.

import type {
  ArrayTerm,
  Body,
  CallTerm,
  EveryLiteral,
  Literal,
  Location,
  NumberTerm,
  SomeDeclLiteral,
  SomeInLiteral,
  StringTerm,
  Term,
  VarTerm,
  With,
} from './ast.js';
import { EMPTY_LIST } from './ast.js';
import { TokenCursor } from './cursor.js';
import { K, isKeywordKind, punctuation } from './tokens.js';

/**
 * Deepest nesting of terms and bodies. Real policies stay far below; the limit keeps hostile input
 * (100k open brackets) from overflowing the JS stack here and in every later recursive pass.
 */
export const MAX_NESTING = 256;

const LEVEL_REL = 2;
const LEVEL_OR = 3;
const LEVEL_AND = 4;

/**
 * Binding level of each binary operator kind (0: not a binary operator), and its OPA name as a
 * call's `fn`. The `fn` arrays are shared by every call of that operator (a large policy has
 * hundreds of thousands), so they are frozen: rewrite passes must build new arrays.
 */
const BINARY_LEVEL = new Uint8Array(64);
const BINARY_FN: Array<readonly string[]> = [];
for (const [kind, level, name] of [
  [K.EQ, LEVEL_REL, 'equal'],
  [K.NEQ, LEVEL_REL, 'neq'],
  [K.LT, LEVEL_REL, 'lt'],
  [K.LTE, LEVEL_REL, 'lte'],
  [K.GT, LEVEL_REL, 'gt'],
  [K.GTE, LEVEL_REL, 'gte'],
  [K.PIPE, LEVEL_OR, 'or'],
  [K.AMP, LEVEL_AND, 'and'],
  [K.PLUS, 5, 'plus'],
  [K.MINUS, 5, 'minus'],
  [K.STAR, 6, 'mul'],
  [K.SLASH, 6, 'div'],
  [K.PERCENT, 6, 'rem'],
] as const) {
  BINARY_LEVEL[kind] = level;
  BINARY_FN[kind] = Object.freeze([name]);
}

const MEMBER_2 = Object.freeze(['internal', 'member_2']);
const MEMBER_3 = Object.freeze(['internal', 'member_3']);
const ASSIGN = Object.freeze(['assign']);
const UNIFY = Object.freeze(['eq']);
const MINUS = Object.freeze(['minus']);

export class ExpressionParser extends TokenCursor {
  /** Whether a newline ends the current literal (true in bodies, false inside brackets). */
  protected newlinesEndLiterals = false;
  protected depth = 0;
  /**
   * One string per distinct name: a large policy repeats `input`, `x`, `role`… hundreds of
   * thousands of times. Sharing them keeps the AST smaller, and looking them up by the hash the
   * lexer computed avoids creating a throwaway substring for every occurrence.
   */
  private readonly names = new Map<number, string>();

  name(tok: number): string {
    const start = this.starts[tok];
    const length = this.ends[tok] - start;
    const hash = this.hashes[tok];
    const known = this.names.get(hash);
    if (known !== undefined && known.length === length && this.source.startsWith(known, start)) return known;
    const text = this.source.slice(start, start + length);
    if (known === undefined) this.names.set(hash, text);
    return text;
  }

  /** Shared, frozen `fn` arrays for calls by a plain name (`count`, `sprintf`, `f`…). */
  private readonly plainFunctions = new Map<string, string[]>();

  private functionName(name: string): string[] {
    let fn = this.plainFunctions.get(name);
    if (fn === undefined) {
      fn = Object.freeze([name]) as string[];
      this.plainFunctions.set(name, fn);
    }
    return fn;
  }

  // --- literals and bodies --------------------------------------------------------------------

  /**
   * `{ literal (; | newline) literal … }` or a comprehension body up to `close`. `open` is the
   * opening token, named in the error when the input ends first.
   */
  parseQuery(close: number, open: number): Body {
    const saved = this.newlinesEndLiterals;
    this.newlinesEndLiterals = true;
    this.enter(open);
    if (this.peek() === close) this.fail(this.i, 'empty body: a body needs at least one expression');
    const from = this.mark();
    for (;;) {
      const literalStart = this.i;
      this.pushItem(this.parseLiteral());
      const k = this.peek();
      if (k === K.SEMI) {
        while (this.peek() === K.SEMI) this.i++;
        if (this.peek() === close) break;
        continue;
      }
      if (k === close) break;
      if (k === K.EOF) this.unclosed(open);
      if (this.newlineBefore(this.i)) continue;
      // A literal flush with the left margin is more likely the next rule after a missing `}`.
      const hint =
        this.cols[literalStart] === 1 && this.newlineBefore(literalStart)
          ? ` (is the \`${punctuation(this.kinds[open])}\` at ${this.lines[open]}:${this.cols[open]} missing its \`${punctuation(close)}\`?)`
          : '';
      this.unexpected(this.i, `\`;\`, a new line or \`${punctuation(close)}\`${hint}`);
    }
    this.depth--;
    this.newlinesEndLiterals = saved;
    return this.takeItems(from);
  }

  /** `{ … }` after `if`, `else`, `every` (and v0 rule heads). */
  parseBraceBody(): Body {
    if (this.peek() !== K.LBRACE) this.unexpected(this.i, '`{`');
    const open = this.openBracket();
    const body = this.parseQuery(K.RBRACE, open);
    this.closeBracket(); // parseQuery stopped at the `}`
    return body;
  }

  /** The single literal of `p if expr` (ends at the end of the line). */
  parseInlineBody(): Body {
    const saved = this.newlinesEndLiterals;
    this.newlinesEndLiterals = true;
    const literal = this.parseLiteral();
    this.newlinesEndLiterals = saved;
    return [literal];
  }

  parseLiteral(): Literal {
    const first = this.i;
    const k = this.peek();
    if (k === K.SOME) return this.parseSome();
    if (k === K.EVERY) return this.parseEvery();
    let negated = false;
    if (k === K.NOT) {
      this.i++;
      negated = true;
      const next = this.peek();
      if (next === K.SOME || next === K.EVERY) this.fail(this.i, `\`not\` cannot be applied to \`${this.text(this.i)}\``);
    }
    const expr = this.parseExpr();
    const withs = this.parseWiths();
    // Most literals are exactly their expression; sharing its (immutable) location object saves
    // one allocation per literal.
    const end = this.lastEnd();
    const loc = expr.loc.offset === this.starts[first] && expr.loc.end === end ? expr.loc : this.loc(first, end);
    return { type: 'expr', negated, expr, with: withs, loc };
  }

  /** `lhs [:= | = rhs]`: assignment and unification only at the top of a literal. */
  parseExpr(): Term {
    const lhs = this.parseMembership(true);
    const k = this.peek();
    if (k === K.ASSIGN || k === K.UNIFY) {
      const op = this.i++;
      const rhs = this.parseMembership(true);
      return this.call(k === K.ASSIGN ? ASSIGN : UNIFY, [lhs, rhs], lhs.loc, op);
    }
    return lhs;
  }

  parseWiths(): With[] {
    if (this.peek() !== K.WITH) return EMPTY_LIST as never[];
    const withs: With[] = [];
    while (this.peek() === K.WITH) {
      const w = this.i++;
      const targetTok = this.i;
      const target = this.parsePostfix();
      if (!(target.type === 'var' || (target.type === 'ref' && target.head.type === 'var'))) {
        this.report(targetTok, '`with` target must be a reference such as `input.x`, `data.y` or a function name');
      }
      this.expect(K.AS, '`as` after the `with` target');
      const value = this.parseMembership(false);
      withs.push({ target, value, loc: this.loc(w) });
    }
    return withs;
  }

  /** `some x, y` · `some x in xs` · `some k, v in xs` */
  parseSome(): SomeDeclLiteral | SomeInLiteral {
    const some = this.i++;
    const first = this.parseBinary(LEVEL_REL);
    let second: Term | undefined;
    if (this.peek() === K.COMMA) {
      this.i++;
      second = this.parseBinary(LEVEL_REL);
    }
    if (this.peek() === K.IN) {
      this.i++;
      const collection = this.parseBinary(LEVEL_REL);
      const withs = this.parseWiths();
      const literal: SomeInLiteral = second
        ? { type: 'somein', key: first, value: second, collection, with: withs, loc: this.loc(some) }
        : { type: 'somein', value: first, collection, with: withs, loc: this.loc(some) };
      return literal;
    }
    const vars = [first];
    if (second) vars.push(second);
    while (this.peek() === K.COMMA) {
      this.i++;
      vars.push(this.parseBinary(LEVEL_REL));
    }
    for (const v of vars) {
      if (v.type !== 'var') this.reportAt(v.loc, '`some` declares variables: expected a variable name (or `some x in xs`)');
    }
    return { type: 'some', vars: vars as VarTerm[], loc: this.loc(some) };
  }

  /** `every x in xs { … }` · `every k, v in xs { … }` */
  parseEvery(): EveryLiteral {
    const every = this.i++;
    const first = this.expectVar('a variable after `every`');
    let key: VarTerm | undefined;
    let value = first;
    if (this.peek() === K.COMMA) {
      this.i++;
      key = first;
      value = this.expectVar('a variable after `,`');
    }
    this.expect(K.IN, '`in` (every x in xs { … })');
    const domain = this.parseBinary(LEVEL_REL);
    if (this.peek() !== K.LBRACE) this.unexpected(this.i, '`{` to start the body of `every`');
    const body = this.parseBraceBody();
    const withs = this.parseWiths();
    const literal: EveryLiteral = key
      ? { type: 'every', key, value, domain, body, with: withs, loc: this.loc(every) }
      : { type: 'every', value, domain, body, with: withs, loc: this.loc(every) };
    return literal;
  }

  expectVar(expected: string): VarTerm {
    if (this.peek() !== K.IDENT) this.unexpected(this.i, expected);
    const t = this.i++;
    return { type: 'var', name: this.name(t), loc: this.tokenLoc(t) };
  }

  // --- operators ------------------------------------------------------------------------------

  /**
   * The `in` level. With `keyValue`, `k, v in xs` is accepted too (only at the top of a literal:
   * inside a list the comma separates items).
   */
  parseMembership(keyValue: boolean, start?: Term): Term {
    let lhs = this.parseBinaryRest(start ?? this.parseUnary(), LEVEL_REL);
    if (keyValue && this.peek() === K.COMMA) {
      this.i++;
      const value = this.parseBinary(LEVEL_REL);
      const op = this.expect(K.IN, '`in` after `key, value` (or a new line between expressions)');
      const collection = this.parseBinary(LEVEL_REL);
      lhs = this.call(MEMBER_3, [lhs, value, collection], lhs.loc, op);
    }
    while (this.peek() === K.IN) {
      const op = this.i++;
      const collection = this.parseBinary(LEVEL_REL);
      lhs = this.call(MEMBER_2, [lhs, collection], lhs.loc, op);
    }
    return lhs;
  }

  parseBinary(minLevel: number): Term {
    return this.parseBinaryRest(this.parseUnary(), minLevel);
  }

  /** Precedence climbing from an already parsed left operand. */
  parseBinaryRest(lhs: Term, minLevel: number): Term {
    for (;;) {
      const k = this.peek();
      const level = BINARY_LEVEL[k];
      if (level === 0 || level < minLevel) return lhs;
      if (k === K.MINUS && this.newlinesEndLiterals && this.newlineBefore(this.i)) return lhs;
      const op = this.i++;
      const rhs = this.parseBinaryRest(this.parseUnary(), level + 1);
      lhs = this.call(BINARY_FN[k], [lhs, rhs], lhs.loc, op);
    }
  }

  parseUnary(): Term {
    this.enter(this.i);
    let term: Term;
    if (this.peek() === K.MINUS) {
      const minus = this.i++;
      if (this.peek() === K.NUMBER) {
        const n = this.i++;
        term = { type: 'number', raw: '-' + this.text(n), loc: this.loc(minus) };
      } else {
        const operand = this.parseUnary();
        const zero: NumberTerm = { type: 'number', raw: '0', loc: this.tokenLoc(minus) };
        term = this.call(MINUS, [zero, operand], zero.loc, minus);
      }
    } else {
      term = this.parsePostfix();
    }
    this.depth--;
    return term;
  }

  // --- terms ----------------------------------------------------------------------------------

  /** A term with its `.name`, `[index]` and `(args)` suffixes. */
  parsePostfix(): Term {
    const first = this.i;
    // Scalars cannot take suffixes. Decided from the token rather than the term's `type`: the
    // terms come in a dozen shapes, so reading a field here would be a megamorphic load.
    const startKind = this.peek();
    let head = this.parsePrimary();
    if (startKind === K.LPAREN ? !canBeRefHead(head) : !REF_HEAD_START[startKind]) return head;
    // Path terms collect on the shared stack from here (-1: no path yet).
    let pathFrom = -1;
    // While true, head + path spell a dotted name (`io.jwt.decode`) that can be called.
    let named = head.type === 'var';
    for (;;) {
      if (this.spaceBefore(this.i)) break;
      const k = this.peek();
      if (k === K.DOT) {
        this.i++;
        const w = this.i;
        const wk = this.kindAt(w);
        if (this.spaceBefore(w) || !(wk === K.IDENT || isKeywordKind(this.kinds[w]))) {
          this.unexpected(w, 'a name right after `.`');
        }
        this.i++;
        if (pathFrom < 0) pathFrom = this.mark();
        this.pushItem({ type: 'string', value: this.name(w), loc: this.tokenLoc(w) } satisfies StringTerm);
      } else if (k === K.LBRACK) {
        const open = this.openBracket();
        const saved = this.newlinesEndLiterals;
        this.newlinesEndLiterals = false;
        if (pathFrom < 0) pathFrom = this.mark();
        this.pushItem(this.parseMembership(false));
        this.newlinesEndLiterals = saved;
        this.closeWith(K.RBRACK, open);
        named = false;
      } else if (k === K.LPAREN) {
        if (!named) this.fail(this.i, 'only a function name such as `f`, `io.jwt.decode` or `data.lib.f` can be called');
        let fn: string[];
        if (pathFrom >= 0) {
          fn = [(head as VarTerm).name];
          for (const p of this.takeItems<StringTerm>(pathFrom)) fn.push(p.value);
        } else {
          fn = this.functionName((head as VarTerm).name);
        }
        const fnLoc = this.loc(first);
        const args = this.parseArguments();
        head = { type: 'call', fn, args, loc: this.loc(first), fnLoc } satisfies CallTerm;
        pathFrom = -1;
        named = false;
      } else {
        break;
      }
    }
    return pathFrom >= 0 ? { type: 'ref', head, path: this.takeItems(pathFrom), loc: this.loc(first) } : head;
  }

  /** `( term, … )` of a call or a function head; a trailing comma is allowed. */
  parseArguments(): Term[] {
    const open = this.openBracket();
    const saved = this.newlinesEndLiterals;
    this.newlinesEndLiterals = false;
    const from = this.mark();
    while (this.peek() !== K.RPAREN) {
      this.pushItem(this.parseMembership(false));
      if (this.peek() !== K.COMMA) break;
      this.i++;
    }
    this.newlinesEndLiterals = saved;
    const args = this.takeItems<Term>(from);
    this.closeWith(K.RPAREN, open);
    return args;
  }

  parsePrimary(): Term {
    const t = this.i;
    switch (this.peek()) {
      case K.NUMBER:
        this.i++;
        return { type: 'number', raw: this.text(t), loc: this.tokenLoc(t) };
      case K.STRING: {
        this.i++;
        const value = this.tokens.decoded.get(t) ?? this.source.slice(this.starts[t] + 1, this.ends[t] - 1);
        return { type: 'string', value, loc: this.tokenLoc(t) };
      }
      case K.RAW_STRING:
        this.i++;
        return { type: 'string', value: this.source.slice(this.starts[t] + 1, this.ends[t] - 1), raw: true, loc: this.tokenLoc(t) };
      case K.TRUE:
      case K.FALSE:
        this.i++;
        return { type: 'boolean', value: this.kinds[t] === K.TRUE, loc: this.tokenLoc(t) };
      case K.NULL:
        this.i++;
        return { type: 'null', loc: this.tokenLoc(t) };
      case K.IDENT:
        this.i++;
        return this.identifier(t);
      case K.CONTAINS:
        // `contains` is a keyword in rule heads but also the string builtin `contains(s, x)`.
        if (this.kindAt(t + 1) === K.LPAREN && !this.spaceBefore(t + 1)) {
          this.i++;
          return { type: 'var', name: 'contains', loc: this.tokenLoc(t) };
        }
        break;
      case K.LBRACK:
        return this.parseArray();
      case K.LBRACE:
        return this.parseBraced();
      case K.LPAREN: {
        const open = this.openBracket();
        const saved = this.newlinesEndLiterals;
        this.newlinesEndLiterals = false;
        const inner = this.parseMembership(true);
        this.newlinesEndLiterals = saved;
        this.closeWith(K.RPAREN, open);
        return inner;
      }
    }
    this.unexpected(t, 'a term');
  }

  /** A variable, or `set()` (the empty set has no literal syntax of its own). */
  private identifier(t: number): Term {
    const name = this.name(t);
    if (name === 'set' && this.kindAt(this.i) === K.LPAREN && !this.spaceBefore(this.i) && this.kindAt(this.i + 1) === K.RPAREN) {
      this.i += 2;
      return { type: 'set', items: [], loc: this.loc(t) };
    }
    return { type: 'var', name, loc: this.tokenLoc(t) };
  }

  /** `[]`, `[a, b]`, `[x | body]` */
  parseArray(): Term {
    const open = this.openBracket();
    const saved = this.newlinesEndLiterals;
    this.newlinesEndLiterals = false;
    let term: Term;
    if (this.peek() === K.RBRACK) {
      term = { type: 'array', items: [], loc: this.loc(open, this.ends[this.i]) };
      this.closeBracket();
    } else {
      // The head is parsed above `|` first: `[x | …]` is a comprehension, not `or(x, …)`.
      const head = this.parseBinary(LEVEL_AND);
      if (this.peek() === K.PIPE) {
        this.i++;
        const body = this.parseQuery(K.RBRACK, open);
        this.closeBracket();
        term = { type: 'arraycomp', head, body, loc: this.loc(open) };
      } else {
        const items = this.parseItems(this.parseMembership(false, head), K.RBRACK);
        this.closeWith(K.RBRACK, open);
        term = { type: 'array', items, loc: this.loc(open) } satisfies ArrayTerm;
      }
    }
    this.newlinesEndLiterals = saved;
    return term;
  }

  /** `{}` (empty object), objects, sets, and set/object comprehensions. */
  parseBraced(): Term {
    const open = this.openBracket();
    const saved = this.newlinesEndLiterals;
    this.newlinesEndLiterals = false;
    let term: Term;
    if (this.peek() === K.RBRACE) {
      term = { type: 'object', items: [], loc: this.loc(open, this.ends[this.i]) };
      this.closeBracket();
    } else {
      const first = this.parseBinary(LEVEL_AND);
      if (this.peek() === K.PIPE) {
        this.i++;
        const body = this.parseQuery(K.RBRACE, open);
        this.closeBracket();
        term = { type: 'setcomp', head: first, body, loc: this.loc(open) };
      } else if (this.peek() === K.COLON) {
        this.i++;
        const value = this.parseBinary(LEVEL_AND);
        if (this.peek() === K.PIPE) {
          this.i++;
          const body = this.parseQuery(K.RBRACE, open);
          this.closeBracket();
          term = { type: 'objectcomp', key: first, value, body, loc: this.loc(open) };
        } else {
          term = this.parseObjectRest(open, first, this.parseMembership(false, value));
        }
      } else {
        const key = this.parseMembership(false, first);
        if (this.peek() === K.COLON) {
          this.i++;
          term = this.parseObjectRest(open, key, this.parseMembership(false));
        } else {
          const items = this.parseItems(key, K.RBRACE);
          this.closeWith(K.RBRACE, open);
          term = { type: 'set', items, loc: this.loc(open) };
        }
      }
    }
    this.newlinesEndLiterals = saved;
    return term;
  }

  private parseObjectRest(open: number, key: Term, value: Term): Term {
    const from = this.mark();
    this.pushItem([key, value]);
    while (this.peek() === K.COMMA) {
      this.i++;
      if (this.peek() === K.RBRACE) break;
      const k = this.parseMembership(false);
      this.expect(K.COLON, '`:` after an object key');
      this.pushItem([k, this.parseMembership(false)]);
    }
    const items = this.takeItems<[Term, Term]>(from);
    this.closeWith(K.RBRACE, open);
    return { type: 'object', items, loc: this.loc(open) };
  }

  /** `first` and `, item`* up to `close`, allowing one trailing comma. */
  private parseItems(first: Term, close: number): Term[] {
    const from = this.mark();
    this.pushItem(first);
    while (this.peek() === K.COMMA) {
      this.i++;
      if (this.peek() === close) break;
      this.pushItem(this.parseMembership(false));
    }
    return this.takeItems(from);
  }

  // --- helpers --------------------------------------------------------------------------------

  call(fn: readonly string[], args: Term[], from: Location, op: number): CallTerm {
    return { type: 'call', fn: fn as string[], args, loc: this.span(from), fnLoc: this.tokenLoc(op) };
  }

  /** Consumes `close` or reports what was found instead, naming the unclosed opener at EOF. */
  closeWith(close: number, open: number): void {
    const k = this.peek();
    if (k === close) {
      this.closeBracket();
      return;
    }
    if (k === K.EOF) this.unclosed(open);
    this.unexpected(this.i, `\`${punctuation(close)}\` to close the \`${punctuation(this.kinds[open])}\` at ${this.lines[open]}:${this.cols[open]}`);
  }

  /** Consumes an opening bracket and remembers it until closeBracket(). */
  openBracket(): number {
    const open = this.i++;
    this.openers.push(open);
    return open;
  }

  closeBracket(): void {
    this.i++;
    this.openers.pop();
  }

  /** Depth guard for every recursive construct. */
  enter(tok: number): void {
    if (++this.depth > MAX_NESTING) this.fail(tok, `nesting too deep (max ${MAX_NESTING})`);
  }
}

/** Token kinds whose term may be followed by `.x`, `[x]` or `(args)`: names, `set()`, collections. */
const REF_HEAD_START = new Uint8Array(64);
for (const k of [K.IDENT, K.CONTAINS, K.LBRACK, K.LBRACE]) REF_HEAD_START[k] = 1;

function canBeRefHead(t: Term): boolean {
  switch (t.type) {
    case 'var':
    case 'ref':
    case 'call':
    case 'array':
    case 'object':
    case 'set':
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      return true;
    default:
      return false;
  }
}
