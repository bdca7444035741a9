// Node-runtime gate (Next 16 proxy.ts): the authoritative authorizer — token, session store,
// policy — so a revoked session is turned away here already. Still routing only: every route
// handler, server component and server action checks again.
import { createAccordProxy } from '@accord/next';
import { gateTarget } from '@/lib/resolve';
import { accordState } from '@/lib/state';

export const proxy = createAccordProxy({
  authorizer: () => accordState().authorizer,
  audit: { drain: () => accordState().audit.drain() },
  resolve: gateTarget,
  loginPath: '/login',
});

// Static assets, the image optimiser, the favicon and image files skip the gate; so does /embed
// (widgets that must be fast) — those routes authorise themselves. Must be a literal: Next reads
// it at build time.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|embed/|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico)$).*)'],
};
