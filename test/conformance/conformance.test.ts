// The conformance suite: every case in cases/*.yaml is compiled by Accord, loaded with the
// unmodified @open-policy-agent/opa-wasm SDK (plus Accord's host builtins) and evaluated through
// the SDK's public API. Expected results were written from OPA's documented semantics.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, RegoError } from '../../src/compiler/index.js';
import { hostBuiltins } from '../../src/builtins/host/index.js';

interface Case {
  note: string;
  modules: string[];
  data?: unknown;
  input?: unknown;
  /** Raw JSON text, for numbers YAML/JSON.stringify would change (big ints, 1.0). */
  input_json?: string;
  data_json?: string;
  entrypoint: string;
  want_result?: unknown;
  want_error?: string;
  want_compile_error?: string;
  skip_reason?: string;
}

const dir = join(import.meta.dirname, 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

for (const file of files) {
  const cases = parse(readFileSync(join(dir, file), 'utf8')) as Case[];
  describe(file, () => {
    for (const c of cases) {
      it(c.note, async () => {
        const modules = Object.fromEntries(c.modules.map((m, i) => [`${file.replace(/\.yaml$/, '')}/${i}.rego`, m]));
        let compiled;
        try {
          compiled = compile({ modules, entrypoints: [c.entrypoint] });
        } catch (err) {
          if (c.want_compile_error && err instanceof RegoError) {
            expect(err.diagnostics.map((d) => d.code)).toContain(c.want_compile_error);
            return;
          }
          throw err;
        }
        if (c.want_compile_error) throw new Error(`expected compile error ${c.want_compile_error}, but the policy compiled`);
        const policy = await loadPolicy(compiled.wasm.slice().buffer, undefined, hostBuiltins);
        const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
        if (c.data_json !== undefined) policy.setData(bytes(c.data_json));
        else if (c.data !== undefined) policy.setData(c.data as object);
        // The SDK skips falsy inputs; pass them as JSON text so `input := false` still arrives.
        const input = c.input_json !== undefined ? bytes(c.input_json) : c.input === undefined ? undefined : bytes(JSON.stringify(c.input));
        if (c.want_error) {
          let message = '';
          try {
            policy.evaluate(input, c.entrypoint);
          } catch (err) {
            message = typeof err === 'string' ? err : (err as Error).message;
          }
          expect(message.startsWith(c.want_error), `error "${message}" should start with ${c.want_error}`).toBe(true);
          return;
        }
        expect(policy.evaluate(input, c.entrypoint)).toEqual(c.want_result);
      });
    }
  });
}
