// glob.match / glob.quote_meta, with the syntax of gobwas/glob (what OPA uses):
//
//   *        any sequence of characters except the delimiters
//   **       any sequence of characters, delimiters included
//   ?        any single character except a delimiter
//   [abc]    one of the characters; [a-z] a range; [!abc] / [!a-z] negated (delimiters allowed)
//   {a,b*}   one of the comma-separated sub-patterns (which may nest)
//   \x       the character x literally
//
// A pattern is translated once into an anchored RE2 expression (cached in a bounded LRU keyed by
// pattern and delimiters) and matched with re2js, so matching is linear-time.

import { RE2JS } from 're2js';
import { arr, BuiltinError, fail, str } from './errors.js';
import { LRU } from './util.js';

const cache = new LRU<string, RE2JS | string>(512);

function escapeRune(ch: string): string {
  return `\\x{${ch.codePointAt(0)!.toString(16)}}`;
}

class GlobParser {
  private i = 0;
  private readonly chars: string[];
  constructor(
    pattern: string,
    private readonly notDelim: string,
    private readonly any: string,
  ) {
    this.chars = [...pattern];
  }

  parse(): string {
    const re = this.sequence(false);
    if (this.i < this.chars.length) fail(`unexpected '${this.chars[this.i]}' in glob pattern`);
    return re;
  }

  /** A sequence up to the end, or (inside braces) up to an unescaped ',' or '}'. */
  private sequence(inBraces: boolean): string {
    let out = '';
    while (this.i < this.chars.length) {
      const c = this.chars[this.i]!;
      if (inBraces && (c === ',' || c === '}')) break;
      this.i++;
      switch (c) {
        case '*':
          if (this.chars[this.i] === '*') {
            this.i++;
            out += `${this.any}*`;
          } else out += `${this.notDelim}*`;
          break;
        case '?':
          out += this.notDelim;
          break;
        case '[':
          out += this.charClass();
          break;
        case '{':
          out += this.alternatives();
          break;
        case '\\':
          if (this.i >= this.chars.length) fail('unexpected end of glob pattern after escape');
          out += escapeRune(this.chars[this.i++]!);
          break;
        default:
          out += escapeRune(c);
      }
    }
    return out;
  }

  private charClass(): string {
    let negated = false;
    if (this.chars[this.i] === '!') {
      negated = true;
      this.i++;
    }
    const items: string[] = [];
    for (;;) {
      if (this.i >= this.chars.length) fail('unexpected end of glob pattern: unclosed [');
      let c = this.chars[this.i++]!;
      if (c === ']') break;
      if (c === '\\') {
        if (this.i >= this.chars.length) fail('unexpected end of glob pattern after escape');
        c = this.chars[this.i++]!;
      }
      if (this.chars[this.i] === '-' && this.i + 1 < this.chars.length && this.chars[this.i + 1] !== ']') {
        this.i++;
        let hi = this.chars[this.i++]!;
        if (hi === '\\') {
          if (this.i >= this.chars.length) fail('unexpected end of glob pattern after escape');
          hi = this.chars[this.i++]!;
        }
        if (hi.codePointAt(0)! < c.codePointAt(0)!) fail(`invalid range ${c}-${hi} in glob pattern`);
        items.push(`${escapeRune(c)}-${escapeRune(hi)}`);
      } else {
        items.push(escapeRune(c));
      }
    }
    if (items.length === 0) fail('empty character class in glob pattern');
    return `[${negated ? '^' : ''}${items.join('')}]`;
  }

  private alternatives(): string {
    const alts: string[] = [];
    for (;;) {
      alts.push(this.sequence(true));
      if (this.i >= this.chars.length) fail('unexpected end of glob pattern: unclosed {');
      const c = this.chars[this.i++]!;
      if (c === '}') break;
    }
    return `(?:${alts.join('|')})`;
  }
}

/** Translates a glob into an anchored RE2 pattern (exported for tests and tooling). */
export function globToRegex(pattern: string, delimiters: string[]): string {
  const notDelim = delimiters.length === 0 ? '(?s:.)' : `[^${delimiters.map(escapeRune).join('')}]`;
  const body = new GlobParser(pattern, notDelim, '(?s:.)').parse();
  return `^${body}$`;
}

function delimitersOf(v: unknown): string[] {
  if (v === null) return [];
  const list = arr(v, 2);
  if (list.length === 0) return ['.'];
  return list.map((d) => {
    if (typeof d !== 'string' || [...d].length !== 1) {
      fail(`operand 2 must be array of single-character strings but got ${JSON.stringify(d)}`);
    }
    return d;
  });
}

function compileGlob(pattern: string, delimiters: string[]): RE2JS {
  const key = `${delimiters.join('')}\u0000${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    try {
      re = RE2JS.compile(globToRegex(pattern, delimiters));
    } catch (e) {
      re = e instanceof BuiltinError || e instanceof Error ? e.message : String(e);
    }
    cache.set(key, re);
  }
  if (typeof re === 'string') fail(re);
  return re;
}

export function globMatch(pattern: unknown, delimiters: unknown, match: unknown): boolean {
  const p = str(pattern, 1);
  const d = delimitersOf(delimiters);
  const m = str(match, 3);
  return compileGlob(p, d).test(m);
}

/** Escapes glob metacharacters (`* ? \ [ ] { }`) with a backslash. */
export function globQuoteMeta(pattern: unknown): string {
  return str(pattern, 1).replace(/[*?\\[\]{}]/g, '\\$&');
}
