// Floor of the wasm runtime: JSON parse (+ dump) of a ~180 B and a ~2 KB object, median (and
// minimum) ns per operation over 31 batches. Run `node build.mjs` first.
//   node bench/runtime.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mod = new WebAssembly.Module(readFileSync(join(root, 'dist/runtime.wasm')));
const memory = new WebAssembly.Memory({ initial: 5 });
const { exports: x } = new WebAssembly.Instance(mod, {
  env: {
    memory,
    opa_abort: (a) => {
      throw new Error(`abort at ${a}`);
    },
    opa_println: () => {},
  },
});

const small = {
  user: { id: 'u_123456', roles: ['admin', 'editor'], tenant: 't-42', verified: true },
  action: 'update',
  resource: { type: 'document', id: 'doc-987', owner: 'u_123456' },
  time: 1732406400,
};
const large = {
  request: {
    method: 'POST',
    path: '/api/v1/projects/123/documents',
    headers: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`x-header-${i}`, `value-${i}-${'v'.repeat(i)}`])),
    query: { page: 2, per_page: 50, sort: '-updated_at', filter: 'status:active' },
  },
  user: {
    id: 'user_0123456789',
    email: 'someone@example.com',
    roles: ['admin', 'editor', 'viewer', 'billing'],
    groups: Array.from({ length: 10 }, (_, i) => `group-${i}`),
    claims: { iss: 'https://issuer.example.com/', aud: ['a', 'b'], exp: 1732406400, iat: 1732402800, scope: 'read write' },
  },
  resource: {
    type: 'document',
    id: 'doc-987654321',
    tags: Array.from({ length: 30 }, (_, i) => `tag${i}`),
    acl: Array.from({ length: 8 }, (_, i) => ({ principal: `p${i}`, perms: ['read', 'write'].slice(0, (i % 2) + 1) })),
    size: 123456.75,
  },
};

const enc = new TextEncoder();
const dec = new TextDecoder();

function bench(name, obj) {
  const text = JSON.stringify(obj);
  const bytes = enc.encode(text);
  const base = x.opa_heap_ptr_get();
  const addr = x.opa_malloc(bytes.length);
  new Uint8Array(memory.buffer).set(bytes, addr);
  const heap = x.opa_heap_ptr_get();
  const cases = {
    parse: () => {
      x.opa_heap_ptr_set(heap);
      x.opa_json_parse(addr, bytes.length);
    },
    'parse+dump': () => {
      x.opa_heap_ptr_set(heap);
      x.opa_json_dump(x.opa_json_parse(addr, bytes.length));
    },
    'JS->wasm->JS round trip': () => {
      // what the SDK does around an evaluation: encode, copy, parse, dump, decode, JSON.parse
      x.opa_heap_ptr_set(heap);
      const b = enc.encode(JSON.stringify(obj));
      const a = x.opa_malloc(b.length);
      const u8 = new Uint8Array(memory.buffer);
      u8.set(b, a);
      const out = x.opa_json_dump(x.opa_json_parse(a, b.length));
      let end = out;
      while (u8[end] !== 0) end++;
      JSON.parse(dec.decode(u8.subarray(out, end)));
    },
  };
  const results = {};
  for (const [label, fn] of Object.entries(cases)) {
    for (let i = 0; i < 20000; i++) fn(); // warm up
    const samples = [];
    const batch = 2000;
    for (let r = 0; r < 31; r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) fn();
      samples.push(Number(process.hrtime.bigint() - t0) / batch);
    }
    samples.sort((a, b) => a - b);
    results[label] = [samples[samples.length >> 1], samples[0]];
  }
  x.opa_heap_ptr_set(base);
  console.log(
    `${name.padEnd(6)} ${String(bytes.length).padStart(5)} B  ` +
      Object.entries(results)
        .map(([k, [med, min]]) => `${k}: ${med.toFixed(0)} ns (min ${min.toFixed(0)})`)
        .join('  '),
  );
}

bench('small', small);
bench('large', large);
console.log(`memory: ${memory.buffer.byteLength / 65536} pages`);
