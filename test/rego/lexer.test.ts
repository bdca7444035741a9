// The lexer on its own: token kinds, positions in code points, spacing flags, comments.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/rego/diagnostics.js';
import { NEWLINE_BEFORE, SPACE_BEFORE, lex } from '../../src/rego/lexer.js';
import { K } from '../../src/rego/tokens.js';

const NAMES = Object.fromEntries(Object.entries(K).map(([name, kind]) => [kind, name]));

function tokens(source: string) {
  const diagnostics: Diagnostic[] = [];
  const t = lex(source, 'l.rego', diagnostics);
  const out = [];
  for (let i = 0; i < t.count; i++) {
    out.push({
      kind: NAMES[t.kind[i]!],
      text: source.slice(t.start[i], t.end[i]),
      at: `${t.line[i]}:${t.col[i]}`,
      nl: (t.flags[i]! & NEWLINE_BEFORE) !== 0,
      sp: (t.flags[i]! & SPACE_BEFORE) !== 0,
    });
  }
  return { out, diagnostics, stream: t };
}

describe('lexer', () => {
  it('produces kinds, texts and positions', () => {
    const { out, diagnostics } = tokens('p := input.x[0] != "a"\n  q(1.5e3)');
    expect(diagnostics).toEqual([]);
    expect(out.map((t) => `${t.kind} ${t.text} ${t.at}`)).toEqual([
      'IDENT p 1:1',
      'ASSIGN := 1:3',
      'IDENT input 1:6',
      'DOT . 1:11',
      'IDENT x 1:12',
      'LBRACK [ 1:13',
      'NUMBER 0 1:14',
      'RBRACK ] 1:15',
      'NEQ != 1:17',
      'STRING "a" 1:20',
      'IDENT q 2:3',
      'LPAREN ( 2:4',
      'NUMBER 1.5e3 2:5',
      'RPAREN ) 2:10',
      'EOF  2:11',
    ]);
  });

  it('recognises every keyword and operator', () => {
    const words = 'as default else every false if import in not null package some true with contains';
    expect(tokens(words).out.slice(0, -1).map((t) => t.kind)).toEqual([
      'AS', 'DEFAULT', 'ELSE', 'EVERY', 'FALSE', 'IF', 'IMPORT', 'IN', 'NOT', 'NULL', 'PACKAGE', 'SOME', 'TRUE', 'WITH', 'CONTAINS',
    ]);
    expect(tokens('ifx contain defaults _in').out.slice(0, -1).map((t) => t.kind)).toEqual(['IDENT', 'IDENT', 'IDENT', 'IDENT']);
    const ops = ':= = == != < <= > >= + - * / % | & ( ) [ ] { } , ; : .';
    expect(tokens(ops).out.slice(0, -1).map((t) => t.kind)).toEqual([
      'ASSIGN', 'UNIFY', 'EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'PLUS', 'MINUS', 'STAR', 'SLASH', 'PERCENT', 'PIPE', 'AMP',
      'LPAREN', 'RPAREN', 'LBRACK', 'RBRACK', 'LBRACE', 'RBRACE', 'COMMA', 'SEMI', 'COLON', 'DOT',
    ]);
  });

  it('flags whitespace and newlines before each token', () => {
    const { out } = tokens('a.b c\n# note\n\td');
    expect(out.map((t) => [t.text, t.sp, t.nl])).toEqual([
      ['a', false, false],
      ['.', false, false],
      ['b', false, false],
      ['c', true, false],
      ['d', true, true],
      ['', true, false],
    ]);
  });

  it('counts columns in code points, across surrogate pairs in strings and raw strings', () => {
    const { out } = tokens('"😀😀" x `🎉\n😀` y');
    expect(out.map((t) => `${t.text.length > 3 ? t.kind : t.text} ${t.at}`)).toEqual(['STRING 1:1', 'x 1:6', 'RAW_STRING 1:8', 'y 2:4', ' 2:5']);
  });

  it('records comments with their positions', () => {
    const source = '# one\np # two\r\n  # three';
    const { stream } = tokens(source);
    expect(stream.comments.map((c) => [c.line, c.col, source.slice(c.offset, c.end)])).toEqual([
      [1, 1, '# one'],
      [2, 3, '# two'],
      [3, 3, '# three'],
    ]);
  });

  it('decodes escaped strings once, keeping plain ones as slices', () => {
    const { stream } = tokens('"plain" "a\\nb" "\\u00e9"');
    expect([...stream.decoded.entries()]).toEqual([
      [1, 'a\nb'],
      [2, 'é'],
    ]);
  });

  it('grows past its initial token capacity', () => {
    const source = '1 '.repeat(10_000) + ','.repeat(50_000);
    const { stream } = tokens(source);
    expect(stream.count).toBe(60_001);
    expect(stream.kind[59_999]).toBe(K.COMMA);
    expect(stream.col[59_999]).toBe(70_000);
  });
});
