// regex.* builtins: RE2 syntax and semantics via re2js (a pure-JS port of RE2), as OPA uses Go's
// regexp (RE2). Compiled patterns are cached in a bounded LRU shared by all evaluations.
//
// Go's iteration rules are reproduced on top of re2js's matcher: "all matches" skip an empty match
// that abuts the previous match, replacement templates use Go's `$name`/`${name}` expansion, and
// Split follows regexp.Regexp.Split.

import { RE2JS } from 're2js';
import { fail, int, str } from './errors.js';
import { codePointWidth, LRU } from './util.js';

const cache = new LRU<string, RE2JS | string>(512);

/** Compiles (or fetches) a pattern; throws BuiltinError with RE2's message when it is invalid. */
export function compileRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch (e) {
      re = e instanceof Error ? e.message : String(e);
    }
    cache.set(pattern, re);
  }
  if (typeof re === 'string') fail(re);
  return re;
}

/** Number of cached patterns (for tests). */
export function regexCacheSize(): number {
  return cache.size;
}

/** [start, end] pairs of every group (index 0 = whole match); -1 when the group did not participate. */
type Match = number[];

/**
 * Go's regexp allMatches: successive non-overlapping matches; an empty match immediately after the
 * previous match is ignored; `limit < 0` means all.
 */
function allMatches(re: RE2JS, s: string, limit: number, groups: boolean): Match[] {
  const out: Match[] = [];
  if (limit === 0) return out;
  const m = re.matcher(s);
  const ngroups = groups ? re.groupCount() : 0;
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length && (limit < 0 || out.length < limit)) {
    if (!m.find(pos)) break;
    const start = m.start();
    const end = m.end();
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      // Empty match: advance by one code point.
      pos = start < s.length ? start + codePointWidth(s, start) : s.length + 1;
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) {
      const match: Match = [start, end];
      for (let g = 1; g <= ngroups; g++) match.push(m.start(g), m.end(g));
      out.push(match);
    }
  }
  return out;
}

export function regexMatch(pattern: unknown, value: unknown): boolean {
  const re = compileRegex(str(pattern, 1));
  return re.test(str(value, 2));
}

export function regexIsValid(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    compileRegex(pattern);
    return true;
  } catch {
    return false;
  }
}

export function regexFindN(pattern: unknown, value: unknown, number: unknown): string[] {
  const re = compileRegex(str(pattern, 1));
  const s = str(value, 2);
  const n = int(number, 3);
  return allMatches(re, s, n, false).map((m) => s.slice(m[0], m[1]));
}

export function regexFindAllStringSubmatchN(pattern: unknown, value: unknown, number: unknown): string[][] {
  const re = compileRegex(str(pattern, 1));
  const s = str(value, 2);
  const n = int(number, 3);
  return allMatches(re, s, n, true).map((m) => {
    const groups: string[] = [];
    for (let i = 0; i < m.length; i += 2) groups.push(m[i]! >= 0 ? s.slice(m[i], m[i + 1]) : '');
    return groups;
  });
}

/** Go's (*Regexp).Split(s, -1). */
export function regexSplit(pattern: unknown, value: unknown): string[] {
  const re = compileRegex(str(pattern, 1));
  const s = str(value, 2);
  if (re.pattern().length > 0 && s.length === 0) return [''];
  const matches = allMatches(re, s, -1, false);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    end = m[0]!;
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Go's Regexp.Expand template: `$1`, `$name`, `${name}`, `$$`; names are as long as possible. */
function expand(template: string, s: string, m: Match, named: Record<string, number>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    if (template[i] === '{') {
      const close = template.indexOf('}', i + 1);
      const inner = close < 0 ? '' : template.slice(i + 1, close);
      if (close >= 0 && /^[A-Za-z0-9_]+$/.test(inner)) {
        name = inner;
        i = close + 1;
      }
    } else {
      const w = /^[A-Za-z0-9_]+/.exec(template.slice(i));
      if (w) {
        name = w[0];
        i += name.length;
      }
    }
    if (name === undefined) {
      // Malformed: the `$` is literal text.
      out += '$';
      continue;
    }
    let g = -1;
    if (/^\d+$/.test(name)) {
      const n = Number(name);
      if (n * 2 < m.length) g = n;
    } else if (Object.prototype.hasOwnProperty.call(named, name)) {
      g = named[name]!;
    }
    if (g >= 0 && m[2 * g]! >= 0) out += s.slice(m[2 * g], m[2 * g + 1]);
  }
  return out;
}

/** Go's ReplaceAllString(s, repl). */
export function regexReplace(input: unknown, pattern: unknown, value: unknown): string {
  const s = str(input, 1);
  const re = compileRegex(str(pattern, 2));
  const repl = str(value, 3);
  const named = re.namedGroups();
  const usesGroups = repl.includes('$');
  const ngroups = usesGroups ? re.groupCount() : 0;
  const m = re.matcher(s);
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    if (!m.find(searchPos)) break;
    const start = m.start();
    const end = m.end();
    out += s.slice(lastMatchEnd, start);
    // No replacement for an empty match right after the previous match.
    if (end > lastMatchEnd || start === 0) {
      if (usesGroups) {
        const match: Match = [start, end];
        for (let g = 1; g <= ngroups; g++) match.push(m.start(g), m.end(g));
        out += expand(repl, s, match, named);
      } else out += repl;
    }
    lastMatchEnd = end;
    const width = searchPos < s.length ? codePointWidth(s, searchPos) : 0;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + s.slice(lastMatchEnd);
}

/** RE2's QuoteMeta: escapes every character that is special in a regular expression. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const templateCache = new LRU<string, RE2JS | string>(256);

/**
 * regex.template_match: the template's parts between the (single-character) delimiters are
 * regular expressions, the rest is literal; the whole must match the value.
 */
export function regexTemplateMatch(template: unknown, value: unknown, delimStart: unknown, delimEnd: unknown): boolean {
  const tpl = str(template, 1);
  const v = str(value, 2);
  const ds = str(delimStart, 3);
  const de = str(delimEnd, 4);
  if ([...ds].length !== 1) fail(`start delimiter has to be exactly one character long but is ${[...ds].length} long`);
  if ([...de].length !== 1) fail(`end delimiter has to be exactly one character long but is ${[...de].length} long`);
  const key = `${ds}\u0000${de}\u0000${tpl}`;
  let re = templateCache.get(key);
  if (re === undefined) {
    try {
      re = compileTemplate(tpl, ds, de);
    } catch (e) {
      re = e instanceof Error ? e.message : String(e);
    }
    templateCache.set(key, re);
  }
  if (typeof re === 'string') fail(re);
  return re.matches(v);
}

function compileTemplate(tpl: string, ds: string, de: string): RE2JS {
  // Find balanced delimiter pairs.
  const idxs: number[] = [];
  let level = 0;
  let idx = 0;
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i];
    if (c === ds) {
      if (++level === 1) idx = i;
    } else if (c === de) {
      if (--level === 0) idxs.push(idx, i + 1);
      else if (level < 0) throw new Error(`unbalanced braces in "${tpl}"`);
    }
  }
  if (level !== 0) throw new Error(`unbalanced braces in "${tpl}"`);
  let pattern = '';
  let end = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(end, idxs[i]);
    end = idxs[i + 1]!;
    const inner = tpl.slice(idxs[i]! + 1, end - 1);
    // Each variable part must be a valid expression on its own.
    RE2JS.compile(`^${inner}$`);
    pattern += `${quoteMeta(raw)}(${inner})`;
  }
  pattern += quoteMeta(tpl.slice(end));
  // re2js `matches` is anchored at both ends.
  return RE2JS.compile(pattern);
}
