// Node-runtime gate (Next 16 proxy.ts): the authoritative authorizer — token, session store,
// policy — so a revoked session is turned away here already. Still routing only: every route
// handler, server component and server action checks again.
import { NextResponse } from 'next/server';
import { createAccordProxy } from '@accord/next';
import { AUTH_DISABLED } from '@/lib/config';
import { gateTarget } from '@/lib/resolve';
import { accordState } from '@/lib/state';

const accordProxy = createAccordProxy({
  authorizer: () => accordState().authorizer,
  audit: () => accordState().audit,
  resolve: gateTarget,
  loginPath: '/login',
});

// AUTH_DISABLED is a build-time constant used only by the load benchmark (an empty proxy, to
// measure what running any proxy costs in Next); it is never set for the demo or the tests.
export const proxy = AUTH_DISABLED ? () => NextResponse.next() : accordProxy;

// Skipped by the gate: static assets, the image optimiser, the favicon and image files; /embed
// (widgets that must be fast); and /api — route handlers are the authoritative check for APIs,
// and running Next's proxy in front of them costs about half again the CPU of a small route for
// no security benefit (bench/next-load.mjs). `prepare.mjs --api-gate` puts /api behind the gate
// too (the e2e tests run both ways). Must be a literal: Next reads it at build time.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|embed/|api/|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico)$).*)'],
};
