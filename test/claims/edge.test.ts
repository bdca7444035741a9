// The claims verifier and the Edge-safe session modules must run on the Edge runtime: bundle them
// for a browser-like platform (any node: import fails the build) and execute the bundle inside
// @edge-runtime/vm (no Node globals, no eval/WebAssembly code generation).
import { build } from 'esbuild';
import { EdgeVM } from '@edge-runtime/vm';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { signHS } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(entry: string): Promise<string> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'accord',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

describe('Edge runtime', () => {
  it('src/claims and src/session/index have no node: imports', async () => {
    const code = await bundle(`export * from './src/claims/index.ts'; export * from './src/session/index.ts';`);
    expect(code).not.toMatch(/require\(["']node:/);
    expect(code).not.toMatch(/from ["']node:/);
  });

  it('the Node-only stores are kept out of the Edge graph', async () => {
    await expect(bundle(`export * from './src/session/redis.ts';`)).rejects.toThrow();
  });

  it('verifies (cold and cached) and runs the memory + cached stores inside EdgeVM', async () => {
    const code = await bundle(`
      import { createClaimsVerifier } from './src/claims/index.ts';
      import { MemoryStore, CachedStore } from './src/session/index.ts';
      export async function run(token, secretB64) {
        const secret = Uint8Array.from(atob(secretB64), (c) => c.charCodeAt(0));
        const v = createClaimsVerifier({ issuer: 'https://issuer.test', audience: 'accord-app', algorithms: ['HS256'], keys: { secret } });
        const a = await v.verify(token);
        const b = await v.verify(token);
        let bad = 'none';
        try { await v.verify(token.slice(0, -2) + 'xx'); } catch (e) { bad = e.code; }
        const store = new CachedStore(new MemoryStore());
        const s = await store.inner.create({ subject: a.subject, ttlMs: 60000 });
        const before = (await store.get(s.id)).revoked;
        await store.inner.revoke(s.id);
        const after = (await store.get(s.id)).revoked;
        return JSON.stringify({ sub: a.subject, cached: [a.cached, b.cached], bad, before, after, idLen: s.id.length });
      }
    `);
    const vm = new EdgeVM();
    vm.evaluate(code);
    const token = await signHS();
    const secretB64 = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const result = JSON.parse(await vm.evaluate(`accord.run(${JSON.stringify(token)}, ${JSON.stringify(secretB64)})`));
    expect(result).toEqual({
      sub: 'user-1',
      cached: [false, true],
      bad: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      before: false,
      after: true,
      idLen: 43,
    });
  });
});
