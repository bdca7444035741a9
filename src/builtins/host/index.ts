// Accord's host builtins: the JS implementations of every catalog entry with `runsIn: 'host'`,
// keyed by `accord.<name>` (see HOST_PREFIX in ../catalog.ts) and passed to the opa-wasm SDK as
// custom builtins. Everything here is synchronous and Edge-safe (no `node:` modules, no Buffer,
// no WebCrypto).
//
// Errors: by default a builtin given invalid arguments returns `undefined` (the call is undefined
// in Rego, as OPA's non-strict mode). With `strict: true` it throws
// `Error("eval_builtin_error: <name>: <message>")` instead, which aborts the evaluation.
//
// Per-evaluation state: time.now_ns is read once, and uuid.rfc4122 / rand.intn return the same
// value for the same arguments, for the lifetime of one map. Create one map per evaluation (what
// Accord's engine is meant to do); as a safety net, the state also resets at the end of the
// current synchronous job (a microtask), so a map reused across requests never freezes the clock.

import { HOST_PREFIX, hostBuiltinNames } from '../catalog.js';
import {
  cryptoHmacEqual,
  cryptoHmacMd5,
  cryptoHmacSha1,
  cryptoHmacSha256,
  cryptoHmacSha512,
  cryptoMd5,
  cryptoSha1,
  cryptoSha256,
} from './crypto.js';
import {
  jsonMarshalWithOptions,
  jsonPatch,
  urlqueryDecode,
  urlqueryDecodeObject,
  urlqueryEncode,
  urlqueryEncodeObject,
  yamlIsValid,
  yamlMarshal,
  yamlUnmarshal,
} from './encoding.js';
import { wrapBuiltin, type HostFn, type JsonObject } from './errors.js';
import { globMatch, globQuoteMeta } from './glob.js';
import {
  bitsAnd,
  bitsLsh,
  bitsNegate,
  bitsOr,
  bitsRsh,
  bitsXor,
  defaultRandomBytes,
  graphReachable,
  makeOpaRuntime,
  makeRandIntn,
  makeUuid,
  trace,
  type RandomBytes,
} from './misc.js';
import { cidrContains, cidrContainsMatches, cidrExpand, cidrIntersects, cidrIsValid, cidrMerge } from './net.js';
import {
  regexFindAllStringSubmatchN,
  regexFindN,
  regexIsValid,
  regexMatch,
  regexReplace,
  regexSplit,
  regexTemplateMatch,
} from './regex.js';
import { semverCompare, semverIsValid, unitsParse, unitsParseBytes } from './semver.js';
import { sprintf } from './sprintf.js';
import { addDate, clock, date, diff, format, nowNsFrom, parseDurationNs, parseNs, parseRfc3339Ns, weekday } from './time.js';
import { jwtDecode, jwtDecodeVerify, jwtVerifyHs256, jwtVerifyHs384, jwtVerifyHs512 } from './tokens.js';

export interface HostBuiltinOptions {
  /** Throw `eval_builtin_error` errors instead of returning undefined (OPA's strict builtin errors). */
  strict?: boolean;
  /** The clock, in nanoseconds since the epoch (default: `Date.now()` in ms × 10^6). */
  now?: () => bigint;
  /** Source of random bytes for uuid.rfc4122 and rand.intn (default: `crypto.getRandomValues`). */
  random?: RandomBytes;
  /** What opa.runtime() returns (an `env` key is always dropped). Default `{}`. */
  runtime?: JsonObject;
}

export type HostBuiltins = Record<string, (...args: unknown[]) => unknown>;

const defaultNow = () => BigInt(Date.now()) * 1_000_000n;

/** The host builtins, keyed by `accord.<OPA name>`. */
export function createHostBuiltins(options: HostBuiltinOptions = {}): HostBuiltins {
  const strict = options.strict ?? false;
  const random = options.random ?? defaultRandomBytes;
  const clockSource = options.now ?? defaultNow;

  // Per-evaluation state (see the file comment).
  let now!: () => number;
  let uuid!: (k: unknown) => string;
  let randIntn!: (s: unknown, n: unknown) => number;
  let resetScheduled = false;
  const reset = () => {
    now = nowNsFrom(clockSource);
    uuid = makeUuid(random);
    randIntn = makeRandIntn(random);
    resetScheduled = false;
  };
  reset();
  const touch = () => {
    if (!resetScheduled) {
      resetScheduled = true;
      queueMicrotask(reset);
    }
  };

  const impls: Record<string, HostFn> = {
    sprintf: (f, v) => sprintf(f, v),

    'regex.match': (p, v) => regexMatch(p, v),
    'regex.is_valid': (p) => regexIsValid(p),
    'regex.find_n': (p, v, n) => regexFindN(p, v, n),
    'regex.find_all_string_submatch_n': (p, v, n) => regexFindAllStringSubmatchN(p, v, n),
    'regex.split': (p, v) => regexSplit(p, v),
    'regex.replace': (s, p, v) => regexReplace(s, p, v),
    'regex.template_match': (t, v, ds, de) => regexTemplateMatch(t, v, ds, de),

    'glob.match': (p, d, m) => globMatch(p, d, m),
    'glob.quote_meta': (p) => globQuoteMeta(p),

    'time.now_ns': () => {
      touch();
      return now();
    },
    'time.parse_rfc3339_ns': (v) => parseRfc3339Ns(v),
    'time.parse_ns': (l, v) => parseNs(l, v),
    'time.parse_duration_ns': (d) => parseDurationNs(d),
    'time.format': (x) => format(x),
    'time.date': (x) => date(x),
    'time.clock': (x) => clock(x),
    'time.weekday': (x) => weekday(x),
    'time.add_date': (x, y, m, d) => addDate(x, y, m, d),
    'time.diff': (a, b) => diff(a, b),

    'net.cidr_contains': (a, b) => cidrContains(a, b),
    'net.cidr_intersects': (a, b) => cidrIntersects(a, b),
    'net.cidr_is_valid': (a) => cidrIsValid(a),
    'net.cidr_merge': (a) => cidrMerge(a),
    'net.cidr_expand': (a) => cidrExpand(a),
    'net.cidr_contains_matches': (a, b) => cidrContainsMatches(a, b),

    'crypto.md5': (x) => cryptoMd5(x),
    'crypto.sha1': (x) => cryptoSha1(x),
    'crypto.sha256': (x) => cryptoSha256(x),
    'crypto.hmac.md5': (x, k) => cryptoHmacMd5(x, k),
    'crypto.hmac.sha1': (x, k) => cryptoHmacSha1(x, k),
    'crypto.hmac.sha256': (x, k) => cryptoHmacSha256(x, k),
    'crypto.hmac.sha512': (x, k) => cryptoHmacSha512(x, k),
    'crypto.hmac.equal': (a, b) => cryptoHmacEqual(a, b),

    'io.jwt.decode': (t) => jwtDecode(t),
    'io.jwt.verify_hs256': (t, s) => jwtVerifyHs256(t, s),
    'io.jwt.verify_hs384': (t, s) => jwtVerifyHs384(t, s),
    'io.jwt.verify_hs512': (t, s) => jwtVerifyHs512(t, s),
    'io.jwt.decode_verify': (t, c) =>
      jwtDecodeVerify(t, c, () => {
        touch();
        return now();
      }),

    'semver.compare': (a, b) => semverCompare(a, b),
    'semver.is_valid': (v) => semverIsValid(v),
    'units.parse': (x) => unitsParse(x),
    'units.parse_bytes': (x) => unitsParseBytes(x),

    'urlquery.encode': (x) => urlqueryEncode(x),
    'urlquery.decode': (x) => urlqueryDecode(x),
    'urlquery.encode_object': (x) => urlqueryEncodeObject(x),
    'urlquery.decode_object': (x) => urlqueryDecodeObject(x),
    'yaml.marshal': (x) => yamlMarshal(x),
    'yaml.unmarshal': (x) => yamlUnmarshal(x),
    'yaml.is_valid': (x) => yamlIsValid(x),
    'json.marshal_with_options': (x, o) => jsonMarshalWithOptions(x, o),
    'json.patch': (x, p) => jsonPatch(x, p),

    'bits.or': (x, y) => bitsOr(x, y),
    'bits.and': (x, y) => bitsAnd(x, y),
    'bits.xor': (x, y) => bitsXor(x, y),
    'bits.negate': (x) => bitsNegate(x),
    'bits.lsh': (x, s) => bitsLsh(x, s),
    'bits.rsh': (x, s) => bitsRsh(x, s),
    'graph.reachable': (g, i) => graphReachable(g, i),

    'uuid.rfc4122': (k) => {
      touch();
      return uuid(k);
    },
    'rand.intn': (s, n) => {
      touch();
      return randIntn(s, n);
    },
    'opa.runtime': makeOpaRuntime(options.runtime),
    trace: (n) => trace(n),
  };

  const out: HostBuiltins = {};
  for (const name of hostBuiltinNames()) {
    const fn = impls[name];
    if (!fn) throw new Error(`host builtin ${name} is catalogued but not implemented`);
    out[HOST_PREFIX + name] = wrapBuiltin(name, fn, strict);
  }
  return out;
}

/** A default (non-strict) map, for callers that do not need per-evaluation options. */
export const hostBuiltins: HostBuiltins = createHostBuiltins();
