// Hashing session ids and API keys, which never leave the engine raw. WebCrypto's digest is
// asynchronous (a thread-pool round trip in Node, tens of µs); a session id is one SHA-256 block,
// about a microsecond with the shared synchronous implementation. Results are memoised in a
// bounded map, so a session seen again costs a map lookup.

import { sha256Hex } from '../builtins/digest/index.js';

export { sha256Hex };

const MEMO_MAX = 4096;
const memo = new Map<string, string>();

/** sha256Hex, memoised (bounded; cleared when full). For session ids and API keys. */
export function hashId(id: string): string {
  let h = memo.get(id);
  if (h === undefined) {
    h = sha256Hex(id);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(id, h);
  }
  return h;
}

/** SHA-256 hex of bytes through WebCrypto (the policy revision: computed once per module). */
export async function sha256HexBytes(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const out = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  let s = '';
  for (let i = 0; i < out.length; i++) s += out[i].toString(16).padStart(2, '0');
  return s;
}
