// File sink (Node only — not exported by the Edge-safe `src/audit/index.ts`): NDJSON appended to
// `path`, rotated by size. When the next batch would push the file past `maxBytes`, `path` is
// renamed to `path.1` (`path.1` → `path.2` …) and the oldest beyond `keep` is deleted.

import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditSink, DeliveryOptions, PreparedEvent } from '../types.js';

export interface FileSinkOptions {
  path: string;
  name?: string;
  /** Rotate before a write would exceed this size (default 64 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the live one (default 5). 0 = truncate on rotation. */
  keep?: number;
  /** Line format (default: the event JSON; `formatEcs`, `formatOcsf` also fit). */
  format?: (event: PreparedEvent) => string;
  /** File mode for new files (default 0o600: decision logs are sensitive). */
  mode?: number;
  delivery?: Partial<DeliveryOptions>;
}

const ignoreMissing = (err: unknown) => {
  if ((err as { code?: string })?.code !== 'ENOENT') throw err;
};

export function fileSink(options: FileSinkOptions): AuditSink {
  const path = options.path;
  const maxBytes = Math.max(1, options.maxBytes ?? 64 * 1024 * 1024);
  const keep = Math.max(0, Math.floor(options.keep ?? 5));
  const mode = options.mode ?? 0o600;
  let fh: FileHandle | undefined;
  let size = 0;
  // A write that failed part-way left a line without its end: the next one starts a new line.
  let brokenLine = false;

  /** write(2) may take fewer bytes than offered without an error: loop until all are written. */
  async function writeAll(h: FileHandle, buf: Buffer): Promise<void> {
    let off = 0;
    try {
      while (off < buf.length) {
        const { bytesWritten } = await h.write(buf, off, buf.length - off);
        if (!(bytesWritten > 0)) throw new Error('file sink: the write made no progress');
        off += bytesWritten;
      }
    } finally {
      size += off;
      if (off === buf.length) brokenLine = false;
      else if (off > 0) brokenLine = true;
    }
  }

  async function ensureOpen(): Promise<FileHandle> {
    if (!fh) {
      await mkdir(dirname(path), { recursive: true });
      fh = await open(path, 'a', mode);
      size = (await fh.stat()).size;
    }
    return fh;
  }

  async function rotate(): Promise<void> {
    await fh?.close();
    fh = undefined;
    if (keep === 0) {
      await unlink(path).catch(ignoreMissing);
      return;
    }
    await unlink(`${path}.${keep}`).catch(ignoreMissing);
    for (let i = keep - 1; i >= 1; i--) await rename(`${path}.${i}`, `${path}.${i + 1}`).catch(ignoreMissing);
    await rename(path, `${path}.1`).catch(ignoreMissing);
  }

  return {
    name: options.name ?? 'file',
    delivery: {
      flushIntervalMs: 200,
      batchBytes: Math.min(1024 * 1024, Math.max(4096, Math.floor(maxBytes / 4))),
      ...options.delivery,
    },
    format: options.format ?? ((p) => p.json),
    encode: (units) => `${units.join('\n')}\n`,
    async send(req) {
      const text = req.body as string;
      const bytes = Buffer.byteLength(text);
      try {
        await ensureOpen();
        if (size > 0 && size + bytes > maxBytes) {
          await rotate();
          await ensureOpen();
          brokenLine = false; // the cut line stays in the rotated file
        }
        await writeAll(fh!, Buffer.from(brokenLine ? `\n${text}` : text, 'utf8'));
        return { ok: true };
      } catch (err) {
        // Reopen on the next attempt (the handle may be the failing part).
        await fh?.close().catch(() => {});
        fh = undefined;
        return { ok: false, retryable: true, maybeDelivered: true, error: err instanceof Error ? err.message : String(err) };
      }
    },
    async close() {
      await fh?.close();
      fh = undefined;
    },
  };
}
