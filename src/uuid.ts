// Ids for decisions, requests and events: RFC 9562 version 4 UUIDs (122 random bits from Web
// Crypto), formatted here from a pool of random bytes refilled 64 ids at a time. Edge-safe.
//
// Why not crypto.randomUUID() per id: ids are made on every decision (and, for a route handler
// reached without the proxy, for its request), and Next.js 16 wraps crypto.randomUUID and
// crypto.getRandomValues to detect randomness during prerendering — two AsyncLocalStorage
// lookups on every call, on top of Web Crypto's own bookkeeping. Drawing 1 KiB at a time pays
// that once per 64 ids. The ids are correlation handles, not secrets: nothing is authorised by
// knowing one, and they stay as unpredictable as crypto.randomUUID()'s (which pools its random
// bytes too).

const IDS_PER_FILL = 64;
const pool = new Uint8Array(16 * IDS_PER_FILL);
let nextId = IDS_PER_FILL;
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A fresh version 4 UUID, lower-case (the form crypto.randomUUID() returns). */
export function newUuid(): string {
  if (nextId === IDS_PER_FILL) {
    crypto.getRandomValues(pool);
    nextId = 0;
  }
  const o = 16 * nextId++;
  const b = pool;
  const h = HEX;
  return (
    h[b[o]!]! + h[b[o + 1]!]! + h[b[o + 2]!]! + h[b[o + 3]!]! + '-' +
    h[b[o + 4]!]! + h[b[o + 5]!]! + '-' +
    h[(b[o + 6]! & 0x0f) | 0x40]! + h[b[o + 7]!]! + '-' +
    h[(b[o + 8]! & 0x3f) | 0x80]! + h[b[o + 9]!]! + '-' +
    h[b[o + 10]!]! + h[b[o + 11]!]! + h[b[o + 12]!]! + h[b[o + 13]!]! + h[b[o + 14]!]! + h[b[o + 15]!]!
  );
}
