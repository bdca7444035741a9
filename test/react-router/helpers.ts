// Shared setup for the React Router suites: the compiled policy and the example's server build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '../../src/compiler/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLE = join(ROOT, 'examples/react-router-app');
/** Builds live under the root node_modules so the server bundle resolves the root's packages. */
const CACHE = join(ROOT, 'node_modules/.cache/accord-react-router-example');

/** policies/authz.rego compiled by Accord. */
export function compilePolicy(): Uint8Array {
  const source = readFileSync(join(ROOT, 'policies/authz.rego'), 'utf8');
  return compile({ modules: { 'authz.rego': source } }).wasm;
}

/** The policy in a temp file (the app reads ACCORD_POLICY_WASM); `remove` deletes it. */
export function writePolicy(wasm: Uint8Array): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'accord-rr-'));
  const file = join(dir, 'policy.wasm');
  writeFileSync(file, wasm);
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function listFiles(dir: string, skip: (rel: string) => boolean, base = dir, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const rel = relative(base, p);
    if (skip(rel)) continue;
    if (entry.isDirectory()) listFiles(p, skip, base, out);
    else out.push(p);
  }
  return out;
}

/** Content hash of everything that ends up in the server bundle. */
function inputsHash(): string {
  const h = createHash('sha256');
  const files = [
    ...listFiles(EXAMPLE, (rel) => /^(build|node_modules|\.react-router)(\/|$)/.test(rel) || rel === 'package-lock.json'),
    ...listFiles(join(ROOT, 'adapters/react-router'), () => false),
    ...listFiles(join(ROOT, 'src'), (rel) => rel.startsWith('runtime/assembly')),
    join(ROOT, 'package-lock.json'),
  ].sort();
  for (const f of files) {
    h.update(relative(ROOT, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function cleanOld(keep: string): void {
  if (!existsSync(CACHE)) return;
  const now = Date.now();
  for (const name of readdirSync(CACHE)) {
    if (name === keep) continue;
    const p = join(CACHE, name);
    // Another run may be building or using it right now: only remove what is clearly stale.
    if (now - statSync(p).mtimeMs > 30 * 60 * 1000) rmSync(p, { recursive: true, force: true });
  }
}

/**
 * `react-router build` of the example (the real CLI, root node_modules), once per content hash of
 * its inputs: a rerun with unchanged sources reuses the previous build. Returns the server build's
 * path.
 */
export async function buildExample(): Promise<string> {
  const hash = inputsHash();
  const out = join(CACHE, hash);
  const serverFile = join(out, 'server/index.js');
  if (existsSync(join(out, '.complete')) && existsSync(serverFile)) return serverFile;

  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `tmp-${process.pid}-${Date.now()}`);
  const cli = join(ROOT, 'node_modules/@react-router/dev/bin.js');
  const { code, output } = await run(process.execPath, [cli, 'build'], EXAMPLE, {
    ...process.env,
    NODE_ENV: 'production',
    ACCORD_RR_BUILD_DIR: tmp,
    ACCORD_RR_QUIET: '1',
  });
  if (code !== 0 || !existsSync(join(tmp, 'server/index.js'))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`react-router build failed (exit ${code}):\n${output.slice(-4000)}`);
  }
  writeFileSync(join(tmp, '.complete'), hash);
  try {
    renameSync(tmp, out);
  } catch {
    // A concurrent run finished the same build first: use theirs.
    rmSync(tmp, { recursive: true, force: true });
  }
  cleanOld(hash);
  return serverFile;
}

export async function importServerBuild(file: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
}
