// `accord test`: run Rego unit tests through the compiled wasm, like `opa test`.
// Exit codes as OPA: 0 all pass, 2 any failure/error/skip or coverage under the threshold,
// 1 load or compile errors.
import { watch } from 'node:fs';
import { RegoError } from '../compiler/index.js';
import { counts, coverageSummary, json, junit, pretty } from '../testing/report.js';
import { runPolicyTests } from '../testing/runner.js';
import { parseArgs, UsageError } from './args.js';
import type { CliIO } from './io.js';

const HELP = `Usage: accord test [options] <files-or-dirs…>

Runs every rule named test_* (todo_test_* are reported as skipped) in the .rego files under the
given paths, with data.json/data.yaml files as base documents, through the same compiled wasm
your app runs.

Options:
  -v, --verbose              list every test with its duration, and print() output of failures
  -r, --run <regex>          only tests whose id (data.pkg.test_name) matches
  -f, --format <fmt>         pretty (default) | json | junit
  -c, --coverage             report line coverage (JSON like opa test, plus a summary with pretty)
      --threshold <pct>      fail (exit 2) when coverage is below pct (implies --coverage)
  -t, --timeout <dur>        per-test timeout, e.g. 5s, 500ms (default 5s)
  -w, --watch                re-run when files change
      --fail-on-empty        fail (exit 1) when no tests are found
      --bench                report µs per evaluation for each test
      --exit-zero-on-skipped skipped tests do not fail the run
      --v0-compatible        parse modules as Rego v0`;

function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s);
  if (!m) throw new UsageError(`invalid duration: ${s}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

export async function testCommand(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, {
      verbose: { alias: 'v' },
      run: { value: true, alias: 'r' },
      format: { value: true, alias: 'f' },
      coverage: { alias: 'c' },
      threshold: { value: true },
      timeout: { value: true, alias: 't' },
      watch: { alias: 'w' },
      'fail-on-empty': {},
      bench: {},
      'exit-zero-on-skipped': {},
      'v0-compatible': {},
      help: { alias: 'h' },
    });
    if (args.flags.help) {
      io.stdout(HELP);
      return 0;
    }
    if (args.positional.length === 0) throw new UsageError('no input files');
    const format = args.flags.format?.[0] ?? 'pretty';
    if (!['pretty', 'json', 'junit'].includes(format)) throw new UsageError(`unknown format: ${format}`);
    const threshold = args.flags.threshold ? Number(args.flags.threshold[0]) : undefined;
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 100)) throw new UsageError('--threshold takes a percentage from 0 to 100');
    const once = () =>
      runOnce(io, {
        paths: args!.positional,
        run: args!.flags.run?.[0],
        format,
        verbose: Boolean(args!.flags.verbose),
        coverage: Boolean(args!.flags.coverage) || threshold !== undefined,
        threshold,
        timeoutMs: args!.flags.timeout ? parseDuration(args!.flags.timeout[0]!) : 5000,
        failOnEmpty: Boolean(args!.flags['fail-on-empty']),
        bench: Boolean(args!.flags.bench),
        exitZeroOnSkipped: Boolean(args!.flags['exit-zero-on-skipped']),
        regoVersion: args!.flags['v0-compatible'] ? 0 : 1,
      });
    if (!args.flags.watch) return await once();
    await once();
    return await watchLoop(args.positional, once, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`accord test: ${err.message}\n\n${HELP}`);
      return 1;
    }
    throw err;
  }
}

interface Once {
  paths: string[];
  run?: string;
  format: string;
  verbose: boolean;
  coverage: boolean;
  threshold?: number;
  timeoutMs: number;
  failOnEmpty: boolean;
  bench: boolean;
  exitZeroOnSkipped: boolean;
  regoVersion: 0 | 1;
}

async function runOnce(io: CliIO, o: Once): Promise<number> {
  let summary;
  try {
    summary = await runPolicyTests({
      paths: o.paths,
      run: o.run,
      timeoutMs: o.timeoutMs,
      coverage: o.coverage,
      regoVersion: o.regoVersion,
      repeat: o.bench ? 1000 : 1,
    });
  } catch (err) {
    if (err instanceof RegoError) {
      io.stderr(err.message);
      return 1;
    }
    io.stderr(`accord test: ${(err as Error).message}`);
    return 1;
  }
  const { results, coverage } = summary;
  if (results.length === 0 && o.failOnEmpty) {
    io.stderr('accord test: no tests found');
    return 1;
  }
  if (o.format === 'json') io.stdout(json(results, coverage));
  else if (o.format === 'junit') io.stdout(junit(results));
  else {
    io.stdout(pretty(results, { verbose: o.verbose, bench: o.bench }));
    if (coverage) io.stdout(coverageSummary(coverage));
    if (!io.quiet) io.stdout(`\n${summary.testCount} tests compiled in ${summary.compileMs.toFixed(0)} ms, ran in ${summary.runMs.toFixed(0)} ms`);
  }
  const c = counts(results);
  if (c.fail > 0 || c.error > 0) return 2;
  if (c.skip > 0 && !o.exitZeroOnSkipped) return 2;
  if (o.threshold !== undefined && coverage && coverage.coverage < o.threshold) {
    io.stderr(`accord test: coverage ${coverage.coverage.toFixed(2)}% is below the threshold ${o.threshold}%`);
    return 2;
  }
  return 0;
}

function watchLoop(paths: string[], once: () => Promise<number>, io: CliIO): Promise<number> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    const watchers = paths.map((p) =>
      watch(p, { recursive: true }, (_event, file) => {
        if (file && !/\.(rego|json|ya?ml)$/.test(String(file))) return;
        clearTimeout(timer);
        timer = setTimeout(async () => {
          if (running) return;
          running = true;
          io.stdout(`\n--- change detected (${file ?? 'files'}), re-running ---`);
          await once();
          running = false;
        }, 100);
      }),
    );
    io.stdout(`\n--- watching ${paths.join(', ')} for changes (Ctrl-C to stop) ---`);
    const stop = () => {
      watchers.forEach((w) => w.close());
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
