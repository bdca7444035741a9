// Every entry point of package.json "exports" must load in plain Node ESM, the way a user's
// node:test suite, custom server or script imports it (no bundler resolving bare `next/server`
// for us). Runs against dist/ as built by `node build.mjs` (the `npm test` script builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { default: string }>;
};

/** Imports `specifier` in a fresh `node` (ESM, from the repository root) and lists its exports. */
function importInNode(specifier: string): string[] {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(out.trim().split('\n').pop() as string) as string[];
}

/**
 * Entry points that need Next's bundler: the server-component helpers import `next/headers` and
 * `next/navigation`, which Next resolves to its react-server variants; written as `.js` files
 * (which plain Node could resolve) Turbopack fails the build of route handlers that use them.
 */
const BUNDLER_ONLY = new Set(['./next/server']);

describe('package exports in plain Node ESM', () => {
  const entries = Object.entries(pkg.exports).filter(([subpath]) => !BUNDLER_ONLY.has(subpath));

  it('lists the adapters among its entry points', () => {
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './next', './next/server', './react-router']));
  });

  for (const [subpath, target] of entries) {
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`;
    it(`${specifier} loads`, () => {
      expect(existsSync(join(root, target.default)), `${target.default} missing: run node build.mjs`).toBe(true);
      expect(importInNode(specifier).length).toBeGreaterThan(0);
    });
  }

  it('the Next.js adapter exposes what the docs use', () => {
    expect(importInNode(`${pkg.name}/next`)).toEqual(
      expect.arrayContaining(['createAccordProxy', 'createAccordMiddleware', 'createRouteAuthorization', 'deferredAudit', 'actionForMethod']),
    );
  });

  it(`${pkg.name}/next/server is for Next's bundler only: plain Node cannot resolve next/headers`, () => {
    expect(existsSync(join(root, pkg.exports['./next/server']!.default))).toBe(true);
    expect(() => importInNode(`${pkg.name}/next/server`)).toThrow(/next\/headers/);
  });
});
