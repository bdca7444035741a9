// `accord eval`: compile (or take a bundle's compiled module), load with the OPA wasm SDK, evaluate
// one entrypoint, print the result set.
import { declaredRegoVersion } from '../bundle/build.js';
import { loadInputs } from '../bundle/inputs.js';
import { BundleError } from '../bundle/manifest.js';
import { compile, RegoError } from '../compiler/index.js';
import { loadAccordPolicy } from '../engine/policy.js';
import { fromLatin1 } from '../testing/evaluate.js';
import { parseArgs, UsageError } from './args.js';
import { readDataFile } from './data.js';
import type { CliIO } from './io.js';

const HELP = `Usage: accord eval -e package/rule [--input input.json] [--data data.json]… <paths…>

Evaluates the entrypoint through the compiled wasm (exactly what your app runs) and prints the
result set as JSON: [{"result": …}], or [] when undefined. Paths are .rego files, directories,
data files (.json/.yaml, placed at their directory's path as OPA does) and bundles (.tar.gz):
a bundle's data.json provides base documents, and its policy.wasm is evaluated directly when the
bundle is the only input and serves the entrypoint (otherwise its .rego sources are compiled).

Options:
  -e, --entrypoint <path>   the entrypoint to evaluate (required)
  -i, --input <file>        input document (JSON or YAML)
  -d, --data <file>         extra base documents merged at the root (repeatable)
  -b, --bundle              treat directory paths as bundle roots (only data.json/data.yaml are data)
      --ignore <pattern>    skip files and directories whose name matches (repeatable)
      --v0-compatible       parse modules as Rego v0`;

export async function evalCommand(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, {
      entrypoint: { value: true, alias: 'e' },
      input: { value: true, alias: 'i' },
      data: { value: true, multiple: true, alias: 'd' },
      bundle: { alias: 'b' },
      ignore: { value: true, multiple: true },
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
  const entrypointArg = args.flags.entrypoint?.[0];
  if (!entrypointArg || args.positional.length === 0) {
    io.stderr(`accord eval: an entrypoint (-e) and at least one policy path are required\n\n${HELP}`);
    return 1;
  }
  const entrypoint = entrypointArg.replace(/^data[./]/, '').replace(/\./g, '/');
  try {
    const inputs = loadInputs(args.positional, { bundleMode: !!args.flags.bundle, ignore: args.flags.ignore });
    for (const f of args.flags.data ?? []) inputs.data.add([], readDataFile(f), f);
    const input = args.flags.input ? readDataFile(args.flags.input[0]!) : undefined;

    // A lone bundle that serves the entrypoint: evaluate its module as built.
    const lone = args.positional.length === 1 && inputs.bundles.length === 1 ? inputs.bundles[0]!.bundle : undefined;
    let wasm: Uint8Array;
    if (lone?.wasm && lone.entrypoints.includes(entrypoint)) {
      wasm = lone.wasm;
    } else {
      const sources: Record<string, string> = {};
      for (const m of inputs.modules) sources[m.file] = m.source;
      if (Object.keys(sources).length === 0) {
        const served = lone?.entrypoints.length ? ` (the bundle's module serves ${lone.entrypoints.join(', ')})` : '';
        throw new BundleError(`no .rego sources to compile for ${entrypoint}${served}`);
      }
      const regoVersion = args.flags['v0-compatible'] ? 0 : declaredRegoVersion(inputs);
      wasm = compile({ modules: sources, entrypoints: [entrypoint], regoVersion }).wasm;
    }
    const policy = await loadAccordPolicy(wasm);
    policy.setData(inputs.data.root);
    // print() output goes to stderr, decoded as the UTF-8 it is (the SDK logs it as Latin-1).
    const original = console.log;
    console.log = (...a: unknown[]) => io.stderr(a.map((x) => fromLatin1(String(x))).join(' '));
    let rs: unknown;
    try {
      rs = policy.evaluate(input === undefined ? undefined : new TextEncoder().encode(JSON.stringify(input)).buffer, entrypoint);
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
    if (err instanceof BundleError) {
      io.stderr(`accord eval: ${err.message}`);
      return 1;
    }
    io.stderr(`accord eval: ${typeof err === 'string' ? err : (err as Error).message ?? JSON.stringify(err)}`);
    return 2;
  }
}
