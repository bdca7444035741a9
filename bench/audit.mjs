// Decision-log benchmarks.
//   node bench/audit.mjs [--seconds 5] [--json]
// 1. Enqueue: median ns per `log()` call (default masking on; masking itself runs off the hot path,
//    measured separately as "prepare").
// 2. Export: sustained events/s to a local HTTP receiver (OPA upload protocol: gzip JSON array,
//    32 KiB chunks) over ~5 s. The receiver runs in a separate process, gunzips, parses and counts
//    unique decision ids, so "received" is checked, not assumed. The logging process's own CPU time
//    per event is reported too: on a shared machine wall-clock throughput understates capacity.
// Targets: enqueue ≤ 2 µs median; export ≥ 50 000 events/s.

import { fork } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 5;
const asJson = args.includes('--json');

const audit = await tsImport('../src/audit/index.ts', import.meta.url);
const { createAuditLogger, httpSink } = audit;
const { nodeGzip, nodeFetch } = await tsImport('../src/audit/node.ts', import.meta.url);

const tick = () => new Promise((r) => setImmediate(r));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};
const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

// ── 1. Enqueue ────────────────────────────────────────────────────────────────────────────────
async function benchEnqueue() {
  let delivered = 0;
  const nullSink = {
    name: 'null',
    format: (p) => p.json,
    encode: (u) => u.join('\n'),
    send: async (r) => ((delivered += r.count), { ok: true }),
  };
  const logger = createAuditLogger({
    sinks: [nullSink],
    labels: { app: 'bench', env: 'bench', instance: 'bench' },
    onWarning: () => {},
  });
  const events = Array.from({ length: 1000 }, (_, i) => event(i));

  // Warm up (JIT) the hot path and the background pipeline.
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
    await tick(); // let the background pipeline drain, as a server between requests
  }
  // Blocks of 100 calls (no per-call timer noise).
  const perBlock = [];
  for (let r = 0; r < 200; r++) {
    for (let k = 0; k < 1000; k += 100) {
      const a = process.hrtime.bigint();
      for (let j = k; j < k + 100; j++) logger.log(events[j]);
      perBlock.push(Number(process.hrtime.bigint() - a) / 100);
    }
    await tick();
  }
  // Background cost per event: defaults + hashing + masking + serialisation + sink format.
  await logger.flush();
  const n = 100_000;
  const t0 = performance.now();
  for (let r = 0; r < n / 1000; r++) {
    for (const e of events) logger.log(e);
    await logger.flush();
  }
  const prepareUs = ((performance.now() - t0) * 1000) / n;
  await logger.close();
  return {
    enqueue_median_ns: Math.max(0, Math.round(median(perCall))),
    enqueue_p99_ns: Math.round(pct(perCall, 0.99)),
    enqueue_block_median_ns: Math.round(median(perBlock)),
    timer_overhead_ns: timer,
    prepare_us_per_event: Number(prepareUs.toFixed(2)),
    delivered,
  };
}

// ── 2. Sustained export to a local HTTP receiver ─────────────────────────────────────────────
const receiverSource = `
const { createServer } = require('node:http');
const { gunzipSync } = require('node:zlib');
const ids = new Set();
let received = 0, requests = 0, maxChunk = 0, bytes = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    requests++; bytes += raw.length; maxChunk = Math.max(maxChunk, raw.length);
    const events = JSON.parse(gunzipSync(raw).toString('utf8'));
    for (const e of events) { received++; ids.add(e.decision_id); }
    res.writeHead(200).end();
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'stats') process.send({ received, unique: ids.size, requests, maxChunk, bytes });
  if (m === 'close') process.exit(0);
});
`;

// The receiver runs in its own process so the logging process's CPU time can be measured alone.
function receiver() {
  const file = join(mkdtempSync(join(tmpdir(), 'accord-audit-bench-')), 'receiver.cjs');
  writeFileSync(file, receiverSource);
  const w = fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise((r) => w.once('message', r));
  return { w, next, post: (m) => w.send(m) };
}

async function benchExport(label, sinkOptions = {}) {
  const { w, next, post } = receiver();
  const { port } = await next();
  const logger = createAuditLogger({
    sinks: [httpSink({ url: `http://127.0.0.1:${port}/logs`, ...sinkOptions })],
    labels: { app: 'bench', env: 'bench', instance: 'bench' },
    queueBytes: 256 * 1024 * 1024,
    onWarning: (x) => console.error('warning', x),
  });
  const events = Array.from({ length: 2000 }, (_, i) => event(i));
  let emitted = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  // Keep the exporter saturated without overflowing: top up while the backlog is small.
  while (performance.now() < end) {
    const m = logger.metrics();
    if (m.pending + m.queuedEvents < 30_000) {
      for (let i = 0; i < 1000; i++) {
        const e = events[emitted % events.length];
        logger.log({ ...e, decision_id: crypto.randomUUID() });
        emitted++;
      }
      await tick();
    } else await sleep(1); // backlog full: let the exporter work
  }
  const ok = await logger.flush({ timeoutMs: 60_000 });
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  post('stats');
  const stats = await next();
  const m = logger.metrics();
  await logger.close();
  post('close');
  return {
    config: label,
    seconds: Number(elapsed.toFixed(2)),
    emitted,
    received_unique: stats.unique,
    duplicates: stats.received - stats.unique,
    lost: emitted - stats.unique,
    events_per_s: Math.round(stats.unique / elapsed),
    // Whole logging process (main thread + zlib threadpool), receiver excluded.
    client_cpu_us_per_event: Number(((cpu.user + cpu.system) / stats.unique).toFixed(1)),
    events_per_client_cpu_second: Math.round(stats.unique / ((cpu.user + cpu.system) / 1e6)),
    requests: stats.requests,
    max_chunk_bytes: stats.maxChunk,
    avg_events_per_request: Math.round(stats.received / stats.requests),
    compressed_bytes_per_event: Number((stats.bytes / stats.received).toFixed(1)),
    flushed: ok,
    dropped: m.dropped,
  };
}

const enqueue = await benchEnqueue();
const exports = [
  await benchExport('OPA defaults, Edge-safe path: 32 KiB chunks, CompressionStream, fetch, 1 sender'),
  await benchExport('32 KiB chunks, Node helpers: nodeGzip(1) + nodeFetch()', {
    fetch: nodeFetch(),
    delivery: { compress: nodeGzip(1) },
  }),
  await benchExport('256 KiB chunks, Node helpers', {
    maxChunkBytes: 256 * 1024,
    fetch: nodeFetch(),
    delivery: { compress: nodeGzip(1) },
  }),
];
const result = { enqueue, export: exports };
if (asJson) console.log(JSON.stringify(result, null, 2));
else {
  console.log('Accord audit bench');
  console.log(
    `  enqueue log(): median ${enqueue.enqueue_median_ns} ns/call (p99 ${enqueue.enqueue_p99_ns} ns; ` +
      `blocks of 100: ${enqueue.enqueue_block_median_ns} ns/call; timer overhead ${enqueue.timer_overhead_ns} ns subtracted)  target ≤ 2000 ns`,
  );
  console.log(`  background prepare (defaults+hash+mask+JSON+format): ${enqueue.prepare_us_per_event} µs/event`);
  for (const e of result.export) {
    console.log(
      `  export [${e.config}]: ${e.events_per_s} events/s over ${e.seconds} s — ` +
        `emitted ${e.emitted}, received ${e.received_unique} unique, lost ${e.lost}, duplicates ${e.duplicates}, ` +
        `${e.requests} requests, max chunk ${e.max_chunk_bytes} B, ${e.avg_events_per_request} events/request, ` +
        `${e.compressed_bytes_per_event} B/event compressed; logging-process CPU ${e.client_cpu_us_per_event} µs/event ` +
        `= ${e.events_per_client_cpu_second} events per CPU-second  (target ≥ 50000/s)`,
    );
  }
  console.log(`  (load average at end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs)`);
}
