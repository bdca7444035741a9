// Decision-log benchmarks (issue #9).
//   node bench/audit.mjs [--seconds 3] [--rounds 3] [--backlog 8000] [--parse] [--src] [--json]
//
// 1. Enqueue: median ns per `log()` call (default masking on; masking itself runs off the hot path).
// 2. Preparation: CPU µs per event of the background stage (defaults, session-id hash, default
//    masking, drop, JSON, sink format, UTF-8 encoding into the queue), in steady state.
// 3. Compression: CPU µs and compressed bytes per event for one OPA-sized batch, per gzip setting.
// 4. Export: sustained events/s to a local HTTP receiver (OPA upload protocol: gzip JSON arrays),
//    for the Edge-safe default (CompressionStream + global fetch) and the Node preset
//    (`nodeDelivery()`: zlib level 1 on the thread pool + keep-alive node:http), runs interleaved
//    round by round, medians reported. The receiver is a separate process: it gunzips every body
//    and collects every decision id (JSON-parsing every 8th body, or all with --parse, and checking
//    the ids match), so "received" is counted, not assumed; any event lost fails the bench. The
//    logging process's CPU time (main thread + zlib threads, receiver excluded) is reported as
//    events per CPU-second: on a shared machine wall-clock figures understate capacity.
// Targets: enqueue ≤ 2 µs median; export ≥ 50 000 events/s with gzip.
//
// Uses the built package (dist/, `npm run bench:audit` builds it); --src loads src/ through tsx.

import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || def : def);
const seconds = opt('--seconds', 3);
const rounds = opt('--rounds', 3);
const backlog = opt('--backlog', 8000);
const asJson = args.includes('--json');
const parseAll = args.includes('--parse');

const dist = (f) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
let audit, node;
if (!args.includes('--src') && existsSync(dist('index.js')) && existsSync(dist('audit-node.js'))) {
  audit = await import(new URL('../dist/index.js', import.meta.url).href);
  node = await import(new URL('../dist/audit-node.js', import.meta.url).href);
} else {
  const { tsImport } = await import('tsx/esm/api');
  audit = await tsImport('../src/audit/index.ts', import.meta.url);
  node = await tsImport('../src/audit/node.ts', import.meta.url);
}
const { createAuditLogger, httpSink } = audit;
const { nodeDelivery, nodeGzip } = node;

const tick = () => new Promise((r) => setImmediate(r));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuUs = (c) => c.user + c.system;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};
const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};
const LABELS = { app: 'bench', env: 'bench', instance: 'bench' };

/** A realistic decision: request facts, credentials the default rules remove, subject, resource. */
function event(i) {
  return {
    decision_id: crypto.randomUUID(),
    path: 'app/authz/allow',
    layer: i % 2 ? 'route' : 'middleware',
    outcome: i % 5 === 0 ? 'deny' : 'allow',
    request_id: `req-${i}`,
    subject_id: `user-${i % 100}`,
    session_id: `session-${i % 50}`,
    input: {
      request: {
        method: 'GET',
        path: `/documents/${i}`,
        ip: '203.0.113.7',
        headers: {
          authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl',
          cookie: 'sid=abcdef0123456789',
          'user-agent': 'Mozilla/5.0 (bench)',
          accept: 'application/json',
        },
      },
      subject: { id: `user-${i % 100}`, roles: ['reader', 'editor'], tenant: 'acme' },
      resource: { type: 'document', id: String(i), owner: `user-${i % 100}` },
      action: 'read',
    },
    result: i % 5 !== 0,
    metrics: { timer_eval_ns: 9000 + (i % 1000), timer_total_ns: 40000 + (i % 1000) },
  };
}
const templates = Array.from({ length: 2000 }, (_, i) => event(i));

/** A sink that keeps nothing: measures the logger and the queue, not a transport. */
function nullSink() {
  const s = { delivered: 0 };
  s.sink = {
    name: 'null',
    format: (p) => p.json,
    encode: (u) => `[${u.join(',')}]`,
    framing: { open: '[', separator: ',', close: ']' }, // queued as UTF-8 bytes, as the HTTP sinks
    send: async (r) => ((s.delivered += r.count), { ok: true }),
  };
  return s;
}

// ── 1. Enqueue ────────────────────────────────────────────────────────────────────────────────
async function benchEnqueue() {
  const { sink } = nullSink();
  const logger = createAuditLogger({ sinks: [sink], labels: LABELS, onWarning: () => {} });
  const events = templates.slice(0, 1000);
  for (let r = 0; r < 20; r++) {
    for (const e of events) logger.log(e);
    await logger.flush();
  }
  // Per-call samples with hrtime, minus the timer's own median cost.
  const empty = [];
  for (let i = 0; i < 100_000; i++) {
    const a = process.hrtime.bigint();
    const b = process.hrtime.bigint();
    empty.push(Number(b - a));
  }
  const timer = median(empty);
  const perCall = [];
  for (let r = 0; r < 200; r++) {
    for (const e of events) {
      const a = process.hrtime.bigint();
      logger.log(e);
      const b = process.hrtime.bigint();
      perCall.push(Number(b - a) - timer);
    }
    await tick(); // the background stage drains, as on a server between requests
  }
  const perBlock = [];
  for (let r = 0; r < 200; r++) {
    for (let k = 0; k < 1000; k += 100) {
      const a = process.hrtime.bigint();
      for (let j = k; j < k + 100; j++) logger.log(events[j]);
      perBlock.push(Number(process.hrtime.bigint() - a) / 100);
    }
    await tick();
  }
  await logger.close();
  return {
    median_ns: Math.max(0, Math.round(median(perCall))),
    p99_ns: Math.round(pct(perCall, 0.99)),
    block_median_ns: Math.round(median(perBlock)),
    timer_overhead_ns: timer,
  };
}

// ── 2. Preparation (background stage), CPU per event in steady state ─────────────────────────
async function benchPrepare() {
  const ns = nullSink();
  const logger = createAuditLogger({ sinks: [ns.sink], labels: LABELS, onWarning: () => {} });
  const perRound = [];
  for (let r = 0; r < 12; r++) {
    const c0 = process.cpuUsage();
    for (let b = 0; b < 10; b++) {
      for (let k = 0; k < 1000; k++) logger.log(templates[(b * 1000 + k) % 2000]);
      await logger.flush();
    }
    perRound.push(cpuUs(process.cpuUsage(c0)) / 10_000);
  }
  await logger.close();
  return { cpu_us_per_event: Number(median(perRound.slice(2)).toFixed(2)), delivered: ns.delivered };
}

/** What the Edge-safe default does (src/audit/delivery.ts `gzip`; not exported by the package). */
async function compressionStreamGzip(data) {
  const cs = new CompressionStream('gzip');
  const w = cs.writable.getWriter();
  w.write(data);
  w.close();
  return new Uint8Array(await new Response(cs.readable).arrayBuffer());
}

// ── 3. Compression settings on one batch the size OPA uploads carry (~32 KiB compressed) ─────
async function benchCompression() {
  const units = [];
  const ns = nullSink();
  ns.sink.format = (p) => (units.push(p.json), p.json);
  const logger = createAuditLogger({ sinks: [ns.sink], labels: LABELS, onWarning: () => {} });
  for (let i = 0; i < 300; i++) logger.log(templates[i]);
  await logger.close();
  const body = new TextEncoder().encode(`[${units.join(',')}]`);
  const settings = [
    ['CompressionStream (Edge-safe default; level 6)', compressionStreamGzip],
    ['zlib level 1 (nodeGzip(1), the Node preset)', nodeGzip(1)],
    ['zlib level 6 (nodeGzip(6))', nodeGzip(6)],
    ['zlib level 9', nodeGzip(9)],
  ];
  const out = [];
  for (const [name, fn] of settings) {
    const samples = [];
    let size = 0;
    for (let r = 0; r < 30; r++) {
      const c0 = process.cpuUsage();
      size = (await fn(body)).length;
      samples.push(cpuUs(process.cpuUsage(c0)));
    }
    out.push({
      setting: name,
      cpu_us_per_event: Number((median(samples.slice(5)) / units.length).toFixed(2)),
      bytes_per_event: Number((size / units.length).toFixed(1)),
      ratio: Number((body.length / size).toFixed(2)),
    });
  }
  out.push({ setting: 'uncompressed', cpu_us_per_event: 0, bytes_per_event: Number((body.length / units.length).toFixed(1)), ratio: 1 });
  return out;
}

// ── 4. Sustained export to a local HTTP receiver ─────────────────────────────────────────────
const receiverSource = `
const { createServer } = require('node:http');
const { gunzipSync } = require('node:zlib');
const parseAll = process.argv.includes('--parse');
const KEY = Buffer.from('"decision_id":"');
let ids = new Set(), received = 0, requests = 0, bytes = 0, maxBody = 0, parsed = 0, mismatches = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      const raw = Buffer.concat(chunks);
      requests++; bytes += raw.length; maxBody = Math.max(maxBody, raw.length);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const found = [];
      for (let i = body.indexOf(KEY); i >= 0; i = body.indexOf(KEY, i)) {
        i += KEY.length;
        found.push(body.toString('latin1', i, i + 36));
      }
      if (parseAll || requests % 8 === 1) {
        parsed++;
        const events = JSON.parse(body.toString('utf8'));
        if (events.length !== found.length || events.some((e, k) => e.decision_id !== found[k])) mismatches++;
      }
      for (const id of found) { received++; ids.add(id); }
      res.writeHead(200).end();
    } catch (err) {
      res.writeHead(400).end(String(err));
    }
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'stats') process.send({ received, unique: ids.size, requests, bytes, maxBody, parsed, mismatches });
  if (m === 'reset') { ids = new Set(); received = requests = bytes = maxBody = parsed = mismatches = 0; process.send('reset'); }
  if (m === 'close') process.exit(0);
});
`;

function startReceiver() {
  const file = join(mkdtempSync(join(tmpdir(), 'accord-audit-bench-')), 'receiver.cjs');
  writeFileSync(file, receiverSource);
  const w = fork(file, parseAll ? ['--parse'] : [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise((r) => w.once('message', r));
  return { next, post: (m) => w.send(m) };
}

const EXPORTS = [
  { key: 'edge', label: 'Edge-safe default: httpSink({ url }) — CompressionStream, global fetch, 32 KiB chunks', sink: {}, delivery: () => ({}) },
  { key: 'node', label: 'Node preset: delivery: nodeDelivery() — zlib level 1, keep-alive node:http, 32 KiB chunks', sink: {}, delivery: () => nodeDelivery() },
  { key: 'edge256', label: 'Edge-safe default, maxChunkBytes 256 KiB', sink: { maxChunkBytes: 256 * 1024 }, delivery: () => ({}) },
  { key: 'node256', label: 'Node preset, maxChunkBytes 256 KiB', sink: { maxChunkBytes: 256 * 1024 }, delivery: () => nodeDelivery() },
];

async function exportRun(rx, port, cfg) {
  rx.post('reset');
  await rx.next();
  const logger = createAuditLogger({
    sinks: [httpSink({ url: `http://127.0.0.1:${port}/logs`, ...cfg.sink })],
    labels: LABELS,
    delivery: cfg.delivery(),
    queueBytes: 256 * 1024 * 1024,
    onWarning: (w) => console.error('warning', w),
  });
  let emitted = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  // Keep the exporter saturated: top up whenever fewer than `backlog` events wait.
  while (performance.now() < end) {
    const m = logger.metrics();
    if (m.pending + m.queuedEvents < backlog) {
      for (let i = 0; i < 500; i++) {
        logger.log({ ...templates[emitted % templates.length], decision_id: crypto.randomUUID() });
        emitted++;
      }
      await tick();
    } else await sleep(1);
  }
  const flushed = await logger.flush({ timeoutMs: 120_000 });
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuUs(process.cpuUsage(cpu0));
  rx.post('stats');
  const st = await rx.next();
  const m = logger.metrics();
  await logger.close();
  return {
    config: cfg.key,
    seconds: Number(elapsed.toFixed(2)),
    emitted,
    received_unique: st.unique,
    duplicates: st.received - st.unique,
    lost: emitted - st.unique,
    events_per_s: Math.round(st.unique / elapsed),
    cpu_us_per_event: Number((cpu / st.unique).toFixed(1)),
    events_per_cpu_second: Math.round(st.unique / (cpu / 1e6)),
    requests: st.requests,
    events_per_request: Math.round(st.received / Math.max(1, st.requests)),
    compressed_bytes_per_event: Number((st.bytes / Math.max(1, st.received)).toFixed(1)),
    max_body_bytes: st.maxBody,
    bodies_parsed: st.parsed,
    parse_mismatches: st.mismatches,
    flushed,
    dropped: m.dropped,
  };
}

async function benchExport() {
  const rx = startReceiver();
  const { port } = await rx.next();
  const runs = [];
  // Warm-up (JIT, connections), not reported.
  for (const cfg of EXPORTS) await exportRun(rx, port, cfg);
  for (let r = 0; r < rounds; r++) for (const cfg of EXPORTS) runs.push(await exportRun(rx, port, cfg));
  rx.post('close');
  const summary = EXPORTS.map((cfg) => {
    const rs = runs.filter((x) => x.config === cfg.key);
    return {
      config: cfg.key,
      label: cfg.label,
      events_per_s: median(rs.map((x) => x.events_per_s)),
      events_per_cpu_second: median(rs.map((x) => x.events_per_cpu_second)),
      cpu_us_per_event: median(rs.map((x) => x.cpu_us_per_event)),
      events_per_request: median(rs.map((x) => x.events_per_request)),
      compressed_bytes_per_event: median(rs.map((x) => x.compressed_bytes_per_event)),
      max_body_bytes: Math.max(...rs.map((x) => x.max_body_bytes)),
      emitted: rs.reduce((n, x) => n + x.emitted, 0),
      lost: rs.reduce((n, x) => n + x.lost, 0),
      duplicates: rs.reduce((n, x) => n + x.duplicates, 0),
      parse_mismatches: rs.reduce((n, x) => n + x.parse_mismatches, 0),
      all_flushed: rs.every((x) => x.flushed),
    };
  });
  return { runs, summary };
}

const enqueue = await benchEnqueue();
const prepare = await benchPrepare();
const compression = await benchCompression();
const exp = await benchExport();
const failed = exp.summary.some((s) => s.lost !== 0 || s.parse_mismatches !== 0 || !s.all_flushed);
const machine = { cpus: cpus().length, loadavg: loadavg().map((x) => Number(x.toFixed(2))), node: process.version };

if (asJson) console.log(JSON.stringify({ enqueue, prepare, compression, export: exp, machine }, null, 2));
else {
  const f = (n) => n.toLocaleString('en-US');
  console.log('Accord audit bench');
  console.log(
    `  enqueue log(): median ${enqueue.median_ns} ns/call (p99 ${enqueue.p99_ns} ns; blocks of 100: ` +
      `${enqueue.block_median_ns} ns/call; timer overhead ${enqueue.timer_overhead_ns} ns subtracted)   target ≤ 2000 ns`,
  );
  console.log(`  preparation (defaults, hash, masking, JSON, format, UTF-8 into the queue): ${prepare.cpu_us_per_event} µs CPU/event`);
  console.log('  gzip of one 300-event batch:');
  for (const c of compression) {
    console.log(`    ${c.setting.padEnd(48)} ${String(c.cpu_us_per_event).padStart(5)} µs CPU/event  ${String(c.bytes_per_event).padStart(6)} B/event  ratio ${c.ratio}`);
  }
  console.log(`  export, gzip, local receiver (medians of ${rounds} interleaved rounds of ${seconds} s; backlog ≤ ${backlog} events):`);
  for (const s of exp.summary) {
    console.log(
      `    ${s.label}\n      ${f(s.events_per_s)} events/s wall, ${f(s.events_per_cpu_second)} events per CPU-second ` +
        `(${s.cpu_us_per_event} µs CPU/event), ${s.events_per_request} events/request, ${s.compressed_bytes_per_event} B/event, ` +
        `max body ${f(s.max_body_bytes)} B; emitted ${f(s.emitted)}, lost ${s.lost}, duplicates ${s.duplicates}` +
        `${s.parse_mismatches ? `, PARSE MISMATCHES ${s.parse_mismatches}` : ''}${s.all_flushed ? '' : ', NOT FLUSHED'}   target ≥ 50,000 events/s`,
    );
  }
  console.log(`  (${machine.cpus} CPUs, load average ${machine.loadavg.join(' ')}, node ${machine.node})`);
}
if (failed) {
  console.error('audit bench: events were lost or bodies did not parse');
  process.exit(1);
}
