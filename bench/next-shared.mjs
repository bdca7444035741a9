// Pieces the Next.js example benchmarks share (next-load, next-warmup, next-instructions): argument
// parsing, the two builds they compare, the load generator, CPU pinning and per-process CPU time.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** `--name value` from the command line, else `def`. */
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

/**
 * The Accord build with one part taken out (examples/next-app/lib/config.ts, BENCH_ABLATION):
 * `adapter-only` (route wrappers asking an allow-everything stand-in) or `no-audit` (no decision
 * log). Built in its own folder; never a build to serve.
 */
export function ablationBuild(kind) {
  if (kind !== 'adapter-only' && kind !== 'no-audit') throw new Error(`--ablate: adapter-only or no-audit, got ${kind}`);
  return { key: `ablate-${kind}`, build: `bench-ablate-${kind}`, label: `Accord, ${kind}`, gate: 'proxy', apiGate: false, env: { ACCORD_BENCH_ABLATE: kind } };
}

/** `--name K=V[,K=V…]` as an environment object ({} when absent). */
export function envArg(name) {
  return Object.fromEntries(
    (arg(name, '') || '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/**
 * The two servers a comparison runs, from the command line: the Accord side (default: the example
 * as shipped; `--accord <distDir>` a build already made, `--ablate <kind>` an ablation build) and
 * the baseline (default: auth removed; `--base <distDir>`, `--base-ablate <kind>`), each with its
 * run-time environment (`--accord-env` / `--base-env K=V,…`). `prebuilt` sides are not built.
 */
export function comparedBuilds() {
  // A build given by its folder is named by it (the default side's name would be wrong there).
  const side = (name, build, ablate, dist, env) => ({
    ...(ablate ? ablationBuild(ablate) : build),
    ...(dist ? { key: name, label: `build in ${dist}`, distDir: dist, prebuilt: true } : {}),
    runEnv: envArg(env),
  });
  return [
    side('accord', ACCORD_BUILD, arg('ablate', undefined), arg('accord', undefined), 'accord-env'),
    side('base', NOAUTH_BUILD, arg('base-ablate', undefined), arg('base', undefined), 'base-env'),
  ];
}

/** Median of the finite numbers in `xs` (NaN when there are none). */
export function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}

/** A ratio as a signed percentage change: 0.9 → "-10.0 %", 1.05 → "+5.0 %". */
export function pctChange(ratio) {
  return `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
}

/** The protected API route every Next benchmark loads. */
export const API_PATH = '/api/t/acme/documents/d1';

/** autocannon on `url` for `seconds`, sending `cookie` as the session cookie; resolves with its result. */
export function loadWithSession(url, cookie, seconds, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers: { cookie: `accord_session=${cookie}` } }, (err, r) =>
      err ? reject(err) : resolve(r),
    );
  });
}

/** The example as shipped, and the same app built with the Accord calls removed (ACCORD_DISABLED=1). */
export const ACCORD_BUILD = { key: 'accord', build: 'bench-accord', label: 'Accord (as shipped)', gate: 'proxy', apiGate: false, env: {} };
export const NOAUTH_BUILD = { key: 'noauth', build: 'bench-noauth', label: 'auth removed (no proxy.ts)', gate: 'none', env: { ACCORD_DISABLED: '1' } };

/**
 * Where servers and the load generator run when `taskset` exists and there are ≥ 2 CPUs: the
 * servers on the last CPU, this process on the others (they never fight for a core, and every
 * server runs on the same one). Undefined otherwise, or with --no-pin.
 */
export function pinning() {
  if (process.argv.includes('--no-pin')) return undefined;
  const cpus = availableParallelism();
  if (cpus < 2) return undefined;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { server: cpus - 1, load: cpus === 2 ? '0' : `0-${cpus - 2}` };
}

/** Moves every thread of `pid` to `cpus` (a taskset CPU list). */
export function pinProcess(pid, cpus) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpus), String(pid)], { stdio: 'ignore' });
}

const TICK_MS = 10; // getconf CLK_TCK = 100 on Linux

/** User + system CPU time of a process in ms (/proc), NaN once it is gone. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14 and 15)
  } catch {
    return NaN;
  }
}

/**
 * CPU time of a process split by thread, in ms: `main` (the JavaScript thread, whose tid is the
 * pid: JavaScript, the policy's wasm, main-thread GC) and `background` (every other thread: V8's
 * concurrent compilers and GC helpers, libuv's pool). NaNs once the process is gone. Compiling
 * shows up in `background`: a server still warming up spends much of its CPU there.
 */
export function cpuSplitMs(pid) {
  let main = NaN;
  let background = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      } catch {
        continue; // a thread that ended between the listing and the read
      }
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * TICK_MS;
      if (tid === String(pid)) main = ms;
      else background += ms;
    }
  } catch {
    return { main: NaN, background: NaN };
  }
  return { main, background };
}
