import { NextResponse, type NextRequest } from 'next/server';
import policy from './policy/policy.wasm?module';
import { createEdgeAuthorizer } from './generated/accord/edge.js';
const a = createEdgeAuthorizer({ policy, revision: 'rev-x', claims: { issuer: 'i', audience: 'a', algorithms: ['HS256'], keys: { secret: 'x'.repeat(32) } } });
export async function middleware(req: NextRequest) {
  const d = await a.authorize(req, { action: 'read', resource: { type: 'page' } });
  const h = new Headers(req.headers);
  h.set('x-proto-decision', d.reason + ' ' + d.policy_revision + ' ' + String((globalThis as any).EdgeRuntime));
  return NextResponse.next({ request: { headers: h } });
}
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'], unstable_allowDynamic: ['/generated/accord/**'] };
