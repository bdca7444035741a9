// Building and running the example app for the end-to-end tests: real `next build` + `next start`
// on 127.0.0.1, and Chromium through playwright-core (never a downloaded browser).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import type { Browser, BrowserContext } from 'playwright-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const appDir = join(repoRoot, 'examples', 'next-app');
const nextBin = join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

export type Gate = 'proxy' | 'middleware' | 'none';
export interface Variant {
  name: string;
  gate: Gate;
  bundler: 'turbopack' | 'webpack';
  /** Extra build-time environment (e.g. ACCORD_DISABLED=1). */
  env?: Record<string, string>;
  /** Type-check during `next build` (slow; once is enough). */
  typecheck?: boolean;
  /** /api/* behind the gate too (prepare.mjs --api-gate); by default route handlers alone guard APIs. */
  apiGate?: boolean;
}

export const distDirOf = (v: Variant) => `.next-${v.name}`;

/** Builds one variant: prepare (policy, bundles, gate file) then `next build`. Sequential only. */
export async function buildVariant(v: Variant, log: (line: string) => void = () => {}): Promise<void> {
  const { prepare } = (await import(join(appDir, 'scripts', 'prepare.mjs'))) as { prepare(o: { gate: Gate; apiGate: boolean; quiet?: boolean }): Promise<unknown> };
  await prepare({ gate: v.gate, apiGate: v.apiGate ?? false, quiet: true });
  const t0 = Date.now();
  const args = [nextBin, 'build', ...(v.bundler === 'webpack' ? ['--webpack'] : [])];
  const r = spawnSync(process.execPath, args, {
    cwd: appDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      ACCORD_NEXT_DIST_DIR: distDirOf(v),
      ACCORD_SKIP_TYPECHECK: v.typecheck ? '0' : '1',
      ...v.env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`next build (${v.name}) failed:\n${(r.stdout ?? '').slice(-4000)}\n${(r.stderr ?? '').slice(-4000)}`);
  }
  log(`built ${v.name} (${v.bundler}, gate ${v.gate}${v.apiGate ? ' incl. /api' : ''}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  variant: Variant;
  url: string;
  port: number;
  secret: string;
  internalToken: string;
  ciKey: string;
  policyRevision: string;
  /** Every stdout/stderr line so far. */
  lines: string[];
  stop(): Promise<void>;
}

/** `next start` for a built variant on a free 127.0.0.1 port; resolves once Accord is ready. */
export async function startApp(v: Variant, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync(join(appDir, distDirOf(v), 'BUILD_ID'))) throw new Error(`variant ${v.name} is not built`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString('base64url');
  const internalToken = randomBytes(32).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      ACCORD_NEXT_DIST_DIR: distDirOf(v),
      ACCORD_JWT_SECRET: secret,
      ACCORD_INTERNAL_TOKEN: internalToken,
      ACCORD_INTERNAL_URL: url,
      ACCORD_LOG_FORMAT: 'ndjson',
      // The load benchmark's build-time switches (auth removed, ablations) set in the server's
      // environment must change nothing: every denial these tests expect proves it.
      ACCORD_DISABLED: '1',
      ACCORD_BENCH_ABLATE: 'adapter-only',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let ready: ((v: { key: string; rev: string }) => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  const readyP = new Promise<{ key: string; rev: string }>((res, rej) => {
    ready = res;
    failed = rej;
  });
  const partial = new Map<string, string>(); // per stream: the unterminated end of the last chunk
  const onData = (stream: string) => (buf: Buffer) => {
    const parts = ((partial.get(stream) ?? '') + buf.toString('utf8')).split('\n');
    partial.set(stream, parts.pop() ?? '');
    for (const line of parts) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 20_000) lines.splice(0, 5_000);
      const m = /accord-example: ready; policy ([0-9a-f]{64}); CI API key \(svc:ci-deployer\): ([A-Za-z0-9_-]{43})/.exec(line);
      if (m) ready?.({ rev: m[1], key: m[2] });
      if (/Accord is not configured|Failed to start/.test(line)) failed?.(new Error(line));
    }
  };
  child.stdout?.on('data', onData('out'));
  child.stderr?.on('data', onData('err'));
  child.on('exit', (code) => failed?.(new Error(`next start exited with ${code}:\n${lines.slice(-30).join('\n')}`)));
  const timer = setTimeout(() => failed?.(new Error(`next start did not become ready:\n${lines.slice(-30).join('\n')}`)), 60_000);
  let info: { key: string; rev: string };
  try {
    info = await readyP;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
  failed = undefined;
  return {
    variant: v,
    url,
    port,
    secret,
    internalToken,
    ciKey: info.key,
    policyRevision: info.rev,
    lines,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

// ── Chromium ──────────────────────────────────────────────────────────────────────────────────

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserHandle {
  browser: Browser;
  /** A fresh, isolated context (its own cookie jar). */
  context(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Chromium with a fresh --user-data-dir (Playwright takes it as the persistent context's dir). */
export async function launchBrowser(): Promise<BrowserHandle> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-chromium-'));
  const persistent = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
  });
  const browser = persistent.browser();
  if (!browser) throw new Error('no browser handle');
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async context() {
      const c = await browser.newContext();
      contexts.push(c);
      return c;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await persistent.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// ── Tokens (the tests know the server's secret) ──────────────────────────────────────────────

export const ISSUER = 'accord-example';
export const AUDIENCE = 'accord-example-app';

export async function signToken(secret: string, claims: Record<string, unknown>, opts: { expSeconds?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(opts.expSeconds ?? now + 3600)
    .sign(new TextEncoder().encode(secret));
}

export function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
