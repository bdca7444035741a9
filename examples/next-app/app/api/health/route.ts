export const dynamic = 'force-dynamic';

/** Public (the policy lists /api/health): no withAuthorization. */
export function GET() {
  return Response.json({ ok: true });
}
