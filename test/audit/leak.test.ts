// No raw credential reaches any sink: events carrying tokens in headers, cookies, input, result,
// nd_builtin_cache, URLs, free text and the session id go through every sink; every byte each sink
// emitted (decompressed where gzip) is searched for every raw secret.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consoleSink,
  createAuditLogger,
  elasticSink,
  formatEcs,
  formatOcsf,
  httpSink,
  ocsfSink,
  otlpSink,
  splunkSink,
} from '../../src/audit/index.js';
import { fileSink } from '../../src/audit/node.js';
import { captureServer, FAST, memorySink, sampleEvent } from './helpers.js';
import { bearer, doc, makeWorld } from '../engine/helpers.js';

const SECRETS = {
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrLXRlc3QifQ.U2lnbmF0dXJlU2lnbmF0dXJl',
  bearer: 'opaque-bearer-7f3a9c2e1b',
  cookie: 'sid-cookie-value-88d1e0',
  setCookie: 'refresh-cookie-9911aa',
  apiKey: 'ak_live_5b2d77e3c1',
  password: 'correct-horse-battery-staple',
  refresh: 'rt_0a1b2c3d4e5f',
  clientSecret: 'cs_9f8e7d6c5b',
  queryToken: 'qtok_4455667788',
  ndAuth: 'nd-basic-c2VjcmV0OnNlY3JldA',
  session: 'raw-session-id-5d41402abc4b2a76',
  resultToken: 'result-token-31337abcdef',
};

function leakyEvent(i: number) {
  return sampleEvent({
    session_id: SECRETS.session,
    reason: `verified ${SECRETS.jwt}`,
    input: {
      request: {
        method: 'POST',
        path: `/cb?access_token=${SECRETS.queryToken}&x=1`,
        headers: {
          authorization: `Bearer ${SECRETS.bearer}`,
          cookie: `sid=${SECRETS.cookie}`,
          'set-cookie': `rt=${SECRETS.setCookie}`,
          'x-api-key': SECRETS.apiKey,
          'user-agent': 'leak-test',
        },
        rawHeaders: [['Authorization', `Bearer ${SECRETS.bearer}`]],
      },
      body: { username: 'alice', password: SECRETS.password, nested: { refreshToken: SECRETS.refresh } },
      client: { client_secret: SECRETS.clientSecret },
      claims: { raw: SECRETS.jwt },
      n: i,
    },
    result: { allow: true, upstream: { access_token: SECRETS.resultToken } },
    nd_builtin_cache: {
      'http.send': { [`[{"headers":{"Authorization":"Basic ${SECRETS.ndAuth}"}}]`]: { status_code: 200 } },
    },
  });
}

function assertNoSecrets(label: string, text: string): void {
  expect(text.length, `${label} produced output`).toBeGreaterThan(0);
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect(text.includes(secret), `${label} leaked ${name}`).toBe(false);
  }
}

describe('no raw credential reaches any sink', () => {
  it('console (pretty + ndjson), file, OPA http, Splunk, Elastic, OTLP, OCSF', async () => {
    const srv = await captureServer((req, res) => {
      if (req.url === '/_bulk') res.writeHead(200, { 'content-type': 'application/json' }).end('{"errors":false,"items":[]}');
      else res.writeHead(200).end('{}');
    });
    const dir = await mkdtemp(join(tmpdir(), 'accord-audit-leak-'));
    const pretty: string[] = [];
    const ndjson: string[] = [];
    const logger = createAuditLogger({
      sinks: [
        consoleSink({ name: 'pretty', mode: 'pretty', color: true, write: (t) => pretty.push(t), delivery: FAST }),
        consoleSink({ name: 'ndjson', mode: 'ndjson', write: (t) => ndjson.push(t), delivery: FAST }),
        consoleSink({ name: 'ecs-stdout', mode: 'ndjson', format: (p) => formatEcs(p, { structured: true }), write: (t) => ndjson.push(t), delivery: FAST }),
        fileSink({ path: join(dir, 'decisions.ndjson'), maxBytes: 16 * 1024, keep: 3, delivery: FAST }),
        fileSink({ name: 'file-ocsf', path: join(dir, 'ocsf.ndjson'), format: formatOcsf, delivery: FAST }),
        httpSink({ url: `${srv.url}/logs`, delivery: FAST }),
        splunkSink({ url: srv.url, token: 'hec', delivery: FAST }),
        elasticSink({ url: srv.url, structured: true, delivery: FAST }),
        otlpSink({ url: srv.url, delivery: FAST }),
        ocsfSink({ url: `${srv.url}/ocsf`, gzip: true, delivery: FAST }),
      ],
    });
    for (let i = 0; i < 60; i++) logger.log(leakyEvent(i));
    expect(await logger.close({ timeoutMs: 10_000 })).toBe(true);
    expect(logger.metrics().delivered).toBe(60 * 10);

    assertNoSecrets('console pretty', pretty.join(''));
    assertNoSecrets('console ndjson', ndjson.join(''));
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(2); // rotation happened
    for (const f of files) assertNoSecrets(`file ${f}`, await readFile(join(dir, f), 'utf8'));
    const byPath = new Map<string, string>();
    for (const r of srv.requests) byPath.set(r.url, (byPath.get(r.url) ?? '') + r.text + r.raw.toString('latin1'));
    expect([...byPath.keys()].sort()).toEqual(['/_bulk', '/logs', '/ocsf', '/services/collector/event', '/v1/logs']);
    for (const [path, text] of byPath) assertNoSecrets(`http ${path}`, text);

    // The evidence of masking is there instead.
    const first = JSON.parse(ndjson.join('').split('\n')[0]);
    expect(first.erased).toEqual(expect.arrayContaining(['/input/request/headers/authorization', '/input/body/password']));
    expect(first.session_id_hash).toMatch(/^[0-9a-f]{64}$/);
    await rm(dir, { recursive: true, force: true });
    await srv.stop();
  });
});

describe('the event records what the policy saw, masked, whatever the caller does afterwards', () => {
  it('a secret the app removes from its own object after authorize() is still erased, not exported', async () => {
    // The engine hands the logger the input JSON it built for the policy, and masking runs later
    // in the background. A resource sharing a nested object with the app must not let the app's
    // later edit (deleting the secret before returning the row) hide the secret from masking.
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink], onWarning: () => {} });
    const w = makeWorld({ audit: logger });
    const { token } = await w.login('alice');
    const meta: Record<string, unknown> = { api_key: 'sk_live_SECRET_123', note: 'kept' };
    const d = await w.authorizer.authorize(bearer(token), { layer: 'route', action: 'read', resource: { ...doc('acme', 'alice'), meta } });
    expect(d.allow).toBe(true);
    delete meta.api_key;
    meta.note = 'changed after the decision';
    await logger.close();
    expect(mem.units).toHaveLength(1);
    expect(mem.units[0]).not.toContain('sk_live_SECRET_123');
    const event = JSON.parse(mem.units[0]!) as { erased?: string[]; input: { resource: { meta: Record<string, unknown> } } };
    expect(event.erased).toEqual(['/input/resource/meta/api_key']);
    expect(event.input.resource.meta).toEqual({ note: 'kept' }); // what the policy saw, not the later edit
  });

  it('a flat resource (the usual case) is logged from the engine JSON as it is', async () => {
    const mem = memorySink();
    const logger = createAuditLogger({ sinks: [mem.sink], onWarning: () => {} });
    const w = makeWorld({ audit: logger });
    const { token } = await w.login('alice');
    const resource = { ...doc('acme', 'alice') };
    await w.authorizer.authorize(bearer(token), { layer: 'route', action: 'read', resource });
    (resource as Record<string, unknown>).owner = 'mallory';
    await logger.close();
    expect((JSON.parse(mem.units[0]!) as { input: { resource: { owner: string } } }).input.resource.owner).toBe('alice');
  });
});
