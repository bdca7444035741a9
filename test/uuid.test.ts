// Ids from src/uuid.ts: version 4 UUIDs in crypto.randomUUID()'s form, unique, random where
// RFC 9562 says random, drawn from Web Crypto 64 at a time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newUuid } from '../src/uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newUuid', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives lower-case version 4, variant 10 UUIDs, all distinct, across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = newUuid();
      expect(id).toMatch(V4);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
  });

  it('keeps the random bits random: every hex digit of every random position varies, version and variant do not', () => {
    const ids = Array.from({ length: 4096 }, () => newUuid().replaceAll('-', ''));
    for (let pos = 0; pos < 32; pos++) {
      const digits = new Set(ids.map((id) => id[pos]));
      if (pos === 12) expect([...digits]).toEqual(['4']); // version
      else if (pos === 16) expect([...digits].sort()).toEqual(['8', '9', 'a', 'b']); // variant 10xx
      else expect(digits.size, `position ${pos}`).toBe(16);
    }
  });

  it('draws Web Crypto randomness once per 64 ids, never crypto.randomUUID', () => {
    const fill = vi.spyOn(crypto, 'getRandomValues');
    const uuid = vi.spyOn(crypto, 'randomUUID');
    for (let i = 0; i < 640; i++) newUuid();
    expect(fill.mock.calls.length).toBeGreaterThanOrEqual(10);
    expect(fill.mock.calls.length).toBeLessThanOrEqual(11);
    expect(uuid).not.toHaveBeenCalled();
  });

  it('a failing random source fails every call that needs new bytes (never a stale or predictable id)', () => {
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(() => {
      throw new Error('no entropy');
    });
    // Ids left in the pool (from a real fill) may still be handed out; from the first refill on,
    // every call throws.
    const outcomes: boolean[] = [];
    for (let i = 0; i < 130; i++) {
      try {
        newUuid();
        outcomes.push(true);
      } catch {
        outcomes.push(false);
      }
    }
    const firstFailure = outcomes.indexOf(false);
    expect(firstFailure).toBeGreaterThanOrEqual(0);
    expect(firstFailure).toBeLessThan(64);
    expect(outcomes.slice(firstFailure).every((ok) => !ok)).toBe(true);
  });
});
