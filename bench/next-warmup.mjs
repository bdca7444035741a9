// How long the example's servers take to reach a steady state under load (the warm-up that
// bench/next-load.mjs gives every server before measuring): throughput, server CPU per request,
// and V8's optimising compilations and deoptimisations in consecutive windows after start.
//
//   node bench/next-warmup.mjs [--windows 4] [--window 5] [--connections 10] [--skip-build]
//
// Uses the load benchmark's two builds (.next-bench-accord, .next-bench-noauth; built unless
// --skip-build), one fresh server each, one after the other, loaded on the API route from the
// first second. `node --trace-opt --trace-deopt` prints one line per event on the server's stdout,
// counted per window (printing them costs both builds the same). Pinned like next-load.mjs when
// `taskset` exists: the server on the last CPU, this process and the load generator on the others.
import { buildApp, signIn, startApp } from '../examples/next-app/scripts/run.mjs';
import { ACCORD_BUILD, API_PATH, NOAUTH_BUILD, arg, cpuMs, loadWithSession, pinProcess, pinning } from './next-shared.mjs';

const WINDOWS = Number(arg('windows', '4'));
const WINDOW_S = Number(arg('window', '5'));
const CONNECTIONS = Number(arg('connections', '10'));
const PATH = API_PATH;
const BUILDS = [ACCORD_BUILD, NOAUTH_BUILD];

const load = (url, cookie, seconds) => loadWithSession(url, cookie, seconds, CONNECTIONS);

async function measure(build, pin) {
  let events = { compiled: 0, deopts: 0 };
  const onLine = (line) => {
    if (line.startsWith('[completed optimizing') || line.startsWith('[completed compiling')) events.compiled++;
    else if (line.startsWith('[bailout')) events.deopts++;
  };
  const app = await startApp({
    distDir: `.next-${build.build}`,
    env: { ACCORD_LOG_FORMAT: 'ndjson' },
    nodeArgs: ['--trace-opt', '--trace-deopt'],
    onLine,
  });
  try {
    if (pin) pinProcess(app.child.pid, pin.server);
    const cookie = await signIn(app.url, 'bob', 'bob-demo');
    const rows = [];
    for (let w = 0; w < WINDOWS; w++) {
      events = { compiled: 0, deopts: 0 };
      const c0 = cpuMs(app.child.pid);
      const r = await load(`${app.url}${PATH}`, cookie, WINDOW_S);
      const cpu = cpuMs(app.child.pid) - c0;
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${build.key}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      rows.push({
        window: `${w * WINDOW_S}–${(w + 1) * WINDOW_S} s`,
        rps: Math.round(r.requests.average),
        cpuUs: Math.round((cpu * 1000) / Math.max(1, r.requests.total)),
        ...events,
      });
    }
    return rows;
  } finally {
    await app.stop();
  }
}

const pin = pinning();
if (pin) pinProcess(process.pid, pin.load);
if (!process.argv.includes('--skip-build')) {
  for (const b of BUILDS) await buildApp({ name: b.build, gate: b.gate, env: b.env, typecheck: false });
}
const results = [];
for (const b of BUILDS) results.push({ build: b, rows: await measure(b, pin) });

console.log(
  `\nGET ${PATH} from server start: ${CONNECTIONS} connections, ${WINDOWS} windows × ${WINDOW_S} s, one fresh server per build${pin ? ', pinned' : ''}; node ${process.version}\n`,
);
console.log('| window | ' + results.map((r) => `${r.build.label}: req/s · CPU µs/req · compiled · deopts`).join(' | ') + ' |');
console.log('|---|' + results.map(() => '---').join('|') + '|');
for (let w = 0; w < WINDOWS; w++) {
  const cells = results.map(({ rows }) => {
    const x = rows[w];
    return `${x.rps} · ${x.cpuUs} · ${x.compiled} · ${x.deopts}`;
  });
  console.log(`| ${results[0].rows[w].window} | ${cells.join(' | ')} |`);
}
