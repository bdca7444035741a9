// The file sink against a file system that takes fewer bytes than offered (write(2) may, without
// an error: a nearly full disk, a file-size limit, a signal) and one that fails part-way.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fsPlan = vi.hoisted(() => ({ calls: 0, shortOn: new Set<number>(), failOn: new Set<number>() }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const fh = await real.open(...args);
      const write = fh.write.bind(fh) as (b: Buffer, o: number, l: number) => Promise<{ bytesWritten: number }>;
      // Either signature the sink might use: (string) or (buffer, offset, length).
      (fh as unknown as { write: (b: Buffer | string, o?: number, l?: number) => Promise<{ bytesWritten: number }> }).write = async (input, offset, length) => {
        const b = typeof input === 'string' ? Buffer.from(input) : input;
        const o = typeof input === 'string' ? 0 : (offset ?? 0);
        const l = typeof input === 'string' ? b.length : (length ?? b.length - o);
        const n = ++fsPlan.calls;
        if (fsPlan.shortOn.has(n)) return write(b, o, Math.max(1, Math.floor(l / 3)));
        if (fsPlan.failOn.has(n)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return write(b, o, l);
      };
      return fh;
    },
  };
});

const { createAuditLogger } = await import('../../src/audit/index.js');
const { fileSink } = await import('../../src/audit/node.js');

afterEach(() => {
  fsPlan.calls = 0;
  fsPlan.shortOn.clear();
  fsPlan.failOn.clear();
});

async function run(events: number): Promise<{ lines: string[]; parsed: Array<{ decision_id: string }>; delivered: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'accord-short-'));
  const path = join(dir, 'decisions.ndjson');
  try {
    const logger = createAuditLogger({ sinks: [fileSink({ path, delivery: { flushIntervalMs: 5, retryBaseMs: 1, retryMaxMs: 5 } })], onWarning: () => {} });
    for (let i = 0; i < events / 2; i++) logger.log({ path: 'p', layer: 'route', outcome: 'allow', decision_id: `a${i}` });
    await logger.flush();
    for (let i = 0; i < events / 2; i++) logger.log({ path: 'p', layer: 'route', outcome: 'allow', decision_id: `b${i}` });
    await logger.close();
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    const parsed: Array<{ decision_id: string }> = [];
    for (const l of lines) {
      try {
        parsed.push(JSON.parse(l) as { decision_id: string });
      } catch {
        // a line cut by a failed write
      }
    }
    return { lines, parsed, delivered: logger.metrics().delivered };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('file sink: short and failed writes', () => {
  it('a short write is completed: nothing lost, every line whole', async () => {
    fsPlan.shortOn.add(1);
    fsPlan.shortOn.add(2);
    const r = await run(8);
    expect(r.delivered).toBe(8);
    expect(r.lines).toHaveLength(8);
    expect(r.parsed.map((e) => e.decision_id).sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b2', 'b3']);
  });

  it('a write that fails part-way is retried on a fresh line: the cut line is the only casualty', async () => {
    fsPlan.shortOn.add(1); // a third of the first batch lands…
    fsPlan.failOn.add(2); // …then the disk is full
    const r = await run(8);
    expect(r.delivered).toBe(8);
    // One line is cut (the failed write's last); everything after it, the retried batch and the
    // next one, is whole and on lines of its own.
    const bad = r.lines.findIndex((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toBeGreaterThanOrEqual(0);
    const after = r.lines.slice(bad + 1).map((l) => (JSON.parse(l) as { decision_id: string }).decision_id);
    expect(after).toEqual(['a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b2', 'b3']);
  });
});
