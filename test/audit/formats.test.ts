// Golden / schema tests per wire format: OPA upload, Splunk HEC, Elastic ECS _bulk, OTLP/HTTP JSON,
// OCSF API Activity + Security Control.

import { describe, expect, it } from 'vitest';
import {
  createAuditLogger,
  elasticSink,
  formatPretty,
  formatSplunkHec,
  hecTime,
  httpSink,
  ocsfActivityId,
  ocsfSink,
  otlpSink,
  splunkSink,
  toEcs,
  toOcsf,
  toOtlpLogRecord,
  type DecisionEventInput,
  type PreparedEvent,
} from '../../src/audit/index.js';
import { VERSION } from '../../src/version.js';
import { captureServer, FAST, memorySink } from './helpers.js';

const REV = 'a'.repeat(64);
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

const fixed = (over: Partial<DecisionEventInput> = {}): DecisionEventInput => ({
  decision_id: '4ca636c1-55e4-417a-b1d8-4aceb67960d1',
  timestamp: '2024-05-01T12:00:00.123456789Z',
  trace_id: TRACE,
  span_id: SPAN,
  path: 'app/authz/allow',
  layer: 'route',
  outcome: 'allow',
  request_id: 'req-42',
  subject_id: 'alice',
  session_id_hash: 'b'.repeat(64),
  reason: 'owner',
  requested_by: '203.0.113.7:51234',
  input: {
    request: { method: 'DELETE', path: '/docs/7?x=1', headers: { 'user-agent': 'curl/8' } },
    action: 'delete',
    resource: { type: 'doc', id: '7' },
  },
  result: true,
  metrics: { timer_eval_ns: 1000, timer_total_ns: 5000 },
  nd_builtin_cache: { 'time.now_ns': { '[]': 1714564800123456789 } },
  ...over,
});

async function prepared(...inputs: DecisionEventInput[]): Promise<PreparedEvent[]> {
  const mem = memorySink();
  const logger = createAuditLogger({
    sinks: [mem.sink],
    labels: { app: 'shop', env: 'prod', instance: 'web-1' },
    revision: REV,
  });
  for (const i of inputs) logger.log(i);
  await logger.close();
  return mem.prepared;
}

describe('OPA decision-log upload (http sink)', () => {
  it('POSTs a gzip JSON array with the OPA fields unchanged', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({
      sinks: [httpSink({ url: `${srv.url}/logs`, delivery: FAST })],
      labels: { app: 'shop', env: 'prod', instance: 'web-1' },
      revision: REV,
    });
    logger.log(fixed());
    logger.log(fixed({ decision_id: '5ca636c1-55e4-417a-b1d8-4aceb67960d1', outcome: 'deny' }));
    await logger.close();
    expect(srv.requests).toHaveLength(1);
    const r = srv.requests[0];
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/logs');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip magic
    const events = JSON.parse(r.text);
    expect(Array.isArray(events)).toBe(true);
    expect(events[0]).toEqual({
      labels: { app: 'shop', env: 'prod', instance: 'web-1' },
      decision_id: '4ca636c1-55e4-417a-b1d8-4aceb67960d1',
      trace_id: TRACE,
      span_id: SPAN,
      bundles: { accord: { revision: REV } },
      path: 'app/authz/allow',
      input: fixed().input,
      result: true,
      requested_by: '203.0.113.7:51234',
      timestamp: '2024-05-01T12:00:00.123456789Z',
      metrics: { timer_eval_ns: 1000, timer_total_ns: 5000 },
      nd_builtin_cache: { 'time.now_ns': { '[]': 1714564800123456789 } },
      layer: 'route',
      request_id: 'req-42',
      outcome: 'allow',
      reason: 'owner',
      subject_id: 'alice',
      session_id_hash: 'b'.repeat(64),
    });
    expect(events[1].outcome).toBe('deny');
    await srv.stop();
  });
});

describe('Splunk HEC', () => {
  it('formats the {time, host, source, sourcetype, index, event} envelope', async () => {
    const [p] = await prepared(fixed());
    const env = JSON.parse(formatSplunkHec(p, { index: 'authz' }));
    expect(Object.keys(env)).toEqual(['time', 'host', 'source', 'sourcetype', 'index', 'event']);
    expect(env.time).toBe(1714564800.123);
    expect(env.host).toBe('web-1');
    expect(env.source).toBe('accord');
    expect(env.sourcetype).toBe('accord:decision');
    expect(env.index).toBe('authz');
    expect(env.event.decision_id).toBe('4ca636c1-55e4-417a-b1d8-4aceb67960d1');
    expect(hecTime('1714564800003000000')).toBe('1714564800.003');
  });

  it('POSTs /services/collector/event with Authorization: Splunk <token>', async () => {
    const srv = await captureServer((_r, res) => void res.writeHead(200).end('{"text":"Success","code":0}'));
    const logger = createAuditLogger({ sinks: [splunkSink({ url: srv.url, token: 'hec-token-1', delivery: FAST })] });
    logger.log(fixed());
    logger.log(fixed({ decision_id: '5ca636c1-55e4-417a-b1d8-4aceb67960d1' }));
    await logger.close();
    const r = srv.requests[0];
    expect(r.url).toBe('/services/collector/event');
    expect(r.headers.authorization).toBe('Splunk hec-token-1');
    const lines = r.text.split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => typeof l.time === 'number' && l.event.path === 'app/authz/allow')).toBe(true);
    await srv.stop();
  });
});

describe('Elastic ECS', () => {
  it('maps decisions to ECS fields', async () => {
    const [allow, deny, err] = await prepared(
      fixed(),
      fixed({ outcome: 'deny', reason: 'not owner' }),
      fixed({ outcome: 'error', error: { code: 'eval_error', message: 'boom' } }),
    );
    const doc = toEcs(allow) as any;
    expect(doc['@timestamp']).toBe('2024-05-01T12:00:00.123456789Z');
    expect(doc.ecs.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.event).toMatchObject({
      kind: 'event',
      category: ['api'],
      type: ['access', 'allowed'],
      outcome: 'success',
      action: 'delete',
      id: '4ca636c1-55e4-417a-b1d8-4aceb67960d1',
      dataset: 'accord.decision',
      duration: 5000,
      reason: 'owner',
    });
    expect(JSON.parse(doc.event.original).decision_id).toBe('4ca636c1-55e4-417a-b1d8-4aceb67960d1');
    expect(doc.user).toEqual({ id: 'alice' });
    expect(doc.trace).toEqual({ id: TRACE });
    expect(doc.span).toEqual({ id: SPAN });
    expect(doc.rule).toEqual({ name: 'app/authz/allow', ruleset: 'accord', version: REV });
    expect(doc.http).toEqual({ request: { id: 'req-42', method: 'DELETE' } });
    expect(doc.url).toEqual({ path: '/docs/7' });
    expect(doc.source).toEqual({ ip: '203.0.113.7' });
    expect(doc.user_agent).toEqual({ original: 'curl/8' });
    expect(doc.service).toEqual({ name: 'shop', environment: 'prod', node: { name: 'web-1' } });
    expect(doc.accord).toMatchObject({ layer: 'route', outcome: 'allow', session_id_hash: 'b'.repeat(64) });
    expect(doc.accord.input).toBeUndefined(); // kept in event.original unless structured
    expect((toEcs(allow, { structured: true }) as any).accord.input.action).toBe('delete');
    expect((toEcs(deny) as any).event).toMatchObject({ type: ['access', 'denied'], outcome: 'failure' });
    expect((toEcs(err) as any).error).toEqual({ code: 'eval_error', message: 'boom' });
  });

  it('sends _bulk NDJSON with create + _id, retries per-item 429s, counts 409 as delivered and 400 as rejected', async () => {
    let call = 0;
    const srv = await captureServer((req, res) => {
      call++;
      const n = req.text.trim().split('\n').length / 2;
      const items = Array.from({ length: n }, (_, i) => {
        let status = 201;
        if (call === 1 && i === 0) status = 429;
        if (call === 1 && i === 1) status = 409;
        if (call === 1 && i === 2) status = 400;
        return { create: { status } };
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: call === 1, items }));
    });
    const logger = createAuditLogger({ sinks: [elasticSink({ url: srv.url, apiKey: 'k', delivery: FAST })], onWarning: () => {} });
    for (let i = 0; i < 4; i++) logger.log(fixed({ decision_id: `${i}ca636c1-55e4-417a-b1d8-4aceb67960d1` }));
    await logger.close();
    const first = srv.requests[0];
    expect(first.url).toBe('/_bulk');
    expect(first.headers['content-type']).toBe('application/x-ndjson');
    expect(first.headers.authorization).toBe('ApiKey k');
    expect(first.text.endsWith('\n')).toBe(true);
    const lines = first.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ create: { _index: 'logs-accord.decision-default', _id: '0ca636c1-55e4-417a-b1d8-4aceb67960d1' } });
    expect(lines[1].event.kind).toBe('event');
    // Second request retries only the 429 item.
    expect(srv.requests).toHaveLength(2);
    expect(srv.requests[1].text.trim().split('\n')).toHaveLength(2);
    expect(JSON.parse(srv.requests[1].text.split('\n')[0]).create._id).toBe('0ca636c1-55e4-417a-b1d8-4aceb67960d1');
    const m = logger.metrics().sinks.elastic;
    expect(m.delivered).toBe(3);
    expect(m.rejected).toBe(1);
    await srv.stop();
  });
});

describe('OTLP/HTTP JSON logs', () => {
  it('builds resourceLogs → scopeLogs → logRecords with the JSON encoding rules', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({
      sinks: [otlpSink({ url: srv.url, delivery: FAST })],
      labels: { app: 'shop', env: 'prod', instance: 'web-1' },
      revision: REV,
    });
    logger.log(fixed());
    logger.log(fixed({ outcome: 'deny', trace_id: 'not-a-w3c-id', span_id: undefined }));
    logger.log(fixed({ outcome: 'error', error: { code: 'E1', message: 'm' } }));
    await logger.close();
    const r = srv.requests[0];
    expect(r.url).toBe('/v1/logs');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(r.text);
    expect(body.resourceLogs).toHaveLength(1);
    const rl = body.resourceLogs[0];
    expect(rl.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'shop' } },
      { key: 'deployment.environment.name', value: { stringValue: 'prod' } },
      { key: 'service.instance.id', value: { stringValue: 'web-1' } },
    ]);
    expect(rl.scopeLogs[0].scope).toEqual({ name: 'accord.audit', version: VERSION });
    const [a, d, e] = rl.scopeLogs[0].logRecords;
    expect(a.timeUnixNano).toBe('1714564800123456789');
    expect(typeof a.timeUnixNano).toBe('string');
    expect([a.severityNumber, a.severityText]).toEqual([9, 'INFO']);
    expect([d.severityNumber, d.severityText]).toEqual([13, 'WARN']);
    expect([e.severityNumber, e.severityText]).toEqual([17, 'ERROR']);
    expect(a.traceId).toBe(TRACE);
    expect(a.spanId).toBe(SPAN);
    expect(d.traceId).toBeUndefined();
    const attrs = (rec: any) => Object.fromEntries(rec.attributes.map((kv: any) => [kv.key, Object.values(kv.value)[0]]));
    expect(attrs(a)).toMatchObject({
      'event.name': 'accord.decision',
      'accord.decision_id': '4ca636c1-55e4-417a-b1d8-4aceb67960d1',
      'accord.outcome': 'allow',
      'accord.layer': 'route',
      'accord.policy.revision': REV,
      'user.id': 'alice',
    });
    expect(attrs(d)['accord.trace_id']).toBe('not-a-w3c-id');
    expect(attrs(e)['error.type']).toBe('E1');
    // Body: the event as a kvlist; 64-bit ints as strings.
    const body0 = Object.fromEntries(a.body.kvlistValue.values.map((kv: any) => [kv.key, kv.value]));
    expect(body0.decision_id).toEqual({ stringValue: '4ca636c1-55e4-417a-b1d8-4aceb67960d1' });
    expect(body0.result).toEqual({ boolValue: true });
    const metrics = Object.fromEntries(body0.metrics.kvlistValue.values.map((kv: any) => [kv.key, kv.value]));
    expect(metrics.timer_eval_ns).toEqual({ intValue: '1000' });
    await srv.stop();
  });

  it('counts partialSuccess rejections', async () => {
    const srv = await captureServer((_r, res) =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end('{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"bad"}}'),
    );
    const logger = createAuditLogger({ sinks: [otlpSink({ url: `${srv.url}/v1/logs`, delivery: FAST })], onWarning: () => {} });
    logger.log(fixed());
    logger.log(fixed());
    await logger.close();
    expect(srv.requests[0].url).toBe('/v1/logs');
    expect(logger.metrics().sinks.otlp).toMatchObject({ delivered: 1, rejected: 1 });
    await srv.stop();
  });

  it('toOtlpLogRecord is plain JSON', async () => {
    const [p] = await prepared(fixed());
    expect(() => JSON.stringify(toOtlpLogRecord(p))).not.toThrow();
  });
});

describe('OCSF API Activity + Security Control', () => {
  it('maps class, category, activity, type, action, disposition, status, severity and metadata', async () => {
    const [allow, deny, err, get] = await prepared(
      fixed(),
      fixed({ outcome: 'deny', reason: 'not owner' }),
      fixed({ outcome: 'error', error: { code: 'eval_error', message: 'boom' } }),
      fixed({ input: { request: { method: 'GET', path: '/docs' } } }),
    );
    const a = toOcsf(allow) as any;
    expect(a).toMatchObject({
      class_uid: 6003,
      class_name: 'API Activity',
      category_uid: 6,
      category_name: 'Application Activity',
      activity_id: 4,
      activity_name: 'Delete',
      type_uid: 600304,
      time: 1714564800123,
      severity_id: 1,
      status_id: 1,
      status: 'Success',
      action_id: 1,
      action: 'Allowed',
      disposition_id: 1,
      disposition: 'Allowed',
      status_detail: 'owner',
      policy: { name: 'app/authz/allow', uid: REV, version: REV },
      actor: { user: { uid: 'alice' }, session: { uid: 'b'.repeat(64) } },
      api: { operation: 'delete', request: { uid: 'req-42' }, service: { name: 'shop' } },
      http_request: { http_method: 'DELETE', url: { path: '/docs/7' }, user_agent: 'curl/8' },
      src_endpoint: { ip: '203.0.113.7' },
      trace: { uid: TRACE, span: { uid: SPAN } },
    });
    expect(a.metadata).toEqual({
      version: expect.stringMatching(/^1\.\d+\.\d+$/),
      uid: '4ca636c1-55e4-417a-b1d8-4aceb67960d1',
      correlation_uid: 'req-42',
      log_name: 'decision',
      logged_time: 1714564800123,
      product: { name: 'Accord', vendor_name: 'Accord', version: VERSION },
      profiles: ['security_control', 'trace'],
    });
    expect(a.unmapped).toMatchObject({ layer: 'route', input: fixed().input, result: true });
    const d = toOcsf(deny) as any;
    expect([d.action_id, d.disposition_id, d.status_id, d.severity_id, d.status_detail]).toEqual([2, 2, 2, 2, 'not owner']);
    const e = toOcsf(err) as any;
    expect([e.action_id, e.status_id, e.severity_id, e.status_code, e.status_detail]).toEqual([2, 2, 4, 'eval_error', 'boom']);
    const g = toOcsf(get) as any;
    expect([g.activity_id, g.type_uid, g.api.operation]).toEqual([2, 600302, 'GET /docs']);
    expect([ocsfActivityId('POST'), ocsfActivityId('PATCH'), ocsfActivityId('publish'), ocsfActivityId(undefined)]).toEqual([1, 3, 99, 0]);
  });

  it('ocsfSink POSTs NDJSON', async () => {
    const srv = await captureServer();
    const logger = createAuditLogger({ sinks: [ocsfSink({ url: `${srv.url}/ingest`, delivery: FAST })] });
    logger.log(fixed());
    logger.log(fixed({ subject_id: undefined }));
    await logger.close();
    const r = srv.requests[0];
    expect(r.headers['content-type']).toBe('application/x-ndjson');
    const lines = r.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type_uid)).toEqual([600304, 600304]);
    expect(lines[1].actor.user).toEqual({ name: 'anonymous', type_id: 0, type: 'Unknown' });
    await srv.stop();
  });
});

describe('console pretty line', () => {
  it('is one line with the essentials', async () => {
    const [p] = await prepared(fixed());
    const line = formatPretty(p, false);
    expect(line).not.toContain('\n');
    expect(line).toBe('12:00:00.123 ALLOW route            app/authz/allow DELETE /docs/7 action=delete sub=alice 0.01ms "owner" req=req-42 id=4ca636c1');
    expect(formatPretty(p, true)).toContain('\x1b[32mALLOW');
  });

  it('stays one line whatever the event says: control characters and line separators are escaped', async () => {
    const forged = '\n12:00:00.000 ALLOW route            app/authz/allow sub=admin';
    const [p] = await prepared({
      path: 'app/authz/allow',
      layer: 'route',
      outcome: 'error',
      subject_id: `mallory\r${forged}`,
      request_id: 'r\u2028x',
      error: { code: 'ERR_INTERNAL', message: `boom${forged}` },
    });
    const line = formatPretty(p!, false);
    expect(line.split(/[\n\r\u2028\u2029]/)).toHaveLength(1);
    expect(line).toContain('sub=mallory\\u000d\\u000a12:00:00.000');
    expect(line).toContain('req=r\\u2028x');
  });
});
