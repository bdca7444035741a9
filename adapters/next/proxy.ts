// proxy.ts helper (Next.js 16, Node runtime). Same gate as the Edge middleware helper, but the
// authorizer is the authoritative one (token + session store + policy), and the decision log is
// handed over with `after()` once the response is done.
//
//   // proxy.ts
//   import { createAccordProxy } from 'accord/next';
//   export const proxy = createAccordProxy({ authorizer, audit, resolve });
//   export const config = { matcher: ['/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico)$).*)'] };
import type { NextFetchEvent, NextRequest } from 'next/server.js';
import { createGate, type GateOptions } from './gate.js';
import { afterResponse } from './schedule.js';

export type AccordProxyOptions = GateOptions;

export function createAccordProxy(options: AccordProxyOptions): (request: NextRequest, event?: NextFetchEvent) => Promise<Response> {
  const gate = createGate(options, 'proxy');
  return (request) => gate(request, afterResponse);
}
