import { authorize } from '@/lib/accord';
import { accordState } from '@/lib/state';

type Facts = { request?: { method?: string; path?: string }; action?: string; resource?: { type?: string; id?: string } };

export default async function AuditPage() {
  await authorize('read', { type: 'audit' }, { path: '/audit' });
  const events = accordState().ring.recent(150);
  return (
    <>
      <h1 data-testid="audit">Recent decisions</h1>
      <p>
        <small>Newest first. One row per decision, from every layer (Edge middleware decisions are forwarded to this process).</small>
      </p>
      <table>
        <thead>
          <tr>
            <th>time</th>
            <th>layer</th>
            <th>outcome</th>
            <th>reason</th>
            <th>subject</th>
            <th>request</th>
            <th>action / resource</th>
            <th>request id</th>
            <th>policy</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const i = (e.input ?? {}) as Facts;
            return (
              <tr key={e.decision_id}>
                <td>{e.timestamp.slice(11, 23)}</td>
                <td>{e.layer}</td>
                <td className={e.outcome}>{e.outcome}</td>
                <td>{e.reason}</td>
                <td>{e.subject_id ?? ''}</td>
                <td>
                  {i.request?.method} {i.request?.path}
                </td>
                <td>
                  {i.action} {i.resource?.type}
                  {i.resource?.id ? `:${i.resource.id}` : ''}
                </td>
                <td>
                  <code>{e.request_id?.slice(0, 8)}</code>
                </td>
                <td>
                  <code>{e.bundles.accord?.revision.slice(0, 8)}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
