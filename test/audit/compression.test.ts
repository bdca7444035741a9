// gzip for the HTTP sinks: the Edge-safe default (CompressionStream, looked up only when a batch is
// compressed), what happens where a runtime has none (Next.js's Edge sandbox stubs it), and the Node
// preset (`nodeDelivery()`: zlib level 1 + keep-alive node:http) wired for a whole logger.

import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createAuditLogger, httpSink, type AuditWarning } from '../../src/audit/index.js';
import { nodeDelivery, nodeFetch, nodeGzip } from '../../src/audit/node.js';
import { bundleForEdge } from '../helpers/edge.js';
import { FAST, captureServer, countUnique, idsFromOpaBodies, sampleEvent } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Free references to `names` in a script (what bundlers' Edge checks flag), not property accesses. */
function freeReferences(code: string, names: readonly string[]): string[] {
  const sf = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && names.includes(node.text)) {
      const p = node.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        (ts.isPropertyAssignment(p) && p.name === node) ||
        (ts.isMethodDeclaration(p) && p.name === node);
      if (!isPropertyName) found.push(`${node.text} at ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('Edge bundles (the Turbopack / Next.js Edge checks)', () => {
  it('the audit entry has no free reference to CompressionStream or setImmediate', async () => {
    // Next.js rejects Edge code naming `CompressionStream` (and warns on `setImmediate`) anywhere,
    // even inside a function never called: the delivery looks them up through globalThis instead.
    const out = await build({
      entryPoints: [`${root}src/audit/index.ts`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    expect(code).toContain('globalThis.CompressionStream');
    expect(freeReferences(code, ['CompressionStream', 'setImmediate'])).toEqual([]);
    // The check itself finds what it must.
    expect(freeReferences('async function g(){ return new CompressionStream("gzip") }', ['CompressionStream'])).toHaveLength(1);
  });

  const runInEdge = async (prelude: string) => {
    const code = await bundleForEdge(
      `export { createAuditLogger, httpSink } from './src/audit/index.ts';`,
    );
    const vm = new EdgeVM();
    vm.evaluate(prelude);
    vm.evaluate(code);
    // Everything below runs inside the Edge VM: its own fetch stand-in records each request.
    const result = (await vm.evaluate(`(async () => {
      const requests = [];
      const warnings = [];
      const logger = accord.createAuditLogger({
        sinks: [accord.httpSink({
          url: 'https://logs.example/logs',
          maxChunkBytes: 4096,
          fetch: async (url, init) => {
            requests.push({ encoding: init.headers['content-encoding'] ?? null, body: typeof init.body === 'string' ? init.body : new TextDecoder().decode(init.body) });
            return new Response('{}', { status: 200 });
          },
        })],
        onWarning: (w) => warnings.push(w),
      });
      for (let i = 0; i < 60; i++) logger.log({ path: 'app/authz/allow', layer: 'middleware', outcome: 'allow', request_id: 'r' + i, input: { i } });
      const flushed = await logger.flush({ timeoutMs: 5000 });
      return JSON.stringify({ flushed, metrics: logger.metrics(), requests, warnings });
    })()`)) as string;
    return JSON.parse(result) as {
      flushed: boolean;
      metrics: { delivered: number; rejected: number; errors: number; dropped: number };
      requests: { encoding: string | null; body: string }[];
      warnings: AuditWarning[];
    };
  };

  const checkUncompressed = (r: Awaited<ReturnType<typeof runInEdge>>) => {
    expect(r.flushed).toBe(true);
    expect(r.metrics).toMatchObject({ delivered: 60, rejected: 0, errors: 0, dropped: 0 });
    expect(r.requests.length).toBeGreaterThan(1); // uncompressed bodies are split under maxChunkBytes
    for (const q of r.requests) {
      expect(q.encoding).toBeNull(); // no Content-Encoding on an uncompressed body
      expect(new TextEncoder().encode(q.body).length).toBeLessThanOrEqual(4096);
    }
    const ids = r.requests.flatMap((q) => (JSON.parse(q.body) as { request_id: string }[]).map((e) => e.request_id));
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => `r${i}`));
    expect(r.warnings.filter((w) => w.kind === 'error')).toHaveLength(1);
    expect(r.warnings[0].message).toMatch(/no usable CompressionStream.*sending uncompressed/);
  };

  it('without CompressionStream or setImmediate (edge-runtime), events go out uncompressed, none lost', async () => {
    const r = await runInEdge('');
    checkUncompressed(r);
    expect(r.warnings[0].message).toContain('not defined');
  });

  it("with Next.js's throwing stubs for CompressionStream and setImmediate, the same", async () => {
    // What next start's Edge sandbox installs (EDGE_UNSUPPORTED_NODE_APIS): getters returning a
    // function that throws "A Node.js API is used (…)" when called.
    const stub = (name: string) =>
      `Object.defineProperty(globalThis, '${name}', { configurable: true, get() { return function () { throw new Error('A Node.js API is used (${name}) which is not supported in the Edge Runtime.'); }; } });`;
    const r = await runInEdge(stub('CompressionStream') + stub('setImmediate'));
    checkUncompressed(r);
    expect(r.warnings[0].message).toContain('A Node.js API is used (CompressionStream)');
  });
});

describe('gzip on Node', () => {
  it('the default gzips with CompressionStream; without it (deleted at run time) bodies go uncompressed', async () => {
    const srv = await captureServer();
    const a = createAuditLogger({ sinks: [httpSink({ url: srv.url, delivery: FAST })] });
    for (let i = 0; i < 20; i++) a.log(sampleEvent());
    expect(await a.close()).toBe(true);
    expect(srv.requests.every((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);

    const saved = Object.getOwnPropertyDescriptor(globalThis, 'CompressionStream')!;
    delete (globalThis as { CompressionStream?: unknown }).CompressionStream;
    try {
      srv.requests = [];
      const warnings: AuditWarning[] = [];
      const b = createAuditLogger({ sinks: [httpSink({ url: srv.url, delivery: FAST })], onWarning: (w) => warnings.push(w) });
      for (let i = 0; i < 20; i++) b.log(sampleEvent());
      expect(await b.close()).toBe(true);
      expect(srv.requests.length).toBeGreaterThan(0);
      expect(srv.requests.every((r) => r.headers['content-encoding'] === undefined)).toBe(true);
      expect(countUnique(idsFromOpaBodies(srv.requests)).unique).toBe(20);
      expect(warnings.map((w) => w.kind)).toEqual(['error']);
    } finally {
      Object.defineProperty(globalThis, 'CompressionStream', saved);
      await srv.stop();
    }
  });

  it('delivery.compress receives the UTF-8 body; a compressor that throws is not mistaken for a missing API', async () => {
    const srv = await captureServer();
    const seen: unknown[] = [];
    const ok = createAuditLogger({
      sinks: [httpSink({ url: srv.url, delivery: { ...FAST, compress: (d) => (seen.push(d), nodeGzip(1)(d)) } })],
    });
    ok.log(sampleEvent({ reason: 'ü' }));
    expect(await ok.close()).toBe(true);
    expect(seen[0]).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(new TextDecoder().decode(seen[0] as Uint8Array))[0].reason).toBe('ü');
    expect(JSON.parse(srv.requests[0].text)[0].reason).toBe('ü');

    const bad = createAuditLogger({
      sinks: [httpSink({ url: srv.url, delivery: { ...FAST, compress: async () => { throw new Error('zlib broke'); } } })],
      onWarning: () => {},
    });
    bad.log(sampleEvent());
    await bad.close();
    expect(bad.metrics()).toMatchObject({ rejected: 1, delivered: 0 });
    expect(srv.requests).toHaveLength(1);
    await srv.stop();
  });
});

describe('nodeGzip', () => {
  it('round-trips bodies from empty to several MB (output buffers sized to the body)', async () => {
    const gz = nodeGzip(1);
    const rows = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ i, id: crypto.randomUUID(), t: 'ü€🔐' }));
    const big = new TextEncoder().encode(`[${rows.join(',')}]`);
    for (const data of [new Uint8Array(0), new TextEncoder().encode('[]'), big]) {
      const out = await gz(data);
      expect(out[0]).toBe(0x1f);
      expect(Buffer.compare(gunzipSync(out), Buffer.from(data))).toBe(0);
    }
    expect(big.length).toBeGreaterThan(2_500_000);
  });
});

describe('the Node preset: nodeDelivery()', () => {
  it('sets zlib level 1 and the keep-alive client for every sink of a logger', async () => {
    const srv = await captureServer();
    const preset = nodeDelivery();
    let calls = 0;
    const counting: typeof fetch = (input, init) => (calls++, preset.fetch!(input, init));
    const logger = createAuditLogger({
      sinks: [httpSink({ url: `${srv.url}/a`, name: 'a' }), httpSink({ url: `${srv.url}/b`, name: 'b' })],
      delivery: { ...FAST, ...preset, fetch: counting },
    });
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      logger.log(sampleEvent({ decision_id: id }));
    }
    expect(await logger.close()).toBe(true);
    expect(calls).toBe(srv.requests.length);
    for (const r of srv.requests) {
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.raw[8]).toBe(4); // gzip header XFL: 4 = fastest algorithm (level 1)
      expect(r.headers.connection).toBe('keep-alive');
    }
    for (const path of ['/a', '/b']) expect(idsFromOpaBodies(srv.requests.filter((r) => r.url === path))).toEqual(ids);
    await srv.stop();
  });

  it("a sink's own fetch wins over delivery.fetch; the default level (CompressionStream) writes XFL 0", async () => {
    const srv = await captureServer();
    let presetCalls = 0;
    let own = 0;
    const nf = nodeFetch();
    const logger = createAuditLogger({
      sinks: [httpSink({ url: srv.url, fetch: (i, init) => (own++, nf(i, init)) })],
      delivery: { ...FAST, fetch: (i, init) => (presetCalls++, nf(i, init)) },
    });
    logger.log(sampleEvent());
    expect(await logger.close()).toBe(true);
    expect([own, presetCalls]).toEqual([1, 0]);
    expect(srv.requests[0].raw[8]).toBe(0);
    expect(JSON.parse(gunzipSync(srv.requests[0].raw).toString())).toHaveLength(1);
    await srv.stop();
  });
});
