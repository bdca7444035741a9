// Console sink: one colourised line per decision for development, NDJSON for production stdout.
// Edge-safe: writes through process.stdout when it exists, else console.log.

import { durationNs, requestFacts } from '../fields.js';
import type { AuditSink, DeliveryOptions, PreparedEvent } from '../types.js';

export interface ConsoleSinkOptions {
  name?: string;
  /** `pretty` (dev, default unless NODE_ENV=production) or `ndjson` (one event JSON per line). */
  mode?: 'pretty' | 'ndjson';
  /** ANSI colours in pretty mode (default: stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
  /** Custom NDJSON line (e.g. `formatEcs`, `formatOcsf`); default: the event JSON. */
  format?: (event: PreparedEvent) => string;
  /** Where text goes (default: process.stdout.write, or console.log per line). */
  write?: (text: string) => void;
  delivery?: Partial<DeliveryOptions>;
}

type Proc = { env?: Record<string, string | undefined>; stdout?: { write?: (s: string) => unknown; isTTY?: boolean } };
const proc = (): Proc | undefined => (globalThis as { process?: Proc }).process;

function defaultWrite(): (text: string) => void {
  const out = proc()?.stdout;
  if (out && typeof out.write === 'function') return (text) => void out.write!(text);
  return (text) => {
    for (const line of text.split('\n')) if (line) console.log(line);
  };
}

const ANSI = {
  reset: '\x1b[0m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  red: '\x1b[31m',
  cyan: '\x1b[36m',
  magenta: '\x1b[35m',
};

// Control characters (a newline would forge a second decision line), C1 controls and the Unicode
// line separators, as JSON-style escapes.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const oneLine = (v: unknown): string => String(v).replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The dev line: `12:00:00.123 ALLOW route app/authz/allow GET /docs sub=alice 0.42ms "reason" id=4ca636c1`. */
export function formatPretty(p: PreparedEvent, color = false): string {
  const e = p.event;
  const c = (code: keyof typeof ANSI, s: string) => (color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const outcome =
    e.outcome === 'allow' ? c('green', 'ALLOW') : e.outcome === 'deny' ? c('yellow', 'DENY ') : c('red', 'ERROR');
  const f = requestFacts(e);
  const parts = [
    c('dim', e.timestamp.slice(11, 23)),
    color ? `${ANSI.bold}${outcome}` : outcome,
    c('cyan', oneLine(e.layer).padEnd(16)),
    oneLine(e.path),
  ];
  if (f.method || f.path) parts.push(oneLine([f.method, f.path].filter(Boolean).join(' ')));
  if (f.action) parts.push(`action=${oneLine(f.action)}`);
  if (e.subject_id) parts.push(c('magenta', `sub=${oneLine(e.subject_id)}`));
  const ns = durationNs(e);
  if (ns !== undefined) parts.push(`${(ns / 1e6).toFixed(2)}ms`);
  if (e.reason) parts.push(JSON.stringify(e.reason));
  if (e.error) parts.push(c('red', `${oneLine(e.error.code)}: ${oneLine(e.error.message)}`));
  if (e.request_id) parts.push(c('dim', `req=${oneLine(e.request_id)}`));
  parts.push(c('dim', `id=${oneLine(e.decision_id.slice(0, 8))}`));
  return parts.join(' ');
}

export function consoleSink(options: ConsoleSinkOptions = {}): AuditSink {
  const env = proc()?.env ?? {};
  const mode = options.mode ?? (env.NODE_ENV === 'production' ? 'ndjson' : 'pretty');
  const color = options.color ?? (!!proc()?.stdout?.isTTY && env.NO_COLOR === undefined);
  const write = options.write ?? defaultWrite();
  const ndjson = options.format ?? ((p: PreparedEvent) => p.json);
  return {
    name: options.name ?? 'console',
    delivery: { flushIntervalMs: 100, batchEvents: 1000, ...options.delivery },
    format: mode === 'pretty' ? (p) => formatPretty(p, color) : ndjson,
    encode: (units) => `${units.join('\n')}\n`,
    async send(req) {
      try {
        write(req.body as string);
        return { ok: true };
      } catch (err) {
        return { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
