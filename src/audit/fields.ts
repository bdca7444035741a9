// Facts the SIEM formats lift out of a (masked) event's input. Edge-safe.
//
// Accord's input is the app's own shape; these are the places looked at, first match wins:
//   method      input.request.method | input.method
//   path        input.request.path | input.path | pathname of input.request.url | input.url
//   ip          input.request.ip | input.request.remote_addr | input.ip | requested_by (if an IP)
//   user agent  input.request.headers["user-agent"] | input.user_agent
//   action      input.action (string) — the application operation being authorised

import type { DecisionEvent } from './event.js';

export interface RequestFacts {
  method?: string;
  path?: string;
  ip?: string;
  userAgent?: string;
  action?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
/** A bare IPv4/IPv6 address (ports and brackets stripped), else undefined. */
export function asIp(v: string | undefined): string | undefined {
  if (!v) return undefined;
  let s = v.trim();
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1];
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  if (IPV4.test(s)) return s;
  if (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s)) return s;
  return undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (!isObj(headers)) return undefined;
  const direct = headers[name];
  if (typeof direct === 'string') return direct;
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) return str(headers[k]);
  return undefined;
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const q = url.search(/[?#]/);
  const noQuery = q >= 0 ? url.slice(0, q) : url;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(noQuery);
  return m ? (m[1] ?? '/') : noQuery;
}

export function requestFacts(event: DecisionEvent): RequestFacts {
  const input = isObj(event.input) ? event.input : undefined;
  const req = input && isObj(input.request) ? input.request : undefined;
  const facts: RequestFacts = {};
  facts.method = str(req?.method) ?? str(input?.method);
  if (facts.method) facts.method = facts.method.toUpperCase();
  facts.path = pathOf(str(req?.path) ?? str(input?.path) ?? str(req?.url) ?? str(input?.url));
  facts.ip =
    asIp(str(req?.ip)) ?? asIp(str(req?.remote_addr)) ?? asIp(str(input?.ip)) ?? asIp(event.requested_by);
  facts.userAgent = header(req?.headers, 'user-agent') ?? str(input?.user_agent);
  facts.action = str(input?.action);
  return facts;
}

/** The policy revision: `bundles.accord.revision`, else the first bundle's. */
export function policyRevision(event: DecisionEvent): string | undefined {
  const b = event.bundles;
  if (!b) return undefined;
  if (b.accord?.revision) return b.accord.revision;
  for (const k of Object.keys(b)) if (b[k]?.revision) return b[k].revision;
  return undefined;
}

/** Wall-clock duration of the decision in nanoseconds, when the engine reported it. */
export function durationNs(event: DecisionEvent): number | undefined {
  const t = event.metrics?.timer_total_ns ?? event.metrics?.timer_eval_ns;
  return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
}
