// The tiny type language of the builtin catalog.
//
// Written as strings in the catalog ("array<string>", "object<string, any>", "[number, string]",
// "string | null") and parsed once into `RegoType` values that the compiler's type checker and the
// emitter consume. The grammar:
//
//   type    := primary ('|' primary)*
//   primary := 'any' | 'number' | 'string' | 'boolean' | 'null'
//            | 'array' ['<' type '>']          (plain `array` = array<any>)
//            | 'set' ['<' type '>']            (plain `set` = set<any>)
//            | 'object' ['<' type ',' type '>'] (plain `object` = object<any, any>)
//            | '[' type (',' type)* ']'        (a tuple: an array of exactly these element types)
//            | '(' type ')'
//
// `any` is also how polymorphic arguments are written (e.g. `eq(any, any)`).

export type RegoType =
  | { kind: 'any' }
  | { kind: 'number' }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'null' }
  | { kind: 'array'; of: RegoType }
  | { kind: 'tuple'; items: RegoType[] }
  | { kind: 'set'; of: RegoType }
  | { kind: 'object'; key: RegoType; value: RegoType }
  | { kind: 'union'; of: RegoType[] };

export const ANY: RegoType = { kind: 'any' };

export interface NamedParam {
  name: string;
  type: RegoType;
}

class TypeSyntaxError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  private ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private peek(): string {
    this.ws();
    return this.src[this.pos] ?? '';
  }

  private eat(ch: string): boolean {
    if (this.peek() === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(ch: string): void {
    if (!this.eat(ch)) throw new TypeSyntaxError(`expected '${ch}' at ${this.pos} in "${this.src}"`);
  }

  private ident(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.src.slice(this.pos));
    if (!m) throw new TypeSyntaxError(`expected a name at ${this.pos} in "${this.src}"`);
    this.pos += m[0].length;
    return m[0];
  }

  atEnd(): boolean {
    return this.peek() === '';
  }

  type(): RegoType {
    const members = [this.primary()];
    while (this.eat('|')) members.push(this.primary());
    return members.length === 1 ? members[0]! : union(members);
  }

  private primary(): RegoType {
    if (this.eat('(')) {
      const t = this.type();
      this.expect(')');
      return t;
    }
    if (this.eat('[')) {
      const items = [this.type()];
      while (this.eat(',')) items.push(this.type());
      this.expect(']');
      return { kind: 'tuple', items };
    }
    const name = this.ident();
    switch (name) {
      case 'any':
      case 'number':
      case 'string':
      case 'boolean':
      case 'null':
        return { kind: name };
      case 'array':
      case 'set': {
        let of: RegoType = ANY;
        if (this.eat('<')) {
          of = this.type();
          this.expect('>');
        }
        return { kind: name, of };
      }
      case 'object': {
        let key: RegoType = ANY;
        let value: RegoType = ANY;
        if (this.eat('<')) {
          key = this.type();
          this.expect(',');
          value = this.type();
          this.expect('>');
        }
        return { kind: 'object', key, value };
      }
      default:
        throw new TypeSyntaxError(`unknown type "${name}" in "${this.src}"`);
    }
  }

  /** `name: type, name: type` (an empty string is an empty list). */
  params(): NamedParam[] {
    const out: NamedParam[] = [];
    if (this.atEnd()) return out;
    do {
      const name = this.ident();
      this.expect(':');
      out.push({ name, type: this.type() });
    } while (this.eat(','));
    return out;
  }
}

function union(members: RegoType[]): RegoType {
  const flat: RegoType[] = [];
  for (const m of members) {
    if (m.kind === 'union') flat.push(...m.of);
    else flat.push(m);
  }
  if (flat.some((m) => m.kind === 'any')) return ANY;
  return { kind: 'union', of: flat };
}

/** Parses a type written in the catalog's type language. Throws on a syntax error. */
export function parseType(src: string): RegoType {
  const p = new Parser(src);
  const t = p.type();
  if (!p.atEnd()) throw new TypeSyntaxError(`trailing text in type "${src}"`);
  return t;
}

/** Parses a parameter list `name: type, name: type`. */
export function parseParams(src: string): NamedParam[] {
  const p = new Parser(src);
  const out = p.params();
  if (!p.atEnd()) throw new TypeSyntaxError(`trailing text in parameters "${src}"`);
  return out;
}

/** The type written back in the type language (parseType(formatType(t)) is equivalent to t). */
export function formatType(t: RegoType): string {
  switch (t.kind) {
    case 'any':
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
      return t.kind;
    case 'array':
      return t.of.kind === 'any' ? 'array' : `array<${formatType(t.of)}>`;
    case 'set':
      return t.of.kind === 'any' ? 'set' : `set<${formatType(t.of)}>`;
    case 'object':
      return t.key.kind === 'any' && t.value.kind === 'any'
        ? 'object'
        : `object<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'tuple':
      return `[${t.items.map(formatType).join(', ')}]`;
    case 'union':
      return t.of.map((m) => (m.kind === 'union' ? `(${formatType(m)})` : formatType(m))).join(' | ');
  }
}

/**
 * True when some value could have both types: the test a type checker uses to report an argument
 * type error only when an argument can never be valid (`rego_type_error`).
 */
export function typesOverlap(a: RegoType, b: RegoType): boolean {
  if (a.kind === 'any' || b.kind === 'any') return true;
  if (a.kind === 'union') return a.of.some((m) => typesOverlap(m, b));
  if (b.kind === 'union') return b.of.some((m) => typesOverlap(a, m));
  switch (a.kind) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
      return a.kind === b.kind;
    case 'set':
      return b.kind === 'set' && typesOverlap(a.of, b.of);
    case 'object':
      return b.kind === 'object' && typesOverlap(a.key, b.key) && typesOverlap(a.value, b.value);
    case 'array':
      if (b.kind === 'array') return typesOverlap(a.of, b.of);
      if (b.kind === 'tuple') return b.items.every((i) => typesOverlap(a.of, i));
      return false;
    case 'tuple':
      if (b.kind === 'tuple') {
        return a.items.length === b.items.length && a.items.every((t, i) => typesOverlap(t, b.items[i]!));
      }
      if (b.kind === 'array') return a.items.every((i) => typesOverlap(i, b.of));
      return false;
  }
}

/** True when every value of `actual` is a value of `expected` (subtyping). */
export function typeAccepts(expected: RegoType, actual: RegoType): boolean {
  if (expected.kind === 'any') return true;
  if (actual.kind === 'union') return actual.of.every((m) => typeAccepts(expected, m));
  if (expected.kind === 'union') return expected.of.some((m) => typeAccepts(m, actual));
  if (actual.kind === 'any') return false;
  switch (expected.kind) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
      return expected.kind === actual.kind;
    case 'set':
      return actual.kind === 'set' && typeAccepts(expected.of, actual.of);
    case 'object':
      return actual.kind === 'object' && typeAccepts(expected.key, actual.key) && typeAccepts(expected.value, actual.value);
    case 'array':
      if (actual.kind === 'array') return typeAccepts(expected.of, actual.of);
      if (actual.kind === 'tuple') return actual.items.every((i) => typeAccepts(expected.of, i));
      return false;
    case 'tuple':
      return (
        actual.kind === 'tuple' &&
        actual.items.length === expected.items.length &&
        actual.items.every((t, i) => typeAccepts(expected.items[i]!, t))
      );
  }
}

/** True when the type is a set (or a union of sets): host results of such a type must be converted back from arrays. */
export function isSetType(t: RegoType): boolean {
  if (t.kind === 'set') return true;
  if (t.kind === 'union') return t.of.length > 0 && t.of.every(isSetType);
  return false;
}

/** True when the type mentions a set anywhere (JSON carries sets as sorted arrays). */
export function mentionsSet(t: RegoType): boolean {
  switch (t.kind) {
    case 'set':
      return true;
    case 'array':
      return mentionsSet(t.of);
    case 'object':
      return mentionsSet(t.key) || mentionsSet(t.value);
    case 'tuple':
      return t.items.some(mentionsSet);
    case 'union':
      return t.of.some(mentionsSet);
    default:
      return false;
  }
}
