import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLogger } from '../../src/audit/index.js';
import { fileSink } from '../../src/audit/node.js';
import { FAST, sampleEvent } from './helpers.js';

describe('file sink', () => {
  it('writes NDJSON and rotates by size, keeping N files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accord-audit-file-'));
    const path = join(dir, 'logs', 'decisions.ndjson');
    const maxBytes = 8 * 1024;
    const logger = createAuditLogger({ sinks: [fileSink({ path, maxBytes, keep: 2, delivery: { ...FAST, batchEvents: 5 } })] });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      logger.log(sampleEvent({ decision_id: id }));
    }
    expect(await logger.close()).toBe(true);
    const files = (await readdir(join(dir, 'logs'))).sort();
    expect(files).toEqual(['decisions.ndjson', 'decisions.ndjson.1', 'decisions.ndjson.2']);
    for (const f of files) {
      const p = join(dir, 'logs', f);
      expect((await stat(p)).size).toBeLessThanOrEqual(maxBytes);
      expect((await stat(p)).mode & 0o777).toBe(0o600);
    }
    // Newest events in the live file, older ones in .1 then .2; every line is one event.
    const live = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).decision_id);
    const one = (await readFile(`${path}.1`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).decision_id);
    const two = (await readFile(`${path}.2`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).decision_id);
    expect([...two, ...one, ...live]).toEqual(ids.slice(ids.length - two.length - one.length - live.length));
    expect(live.at(-1)).toBe(ids.at(-1));
    await rm(dir, { recursive: true, force: true });
  });
});
