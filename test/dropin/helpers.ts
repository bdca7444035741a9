// Shared helpers for the drop-in (OPA compatibility) tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import type { CliIO } from '../../src/cli/io.js';

export function memoryIO(quiet = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), quiet };
  return { io, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

/** A scratch directory with a `file(rel, text)` writer; `cleanup()` removes it. */
export function scratch(prefix: string) {
  const root = mkdtempSync(join(tmpdir(), `accord-${prefix}-`));
  return {
    root,
    path: (rel: string) => join(root, rel),
    file(rel: string, text: string | Uint8Array): string {
      const p = join(root, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface TarEntry {
  path: string;
  type: string;
  mode: number | undefined;
  mtime: Date | undefined;
  uid: number | undefined;
  size: number;
  bytes: Buffer;
}

/** Every entry of a .tar.gz, read with node-tar (names exactly as stored). */
export function listTarGz(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  const parser = new Parser({
    strict: true,
    onReadEntry: (e: ReadEntry) => {
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () =>
        entries.push({ path: e.path, type: e.type, mode: e.mode, mtime: e.mtime, uid: e.uid, size: e.size, bytes: Buffer.concat(chunks) }),
      );
    },
  });
  parser.end(gunzipSync(bytes));
  return entries;
}

export const text = (b: Uint8Array) => new TextDecoder().decode(b);
