export const dynamic = 'force-dynamic';
export async function GET(req: Request) {
  const g = globalThis as any;
  return Response.json({ count: g.__protoCount ?? null, sameStore: !!g.__protoStore, d: req.headers.get('x-proto-decision') });
}
