// Edge-runtime gate (middleware.ts, deprecated in Next 16 but supported): the engine's Edge
// precheck with the same policy module. It cannot see revocations (no session store on Edge), so
// it only routes; the Node layers decide with the store.
import type { NextFetchEvent, NextRequest } from 'next/server';
import { createAccordMiddleware } from '@accord/next';
import { edgeAccord } from '@/lib/edge-accord';
import { gateTarget } from '@/lib/resolve';

const gate = createAccordMiddleware({
  authorizer: () => edgeAccord().authorizer,
  audit: () => edgeAccord().audit,
  resolve: gateTarget,
  loginPath: '/login',
});

export function middleware(request: NextRequest, event: NextFetchEvent) {
  return gate(request, event);
}

// Same matcher as gate/proxy.ts (see there for why /api is skipped).
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|embed/|api/|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico)$).*)'],
  // The engine can also compile policy bytes (Node); webpack flags that code path in Edge bundles
  // even though this app only passes a WebAssembly.Module. Turbopack does not need this.
  unstable_allowDynamic: ['/generated/accord/**'],
};
