// The Rego lexer: one linear pass over the source producing a columnar token stream (typed arrays
// indexed by token number). The parser needs arbitrary lookahead and, for error recovery, random
// access; columns of small integers give both without allocating an object per token.
//
// Lexical errors are reported as diagnostics right here, where the exact location is known. Spans
// that cannot become a token (unterminated strings, stray characters) become ERROR tokens so the
// parser can skip them without reporting a second, less precise error.

import { diagnostic, type Diagnostic } from './diagnostics.js';
import { K, KEYWORDS } from './tokens.js';

/** Token flag: at least one newline between the previous token and this one. */
export const NEWLINE_BEFORE = 1;
/** Token flag: whitespace or a comment between the previous token and this one. */
export const SPACE_BEFORE = 2;

export interface Comment {
  /** UTF-16 offset of the `#`. */
  offset: number;
  /** Offset just past the comment text (before the line break). */
  end: number;
  line: number;
  col: number;
}

export interface TokenStream {
  count: number;
  kind: Uint8Array;
  flags: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  col: Int32Array;
  /** For identifiers and keywords: a hash of the text, so the parser can share name strings. */
  hash: Int32Array;
  /** Decoded values of string tokens that contained escapes (others are a plain slice). */
  decoded: Map<number, string>;
  comments: Comment[];
}

export interface LexOptions {
  /** Stop recording diagnostics after this many (the lexer still finishes the stream). */
  maxErrors?: number;
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
/** Characters that may begin a token; anything else is reported as unexpected. */
function canStartToken(c: number): boolean {
  return (
    isIdentStart(c) ||
    isDigit(c) ||
    c === 32 || c === 9 || c === 10 || c === 13 ||
    (c < 128 && '"`#(){}[],;:.=<>+-*/%|&'.includes(String.fromCharCode(c)))
  );
}

/** Names a character for an error message: printable ones quoted, others as U+XXXX. */
export function describeChar(cp: number): string {
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) return hex;
  return `'${String.fromCodePoint(cp)}' (${hex})`;
}

export function lex(source: string, file: string, diagnostics: Diagnostic[], options: LexOptions = {}): TokenStream {
  const maxErrors = options.maxErrors ?? Infinity;
  const len = source.length;
  // Typical Rego has one token per ~4 characters; the arrays grow if that guess is low.
  let cap = Math.max(64, (len >> 2) + 16);
  let kind = new Uint8Array(cap);
  let flags = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let lines = new Int32Array(cap);
  let cols = new Int32Array(cap);
  let hashes = new Int32Array(cap);
  let count = 0;
  const decoded = new Map<number, string>();
  const comments: Comment[] = [];

  let pos = 0;
  let line = 1;
  let lineStart = 0;
  // Surrogate pairs seen so far on the current line: columns count code points, offsets UTF-16
  // units, so each pair makes the column one less than the offset difference.
  let lineSurrogates = 0;
  let pending = 0; // flags for the next token

  const col = (offset: number) => offset - lineStart - lineSurrogates + 1;
  const report = (message: string, offset: number, ln = line, c = col(offset)) => {
    if (diagnostics.length < maxErrors) {
      diagnostics.push(diagnostic('rego_parse_error', message, { file, line: ln, col: c, offset }));
    }
  };

  function grow() {
    cap *= 2;
    const k2 = new Uint8Array(cap); k2.set(kind); kind = k2;
    const f2 = new Uint8Array(cap); f2.set(flags); flags = f2;
    const s2 = new Int32Array(cap); s2.set(start); start = s2;
    const e2 = new Int32Array(cap); e2.set(end); end = e2;
    const l2 = new Int32Array(cap); l2.set(lines); lines = l2;
    const c2 = new Int32Array(cap); c2.set(cols); cols = c2;
    const h2 = new Int32Array(cap); h2.set(hashes); hashes = h2;
  }
  function push(k: number, s: number, e: number, ln: number, c: number) {
    if (count === cap) grow();
    kind[count] = k;
    flags[count] = pending;
    start[count] = s;
    end[count] = e;
    lines[count] = ln;
    cols[count] = c;
    count++;
    pending = 0;
  }

  // A byte-order mark is an encoding artefact, not content.
  if (len > 0 && source.charCodeAt(0) === 0xfeff) {
    pos = 1;
    lineStart = 1;
  }

  while (pos < len) {
    const c = source.charCodeAt(pos);

    if (c === 32 || c === 9 || c === 13) {
      // Indentation comes in runs; skip a run without going round the main loop for each char.
      pos++;
      while (pos < len) {
        const w = source.charCodeAt(pos);
        if (w !== 32 && w !== 9 && w !== 13) break;
        pos++;
      }
      pending |= SPACE_BEFORE;
      continue;
    }
    if (c === 10) {
      pos++;
      line++;
      lineStart = pos;
      lineSurrogates = 0;
      pending |= NEWLINE_BEFORE | SPACE_BEFORE;
      continue;
    }
    if (c === 35) {
      // `#` comment to end of line. Comments never contain a line break, so surrogates inside
      // them cannot shift the column of a later token on the same line.
      let stop = source.indexOf('\n', pos);
      if (stop < 0) stop = len;
      let textEnd = stop;
      if (textEnd > pos && source.charCodeAt(textEnd - 1) === 13) textEnd--;
      comments.push({ offset: pos, end: textEnd, line, col: col(pos) });
      pos = stop;
      pending |= SPACE_BEFORE;
      continue;
    }

    const s = pos;
    const ln = line;
    const cl = col(pos);

    if (isIdentStart(c)) {
      let h = c;
      pos++;
      for (; pos < len; pos++) {
        const ch = source.charCodeAt(pos);
        if (!isIdentPart(ch)) break;
        h = (Math.imul(h, 31) + ch) | 0;
      }
      push(pos - s <= 8 ? keywordKind(source, s, pos) : K.IDENT, s, pos, ln, cl);
      hashes[count - 1] = h;
      continue;
    }

    if (isDigit(c)) {
      pos = scanNumber(s);
      push(K.NUMBER, s, pos, ln, cl);
      continue;
    }

    if (c === 34) {
      const k = scanString(s, ln, cl);
      push(k, s, pos, ln, cl);
      continue;
    }

    if (c === 96) {
      const close = source.indexOf('`', s + 1);
      if (close < 0) {
        report('unterminated raw string (missing closing backtick)', s, ln, cl);
        advanceOver(s + 1, len);
        pos = len;
        push(K.ERROR, s, pos, ln, cl);
      } else {
        advanceOver(s + 1, close);
        pos = close + 1;
        push(K.RAW_STRING, s, pos, ln, cl);
      }
      continue;
    }

    const n = pos + 1 < len ? source.charCodeAt(pos + 1) : 0;
    let k = -1;
    let width = 1;
    switch (c) {
      case 40: k = K.LPAREN; break;
      case 41: k = K.RPAREN; break;
      case 91: k = K.LBRACK; break;
      case 93: k = K.RBRACK; break;
      case 123: k = K.LBRACE; break;
      case 125: k = K.RBRACE; break;
      case 44: k = K.COMMA; break;
      case 59: k = K.SEMI; break;
      case 46: k = K.DOT; break;
      case 43: k = K.PLUS; break;
      case 45: k = K.MINUS; break;
      case 42: k = K.STAR; break;
      case 47: k = K.SLASH; break;
      case 37: k = K.PERCENT; break;
      case 124: k = K.PIPE; break;
      case 38: k = K.AMP; break;
      case 58: if (n === 61) { k = K.ASSIGN; width = 2; } else k = K.COLON; break;
      case 61: if (n === 61) { k = K.EQ; width = 2; } else k = K.UNIFY; break;
      case 60: if (n === 61) { k = K.LTE; width = 2; } else k = K.LT; break;
      case 62: if (n === 61) { k = K.GTE; width = 2; } else k = K.GT; break;
      case 33: if (n === 61) { k = K.NEQ; width = 2; } break;
    }
    if (k >= 0) {
      pos += width;
      push(k, s, pos, ln, cl);
      continue;
    }

    // Unexpected character(s). A run of them is one error, so binary garbage yields one message.
    const cp = source.codePointAt(pos)!;
    report(
      cp === 33 ? "unexpected character '!' (use `!=` for inequality or `not` for negation)" : `unexpected character ${describeChar(cp)}`,
      s,
      ln,
      cl,
    );
    if (cp > 0xffff) lineSurrogates++;
    pos += cp > 0xffff ? 2 : 1;
    while (pos < len) {
      const ch = source.charCodeAt(pos);
      if (canStartToken(ch)) break;
      if (ch >= 0xd800 && ch <= 0xdbff && pos + 1 < len) {
        const lo = source.charCodeAt(pos + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          lineSurrogates++;
          pos += 2;
          continue;
        }
      }
      pos++;
    }
    push(K.ERROR, s, pos, ln, cl);
  }

  pending |= SPACE_BEFORE;
  push(K.EOF, len, len, line, col(len));

  return {
    count,
    kind: kind.subarray(0, count),
    flags: flags.subarray(0, count),
    start: start.subarray(0, count),
    end: end.subarray(0, count),
    line: lines.subarray(0, count),
    col: cols.subarray(0, count),
    hash: hashes.subarray(0, count),
    decoded,
    comments,
  };

  /** Tracks lines and surrogate pairs inside a multi-line span (raw strings). */
  function advanceOver(from: number, to: number) {
    for (let i = from; i < to; i++) {
      const ch = source.charCodeAt(i);
      if (ch === 10) {
        line++;
        lineStart = i + 1;
        lineSurrogates = 0;
      } else if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < to) {
        const lo = source.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          lineSurrogates++;
          i++;
        }
      }
    }
  }

  /** Numbers follow JSON: int [frac] [exp], no leading zeros. The raw text is kept by the parser. */
  function scanNumber(s: number): number {
    let p = s;
    if (source.charCodeAt(p) === 48 && p + 1 < len && isDigit(source.charCodeAt(p + 1))) {
      report('invalid number: leading zeros are not allowed', s);
    }
    while (p < len && isDigit(source.charCodeAt(p))) p++;
    if (p < len && source.charCodeAt(p) === 46 && p + 1 < len && isDigit(source.charCodeAt(p + 1))) {
      p++;
      while (p < len && isDigit(source.charCodeAt(p))) p++;
    } else if (p < len && source.charCodeAt(p) === 46 && !(p + 1 < len && isIdentStart(source.charCodeAt(p + 1)))) {
      // `1.` followed by neither a digit nor a name: a missing fraction, not a ref (`x.1` is no ref).
      report('invalid number: expected digits after the decimal point', p);
      p++;
    }
    const e = p < len ? source.charCodeAt(p) : 0;
    if (e === 101 || e === 69) {
      let q = p + 1;
      const sign = q < len ? source.charCodeAt(q) : 0;
      if (sign === 43 || sign === 45) q++;
      if (q < len && isDigit(source.charCodeAt(q))) {
        while (q < len && isDigit(source.charCodeAt(q))) q++;
        p = q;
      } else {
        report('invalid number: expected digits in the exponent', p);
        p = q;
      }
    }
    if (p < len && isIdentStart(source.charCodeAt(p))) {
      report('invalid number: a number cannot be followed by letters', s);
      while (p < len && isIdentPart(source.charCodeAt(p))) p++;
    }
    return p;
  }

  /**
   * Scans a double-quoted string starting at `s`, validating escapes as JSON does (plus the
   * surrogate-pair rule: a `\uD800`-`\uDBFF` escape must be followed by a `\uDC00`-`\uDFFF` one).
   * Sets `pos` past the string; returns STRING, or ERROR when unterminated.
   */
  function scanString(s: number, ln: number, cl: number): number {
    let p = s + 1;
    let parts: string[] | null = null;
    let segment = p;
    let controlReported = false;
    for (;;) {
      // Printable ASCII other than `"` and `\` is by far the common case: skip it in a tight loop.
      while (p < len) {
        const ch = source.charCodeAt(p);
        if (ch < 0x20 || ch > 0x7e || ch === 34 || ch === 92) break;
        p++;
      }
      if (p >= len) {
        report('unterminated string (missing closing quote)', s, ln, cl);
        pos = p;
        return K.ERROR;
      }
      const ch = source.charCodeAt(p);
      if (ch === 34) break;
      if (ch === 10) {
        report('unterminated string (strings cannot span lines; use a raw `string` for multi-line text)', s, ln, cl);
        pos = p;
        return K.ERROR;
      }
      if (ch === 92) {
        parts ??= [];
        parts.push(source.slice(segment, p));
        const esc = p + 1 < len ? source.charCodeAt(p + 1) : -1;
        const simple = SIMPLE_ESCAPES[esc];
        if (simple !== undefined) {
          parts.push(simple);
          p += 2;
        } else if (esc === 117) {
          const unit = readHex4(p + 2);
          if (unit < 0) {
            report('invalid escape: \\u must be followed by four hex digits', p);
            p += 2;
          } else if (unit >= 0xd800 && unit <= 0xdbff) {
            const low = source.charCodeAt(p + 6) === 92 && source.charCodeAt(p + 7) === 117 ? readHex4(p + 8) : -1;
            if (low >= 0xdc00 && low <= 0xdfff) {
              parts.push(String.fromCharCode(unit, low));
              p += 12;
            } else {
              report(`invalid escape: lone surrogate \\u${hex4(unit)} (a high surrogate must be followed by a low one)`, p);
              p += 6;
            }
          } else if (unit >= 0xdc00 && unit <= 0xdfff) {
            report(`invalid escape: lone surrogate \\u${hex4(unit)} (a low surrogate must follow a high one)`, p);
            p += 6;
          } else {
            parts.push(String.fromCharCode(unit));
            p += 6;
          }
        } else if (esc < 0 || esc === 10) {
          p += 1; // the loop reports the unterminated string
        } else {
          const cp = source.codePointAt(p + 1)!;
          report(`invalid escape sequence \\${cp < 0x20 ? describeChar(cp) : String.fromCodePoint(cp)} in string`, p);
          p += cp > 0xffff ? 3 : 2;
        }
        segment = p;
        continue;
      }
      if (ch < 0x20) {
        if (!controlReported) report(`invalid control character ${describeChar(ch)} in string (use an escape such as \\t)`, p);
        controlReported = true;
        p++;
        continue;
      }
      if (ch >= 0xd800 && ch <= 0xdbff && p + 1 < len) {
        const lo = source.charCodeAt(p + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          lineSurrogates++;
          p += 2;
          continue;
        }
      }
      p++;
    }
    if (parts) {
      parts.push(source.slice(segment, p));
      decoded.set(count, parts.join(''));
    }
    pos = p + 1;
    return K.STRING;
  }

  function readHex4(p: number): number {
    if (p + 4 > len) return -1;
    for (let i = p; i < p + 4; i++) if (!isHex(source.charCodeAt(i))) return -1;
    return parseInt(source.slice(p, p + 4), 16);
  }
}

/** IDENT or the keyword's kind, without allocating a substring for every identifier. */
function keywordKind(source: string, s: number, e: number): number {
  const candidates = KEYWORDS_BY_FIRST_CHAR[source.charCodeAt(s)];
  if (candidates === undefined) return K.IDENT;
  for (const [word, kind] of candidates) {
    if (word.length === e - s && source.startsWith(word, s)) return kind;
  }
  return K.IDENT;
}

const KEYWORDS_BY_FIRST_CHAR: Array<Array<[string, number]> | undefined> = [];
for (const [word, kind] of KEYWORDS) (KEYWORDS_BY_FIRST_CHAR[word.charCodeAt(0)] ??= []).push([word, kind]);

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
