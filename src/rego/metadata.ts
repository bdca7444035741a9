// `# METADATA` comment blocks. As in OPA, a block starts with a comment that reads exactly
// `# METADATA` at column 1 and continues over the comment lines directly below it (also at
// column 1); the first line that is not such a comment ends it. The text after each `#` forms a
// YAML document. Which node the block belongs to is decided by the parser (see parser.ts), which
// sees where the next statement starts.

import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import type { Annotation, Location } from './ast.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { Comment } from './lexer.js';

export interface MetadataBlock {
  annotation: Annotation;
  /** Offset of the `# METADATA` line and just past the block's last line. */
  offset: number;
  end: number;
  /** The YAML set `scope` itself (otherwise the parser fills in the default for the target). */
  explicitScope: boolean;
}

const SCOPES = new Set(['rule', 'document', 'package', 'subpackages']);

/** Where one YAML line came from, to map YAML error positions back into the Rego source. */
interface YamlLine {
  /** Offset in the YAML text where this line starts. */
  yamlOffset: number;
  line: number;
  /** Source column (code points) and offset of the YAML line's first character. */
  col: number;
  offset: number;
  text: string;
}

export function extractMetadata(source: string, file: string, comments: Comment[], diagnostics: Diagnostic[]): MetadataBlock[] {
  const blocks: MetadataBlock[] = [];
  for (let c = 0; c < comments.length; c++) {
    const head = comments[c];
    if (head.col !== 1 || !isMarker(source, head)) continue;
    let last = c;
    while (
      last + 1 < comments.length &&
      comments[last + 1].col === 1 &&
      comments[last + 1].line === comments[last].line + 1 &&
      !isMarker(source, comments[last + 1])
    ) {
      last++;
    }
    const block = parseBlock(source, file, comments, c, last, diagnostics);
    if (block) blocks.push(block);
    c = last;
  }
  return blocks;
}

/** `# METADATA` (any spacing), checked without slicing: policies can have many comments. */
function isMarker(source: string, c: Comment): boolean {
  let p = c.offset + 1;
  while (p < c.end && (source.charCodeAt(p) === 32 || source.charCodeAt(p) === 9)) p++;
  if (!source.startsWith('METADATA', p)) return false;
  for (p += 8; p < c.end; p++) if (source.charCodeAt(p) !== 32 && source.charCodeAt(p) !== 9) return false;
  return true;
}

function parseBlock(
  source: string,
  file: string,
  comments: Comment[],
  first: number,
  last: number,
  diagnostics: Diagnostic[],
): MetadataBlock | undefined {
  const head = comments[first];
  const loc: Location = { file, line: head.line, col: head.col, offset: head.offset, end: comments[last].end };

  // The YAML is the comment text after `#`, with the indentation common to all lines removed so
  // both `# title: x` and `#title: x` work.
  const raw = [];
  for (let c = first + 1; c <= last; c++) raw.push(source.slice(comments[c].offset + 1, comments[c].end));
  let indent = Infinity;
  for (const text of raw) {
    if (text.trim() === '') continue;
    indent = Math.min(indent, text.length - text.trimStart().length);
  }
  if (!Number.isFinite(indent)) indent = 0;
  const lines: YamlLine[] = [];
  let yamlOffset = 0;
  for (let n = 0; n < raw.length; n++) {
    const comment = comments[first + 1 + n];
    const text = raw[n].slice(Math.min(indent, raw[n].length));
    const skipped = raw[n].length - text.length;
    lines.push({ yamlOffset, line: comment.line, col: comment.col + 1 + skipped, offset: comment.offset + 1 + skipped, text });
    yamlOffset += text.length + 1;
  }
  const yaml = lines.map((l) => l.text).join('\n');

  const report = (message: string, yamlPos?: number) => {
    const at = yamlPos === undefined ? loc : locate(lines, yamlPos, loc);
    diagnostics.push(diagnostic('rego_parse_error', `invalid METADATA: ${message}`, at));
  };

  const flatKeys = new Map<string, number>();
  const simple = parseFlatYaml(lines, flatKeys);
  if (simple) return toBlock(simple, flatKeys, head, last, comments, loc, report);

  let doc: Document;
  try {
    doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    report(String((e as Error).message ?? e));
    return undefined;
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    report(firstLine(e.message), e.pos[0]);
    return undefined;
  }
  if (doc.contents === null) {
    report('the block is empty (expected YAML such as `title: …`)');
    return undefined;
  }
  if (!isMap(doc.contents)) {
    report('expected a YAML mapping such as `title: …`', doc.contents.range?.[0]);
    return undefined;
  }
  let value: unknown;
  try {
    // maxAliasCount bounds "billion laughs" alias expansion.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    report(firstLine(String((e as Error).message ?? e)));
    return undefined;
  }
  // Positions of the top-level keys, for precise type errors.
  const keyPos = new Map<string, number>();
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && pair.key.range) keyPos.set(String(pair.key.value), pair.key.range[0]);
  }
  return toBlock(value as Record<string, unknown>, keyPos, head, last, comments, loc, report);
}

/** Validates the known keys and builds the block. */
function toBlock(
  data: Record<string, unknown>,
  keyPos: Map<string, number>,
  head: Comment,
  last: number,
  comments: Comment[],
  loc: Location,
  report: (message: string, yamlPos?: number) => void,
): MetadataBlock | undefined {
  let ok = true;
  const valid = (key: string, isValid: boolean, expected: string): boolean => {
    if (key in data && !isValid) {
      report(`\`${key}\` must be ${expected}`, keyPos.get(key));
      ok = false;
    }
    return key in data && isValid;
  };
  const { scope, title, description, entrypoint, custom } = data;
  const customIsMapping = typeof custom === 'object' && custom !== null && !Array.isArray(custom);
  // Keys in a readable order for `accord parse --json`; absent ones are left out.
  const annotation: Annotation = {} as Annotation;
  if (valid('scope', typeof scope === 'string' && SCOPES.has(scope), 'one of rule, document, package, subpackages')) annotation.scope = scope as Annotation['scope'];
  if (valid('title', typeof title === 'string', 'a string')) annotation.title = title as string;
  if (valid('description', typeof description === 'string', 'a string')) annotation.description = description as string;
  if (valid('entrypoint', typeof entrypoint === 'boolean', 'true or false')) annotation.entrypoint = entrypoint as boolean;
  if (valid('custom', customIsMapping, 'a mapping')) annotation.custom = custom as Record<string, unknown>;
  annotation.raw = data;
  annotation.loc = loc;
  if (!ok) return undefined;
  return { annotation, offset: head.offset, end: comments[last].end, explicitScope: 'scope' in data };
}

// Most blocks are a few `key: plain text` lines (title, description, entrypoint: true). Those are
// read directly; the YAML library costs ~100x more per block and dominated parse time for
// annotated policies. Anything the pattern does not capture with certainty goes to the library.
const FLAT_LINE = /^( *)([A-Za-z_][A-Za-z0-9_-]*):(?: +([A-Za-z][A-Za-z0-9 _.,;()\/'-]*?))? *$/;

/** Reads `key: text` lines, with at most one level of nesting (`custom:` + indented pairs). */
function parseFlatYaml(lines: YamlLine[], keyPos: Map<string, number>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let nested: Record<string, unknown> | undefined;
  let nestedIndent = 0;
  for (const line of lines) {
    const m = FLAT_LINE.exec(line.text);
    if (!m) return undefined;
    const indent = m[1]!.length;
    const key = m[2]!;
    const text = m[3];
    let target = out;
    if (indent > 0) {
      if (!nested || (nestedIndent !== 0 && indent !== nestedIndent)) return undefined;
      nestedIndent = indent;
      target = nested;
    } else {
      if (nested && nestedIndent === 0) return undefined; // `key:` with nothing under it is null
      nested = undefined;
    }
    if (key in target || key === '__proto__') return undefined;
    if (indent === 0) keyPos.set(key, line.yamlOffset);
    if (text === undefined) {
      if (indent > 0) return undefined;
      nested = {};
      nestedIndent = 0;
      target[key] = nested;
      continue;
    }
    if (text === 'true' || text === 'false') target[key] = text === 'true';
    // Other spellings YAML gives a meaning to (True, NULL, null, …) are left to the library.
    else if (/^(true|false|null|~)$/i.test(text)) return undefined;
    else target[key] = text;
  }
  if (nested && nestedIndent === 0) return undefined;
  return lines.length > 0 ? out : undefined;
}

function locate(lines: YamlLine[], yamlPos: number, fallback: Location): Location {
  let n = lines.length - 1;
  while (n > 0 && lines[n].yamlOffset > yamlPos) n--;
  const line = lines[n];
  if (!line) return fallback;
  const within = Math.max(0, Math.min(yamlPos - line.yamlOffset, line.text.length));
  const col = line.col + Array.from(line.text.slice(0, within)).length;
  return { file: fallback.file, line: line.line, col, offset: line.offset + within, end: line.offset + within };
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return (nl < 0 ? message : message.slice(0, nl)).replace(/ at line \d+, column \d+:?$/, '');
}
