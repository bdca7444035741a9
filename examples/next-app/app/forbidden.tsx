import Link from 'next/link';

export default function Forbidden() {
  return (
    <>
      <h1 data-testid="denied">403 — Forbidden</h1>
      <p>The policy does not allow this. <Link href="/dashboard">Back to the dashboard</Link></p>
    </>
  );
}
