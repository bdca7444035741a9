import { sha256Hex, sha256HexBytes } from '../src/engine/sha256.js';
import { createHash } from 'node:crypto';
for (const s of ['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'é'.repeat(100), 'a'.repeat(1000)]) {
  const a = sha256Hex(s), b = createHash('sha256').update(s).digest('hex');
  const c = await sha256HexBytes(new TextEncoder().encode(s));
  if (a !== b || c !== b) console.log('MISMATCH', s.length);
}
const id = 'A'.repeat(43);
let t = performance.now(); for (let i = 0; i < 100000; i++) sha256Hex(id + (i%10)); console.log('us', (performance.now()-t)/100);
