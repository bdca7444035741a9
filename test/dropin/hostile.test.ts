// Bundles are hostile input: readBundle / loadAccordBundle / `accord eval` must refuse archives
// that try path traversal, links, devices, bombs, floods, or lie in their manifest.
import { gzipSync } from 'node:zlib';
import { Header, PackSync, ReadEntry } from 'tar';
import { describe, expect, it } from 'vitest';
import { loadAccordBundle } from '../../src/bundle/load.js';
import { BundleError } from '../../src/bundle/manifest.js';
import { readBundle } from '../../src/bundle/read.js';
import { writeBundle } from '../../src/bundle/write.js';
import { main } from '../../src/cli/main.js';
import { PolicyLoadError } from '../../src/engine/policy.js';
import { memoryIO, scratch } from './helpers.js';

interface Spec {
  path: string;
  type?: string;
  data?: string | Uint8Array;
  linkpath?: string;
  size?: number;
}

/** A .tar.gz built with node-tar, entries exactly as specified (no path sanitising). */
function tarGz(specs: Spec[]): Uint8Array {
  const chunks: Buffer[] = [];
  const pack = new PackSync({ gzip: true, portable: true, preservePaths: true });
  pack.on('data', (c: Buffer) => chunks.push(c));
  for (const s of specs) {
    const bytes = typeof s.data === 'string' ? Buffer.from(s.data) : Buffer.from(s.data ?? new Uint8Array());
    const header = new Header({ path: s.path, type: (s.type ?? 'File') as never, size: s.size ?? bytes.length, mode: 0o644, linkpath: s.linkpath, mtime: new Date(0) });
    const entry = new ReadEntry(header);
    entry.end(bytes);
    pack.add(entry);
  }
  pack.end();
  return new Uint8Array(Buffer.concat(chunks));
}

const MANIFEST = '{"revision": "", "roots": [""]}';

function rejects(bytes: Uint8Array, pattern: RegExp, options = {}): void {
  let error: unknown;
  try {
    readBundle(bytes, options);
  } catch (err) {
    error = err;
  }
  expect(error, 'expected readBundle to throw').toBeInstanceOf(BundleError);
  expect((error as Error).message).toMatch(pattern);
}

describe('readBundle refuses hostile bundles', () => {
  it('accepts a well-formed bundle (the baseline)', () => {
    const b = readBundle(tarGz([{ path: '/data.json', data: '{"a": 1}' }, { path: '/x/p.rego', data: 'package x\n' }, { path: '/.manifest', data: MANIFEST }]));
    expect(b.data).toEqual({ a: 1 });
    expect(b.modules).toEqual({ '/x/p.rego': 'package x\n' });
    // directory entries (as `tar czf` writes) carry nothing and are skipped
    const withDirs = readBundle(tarGz([{ path: './', type: 'Directory' }, { path: './x/', type: 'Directory' }, { path: './x/data.json', data: '{"v": 2}' }]));
    expect(withDirs.data).toEqual({ x: { v: 2 } });
  });

  it('rejects path traversal', () => {
    rejects(tarGz([{ path: '/../etc/passwd.rego', data: 'package x\n' }]), /escapes the bundle root/);
    rejects(tarGz([{ path: 'a/../../data.json', data: '{}' }]), /escapes the bundle root/);
    rejects(tarGz([{ path: '..\\..\\evil.rego', data: 'package x\n' }]), /escapes the bundle root/);
    // a long name goes through a PAX header: still checked
    rejects(tarGz([{ path: `/${'a/'.repeat(80)}../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../x.rego`, data: 'package x\n' }]), /escapes the bundle root/);
  });

  it('rejects links, devices and other non-regular entries', () => {
    rejects(tarGz([{ path: '/policy.wasm', type: 'SymbolicLink', linkpath: '/etc/passwd' }]), /\/policy\.wasm is a SymbolicLink entry; only regular files are allowed/);
    rejects(tarGz([{ path: '/data.json', type: 'Link', linkpath: '/etc/shadow' }]), /is a Link entry/);
    rejects(tarGz([{ path: '/dev', type: 'CharacterDevice' }]), /is a CharacterDevice entry/);
    rejects(tarGz([{ path: '/fifo', type: 'FIFO' }]), /is a FIFO entry/);
  });

  it('bounds the uncompressed size (gzip bombs), each entry, and the number of entries', () => {
    const big = new Uint8Array(2 * 1024 * 1024); // 2 MiB of zeros: ~2 KiB compressed
    const bomb = tarGz([{ path: '/data.bin', data: big }]);
    expect(bomb.length).toBeLessThan(20_000);
    rejects(bomb, /larger than 1048576 bytes uncompressed/, { maxBytes: 1024 * 1024 });
    rejects(bomb, /entry \/data\.bin is larger than 65536 bytes/, { maxEntryBytes: 65536 });
    const flood = tarGz(Array.from({ length: 12 }, (_, i) => ({ path: `/f${i}.txt`, data: 'x' })));
    rejects(flood, /more than 10 entries/, { maxEntries: 10 });
    expect(() => readBundle(flood)).not.toThrow();
  });

  it('rejects non-gzip input, truncated and corrupt archives', () => {
    rejects(new TextEncoder().encode('not a tarball'), /expected a gzipped tarball/);
    const good = tarGz([{ path: '/data.json', data: '{}' }]);
    rejects(good.subarray(0, good.length - 10), /not a bundle|invalid bundle/);
    // a tar header whose checksum does not match
    const raw = Buffer.alloc(1024);
    raw.write('/data.json', 0);
    raw.write('0000644\0', 100);
    raw.write('00000000002\0', 124);
    raw.write('99999999\0', 148);
    rejects(new Uint8Array(gzipSync(raw)), /invalid bundle/);
  });

  it('rejects duplicate entries, delta bundles and lying manifests', () => {
    rejects(tarGz([{ path: '/a.rego', data: 'package a\n' }, { path: 'a.rego', data: 'package b\n' }]), /two entries named \/a\.rego/);
    rejects(tarGz([{ path: '/patch.json', data: '{"data": []}' }]), /delta bundles/);
    rejects(tarGz([{ path: '/.manifest', data: '{"revision": ' }]), /\/\.manifest: not valid JSON/);
    rejects(tarGz([{ path: '/.manifest', data: '{"revision": 7}' }]), /"revision" must be a string/);
    rejects(tarGz([{ path: '/.manifest', data: '{"wasm": [{"entrypoint": "a/b", "module": "/policy.wasm"}]}' }]), /references wasm module '\/policy\.wasm' but the module file does not exist/);
    rejects(tarGz([{ path: '/.manifest', data: '{"roots": ["a", "a/b"]}' }]), /overlapped roots/);
    rejects(tarGz([{ path: '/.manifest', data: '{"roots": ["a"]}' }, { path: '/b/data.json', data: '{"x": 1}' }]), /do not permit data at path '\/b'/);
    rejects(tarGz([{ path: '/data.json', data: '{"a": ' }]), /\/data\.json: /);
    rejects(tarGz([{ path: '/data.json', data: '[1]' }]), /root data document must be an object/);
    rejects(tarGz([{ path: '/data.json', data: '{"a": {"b": 1}}' }, { path: '/a/data.json', data: '{"b": 2}' }]), /data conflict at data\.a\.b: \/data\.json and \/a\/data\.json/);
  });

  it('keeps __proto__ keys as plain data', () => {
    const b = readBundle(tarGz([{ path: '/data.json', data: '{"__proto__": {"polluted": true}, "a": 1}' }]));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(b.data).sort()).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(b.data)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it('loadAccordBundle turns refusals into PolicyLoadError', async () => {
    await expect(loadAccordBundle(tarGz([{ path: '/../x', data: '' }]))).rejects.toBeInstanceOf(PolicyLoadError);
    await expect(loadAccordBundle(writeBundle({ manifest: { revision: '' }, data: {}, modules: {} }))).rejects.toThrow(/has no policy\.wasm/);
  });

  it('accord eval reports a hostile bundle and exits 1', async () => {
    const s = scratch('hostile');
    try {
      const file = s.file('evil.tar.gz', tarGz([{ path: '/policy.wasm', type: 'SymbolicLink', linkpath: '/etc/passwd' }]));
      const m = memoryIO();
      expect(await main(['eval', '-e', 'x/y', file], m.io)).toBe(1);
      expect(m.stderr()).toMatch(/accord eval: .*evil\.tar\.gz: bundle entry \/policy\.wasm is a SymbolicLink entry/);
    } finally {
      s.cleanup();
    }
  });
});
