import type { ReactNode } from 'react';
import { Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from 'react-router';

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Accord · React Router example</title>
        <Meta />
        <Links />
      </head>
      <body>
        <nav>
          <NavLink to="/">Home</NavLink> · <NavLink to="/documents">Documents</NavLink> · <NavLink to="/admin">Admin</NavLink> ·{' '}
          <form method="post" action="/logout" style={{ display: 'inline' }}>
            <button type="submit">Log out</button>
          </form>
        </nav>
        <main>{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Shows the status and the decision id (for support), never the policy's internal reasons. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const data = (error.data ?? {}) as { decision_id?: unknown };
    const decisionId = typeof data === 'object' && typeof data.decision_id === 'string' ? data.decision_id : undefined;
    return (
      <section>
        <h1>{error.status === 403 ? 'Forbidden' : error.status === 404 ? 'Not found' : 'Something went wrong'}</h1>
        <p>Status {error.status}</p>
        {decisionId ? <p>Decision {decisionId}</p> : null}
      </section>
    );
  }
  return (
    <section>
      <h1>Something went wrong</h1>
    </section>
  );
}
