// `accord eval`: compile, load with the OPA wasm SDK, evaluate one entrypoint, print the result set.
import { readFileSync } from 'node:fs';
import { compile, RegoError } from '../compiler/index.js';
import { loadAccordPolicy } from '../engine/policy.js';
import { fromLatin1 } from '../testing/evaluate.js';
import { parseArgs, UsageError } from './args.js';
import { mergeDataAt, readDataFile } from './data.js';
import { findFiles } from './files.js';
import type { CliIO } from './io.js';

const HELP = `Usage: accord eval -e package/rule [--input input.json] [--data data.json]… <files-or-dirs…>

Compiles the policies, evaluates the entrypoint through the compiled wasm (exactly what your app
runs) and prints the result set as JSON: [{"result": …}], or [] when undefined.

Options:
  -e, --entrypoint <path>   the entrypoint to evaluate (required)
  -i, --input <file>        input document (JSON or YAML)
  -d, --data <file>         extra base documents merged at the root (repeatable)
      --v0-compatible       parse modules as Rego v0`;

export async function evalCommand(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, {
      entrypoint: { value: true, alias: 'e' },
      input: { value: true, alias: 'i' },
      data: { value: true, multiple: true, alias: 'd' },
      'v0-compatible': {},
      help: { alias: 'h' },
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`accord eval: ${err.message}\n\n${HELP}`);
      return 1;
    }
    throw err;
  }
  if (args.flags.help) {
    io.stdout(HELP);
    return 0;
  }
  const entrypoint = args.flags.entrypoint?.[0];
  if (!entrypoint || args.positional.length === 0) {
    io.stderr(`accord eval: an entrypoint (-e) and at least one policy path are required\n\n${HELP}`);
    return 1;
  }
  try {
    const files = findFiles(args.positional);
    const data: Record<string, unknown> = {};
    const owners = new Map<string, string>();
    for (const d of files.data) mergeDataAt(data, d.dir, readDataFile(d.file), d.file, owners);
    for (const f of args.flags.data ?? []) mergeDataAt(data, [], readDataFile(f), f, owners);
    const input = args.flags.input ? readDataFile(args.flags.input[0]!) : undefined;
    const result = compile({ modules: files.rego, entrypoints: [entrypoint.replace(/^data[./]/, '').replace(/\./g, '/')], regoVersion: args.flags['v0-compatible'] ? 0 : 1 });
    const policy = await loadAccordPolicy(result.wasm);
    policy.setData(data);
    // print() output goes to stderr, decoded as the UTF-8 it is (the SDK logs it as Latin-1).
    const original = console.log;
    console.log = (...args: unknown[]) => io.stderr(args.map((a) => fromLatin1(String(a))).join(' '));
    let rs: unknown;
    try {
      rs = policy.evaluate(input === undefined ? undefined : new TextEncoder().encode(JSON.stringify(input)).buffer, 0);
    } finally {
      console.log = original;
    }
    io.stdout(JSON.stringify(rs, null, 2));
    return 0;
  } catch (err) {
    if (err instanceof RegoError) {
      io.stderr(err.message);
      return 1;
    }
    io.stderr(`accord eval: ${typeof err === 'string' ? err : (err as Error).message}`);
    return 2;
  }
}
