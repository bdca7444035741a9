// The default schema's written-out checks (fastRest in src/engine/input.ts) against zod itself:
// on generated inputs, the validator must give zod's verdict and, when it accepts, zod's exact
// output (same keys, same order, same undefined-valued keys) and that output's JSON.
import { describe, expect, it } from 'vitest';
import { AuthzInputSchema } from '../../src/engine/index.js';
import { buildInput, validatorFor, type CandidateParts } from '../../src/engine/input.js';

/** Small deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'x', 'read', 'doc', 'a'.repeat(128), 'a'.repeat(129), 'b'.repeat(256), 'b'.repeat(257), 'read\n', 'ré', 'x y', 'a/b:c.d-e_f', '😀', 'A-Z_0.9'];
const OTHERS = [0, 42, -1, 1.5, NaN, null, undefined, true, [], ['read'], {}, { nested: { deep: [1, 'two'] } }];
const LAYERS = ['route', 'proxy', 'middleware', 'server_component', 'server_action', 'loader', 'action', 'Route', 'nope', ''];

class Resource {
  constructor(readonly type: string) {}
}

describe('default input schema: written-out checks give exactly what zod gives', () => {
  const validator = validatorFor(AuthzInputSchema);
  const subject = Object.freeze({ sub: 'bob', roles: Object.freeze(['editor']), tenant: 'acme', kind: 'user' });
  const session = Object.freeze({ id: 'a'.repeat(64), kind: 'user', created_at: 1, expires_at: 2, revoked: false, version: 1, auth_time: 1 });
  const request = { method: 'GET', path: '/x', time: 1, headers: {} };

  function zodOnly(parts: CandidateParts) {
    return AuthzInputSchema.safeParse(buildInput(parts));
  }

  function compare(parts: CandidateParts, label: string) {
    const expected = zodOnly(parts);
    const got = validator.validate(parts, { subject: {}, session: {}, plainRequest: true });
    expect(got.ok, `${label}: verdict`).toBe(expected.success);
    if (got.ok && expected.success) {
      expect(got.value, `${label}: output`).toStrictEqual(expected.data);
      expect(Object.keys(got.value.resource as object), `${label}: resource key order`).toEqual(Object.keys((expected.data as { resource: object }).resource));
      expect(got.json, `${label}: JSON`).toBe(JSON.stringify(expected.data));
    }
  }

  it('on 6,000 generated action / resource / layer / extra combinations', () => {
    const rand = rng(20261206);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const value = () => (rand() < 0.7 ? pick(STRINGS) : pick(OTHERS));
    for (let i = 0; i < 6000; i++) {
      const resource: Record<string, unknown> = {};
      // Keys in a random order, some absent, some present with undefined.
      const keys = ['type', 'id', 'tenant', 'owner', 'zz', 'extra'].sort(() => rand() - 0.5);
      for (const k of keys) {
        const r = rand();
        if (r < 0.25) continue;
        if (k === 'type' && r < 0.75) resource[k] = pick(STRINGS);
        else resource[k] = r < 0.3 ? undefined : value();
      }
      const parts: CandidateParts = {
        subject: rand() < 0.8 ? subject : undefined,
        session: rand() < 0.8 ? session : undefined,
        request,
        action: rand() < 0.8 ? pick(STRINGS) : pick(OTHERS),
        resource: rand() < 0.95 ? resource : pick(OTHERS),
        layer: rand() < 0.9 ? pick(LAYERS) : pick(OTHERS),
        extra: rand() < 0.3 ? { note: value(), action: 'admin', resource: { type: 'x' } } : undefined,
      };
      compare(parts, `case ${i}: ${JSON.stringify(parts.resource)} ${String(parts.action)} ${String(parts.layer)}`);
    }
  });

  it('on objects that are not plain: null prototype, class instances, inherited and accessor properties, __proto__ keys, arrays, dates', () => {
    const inherited = Object.create({ type: 'doc', tenant: 'acme' }) as Record<string, unknown>;
    inherited.owner = 'bob';
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { type: 'doc' });
    let reads = 0;
    const accessor = Object.defineProperty({ type: 'doc' }, 'owner', {
      enumerable: true,
      get: () => {
        reads++;
        return 'bob';
      },
    });
    const protoKey = JSON.parse('{"type":"doc","__proto__":{"tenant":"evil"}}') as unknown;
    const shapes: unknown[] = [inherited, nullProto, new Resource('doc'), protoKey, ['doc'], new Date(0), 'doc', accessor];
    for (const [i, resource] of shapes.entries()) {
      compare({ subject, session, request, action: 'read', resource, layer: 'route' }, `shape ${i}`);
    }
    // An accessor is read once: the value checked is the value the policy gets.
    reads = 0;
    const r = validator.validate({ subject, session, request, action: 'read', resource: accessor, layer: 'route' }, { plainRequest: true });
    expect(r.ok && (r.value.resource as { owner: string }).owner).toBe('bob');
    expect(reads).toBe(1);
  });

  it('an extended schema is never given the written-out checks (its own rules apply)', () => {
    const Strict = AuthzInputSchema.extend({});
    const v = validatorFor(Strict);
    const parts: CandidateParts = { subject, session, request, action: 'read', resource: { type: 'doc', extra: 1 }, layer: 'route', extra: { note: 'n' } };
    const r = v.validate(parts, { subject: {}, session: {}, plainRequest: true });
    const expected = Strict.safeParse(buildInput(parts));
    expect(r.ok).toBe(expected.success);
    if (r.ok && expected.success) expect(r.value).toStrictEqual(expected.data);
  });
});
