// middleware.ts helper (Edge runtime; deprecated in Next 16 but supported). Give it
// `createEdgeAuthorizer({ policy, revision, claims })` with the policy imported as a module
// (`import policy from './policy.wasm?module'`): Edge cannot compile wasm bytes. It verifies the
// token and the session id's shape only — it cannot see revocations — so it is routing, and every
// Node layer decides again. Decision events are delivered in `event.waitUntil()`.
import type { NextFetchEvent, NextRequest } from 'next/server.js';
import { createGate, type GateOptions } from './gate.js';
import { laterSchedule, type Schedule } from './shared.js';

export type AccordMiddlewareOptions = GateOptions;

export function createAccordMiddleware(options: AccordMiddlewareOptions): (request: NextRequest, event?: NextFetchEvent) => Promise<Response> {
  const gate = createGate(options, 'middleware');
  return (request, event) => {
    const schedule: Schedule = event
      ? (fn) => {
          try {
            // A macrotask later: the response leaves first, the delivery is kept alive by waitUntil.
            event.waitUntil(new Promise((r) => setTimeout(r, 0)).then(fn).catch(() => undefined));
          } catch {
            laterSchedule(fn);
          }
        }
      : laterSchedule;
    return gate(request, schedule);
  };
}
