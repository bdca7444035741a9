import type { ReactNode } from 'react';
import Link from 'next/link';

export const metadata = { title: 'Accord — Next.js example' };

const css = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2433; background: #f6f7fb; }
  header { background: #1d2433; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1rem; align-items: center; }
  header a { color: #cfe1ff; text-decoration: none; } header strong { margin-right: 1rem; }
  main { max-width: 860px; margin: 1.5rem auto; background: #fff; padding: 1.2rem 1.6rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; } td, th { border-bottom: 1px solid #e4e7ee; padding: .3rem .4rem; text-align: left; }
  .allow { color: #13795b; } .deny { color: #b54708; } .error { color: #c01048; }
  form.inline { display: inline; } button { cursor: pointer; } code { font-size: 12px; }
  input, textarea { font: inherit; padding: .3rem; width: 100%; box-sizing: border-box; } label { display: block; margin: .5rem 0; }
`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <style dangerouslySetInnerHTML={{ __html: css }} />
        <header>
          <strong>Accord example</strong>
          <Link prefetch={false} href="/dashboard">Dashboard</Link>
          <Link prefetch={false} href="/t/acme/docs">Acme documents</Link>
          <Link prefetch={false} href="/t/globex/docs">Globex documents</Link>
          <Link prefetch={false} href="/admin">Admin</Link>
          <Link prefetch={false} href="/audit">Audit log</Link>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
