// A read-only SessionStore for Edge code: it asks the Node process (the owner of the in-memory
// store) over HTTP, with the shared internal token. Fail closed: any failure is a
// SessionStoreError, which the engine turns into a deny. In production this is where an
// HTTP-reachable store (a Redis REST API, a sessions service) goes.
import { isSessionId, SessionStoreError, withDeadline, type SessionRecord, type SessionStore } from '@accord/edge';

type StoreOpOptions = { signal?: AbortSignal; timeoutMs?: number };

const readOnly = () => Promise.reject(new SessionStoreError('ERR_STORE_UNAVAILABLE', 'http store: read-only'));

export class HttpSessionStore implements SessionStore {
  readonly name = 'http';
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 500,
  ) {}

  get(id: string, opts?: StoreOpOptions): Promise<SessionRecord | null> {
    if (!isSessionId(id)) return Promise.resolve(null);
    return withDeadline('http.get', opts, this.timeoutMs, async (signal) => {
      // POST, so the id (a bearer secret for API keys) never appears in a URL or an access log.
      const res = await fetch(`${this.baseUrl}/api/internal/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id }),
        signal,
        cache: 'no-store',
      });
      if (res.status === 404) return null;
      if (!res.ok) throw new SessionStoreError('ERR_STORE_UNAVAILABLE', `http.get: status ${res.status}`);
      const body = (await res.json()) as { session?: SessionRecord };
      return body.session ?? null;
    }, (err) => (err instanceof SessionStoreError ? err : new SessionStoreError('ERR_STORE_UNAVAILABLE', 'http.get: session service unreachable', { cause: err })));
  }

  create = readOnly;
  touch = readOnly;
  revoke = readOnly;
  revokeSubject = readOnly;
  revokeServiceAccount = readOnly;
  async close(): Promise<void> {}
}
