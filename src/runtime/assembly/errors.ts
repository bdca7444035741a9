// Error reporting: opa_abort with ASCII messages, and the strict/non-strict builtin error policy.

import { malloc, realloc } from './alloc';
import { opa_abort } from './env';

let strict: bool = false;

export function accord_set_strict(flag: i32): void {
  strict = flag != 0;
}

@inline export function isStrict(): bool {
  return strict;
}

// A small growable byte buffer for building messages (only used on the error path).
let mbuf: i32 = 0;
let mlen: i32 = 0;
let mcap: i32 = 0;

export function msgReset(): void {
  mcap = 256;
  mbuf = malloc(mcap);
  mlen = 0;
}

function msgEnsure(n: i32): void {
  if (mlen + n + 1 > mcap) {
    let ncap = (mlen + n + 1) * 2;
    mbuf = realloc(mbuf, mcap, ncap);
    mcap = ncap;
  }
}

export function msgByte(b: i32): void {
  msgEnsure(1);
  store<u8>(mbuf + mlen, <u8>b);
  mlen++;
}

/** Appends an AssemblyScript static string (ASCII expected; other chars become '?'). */
export function msgStr(s: string): void {
  let n = s.length;
  msgEnsure(n);
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    store<u8>(mbuf + mlen + i, <u8>(c < 0x80 ? c : 0x3f));
  }
  mlen += n;
}

/** Appends raw bytes, replacing non-ASCII and control bytes with '?' (the SDK decodes Latin-1). */
export function msgBytes(p: i32, n: i32): void {
  msgEnsure(n);
  for (let i = 0; i < n; i++) {
    let c = <i32>load<u8>(p + i);
    store<u8>(mbuf + mlen + i, <u8>(c >= 0x20 && c < 0x7f ? c : 0x3f));
  }
  mlen += n;
}

export function msgInt(v: i64): void {
  if (v < 0) {
    msgByte(0x2d);
    if (v == i64.MIN_VALUE) {
      msgStr('9223372036854775808');
      return;
    }
    v = -v;
  }
  let tmp = malloc(24);
  let n = 0;
  do {
    store<u8>(tmp + n, <u8>(0x30 + <i32>(v % 10)));
    v /= 10;
    n++;
  } while (v != 0);
  for (let i = n - 1; i >= 0; i--) msgByte(load<u8>(tmp + i));
}

/** Terminates the message and aborts. */
export function msgAbort(): void {
  msgEnsure(1);
  store<u8>(mbuf + mlen, 0);
  opa_abort(mbuf);
  unreachable();
}

export function abortStr(s: string): void {
  msgReset();
  msgStr(s);
  msgAbort();
}

/** Starts an `eval_builtin_error: <name>: ` message. */
export function msgBuiltin(name: string): void {
  msgReset();
  msgStr('eval_builtin_error: ');
  msgStr(name);
  msgStr(': ');
}

/** A builtin domain error: aborts in strict mode, otherwise returns 0 (undefined). */
export function builtinErr(name: string, message: string): i32 {
  if (strict) {
    msgBuiltin(name);
    msgStr(message);
    msgAbort();
  }
  return 0;
}

// Type names in OPA's spelling, indexed by tag.
export function msgTypeName(v: i32): void {
  if (v == 0) {
    msgStr('undefined');
    return;
  }
  switch (<i32>load<u8>(v)) {
    case 1: msgStr('null'); break;
    case 2: msgStr('boolean'); break;
    case 3: msgStr('number'); break;
    case 4: msgStr('string'); break;
    case 5: msgStr('array'); break;
    case 6: msgStr('object'); break;
    case 7: msgStr('set'); break;
    default: msgStr('unknown');
  }
}

/**
 * "operand <pos> must be <expected> but got <type>"; `expected` is either one type name or a list
 * such as "one of {number, set}".
 */
export function typeErr(name: string, pos: i32, expected: string, got: i32): i32 {
  if (strict) {
    msgBuiltin(name);
    msgStr('operand ');
    msgInt(pos);
    msgStr(' must be ');
    msgStr(expected);
    msgStr(' but got ');
    msgTypeName(got);
    msgAbort();
  }
  return 0;
}

/** "operand <pos> must be <ctype> of <expected>s but got <ctype> containing <type>" */
export function elemErr(name: string, pos: i32, coll: i32, expected: string, got: i32): i32 {
  if (strict) {
    msgBuiltin(name);
    msgStr('operand ');
    msgInt(pos);
    msgStr(' must be ');
    msgTypeName(coll);
    msgStr(' of ');
    msgStr(expected);
    msgStr('s but got ');
    msgTypeName(coll);
    msgStr(' containing ');
    msgTypeName(got);
    msgAbort();
  }
  return 0;
}
