// Modules: package, imports, rules, and where METADATA blocks attach. Expressions and bodies live
// in expressions.ts.
//
// Error recovery: an error abandons the current statement (throwing ABORT); the parser then skips
// to the next line that starts, at the statement's column or further left, with something that can
// begin a statement (a name, `default`, `import`, `package`). One run thus reports one error per
// broken rule instead of stopping at the first.

import type { Annotation, Body, ElseClause, Import, Module, Package, Rule, RuleHead, RuleKind, StringTerm, Term, VarTerm } from './ast.js';
import { EMPTY_LIST } from './ast.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { ABORT, MAX_DIAGNOSTICS } from './cursor.js';
import { ExpressionParser } from './expressions.js';
import type { TokenStream } from './lexer.js';
import type { MetadataBlock } from './metadata.js';
import { FUTURE_KEYWORDS, K, isKeywordKind, type FutureKeyword } from './tokens.js';

/** The name part of a rule head: `p`, `a.b.c`, `a.b[x]`; `bracketed[i]` tells `a["x"]` from `a.x`. */
interface HeadRef {
  terms: Term[];
  bracketed: boolean[];
}

const STATEMENT_RULE = 0;
const STATEMENT_IMPORT = 1;
const STATEMENT_PACKAGE = 2;
const STATEMENT_EXTRA_PACKAGE = 3;
const NO_BLOCKS: readonly MetadataBlock[] = Object.freeze([]);

export class ModuleParser extends ExpressionParser {
  private pkg: Package | undefined;
  private readonly imports: Import[] = [];
  private readonly rules: Rule[] = [];
  private readonly moduleAnnotations: Annotation[] = [];
  private nextBlock = 0;
  private seenRule = false;

  constructor(
    source: string,
    file: string,
    tokens: TokenStream,
    diagnostics: Diagnostic[],
    v1: boolean,
    private readonly blocks: MetadataBlock[],
  ) {
    super(source, file, tokens, diagnostics, v1);
  }

  parseModule(): Module | undefined {
    if (this.peek() === K.PACKAGE) {
      this.statement(STATEMENT_PACKAGE);
    } else {
      this.report(this.i, `expected \`package\` at the start of the module, found ${this.describe(this.i)}`);
    }
    while (!this.atEnd()) {
      if (this.diagnostics.length >= MAX_DIAGNOSTICS) {
        // Placed at the last reported position so that it sorts after every other diagnostic.
        const last = this.diagnostics.reduce((a, b) => (b.line > a.line || (b.line === a.line && b.col > a.col) ? b : a));
        this.diagnostics.push(diagnostic('rego_parse_error', `too many errors (${MAX_DIAGNOSTICS}); stopping`, last));
        return undefined;
      }
      const k = this.peek();
      if (k === K.IMPORT) {
        if (this.seenRule) this.report(this.i, 'imports must come before the first rule');
        this.statement(STATEMENT_IMPORT);
      } else if (k === K.PACKAGE) {
        this.statement(STATEMENT_EXTRA_PACKAGE);
      } else {
        this.seenRule = true;
        this.statement(STATEMENT_RULE);
      }
    }
    for (const block of this.takeBlocksBefore(Infinity)) this.moduleAnnotations.push(block.annotation);
    if (!this.pkg) return undefined;
    return {
      file: this.file,
      package: this.pkg,
      imports: this.imports,
      rules: this.rules,
      annotations: this.moduleAnnotations,
      regoVersion: this.v1 ? 1 : 0,
    };
  }

  /** Runs one statement; on error, skips to where the next statement plausibly starts. */
  private statement(which: number): void {
    const start = this.i;
    try {
      if (which === STATEMENT_RULE) this.parseRule();
      else if (which === STATEMENT_IMPORT) this.parseImport();
      else if (which === STATEMENT_PACKAGE) this.pkg = this.parsePackage();
      else this.fail(this.i, 'a module has exactly one `package` declaration, at its start');
      if (!this.atEnd() && !this.newlineBefore(this.i)) {
        this.unexpected(this.i, 'a new line (each rule, import and package starts on its own line)');
      }
    } catch (e) {
      // The nesting limit normally prevents stack overflow; this is the backstop for callers that
      // arrive with most of the stack already used.
      if (e instanceof RangeError) this.report(Math.min(this.i, this.tokens.count - 1), 'nesting too deep (the parser ran out of stack)');
      else if (e !== ABORT) throw e;
      this.resetItems();
      this.recover(start);
    }
  }

  private recover(start: number): void {
    this.depth = 0;
    this.openers.length = 0;
    this.newlinesEndLiterals = false;
    const column = this.cols[start];
    if (this.i <= start) this.i = start + 1;
    while (!this.atEnd()) {
      const raw = this.kinds[this.i];
      const startsStatement = raw === K.IDENT || raw === K.DEFAULT || raw === K.IMPORT || raw === K.PACKAGE || this.kindAt(this.i) === K.IDENT;
      if (startsStatement && this.newlineBefore(this.i) && this.cols[this.i] <= column) return;
      this.i++;
    }
  }

  // --- package and imports --------------------------------------------------------------------

  private parsePackage(): Package {
    const start = this.i++;
    for (const block of this.takeBlocksBefore(this.starts[start])) {
      if (block.explicitScope && (block.annotation.scope === 'rule' || block.annotation.scope === 'document')) {
        this.reportAt(block.annotation.loc, `invalid METADATA: scope \`${block.annotation.scope}\` cannot apply to a package (use package or subpackages)`);
      }
      block.annotation.scope ??= 'package';
      this.moduleAnnotations.push(block.annotation);
    }
    const path = this.parseDottedPath('package', 'a package name such as `app.authz`');
    return { path: path.map((t) => (t.type === 'var' ? t.name : (t as { value: string }).value)), loc: this.loc(start) };
  }

  /** `name(.name | ["string"])*` as used by package and import paths. */
  private parseDottedPath(what: string, expected: string): [VarTerm, ...Term[]] {
    if (this.peek() !== K.IDENT) this.unexpected(this.i, expected);
    const first = this.i++;
    const terms: [VarTerm, ...Term[]] = [{ type: 'var', name: this.text(first), loc: this.tokenLoc(first) }];
    while (!this.spaceBefore(this.i)) {
      const k = this.peek();
      if (k === K.DOT) {
        this.i++;
        const w = this.i;
        if (this.spaceBefore(w) || !(this.kindAt(w) === K.IDENT || isKeywordKind(this.kinds[w]))) this.unexpected(w, 'a name right after `.`');
        this.i++;
        terms.push({ type: 'string', value: this.name(w), loc: this.tokenLoc(w) });
      } else if (k === K.LBRACK) {
        const open = this.openBracket();
        if (this.peek() !== K.STRING && this.peek() !== K.RAW_STRING) this.unexpected(this.i, `a string: ${what} paths contain only names`);
        terms.push(this.parsePrimary());
        this.closeWith(K.RBRACK, open);
      } else {
        break;
      }
    }
    return terms;
  }

  private parseImport(): void {
    const start = this.i++;
    for (const block of this.takeBlocksBefore(this.starts[start])) this.moduleAnnotations.push(block.annotation);
    const pathTok = this.i;
    const [head, ...rest] = this.parseDottedPath('import', 'an import path such as `data.lib.users`');
    const names = rest.map((t) => (t as { value: string }).value);
    let alias: string | undefined;
    if (this.peek() === K.AS) {
      this.i++;
      alias = this.expectVar('an alias name after `as`').name;
    }
    const path = rest.length === 0 ? head : { type: 'ref' as const, head, path: rest, loc: this.loc(pathTok, rest[rest.length - 1].loc.end) };
    const imp: Import = alias === undefined ? { path, loc: this.loc(start) } : { path, alias, loc: this.loc(start) };

    switch (head.name) {
      case 'data':
      case 'input':
        break;
      case 'future':
        if (names[0] !== 'keywords' || names.length > 2) {
          this.report(pathTok, 'unknown `future` import: expected `future.keywords` or `future.keywords.<keyword>`');
        } else if (names.length === 1) {
          for (const kw of FUTURE_KEYWORDS) this.enableKeyword(kw);
        } else if ((FUTURE_KEYWORDS as readonly string[]).includes(names[1])) {
          this.enableKeyword(names[1] as FutureKeyword);
        } else {
          this.report(pathTok, `unknown future keyword \`${names[1]}\` (expected one of ${FUTURE_KEYWORDS.join(', ')})`);
        }
        if (alias !== undefined) this.report(pathTok, '`future.keywords` imports cannot have an alias');
        break;
      case 'rego':
        if (names.length !== 1 || names[0] !== 'v1') this.report(pathTok, 'unknown `rego` import: the only one is `import rego.v1`');
        else this.enableV1();
        if (alias !== undefined) this.report(pathTok, '`rego.v1` cannot have an alias');
        break;
      default:
        this.report(pathTok, `import path must start with \`data\`, \`input\`, \`future.keywords\` or \`rego.v1\`, not \`${head.name}\``);
    }
    this.imports.push(imp);
  }

  // --- rules ----------------------------------------------------------------------------------

  private parseRule(): void {
    const first = this.i;
    const annotations: Annotation[] = [];
    for (const block of this.takeBlocksBefore(this.starts[first])) {
      const scope = block.annotation.scope;
      if (scope === 'package' || scope === 'subpackages') this.moduleAnnotations.push(block.annotation);
      else {
        block.annotation.scope ??= 'rule';
        annotations.push(block.annotation);
      }
    }

    const isDefault = this.peek() === K.DEFAULT;
    if (isDefault) this.i++;
    const ref = this.parseHeadRef();

    let args: Term[] | undefined;
    if (this.peek() === K.LPAREN) {
      if (ref.bracketed.includes(true)) this.fail(this.i, 'a function name cannot contain `[…]`');
      args = this.parseArguments();
    }
    let key: Term | undefined;
    let isSet = false;
    if (!args && this.peek() === K.CONTAINS) {
      if (isDefault) this.fail(this.i, '`default` cannot be used with `contains` rules');
      this.i++;
      key = this.parseMembership(false);
      isSet = true;
    }
    let value: Term | undefined;
    let assign = false;
    const opKind = this.peek();
    if (!isSet && (opKind === K.ASSIGN || opKind === K.UNIFY)) {
      const op = this.i++;
      assign = opKind === K.ASSIGN;
      // `p :=` followed by a line that starts a new rule: say the value is missing, rather than
      // reading the next rule's name as the value and failing on its `:=`.
      if (this.atEnd() || (this.newlineBefore(this.i) && this.cols[this.i] <= this.cols[first])) {
        this.fail(op, `missing value after \`${this.text(op)}\``);
      }
      value = this.parseMembership(false);
    }
    const headEndOffset = this.lastEnd();
    const next = this.peek();

    // What the head defines (see RuleKind in ast.ts).
    let kind: RuleKind;
    let refTerms = ref.terms;
    const last = ref.terms.length - 1;
    const lastTerm = ref.terms[last];
    if (args) {
      kind = 'function';
    } else if (isSet) {
      kind = 'set';
    } else if (!this.v1 && !isDefault && value === undefined && next !== K.IF && last === 1) {
      // v0 `p[x] { … }` / `p.x { … }`: a partial set containing the last element.
      kind = 'set';
      key = lastTerm;
      refTerms = ref.terms.slice(0, last);
    } else if (last > 0 && ref.bracketed[last] && lastTerm.type !== 'string') {
      kind = 'object';
      key = lastTerm;
      refTerms = ref.terms.slice(0, last);
      if (isDefault) this.fail(first, 'a default rule cannot have a key: write `default p := v`');
    } else {
      kind = 'complete';
    }

    // `p if …`: the head is exactly its name, so it shares the name's location object.
    const nameLoc = refTerms[0].loc;
    const headLoc = nameLoc.offset === this.starts[first] && nameLoc.end === headEndOffset ? nameLoc : this.loc(first, headEndOffset);
    const head: RuleHead = { ref: refTerms, assign, loc: headLoc };
    if (args) head.args = args;
    if (key) head.key = key;
    if (value) head.value = value;

    if (isDefault) {
      if (value === undefined) this.unexpected(this.i, '`:=` and a value: `default name := value`');
      if (next === K.IF || next === K.LBRACE) this.fail(this.i, 'a default rule cannot have a body');
      this.pushRule({ kind, isDefault, head, body: [], elses: [], annotations, first });
      return;
    }

    const bodies: Body[] = [];
    if (next === K.IF) {
      this.i++;
      bodies.push(this.peek() === K.LBRACE ? this.parseBraceBody() : this.parseInlineBody());
    } else if (next === K.LBRACE) {
      if (this.v1) this.report(this.i, this.v0BodyMessage(ref, this.headText(first, headEndOffset), value !== undefined, args !== undefined));
      bodies.push(this.parseBraceBody());
    } else if (value === undefined && !isSet && kind !== 'set') {
      // Nothing after the name: `p`, `f(x)`, or v1 `p[x]`.
      if (this.v1 && !args && last > 0 && ref.bracketed[last]) {
        this.fail(first, `\`${this.headText(first, headEndOffset)}\` is Rego v0 syntax; in v1 write \`${this.refText(ref, last)} contains ${this.termText(lastTerm)}\``);
      }
      if (this.atEnd() || this.newlineBefore(this.i)) {
        this.fail(first, `rule \`${this.headText(first, headEndOffset)}\` has neither a value nor a body; write \`${this.headText(first, headEndOffset)} := <value>\` or \`${this.headText(first, headEndOffset)} if { … }\``);
      }
      this.unexpected(this.i, '`:=`, `=`, `if` or `contains` after the rule name');
    }
    // v0 allows several bodies after one head (`p { a } { b }`): one rule per body.
    while (bodies.length > 0 && this.peek() === K.LBRACE) {
      if (this.v1) this.report(this.i, `several bodies after one head are Rego v0 syntax; in v1 repeat the head: \`${this.headText(first, headEndOffset)} if { … }\``);
      bodies.push(this.parseBraceBody());
    }

    const elses: ElseClause[] = [];
    while (this.peek() === K.ELSE) {
      const e = this.i++;
      if (kind !== 'complete' && kind !== 'function') this.fail(e, '`else` can only follow a single-value rule or a function, not a partial set or object rule');
      if (bodies.length !== 1) this.fail(e, bodies.length === 0 ? '`else` needs a rule with a body before it' : '`else` cannot follow several bodies');
      let elseValue: Term | undefined;
      let elseAssign = false;
      const op = this.peek();
      if (op === K.ASSIGN || op === K.UNIFY) {
        this.i++;
        elseAssign = op === K.ASSIGN;
        elseValue = this.parseMembership(false);
      }
      let body: Body = [];
      if (this.peek() === K.IF) {
        this.i++;
        body = this.peek() === K.LBRACE ? this.parseBraceBody() : this.parseInlineBody();
      } else if (this.peek() === K.LBRACE) {
        if (this.v1) {
          const text = this.source.slice(this.starts[e], this.starts[this.i]).trim();
          this.report(this.i, `\`${text} { … }\` is Rego v0 syntax; in v1 write \`${text} if { … }\` (rule body requires \`if\` in Rego v1)`);
        }
        body = this.parseBraceBody();
      }
      const clause: ElseClause = elseValue === undefined ? { body, assign: elseAssign, loc: this.loc(e) } : { value: elseValue, body, assign: elseAssign, loc: this.loc(e) };
      elses.push(clause);
    }

    if (bodies.length === 0) bodies.push([]);
    for (let b = 0; b < bodies.length; b++) {
      this.pushRule({
        kind,
        isDefault: false,
        head: b === 0 ? head : { ...head },
        body: bodies[b],
        elses: b === 0 && elses.length > 0 ? elses : (EMPTY_LIST as never[]),
        annotations: b === 0 ? annotations : (EMPTY_LIST as never[]),
        first,
      });
    }
  }

  private pushRule(r: { kind: RuleKind; isDefault: boolean; head: RuleHead; body: Body; elses: ElseClause[]; annotations: Annotation[]; first: number }): void {
    // A rule without a body spans exactly its head: share the head's location object.
    const end = this.lastEnd();
    const loc = r.head.loc.end === end ? r.head.loc : this.loc(r.first, end);
    this.rules.push({
      type: 'rule',
      kind: r.kind,
      default: r.isDefault,
      head: r.head,
      body: r.body,
      else: r.elses.length === 0 ? (EMPTY_LIST as never[]) : r.elses,
      annotations: r.annotations.length === 0 ? (EMPTY_LIST as never[]) : r.annotations,
      loc,
    });
  }

  /** `p`, `a.b.c`, `a.b[x]`, `a["k"].c` — a rule name with optional ref elements. */
  private parseHeadRef(): HeadRef {
    const t = this.i;
    const k = this.peek();
    if (k !== K.IDENT) {
      if (isKeywordKind(k)) this.fail(t, `\`${this.text(t)}\` is a keyword and cannot be used as a rule name`);
      this.unexpected(t, 'a rule, `import` or `default`');
    }
    this.i++;
    const from = this.mark();
    this.pushItem({ type: 'var', name: this.name(t), loc: this.tokenLoc(t) } satisfies VarTerm);
    const bracketed = [false];
    while (!this.spaceBefore(this.i)) {
      const next = this.peek();
      if (next === K.DOT) {
        this.i++;
        const w = this.i;
        if (this.spaceBefore(w) || !(this.kindAt(w) === K.IDENT || isKeywordKind(this.kinds[w]))) this.unexpected(w, 'a name right after `.`');
        this.i++;
        this.pushItem({ type: 'string', value: this.name(w), loc: this.tokenLoc(w) } satisfies StringTerm);
        bracketed.push(false);
      } else if (next === K.LBRACK) {
        const open = this.openBracket();
        const saved = this.newlinesEndLiterals;
        this.newlinesEndLiterals = false;
        this.pushItem(this.parseMembership(false));
        this.newlinesEndLiterals = saved;
        this.closeWith(K.RBRACK, open);
        bracketed.push(true);
      } else {
        break;
      }
    }
    return { terms: this.takeItems<Term>(from), bracketed };
  }

  /** The error for `head { … }` in v1, showing the v1 spelling of this very head. */
  private v0BodyMessage(ref: HeadRef, headText: string, hasValue: boolean, isFunction: boolean): string {
    const last = ref.terms.length - 1;
    const lastTerm = ref.terms[last];
    if (!hasValue && !isFunction && last > 0 && (ref.bracketed[last] || lastTerm.type === 'string')) {
      const element = ref.bracketed[last] ? this.termText(lastTerm) : JSON.stringify((lastTerm as { value: string }).value);
      return `\`${headText} { … }\` is Rego v0 syntax; in v1 write \`${this.refText(ref, last)} contains ${element} if { … }\``;
    }
    return `\`${headText} { … }\` is Rego v0 syntax; in v1 write \`${headText} if { … }\` (rule body requires \`if\` in Rego v1)`;
  }

  /** The head as written, on one line, for messages that show the v1 spelling. */
  private headText(first: number, end: number): string {
    return this.source.slice(this.starts[first], end).replace(/\s+/g, ' ');
  }

  private refText(ref: HeadRef, upTo: number): string {
    return this.source.slice(ref.terms[0].loc.offset, ref.terms[upTo - 1].loc.end + (ref.bracketed[upTo - 1] ? 1 : 0));
  }

  private termText(t: Term): string {
    return this.source.slice(t.loc.offset, t.loc.end);
  }

  // --- METADATA -------------------------------------------------------------------------------

  /** The not-yet-attached blocks that start before `offset`, in order. */
  private takeBlocksBefore(offset: number): readonly MetadataBlock[] {
    if (this.nextBlock >= this.blocks.length || this.blocks[this.nextBlock].offset >= offset) return NO_BLOCKS;
    const taken: MetadataBlock[] = [];
    while (this.nextBlock < this.blocks.length && this.blocks[this.nextBlock].offset < offset) taken.push(this.blocks[this.nextBlock++]);
    return taken;
  }
}
