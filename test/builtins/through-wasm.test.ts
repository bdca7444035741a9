// Builtins exercised the way policies use them: compiled by Accord, loaded by the unmodified SDK
// with Accord's host builtins, in Node and (a sample) inside the Edge runtime emulation. The
// per-builtin tables live next to each implementation; this file checks the wiring: names,
// argument passing, set results, undefined on bad input, strict errors, one clock per evaluation.
import { bundleForEdge } from '../helpers/edge.js';
import { EdgeVM } from '@edge-runtime/vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/index.js';
import { loadAccordPolicy } from '../../src/engine/policy.js';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';


// [rule, expected value] — each rule is compiled into one module and evaluated as an entrypoint.
const cases: Array<[string, unknown]> = [
  ['re_match := regex.match(`^\\pL+$`, "héllo")', true],
  ['re_invalid := regex.is_valid("(")', false],
  ['re_split := regex.split(`\\s*,\\s*`, "a , b,c")', ['a', 'b', 'c']],
  ['re_find := regex.find_n(`[0-9]+`, "a1b22c333", 2)', ['1', '22']],
  ['glob_ok := glob.match("api.*.read", ["."], "api.docs.read")', true],
  ['glob_no := glob.match("api.*.read", ["."], "api.docs.x.read")', false],
  ['cidr := net.cidr_contains("2001:db8::/32", "2001:db8::1")', true],
  ['cidr4 := net.cidr_contains("10.0.0.0/8", "192.168.1.1")', false],
  ['expand := net.cidr_expand("192.0.2.0/31")', ['192.0.2.0', '192.0.2.1']],
  ['sha := crypto.sha256("abc")', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['hmac_eq := crypto.hmac.equal("a", "a")', true],
  ['fmt := sprintf("%s has %d roles (%v)", ["bob", 2, true])', 'bob has 2 roles (true)'],
  ['semver_cmp := semver.compare("1.10.0", "1.9.3")', 1],
  ['bytes := units.parse_bytes("10KiB")', 10240],
  ['rfc := time.parse_rfc3339_ns("2026-02-28T12:00:00Z")', 1772280000000000000],
  ['leap := time.add_date(time.parse_rfc3339_ns("2024-02-29T00:00:00Z"), 1, 0, 0)', 1740787200000000000],
  ['weekday := time.weekday(time.parse_rfc3339_ns("2026-11-24T08:00:00Z"))', 'Tuesday'],
  ['q := urlquery.encode_object({"a": "b c", "x": ["1", "2"]})', 'a=b+c&x=1&x=2'],
  ['y := yaml.unmarshal("a: [1, 2]")', { a: [1, 2] }],
  ['jwt := io.jwt.decode("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.sig")[1]', { sub: 'bob' }],
  ['cnt := count("héllo")', 5],
  ['up := upper("straße")', 'STRAßE'],
  ['low := lower("ȘTEFAN ȚEPEȘ ǅ 𐐀")', 'ștefan țepeș ǆ 𐐨'],
  ['up2 := upper("ơư ɐ ꭰ")', 'ƠƯ Ɐ Ꭰ'],
  ['fi := format_int(1e20, 10)', '100000000000000000000'],
  ['fi_neg := format_int(-1e20, 16)', '-56bc75e2d63100000'],
  ['obj := object.union({"a": {"b": 1}}, {"a": {"c": 2}})', { a: { b: 1, c: 2 } }],
  ['bad_regex := regex.match("(", "x")', undefined],
  ['bad_cidr := net.cidr_contains("not-a-cidr", "10.0.0.1")', undefined],
  ['same_clock if time.now_ns() == time.now_ns()', true],
];

function policySource(): string {
  return `package b\nimport rego.v1\n${cases.map(([r]) => r).join('\n')}\n`;
}
const names = cases.map(([r]) => /^([a-z_0-9]+)/.exec(r)![1]!);

describe('builtins through compiled wasm (Node)', () => {
  let policy: LoadedPolicy;
  beforeAll(async () => {
    const { wasm } = compile({ modules: { 'b.rego': policySource() }, entrypoints: names.map((n) => `b/${n}`) });
    policy = await loadAccordPolicy(wasm);
  });
  cases.forEach(([rule, want], i) => {
    it(rule, () => {
      const rs = policy.evaluate({}, `b/${names[i]}`) as Array<{ result: unknown }>;
      if (want === undefined) expect(rs).toEqual([]);
      else expect(rs).toEqual([{ result: want }]);
    });
  });
});

describe('strict builtin errors', () => {
  const src = 'package s\nimport rego.v1\nhost := regex.match("(", "x")\nwasm := count(input.n)\n';
  it('are undefined by default and raise eval_builtin_error when enabled', async () => {
    const { wasm } = compile({ modules: { 's.rego': src }, entrypoints: ['s/host', 's/wasm'] });
    const lax = await loadAccordPolicy(wasm);
    expect(lax.evaluate({ n: 1 }, 's/host')).toEqual([]);
    expect(lax.evaluate({ n: 1 }, 's/wasm')).toEqual([]);
    const strict = await loadAccordPolicy(wasm, { strictBuiltinErrors: true });
    const message = (fn: () => unknown) => {
      try {
        fn();
        return 'no error';
      } catch (err) {
        return typeof err === 'string' ? err : (err as Error).message;
      }
    };
    expect(message(() => strict.evaluate({ n: 1 }, 's/host'))).toMatch(/^eval_builtin_error: regex\.match/);
    expect(message(() => strict.evaluate({ n: 1 }, 's/wasm'))).toMatch(/^eval_builtin_error: count/);
  });
});

describe('builtins through compiled wasm (Edge runtime emulation)', () => {
  it('evaluates a sample of host and wasm builtins inside EdgeVM from a WebAssembly.Module', async () => {
    const sample = ['re_match', 'glob_ok', 'cidr', 'sha', 'fmt', 'rfc', 'jwt', 'cnt', 'expand'];
    const { wasm } = compile({ modules: { 'b.rego': policySource() }, entrypoints: sample.map((n) => `b/${n}`) });
    const code = await bundleForEdge(
      `
          import { loadAccordPolicy } from './src/engine/policy.ts';
          export async function run(module, names) {
            const p = await loadAccordPolicy(module);
            return JSON.stringify(names.map((n) => p.evaluate({}, 'b/' + n)));
          }`,
    );
    const vm = new EdgeVM({ codeGeneration: { strings: false, wasm: false } });
    vm.evaluate(code);
    const run = vm.evaluate('accord.run') as (m: WebAssembly.Module, n: string[]) => Promise<string>;
    const got = JSON.parse(await run(new WebAssembly.Module(wasm.slice().buffer), sample));
    const want = sample.map((n) => [{ result: cases[names.indexOf(n)]![1] }]);
    expect(got).toEqual(want);
  });
});
