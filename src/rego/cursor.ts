// Token cursor shared by the expression and module parsers: lookahead, locations, the keyword mode
// (which future keywords are active) and error reporting.

import type { Location } from './ast.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { NEWLINE_BEFORE, SPACE_BEFORE, type TokenStream } from './lexer.js';
import { FUTURE_KEYWORDS, K, isKeywordKind, punctuation, type FutureKeyword } from './tokens.js';

/**
 * Thrown to abandon the current statement after its error was recorded; the module parser catches
 * it and resynchronises at the next rule. A single shared instance: no stack trace is needed.
 */
export const ABORT = Object.freeze({ abort: true });

/** Stop after this many diagnostics: a binary file fed to `accord check` should not print 10⁶ lines. */
export const MAX_DIAGNOSTICS = 100;

const FUTURE_KIND: Record<FutureKeyword, number> = { contains: K.CONTAINS, every: K.EVERY, if: K.IF, in: K.IN };

export class TokenCursor {
  i = 0;
  /** Token indexes of the brackets currently open (innermost last), for end-of-file errors. */
  protected openers: number[] = [];
  /**
   * One stack that every list (body, path, arguments, items) is collected on, then copied out with
   * its exact length. An array grown by push() keeps a backing store of at least 17 slots, and a
   * large policy has ~150k small lists that all survive into the AST: three times the memory, all
   * of it copied by the garbage collector, which is a third of the parse time.
   */
  private readonly stack: unknown[] = [];
  private top = 0;
  /** Rego v1 rules (bodies need `if`, partial sets need `contains`). */
  v1: boolean;
  /**
   * Maps a lexed kind to the kind the parser sees. Identity, except that in v0 the future keywords
   * read as identifiers until imported.
   */
  private readonly effective = new Uint8Array(64);
  protected readonly kinds: Uint8Array;
  protected readonly flags: Uint8Array;
  protected readonly starts: Int32Array;
  protected readonly ends: Int32Array;
  protected readonly lines: Int32Array;
  protected readonly cols: Int32Array;
  protected readonly hashes: Int32Array;

  constructor(
    readonly source: string,
    readonly file: string,
    readonly tokens: TokenStream,
    readonly diagnostics: Diagnostic[],
    v1: boolean,
  ) {
    this.kinds = tokens.kind;
    this.flags = tokens.flags;
    this.starts = tokens.start;
    this.ends = tokens.end;
    this.lines = tokens.line;
    this.cols = tokens.col;
    this.hashes = tokens.hash;
    for (let k = 0; k < 64; k++) this.effective[k] = k;
    this.v1 = false;
    if (v1) this.enableV1();
    else for (const kw of FUTURE_KEYWORDS) this.effective[FUTURE_KIND[kw]] = K.IDENT;
  }

  enableV1(): void {
    this.v1 = true;
    for (const kw of FUTURE_KEYWORDS) this.enableKeyword(kw);
  }

  enableKeyword(kw: FutureKeyword): void {
    this.effective[FUTURE_KIND[kw]] = FUTURE_KIND[kw];
  }

  isKeywordEnabled(kw: FutureKeyword): boolean {
    return this.effective[FUTURE_KIND[kw]] !== K.IDENT;
  }

  // --- lookahead -----------------------------------------------------------------------------

  kindAt(i: number): number {
    return this.effective[this.kinds[i]];
  }
  peek(): number {
    return this.effective[this.kinds[this.i]];
  }
  text(i: number): string {
    return this.source.slice(this.starts[i], this.ends[i]);
  }
  newlineBefore(i: number): boolean {
    return (this.flags[i] & NEWLINE_BEFORE) !== 0;
  }
  spaceBefore(i: number): boolean {
    return (this.flags[i] & SPACE_BEFORE) !== 0;
  }
  atEnd(): boolean {
    return this.kinds[this.i] === K.EOF;
  }
  /** Offset just past the last consumed token. */
  lastEnd(): number {
    return this.i > 0 ? this.ends[this.i - 1] : 0;
  }

  // --- lists (see `stack`) ---------------------------------------------------------------------

  /** Where the next list starts on the shared stack. */
  protected mark(): number {
    return this.top;
  }

  protected pushItem(item: unknown): void {
    this.stack[this.top++] = item;
  }

  /** The items pushed since `from`, as an exact-length array; pops them. */
  protected takeItems<T>(from: number): T[] {
    const items = this.stack.slice(from, this.top) as T[];
    this.top = from;
    return items;
  }

  /** After an abandoned statement: whatever its lists had collected is dropped. */
  protected resetItems(): void {
    this.top = 0;
  }

  // --- locations ------------------------------------------------------------------------------

  /** From the start of token `tok` to `end` (default: the end of the last consumed token). */
  loc(tok: number, end: number = this.lastEnd()): Location {
    return { file: this.file, line: this.lines[tok], col: this.cols[tok], offset: this.starts[tok], end };
  }
  tokenLoc(tok: number): Location {
    return this.loc(tok, this.ends[tok]);
  }
  /** From an existing node's start to `end`. */
  span(from: Location, end: number = this.lastEnd()): Location {
    return { file: this.file, line: from.line, col: from.col, offset: from.offset, end };
  }

  // --- errors ---------------------------------------------------------------------------------

  /** Records an error at token `tok` and carries on (the structure is still clear). */
  report(tok: number, message: string): void {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) {
      this.diagnostics.push(
        diagnostic('rego_parse_error', message, { file: this.file, line: this.lines[tok], col: this.cols[tok], offset: this.starts[tok] }),
      );
    }
  }
  reportAt(loc: Location, message: string): void {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) this.diagnostics.push(diagnostic('rego_parse_error', message, loc));
  }

  /**
   * Records an error at token `tok` and abandons the statement. ERROR tokens were already reported
   * by the lexer, so failing on one adds nothing.
   */
  fail(tok: number, message: string): never {
    if (this.kinds[tok] !== K.ERROR) this.report(tok, message);
    throw ABORT;
  }

  unexpected(tok: number, expected: string): never {
    // Running out of input inside brackets: the opener that was never closed is what to fix.
    if (this.kinds[tok] === K.EOF && this.openers.length > 0) this.unclosed(this.openers[this.openers.length - 1]);
    this.fail(tok, `unexpected ${this.describe(tok)}; expected ${expected}`);
  }

  /** At end of file inside brackets: point at the opener, which is what needs fixing. */
  unclosed(open: number): never {
    const o = punctuation(this.kinds[open]);
    const c = o === '{' ? '}' : o === '[' ? ']' : ')';
    this.fail(open, `unclosed \`${o}\`: the file ends before its matching \`${c}\``);
  }

  expect(kind: number, expected: string): number {
    if (this.peek() !== kind) this.unexpected(this.i, expected);
    return this.i++;
  }

  /** Names a token for a message: "end of file", "`:=`", "keyword `if`", "name `foo`". */
  describe(tok: number): string {
    const raw = this.kinds[tok];
    const kind = this.kindAt(tok);
    switch (kind) {
      case K.EOF:
        return 'end of file';
      case K.ERROR:
        return 'invalid input';
      case K.NUMBER:
        return `number ${this.text(tok)}`;
      case K.STRING:
      case K.RAW_STRING:
        return 'string';
      case K.IDENT: {
        const name = this.text(tok);
        // A v0 module using a v1 keyword without importing it: say how to enable it.
        if (isKeywordKind(raw)) {
          return `name \`${name}\` (in Rego v0 \`${name}\` is a keyword only after \`import future.keywords.${name}\` or \`import rego.v1\`)`;
        }
        return `name \`${name}\``;
      }
      default:
        if (isKeywordKind(kind)) return `keyword \`${this.text(tok)}\``;
        return `\`${punctuation(kind)}\``;
    }
  }
}
