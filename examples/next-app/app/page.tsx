import Link from 'next/link';

export default function Home() {
  return (
    <>
      <h1>Documents, one policy, every layer</h1>
      <p>
        Every layer of this app — the proxy (or Edge middleware), route handlers, server components and server actions —
        asks the same compiled Rego policy with the same verified token and server-side session, and every decision is logged.
      </p>
      <p>
        <Link href="/login">Sign in</Link> · <Link href="/dashboard">Dashboard</Link>
      </p>
    </>
  );
}
