// Build and start helpers for the example app, shared by scripts/demo.mjs and bench/next-load.mjs:
// `next build` / `next start` from the repository's own node_modules, on 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { appDir, prepare, repoRoot } from './prepare.mjs';

export { appDir, repoRoot };
export const nextBin = join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

/**
 * prepare + `next build` into `.next-<name>` (or `.next`).
 * @param {{ name?: string, gate?: 'proxy'|'middleware'|'none', apiGate?: boolean, bundler?: 'turbopack'|'webpack', env?: Record<string,string>, typecheck?: boolean, stdio?: 'inherit'|'pipe' }} o
 */
export async function buildApp(o = {}) {
  const gate = o.gate ?? 'proxy';
  await prepare({ gate, apiGate: o.apiGate, quiet: o.stdio !== 'inherit' });
  const distDir = o.name ? `.next-${o.name}` : '.next';
  const args = [nextBin, 'build', ...(o.bundler === 'webpack' ? ['--webpack'] : [])];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, args, {
    cwd: appDir,
    stdio: o.stdio === 'inherit' ? 'inherit' : 'pipe',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      ACCORD_NEXT_DIST_DIR: distDir,
      ACCORD_SKIP_TYPECHECK: o.typecheck === false ? '1' : '0',
      ...o.env,
    },
  });
  if (r.status !== 0) {
    throw new Error(`next build failed (${distDir}):\n${String(r.stdout ?? '').slice(-4000)}\n${String(r.stderr ?? '').slice(-4000)}`);
  }
  return { distDir, seconds: (Date.now() - t0) / 1000 };
}

export function freePort() {
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

/**
 * `next start` on a free 127.0.0.1 port with fresh secrets. Resolves when /api/health answers.
 * `wrap`: a command line the server runs under (e.g. valgrind's); `healthTimeoutMs` (default 60 s).
 * @param {{ distDir?: string, port?: number, env?: Record<string,string>, nodeArgs?: string[], wrap?: string[], healthTimeoutMs?: number, onLine?: (line: string) => void, stdout?: 'pipe'|'ignore' }} o
 */
export async function startApp(o = {}) {
  const distDir = o.distDir ?? '.next';
  if (!existsSync(join(appDir, distDir, 'BUILD_ID'))) throw new Error(`no build in ${distDir}`);
  const port = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString('base64url');
  const internalToken = randomBytes(32).toString('base64url');
  const argv = [process.execPath, ...(o.nodeArgs ?? []), nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'];
  const [command, ...args] = [...(o.wrap ?? []), ...argv];
  const child = spawn(command, args, {
    cwd: appDir,
    stdio: ['ignore', o.stdout === 'ignore' ? 'ignore' : 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      ACCORD_NEXT_DIST_DIR: distDir,
      ACCORD_JWT_SECRET: secret,
      ACCORD_INTERNAL_TOKEN: internalToken,
      ACCORD_INTERNAL_URL: url,
      ...o.env,
    },
  });
  let ciKey;
  const tail = [];
  const partial = new Map(); // per stream: the unterminated end of the last chunk
  const onData = (stream) => (buf) => {
    const parts = ((partial.get(stream) ?? '') + buf.toString('utf8')).split('\n');
    partial.set(stream, parts.pop() ?? '');
    for (const line of parts) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 200) tail.shift();
      const m = /CI API key \(svc:ci-deployer\): ([A-Za-z0-9_-]{43})/.exec(line);
      if (m) ciKey = m[1];
      o.onLine?.(line);
    }
  };
  child.stdout?.on('data', onData('out'));
  child.stderr?.on('data', onData('err'));
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + (o.healthTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`next start exited:\n${tail.join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer:\n${tail.join('\n')}`);
    }
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    secret,
    child,
    ciKey: () => ciKey,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/**
 * Signs in without a browser: the login form's server action also works as a plain HTML form post
 * (progressive enhancement). Returns the session cookie's value.
 */
export async function signIn(url, username, password) {
  const page = await (await fetch(`${url}/login`)).text();
  const m = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(page);
  if (!m) throw new Error('login form action id not found');
  const form = new FormData();
  form.set(m[1], '');
  form.set('next', '/dashboard');
  form.set('username', username);
  form.set('password', password);
  const res = await fetch(`${url}/login`, { method: 'POST', body: form, redirect: 'manual', headers: { origin: url } });
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => /^accord_session=([^;]+)/.exec(c)?.[1]).find(Boolean);
  if (!cookie) throw new Error(`sign-in failed (${res.status})`);
  return cookie;
}
