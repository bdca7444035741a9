// Cerbos peer: the sidecar PDP pattern. The Cerbos binary (from @cerbos/cerbos-linux-x64) runs as
// a separate process with a disk policy store (this directory's YAML, copied to a temp dir with a
// generated config), HTTP on 127.0.0.1 on a free port; the app calls POST /api/check/resources
// over a keep-alive connection (Node's fetch). The caller must stop() it.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POLICY_DIR = fileURLToPath(new URL('.', import.meta.url));
export const BINARY = fileURLToPath(new URL('../../../node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64', import.meta.url));

export const policyFiles = () => readdirSync(POLICY_DIR).filter((f) => f.endsWith('.yaml'));
export const binarySize = () => (existsSync(BINARY) ? statSync(BINARY).size : 0);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The Accord input as a CheckResources request for one resource and one action. */
export function toCerbosRequest(input, requestId = 'bench') {
  const { subject, session, request, action, resource } = input;
  const attr = { path: request.path, time: request.time };
  if (subject?.tenant !== undefined) attr.tenant = subject.tenant;
  if (subject?.kind !== undefined) attr.kind = subject.kind;
  if (session) attr.session = { revoked: session.revoked, expires_at: session.expires_at };
  const roles = subject?.roles?.length ? [...subject.roles] : ['anonymous'];
  const rattr = {};
  if (resource.tenant !== undefined) rattr.tenant = resource.tenant;
  if (resource.owner !== undefined) rattr.owner = resource.owner;
  return {
    requestId,
    principal: { id: subject?.sub ?? 'anonymous', roles, attr },
    resources: [
      {
        resource: { kind: resource.type, id: resource.id ?? (resource.type === 'page' ? request.path : '_new'), attr: rattr },
        actions: [action],
      },
    ],
  };
}

/**
 * Start the PDP; resolves when /_cerbos/health answers SERVING. Rejects (after stopping the
 * process) when the binary is missing, exits, or is not healthy within `timeoutMs`.
 */
export async function startCerbos({ timeoutMs = 20_000 } = {}) {
  if (!existsSync(BINARY)) throw new Error(`Cerbos binary not found at ${BINARY}`);
  const dir = mkdtempSync(join(tmpdir(), 'accord-cerbos-'));
  const policies = join(dir, 'policies');
  mkdirSync(policies);
  for (const f of policyFiles()) copyFileSync(join(POLICY_DIR, f), join(policies, f));
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'server:',
      `  httpListenAddr: "127.0.0.1:${httpPort}"`,
      `  grpcListenAddr: "127.0.0.1:${grpcPort}"`,
      'storage:',
      '  driver: "disk"',
      '  disk:',
      `    directory: "${policies}"`,
      '    watchForChanges: false',
      'audit:',
      '  enabled: false',
      'telemetry:',
      '  disabled: true',
      '',
    ].join('\n'),
  );
  const t0 = performance.now();
  // A watchdog shell owns the PDP: it stops it (and removes the temp dir) on SIGTERM, or within
  // 0.2 s of this Node process going away by any means (a crash skips 'exit' handlers).
  const watchdog = [
    '"$CERBOS_BIN" server --config="$CERBOS_CONFIG" --log-level=error &',
    'c=$!',
    'echo "cerbos-pid $c" >&2',
    'finish() { kill "$c" 2>/dev/null; wait "$c" 2>/dev/null; rm -rf "$CERBOS_DIR"; exit 0; }',
    'trap finish TERM INT HUP',
    'while kill -0 "$BENCH_PID" 2>/dev/null && kill -0 "$c" 2>/dev/null; do sleep 0.2 & wait $!; done',
    'finish',
  ].join('\n');
  const child = spawn('/bin/sh', ['-c', watchdog], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CERBOS_NO_TELEMETRY: '1', CERBOS_BIN: BINARY, CERBOS_CONFIG: config, CERBOS_DIR: dir, BENCH_PID: String(process.pid) },
  });
  let stderr = '';
  let pdpPid;
  child.stderr.on('data', (d) => {
    if (stderr.length < 4000) stderr += d;
    pdpPid ??= Number(/cerbos-pid (\d+)/.exec(stderr)?.[1]) || undefined;
  });
  let exited = null;
  const exitP = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
  child.once('error', (err) => {
    exited = { code: -1, signal: String(err.message) };
  });
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        if (pdpPid) {
          try {
            process.kill(pdpPid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }, 5000);
      await exitP;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`cerbos exited during start-up (${JSON.stringify(exited)}): ${stderr.trim().slice(0, 500)}`);
    }
    try {
      const r = await fetch(`${url}/_cerbos/health`, { signal: AbortSignal.timeout(500) });
      const body = await r.text();
      if (r.ok && body.includes('SERVING')) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`cerbos not healthy within ${timeoutMs} ms: ${stderr.trim().slice(0, 500)}`);
    }
    await sleep(10);
  }
  const startupMs = performance.now() - t0;

  /** One CheckResources call with a body already serialised; true when the action is allowed. */
  async function checkBody(body, action) {
    const r = await fetch(`${url}/api/check/resources`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const j = await r.json();
    if (!r.ok) throw new Error(`cerbos: HTTP ${r.status} ${JSON.stringify(j).slice(0, 300)}`);
    return j.results[0].actions[action] === 'EFFECT_ALLOW';
  }

  return {
    url,
    get pid() {
      return pdpPid;
    },
    startupMs,
    stop,
    checkBody,
    check: (input) => checkBody(JSON.stringify(toCerbosRequest(input)), input.action),
  };
}
