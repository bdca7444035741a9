import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureServer, countUnique, idsFromOpaBodies } from './helpers.js';

const child = fileURLToPath(new URL('./fixtures/shutdown-child.ts', import.meta.url));

function run(url: string, mode: 'signal' | 'beforeExit') {
  const p = spawn(process.execPath, ['--import', 'tsx', child, url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (mode === 'signal' && out.includes('ready')) p.kill('SIGTERM');
  });
  let err = '';
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }>((resolve) =>
    p.on('exit', (code, signal) => resolve({ code, signal, err })),
  );
}

describe('flushOnShutdown (Node)', () => {
  it('delivers queued events on SIGTERM, then terminates with the signal', async () => {
    const srv = await captureServer();
    const r = await run(`${srv.url}/logs`, 'signal');
    expect(r.signal, r.err).toBe('SIGTERM');
    expect(countUnique(idsFromOpaBodies(srv.requests)).unique).toBe(100);
    await srv.stop();
  });

  it('delivers queued events when the event loop runs dry (beforeExit)', async () => {
    const srv = await captureServer();
    const r = await run(`${srv.url}/logs`, 'beforeExit');
    expect(r.code, r.err).toBe(0);
    expect(countUnique(idsFromOpaBodies(srv.requests)).unique).toBe(100);
    await srv.stop();
  });
});

describe('Node transport helpers', () => {
  it('nodeFetch + nodeGzip deliver valid gzip uploads and survive an outage (ECONNREFUSED)', async () => {
    const { createAuditLogger, httpSink } = await import('../../src/audit/index.js');
    const { nodeFetch, nodeGzip } = await import('../../src/audit/node.js');
    const { FAST, sampleEvent, sleep } = await import('./helpers.js');
    const srv = await captureServer((_req, res) => void res.writeHead(200, { 'x-seen': '1' }).end('{}'));
    const logger = createAuditLogger({
      sinks: [httpSink({ url: `${srv.url}/logs`, fetch: nodeFetch(), delivery: { ...FAST, compress: nodeGzip(1) } })],
      onWarning: () => {},
    });
    const ids: string[] = [];
    const logN = (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = crypto.randomUUID();
        ids.push(id);
        logger.log(sampleEvent({ decision_id: id }));
      }
    };
    logN(200);
    expect(await logger.flush()).toBe(true);
    await srv.stop();
    logN(200);
    await sleep(100);
    await srv.start();
    logN(200);
    expect(await logger.close({ timeoutMs: 10_000 })).toBe(true);
    expect(srv.requests.every((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
    expect(countUnique(idsFromOpaBodies(srv.requests))).toEqual({ unique: 600, duplicates: 0 });
    const m = logger.metrics().sinks.http;
    expect(m.retries).toBeGreaterThan(0);
    expect(m.lastError).toContain('ECONNREFUSED');
    expect(m.duplicatesPossible).toBe(0); // refused connections never reached the receiver
    await srv.stop();
  });
});

describe('nodeFetch', () => {
  it('sends plain-object or Headers request headers, and returns status, all response headers and the body', async () => {
    const { nodeFetch } = await import('../../src/audit/node.js');
    const srv = await captureServer((req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      if (req.url === '/busy') res.writeHead(429, { 'Retry-After': '7' }).end('slow down');
      else res.writeHead(204).end();
    });
    const f = nodeFetch();
    const busy = await f(`${srv.url}/busy`, { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain', 'X-Tenant': 'acme' } });
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('7');
    expect(busy.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await busy.text()).toBe('slow down');
    expect(srv.requests[0].headers).toMatchObject({ 'content-type': 'text/plain', 'x-tenant': 'acme', 'content-length': '1' });
    const done = await f(`${srv.url}/ok`, { method: 'POST', body: new Uint8Array([1, 2, 3]), headers: new Headers({ 'X-Id': '9' }) });
    expect(done.status).toBe(204);
    expect(await done.text()).toBe('');
    expect(srv.requests[1].headers['x-id']).toBe('9');
    expect([...srv.requests[1].raw]).toEqual([1, 2, 3]);
    await srv.stop();
  });
});
