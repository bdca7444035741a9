import Link from 'next/link';

export default function Unauthorized() {
  return (
    <>
      <h1 data-testid="unauthenticated">401 — Please sign in again</h1>
      <p>Your session has ended or was revoked. <Link href="/login">Sign in</Link></p>
    </>
  );
}
