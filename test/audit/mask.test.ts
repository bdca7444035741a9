import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  applyMaskRules,
  createAuditLogger,
  looksSensitive,
  maskEvent,
  type DecisionEvent,
  type MaskRule,
} from '../../src/audit/index.js';
import { memorySink, sampleEvent } from './helpers.js';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVz';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const base = (input: unknown, extra: Record<string, unknown> = {}) =>
  ({ decision_id: 'd', path: 'app/authz/allow', input, result: true, ...extra }) as Record<string, unknown>;

/** maskEvent's result, typed for the assertions below. */
const maskedOf = (event: Record<string, unknown>) =>
  maskEvent(event) as unknown as { input: Record<string, unknown>; erased?: string[] };

describe('default masking', () => {
  it('erases credentials by key anywhere under /input and records them', () => {
    const input = deepFreeze({
      request: {
        headers: {
          Authorization: 'Bearer abc.def.ghi',
          cookie: 'sid=123',
          'Set-Cookie': 'a=b',
          'x-api-key': 'k-123',
          'X-Refresh-Token': 'rt',
          accept: 'text/html',
        },
        body: { password: 'hunter2', nested: { client_secret: 's', accessToken: 'at', keep: 1 } },
      },
      oauth: { access_token: 'a', refresh_token: 'r', id_token: 'i', token: 't', github_token: 'g' },
      plain: { secret: 'x', api_key: 'y', token_type: 'Bearer' },
    });
    const out = maskEvent(base(input)) as { input: any; erased: string[] };
    expect(out.input.request.headers).toEqual({ accept: 'text/html' });
    expect(out.input.request.body).toEqual({ nested: { keep: 1 } });
    expect(out.input.oauth).toEqual({});
    expect(out.input.plain).toEqual({ token_type: 'Bearer' });
    expect(out.erased).toEqual(
      expect.arrayContaining([
        '/input/request/headers/Authorization',
        '/input/request/headers/cookie',
        '/input/request/headers/Set-Cookie',
        '/input/request/headers/x-api-key',
        '/input/request/headers/X-Refresh-Token',
        '/input/request/body/password',
        '/input/request/body/nested/client_secret',
        '/input/request/body/nested/accessToken',
        '/input/oauth/github_token',
        '/input/plain/secret',
        '/input/plain/api_key',
      ]),
    );
  });

  it('catches JWTs, bearer credentials, header tuples, name/value pairs and token query params', () => {
    const input = deepFreeze({
      note: `token was ${JWT} ok`,
      list: ['fine', JWT, 'Bearer 0123456789abcdef'],
      creds: 'Basic dXNlcjpwYXNzd29yZA==',
      headerList: [
        ['Authorization', 'opaque-token-value'],
        ['accept', '*/*'],
      ],
      har: [{ name: 'Cookie', value: 'sid=zzz' }, { name: 'accept', value: 'x' }],
      url: 'https://app.example/cb?code=abc123&state=xyz#access_token=tok999',
      slash: { 'a/b': JWT },
      prose: ['Basic subscription', 'Token expired', 'bearer of bad news'],
      basicCred: `Basic ${btoa('user:hunter2hunter2')}`,
      sessions: { [JWT]: { user: 'alice' } },
    });
    const out = maskEvent(base(input)) as { input: any; erased: string[]; masked: string[] };
    const text = JSON.stringify(out);
    for (const secret of [JWT, '0123456789abcdef', 'dXNlcjpwYXNzd29yZA==', 'opaque-token-value', 'sid=zzz', 'abc123', 'tok999']) {
      expect(text).not.toContain(secret);
    }
    expect(out.input.note).toBeUndefined();
    expect(out.input.prose).toEqual(['Basic subscription', 'Token expired', 'bearer of bad news']); // not credentials
    expect(out.input.basicCred).toBeUndefined();
    expect(out.input.list).toEqual(['fine', REDACTED, REDACTED]);
    expect(out.input.headerList).toEqual([['Authorization', REDACTED], ['accept', '*/*']]);
    expect(out.input.har).toEqual([{ name: 'Cookie' }, { name: 'accept', value: 'x' }]);
    expect(out.input.url).toBe(`https://app.example/cb?code=${REDACTED}&state=xyz#access_token=${REDACTED}`);
    expect(out.erased).toContain('/input/note');
    expect(out.erased).toContain('/input/slash/a~1b'); // JSON-pointer escaping
    expect(out.erased).toContain(`/input/sessions/${REDACTED}`); // a credential used as a key
    expect(out.masked).toEqual(expect.arrayContaining(['/input/list/1', '/input/list/2', '/input/headerList/0/1', '/input/url']));
  });

  it('masks /result, nd_builtin_cache (http.send args) and free-text fields', () => {
    const ev = base(
      { ok: 1 },
      {
        result: { allow: true, forward: { authorization: 'Bearer zzzzzzzz' } },
        nd_builtin_cache: {
          'time.now_ns': { '[]': 1700000000000000000 },
          'http.send': {
            '[{"headers":{"authorization":"Bearer qqqqqqqq"},"url":"https://x"}]': { status_code: 200 },
            '[{"url":"https://public"}]': { body: { idToken: 'itok' } },
          },
        },
        reason: `bad token ${JWT}`,
        error: { code: 'E', message: `failed with ${JWT}` },
      },
    );
    deepFreeze(ev);
    const out = maskEvent(ev) as any;
    const text = JSON.stringify(out);
    expect(text).not.toContain('zzzzzzzz');
    expect(text).not.toContain('qqqqqqqq');
    expect(text).not.toContain('itok');
    expect(text).not.toContain(JWT);
    expect(out.nd_builtin_cache['time.now_ns']).toEqual({ '[]': 1700000000000000000 });
    expect(Object.keys(out.nd_builtin_cache['http.send'])).toEqual(['[{"url":"https://public"}]']);
    expect(out.erased).toContain(`/nd_builtin_cache/http.send/${REDACTED}`);
    expect(out.reason).toBe(REDACTED);
    expect(out.error).toEqual({ code: 'E', message: REDACTED });
  });

  it('copies on write only along masked paths and never mutates the caller', () => {
    const untouched = { big: Array.from({ length: 50 }, (_, i) => ({ i })) };
    const input = deepFreeze({ untouched, request: { headers: { authorization: 'x-secret-value', accept: 'a' } } });
    const out = maskEvent(base(input)) as any;
    expect(out.input).not.toBe(input);
    expect(out.input.untouched).toBe(untouched); // shared, not copied
    expect(out.input.request).not.toBe(input.request);
    expect(input.request.headers.authorization).toBe('x-secret-value');
    const clean = deepFreeze({ a: { b: 1 }, c: ['x'] });
    expect((maskEvent(base(clean)) as any).input).toBe(clean); // nothing to mask → same object
  });

  it('copies keep the remaining keys in order, own __proto__ keys stay own data (no prototype change)', () => {
    const input = deepFreeze(
      JSON.parse('{"z":1,"authorization":"x-secret-value","a":2,"__proto__":{"polluted":true},"m":{"cookie":"c","k":3}}'),
    );
    const out = maskedOf(base(input));
    expect(Object.keys(out.input)).toEqual(['z', 'a', '__proto__', 'm']);
    expect(Object.getPrototypeOf(out.input)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out.input, '__proto__')).toBe(true);
    expect(out.input.polluted).toBeUndefined();
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(out.input))).toEqual(JSON.parse('{"z":1,"a":2,"__proto__":{"polluted":true},"m":{"k":3}}'));
    expect(out.erased).toEqual(['/input/authorization', '/input/m/cookie']);
  });

  it('the quick pre-check never lets an auth-scheme credential through (case, leading whitespace)', () => {
    const creds = [
      'Bearer abcdefgh12345678',
      '  bearer abcdefgh12345678',
      '\tDPoP abcdefgh12345678',
      '\u00a0Token abcdefgh12345678',
      'APIKEY abcdefgh12345678',
      'Splunk 1234-5678-9abc-def0',
      'BASIC ' + btoa('user:pass'),
      '\n basic ' + btoa('alice:secret'),
    ];
    const keep = ['Mozilla/5.0 (X11; Linux x86_64)', 'Basic subscription plan', 'application/json', 'GET /documents/7'];
    const out = maskedOf(base({ creds, keep }));
    expect(out.input.creds).toEqual(creds.map(() => REDACTED));
    expect(out.input.keep).toEqual(keep);
  });

  it('the pre-check agrees with the full regexes whatever the first character', () => {
    // Reference: the scheme regexes alone (as in mask.ts), without the first-character filter.
    const AUTH = /^\s*(?:bearer|dpop|token|apikey|splunk)\s+[A-Za-z0-9._~+/=-]{8,}\s*$/i;
    const BASIC = /^\s*basic\s+([A-Za-z0-9+/]{4,}={0,2})\s*$/i;
    const schemes = ['bearer', 'DPoP', 'token', 'ApiKey', 'splunk', 'basic'];
    for (let c = 0; c < 0x3000; c++) {
      for (const scheme of schemes) {
        const lead = String.fromCharCode(c);
        for (const s of [`${lead}${scheme} ${btoa('user:password1')}`, `${lead}${scheme.slice(1)} ${btoa('user:password1')}`]) {
          const m = BASIC.exec(s);
          const expected = AUTH.test(s) || (m !== null && atob(m[1]).includes(':'));
          if (expected) expect(looksSensitive(s), JSON.stringify(s)).toBe(true);
        }
      }
    }
  });

  it('cuts cycles and absurd depth instead of throwing', () => {
    const a: Record<string, unknown> = { name: 'loop' };
    a.self = a;
    const out = maskEvent(base({ a })) as any;
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(JSON.stringify(out)).toContain('[TRUNCATED]');
  });
});

describe('default masking: shapes and spellings a hostile or careless event may take', () => {
  const text = (e: Record<string, unknown>) => JSON.stringify(maskEvent(e));

  it('URL parameters are judged by the same names as keys (auth_token, accessToken, api-key, X-Amz-Security-Token, code)', () => {
    for (const url of ['/ws?auth_token=S3CR3T-1', '/ws?accessToken=S3CR3T-1', '/x?a=1&api-key=S3CR3T-1', 'https://s3.example/o?X-Amz-Security-Token=S3CR3T-1', '/cb?state=x&code=S3CR3T-1']) {
      const out = text(base({ request: { url } }));
      expect(out, url).not.toContain('S3CR3T-1');
      expect(out, url).toContain(REDACTED);
    }
    // harmless parameters stay as they are
    expect(JSON.parse(text(base({ request: { url: '/search?q=tokens&page=2' } }))).input.request.url).toBe('/search?q=tokens&page=2');
  });

  it('an object key that is a URL carrying a credential drops the entry, and no pointer spells it', () => {
    const out = text(base({ visited: { '/oauth/callback?code=S3CR3T-2&state=xyz': true, '/home': true }, links: { '/api/x?access_token=S3CR3T-3': { password: 'p' } } }));
    expect(out).not.toContain('S3CR3T-2');
    expect(out).not.toContain('S3CR3T-3');
    expect(JSON.parse(out).input.visited).toEqual({ '/home': true });
  });

  it('nd_builtin_cache in shapes OPA does not write, extra error fields and own toJSON are masked too', () => {
    const events = [
      base({}, { nd_builtin_cache: { 'http.send': [{ password: 'hunter2' }] } }),
      base({}, { nd_builtin_cache: [{ password: 'hunter2' }] }),
      base({}, { outcome: 'error', error: { code: 'ERR_INTERNAL', message: 'x', details: { password: 'hunter2' } } }),
      base({ resource: { type: 'doc', toJSON: () => ({ password: 'hunter2', keep: 1 }) } }),
    ];
    for (const e of events) expect(text(e)).not.toContain('hunter2');
    const withError = maskEvent(events[2]!) as { error: Record<string, unknown> };
    expect(withError.error).toEqual({ code: 'ERR_INTERNAL', message: 'x', details: {} });
    expect(JSON.parse(text(events[3]!)).input.resource).toEqual({ keep: 1 });
  });
});

describe('user mask rules (OPA data.system.log.mask format)', () => {
  const apply = (event: Record<string, unknown>, rules: MaskRule[]) => {
    const owned = { ...event };
    const stats = applyMaskRules(owned, rules);
    return { out: owned as any, stats };
  };

  it('erases JSON pointers and records them in erased', () => {
    const { out } = apply(base({ request: { headers: { 'x-api-key': 'k', 'x-tenant': 't' } }, ssn: '1' }), [
      '/input/request/headers/x-tenant',
      '/input/ssn',
      '/input/missing/deeper',
    ]);
    expect(out.input).toEqual({ request: { headers: { 'x-api-key': 'k' } } });
    expect(out.erased).toEqual(['/input/request/headers/x-tenant', '/input/ssn']);
  });

  it('remove → erased, upsert → masked (OPA semantics)', () => {
    const cases: [unknown, MaskRule, unknown, string[] | undefined, string[] | undefined][] = [
      // [input, rule, expected input, erased, masked]
      [{ a: 1 }, { op: 'remove', path: '/input/a' }, {}, ['/input/a'], undefined],
      [{ a: 1 }, { op: 'upsert', path: '/input/a', value: '**' }, { a: '**' }, undefined, ['/input/a']],
      [{ bar: 1 }, { op: 'upsert', path: '/input/foo', value: 'x' }, { bar: 1, foo: 'x' }, undefined, ['/input/foo']],
      [{ foo: {} }, { op: 'upsert', path: '/input/foo/bar/baz', value: 100 }, { foo: { bar: { baz: 100 } } }, undefined, ['/input/foo/bar/baz']],
      [{ foo: 1 }, { op: 'upsert', path: '/input/foo/bar', value: null }, { foo: 1 }, undefined, undefined],
      [{ foo: [{ x: 'y' }, { baz: 1 }] }, { op: 'upsert', path: '/input/foo/1/baz', value: 2 }, { foo: [{ x: 'y' }, { baz: 2 }] }, undefined, ['/input/foo/1/baz']],
      [{ foo: [{ baz: 1 }] }, { op: 'upsert', path: '/input/foo/-1/baz', value: 2 }, { foo: [{ baz: 1 }] }, undefined, undefined],
      [{ foo: [1] }, { op: 'remove', path: '/input/foo/0' }, { foo: [1] }, undefined, undefined],
      [{ foo: [{ bar: 1, baz: 2 }] }, { op: 'remove', path: '/input/foo/0/bar' }, { foo: [{ baz: 2 }] }, ['/input/foo/0/bar'], undefined],
      [{ ':path': 't', bar: 1 }, { op: 'remove', path: '/input/:path' }, { bar: 1 }, ['/input/:path'], undefined],
    ];
    for (const [input, rule, expected, erased, masked] of cases) {
      const frozen = deepFreeze(structuredClone(input));
      const { out } = apply(base(frozen), [rule]);
      expect(out.input, JSON.stringify(rule)).toEqual(expected);
      expect(out.erased, JSON.stringify(rule)).toEqual(erased);
      expect(out.masked, JSON.stringify(rule)).toEqual(masked);
    }
  });

  it('remove keeps the order of the other keys; upsert of __proto__ writes an own key; a removed root is left out of the JSON', () => {
    const { out } = apply(base(deepFreeze({ a: 1, b: { x: 1, y: 2, z: 3 }, c: 3 })), [
      '/input/b/y',
      { op: 'upsert', path: '/input/__proto__/polluted', value: true },
    ]);
    expect(Object.keys(out.input)).toEqual(['a', 'b', 'c', '__proto__']);
    expect(Object.keys(out.input.b)).toEqual(['x', 'z']);
    expect(Object.getPrototypeOf(out.input)).toBe(Object.prototype);
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    const root = apply(base({ a: 1 }), ['/input']).out;
    expect(root.input).toBeUndefined();
    expect(JSON.parse(JSON.stringify(root))).not.toHaveProperty('input');
    expect(root.erased).toEqual(['/input']);
  });

  it('does not create a missing root, erases whole roots, and rejects pointers outside the maskable roots', () => {
    const { out, stats } = apply({ decision_id: 'd', result: 'r' }, [
      { op: 'upsert', path: '/input/foo', value: 1 },
      '/result',
      '/labels/app',
      { op: 'remove', path: '/decision_id' },
      'not-a-pointer',
      { op: 'explode', path: '/input' } as never,
    ]);
    expect(out.input).toBeUndefined();
    expect(out.result).toBeUndefined();
    expect(out.erased).toEqual(['/result']);
    expect(out.decision_id).toBe('d');
    expect(stats.invalid).toBe(4);
  });
});

describe('logger hooks: mask, maskPolicy, drop', () => {
  it('applies static rules and a per-event mask policy that sees the default-masked event', async () => {
    const mem = memorySink();
    const seen: DecisionEvent[] = [];
    const logger = createAuditLogger({
      sinks: [mem.sink],
      mask: ['/input/request/headers/x-tenant'],
      maskPolicy: (e) => {
        seen.push(e);
        return (e.input as any)?.resource?.type === 'salary'
          ? [{ op: 'upsert', path: '/input/resource/amount', value: '**REDACTED**' }]
          : [];
      },
    });
    logger.log(sampleEvent({ input: { request: { headers: { 'x-tenant': 'acme', authorization: 'Bearer secretsecret' } }, resource: { type: 'salary', amount: 100 } } }));
    logger.log(sampleEvent({ input: { resource: { type: 'doc', amount: 1 } } }));
    await logger.flush();
    const [a, b] = mem.units.map((u) => JSON.parse(u));
    expect(a.input.request.headers).toEqual({});
    expect(a.input.resource.amount).toBe('**REDACTED**');
    expect(a.erased).toEqual(['/input/request/headers/authorization', '/input/request/headers/x-tenant']);
    expect(a.masked).toEqual(['/input/resource/amount']);
    expect(b.input.resource.amount).toBe(1);
    expect(JSON.stringify(seen[0])).not.toContain('secretsecret');
    await logger.close();
  });

  it('a throwing mask policy fails closed (input and result erased), counted', async () => {
    const mem = memorySink();
    const logger = createAuditLogger({
      sinks: [mem.sink],
      onWarning: () => {},
      maskPolicy: () => {
        throw new Error('policy broke');
      },
    });
    logger.log(sampleEvent({ input: { ssn: '123-45-6789' } }));
    await logger.flush();
    const e = JSON.parse(mem.units[0]);
    expect(e.input).toBeUndefined();
    expect(e.result).toBeUndefined();
    expect(e.erased).toEqual(['/input', '/result']);
    expect(logger.metrics().errors).toBe(1);
    await logger.close();
  });

  it('drop policy removes events (counted); a throwing drop keeps them', async () => {
    const mem = memorySink();
    const logger = createAuditLogger({
      sinks: [mem.sink],
      onWarning: () => {},
      drop: (e) => {
        if (e.request_id === 'boom') throw new Error('drop broke');
        return e.path === 'app/health' && e.outcome === 'allow';
      },
    });
    logger.log(sampleEvent({ path: 'app/health', outcome: 'allow' }));
    logger.log(sampleEvent({ path: 'app/health', outcome: 'deny' }));
    logger.log(sampleEvent({ request_id: 'boom' }));
    await logger.flush();
    expect(mem.units).toHaveLength(2);
    const m = logger.metrics();
    expect(m.filtered).toBe(1);
    expect(m.errors).toBe(1);
    await logger.close();
  });
});

describe('reusing work across events', () => {
  it('a deep-frozen part walked clean once is not walked again; a secret added to a new part is still erased', async () => {
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink] });
    const subject = deepFreeze({ sub: 'alice', roles: ['admin'], profile: { team: 'a' } });
    const reads = { n: 0 };
    // Counts reads of one nested property: a walk of `subject` reads it, a memo hit does not.
    const counted = Object.freeze({
      ...subject,
      get profile() {
        reads.n++;
        return subject.profile;
      },
    });
    // The walk reads `obj.name` of every object it visits (name/value pairs); serialising does not
    // (no such key): counting those reads through a proxy counts walks.
    let walks = 0;
    const watched = new Proxy(subject, {
      get(target, key, receiver) {
        if (key === 'name') walks++;
        return Reflect.get(target, key, receiver);
      },
    });
    logger.log(sampleEvent({ input: { subject: watched, n: 1 } }));
    logger.log(sampleEvent({ input: { subject: watched, n: 2 } }));
    logger.log(sampleEvent({ input: { subject: counted, n: 3 } }));
    logger.log(sampleEvent({ input: { subject: counted, n: 4 } }));
    logger.log(sampleEvent({ input: { subject: deepFreeze({ ...subject, password: 'hunter2' }), n: 5 } }));
    await logger.flush();
    const events = mem.units.map((u) => JSON.parse(u));
    expect(events.map((e) => e.input.subject.sub)).toEqual(['alice', 'alice', 'alice', 'alice', 'alice']);
    expect(walks).toBe(1); // walked for the first event only
    // An object with an accessor is never taken as unchanging: walked (and its getter read) every time.
    expect(reads.n).toBeGreaterThanOrEqual(2);
    expect(events[4].input.subject.password).toBeUndefined();
    expect(events[4].erased).toEqual(['/input/subject/password']);
    await logger.close();
  });

  it('a frozen part found clean near the top is walked again when it appears deeper (truncation depends on depth)', async () => {
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink] });
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10; i++) deep = { d: deep };
    const part = deepFreeze(deep);
    logger.log(sampleEvent({ input: { part } }));
    let wrapped: Record<string, unknown> = { part };
    for (let i = 0; i < 60; i++) wrapped = { w: wrapped };
    logger.log(sampleEvent({ input: wrapped }));
    await logger.flush();
    const [shallow, deeper] = mem.units.map((u) => JSON.parse(u));
    expect(JSON.stringify(shallow.input)).toContain('"leaf":1');
    expect(mem.units[1]).not.toContain('"leaf":1'); // cut at the depth limit, as without the memo
    expect(deeper.masked?.length ?? 0).toBeGreaterThan(0);
    await logger.close();
  });
});

describe('the input JSON the engine already has', () => {
  it('is spliced in when no rule changed the input, and never when one did', async () => {
    const { rememberJson } = await import('../../src/audit/known-json.js');
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink] });
    const ruledMem = memorySink();
    const ruledLogger = createAuditLogger({ sinks: [ruledMem.sink], mask: ['/input/hidden'] });
    const clean = { b: 2, a: 1 };
    // Registered text in another key order than the object: seeing it proves the text was used.
    rememberJson(clean, '{"a":1,"b":2}');
    const secret = { a: 1, password: 'hunter2' };
    rememberJson(secret, '{"a":1,"password":"hunter2"}');
    const ruled = { a: 1, hidden: 'x' };
    rememberJson(ruled, '{"a":1,"hidden":"x"}');
    const unregistered = { b: 2, a: 1, note: '$& $1 $$' };
    for (const input of [clean, secret, unregistered]) logger.log(sampleEvent({ input }));
    ruledLogger.log(sampleEvent({ input: ruled }));
    await logger.flush();
    await ruledLogger.flush();
    const [c, s, u] = mem.units;
    const [r] = ruledMem.units;
    expect(c).toContain('"input":{"a":1,"b":2}');
    expect(JSON.parse(c!).input).toEqual({ a: 1, b: 2 });
    expect(s).not.toContain('hunter2');
    expect(JSON.parse(s!).erased).toEqual(['/input/password']);
    expect(r).not.toContain('"hidden"');
    expect(u).toContain('"input":{"b":2,"a":1,"note":"$& $1 $$"}');
    // Everything else in the event is what a plain serialisation gives.
    for (const [i, unit] of mem.units.entries()) {
      const plain = JSON.parse(JSON.stringify(mem.prepared[i]!.event));
      expect({ ...JSON.parse(unit), input: undefined }).toEqual({ ...plain, input: undefined });
    }
    await logger.close();
    await ruledLogger.close();
  });

  it('a remove rule that finds nothing copies nothing, so the known JSON is still used', async () => {
    const { rememberJson } = await import('../../src/audit/known-json.js');
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink], mask: ['/input/absent/deeper', '/input/b/x'] });
    const input = { b: 2, a: 1 };
    rememberJson(input, '{"a":1,"b":2}');
    logger.log(sampleEvent({ input }));
    await logger.flush();
    expect(mem.units[0]).toContain('"input":{"a":1,"b":2}');
    expect(JSON.parse(mem.units[0]!).erased).toBeUndefined();
    await logger.close();
  });
});
