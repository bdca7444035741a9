// Every store operation runs under a deadline. Edge-safe (setTimeout + AbortController only).
import { SessionStoreError } from './errors.js';

export const DEFAULT_STORE_TIMEOUT_MS = 250;

export interface StoreOpOptions {
  /** Aborts the operation (ERR_STORE_TIMEOUT) when the caller gives up, e.g. the request's signal. */
  signal?: AbortSignal;
  /** Deadline for this operation in ms (default: the store's timeoutMs, 250). */
  timeoutMs?: number;
}

/**
 * Run `op` with a deadline. The op receives a signal it should pass on where it can; whether or
 * not it does, the caller gets ERR_STORE_TIMEOUT at the deadline (the op may finish later in the
 * background; its result is dropped). Errors from `op` go through `mapError`.
 */
export async function withDeadline<T>(
  what: string,
  opts: StoreOpOptions | undefined,
  defaultMs: number,
  op: (signal: AbortSignal) => Promise<T>,
  mapError: (err: unknown) => unknown = (e) => e,
): Promise<T> {
  const ms = opts?.timeoutMs ?? defaultMs;
  const outer = opts?.signal;
  if (outer?.aborted) throw new SessionStoreError('ERR_STORE_TIMEOUT', `${what}: aborted by caller`, { cause: outer.reason });
  const ac = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new SessionStoreError('ERR_STORE_TIMEOUT', `${what}: no answer within ${ms} ms`);
      ac.abort(err);
      reject(err);
    }, ms);
    if (outer) {
      onAbort = () => {
        const err = new SessionStoreError('ERR_STORE_TIMEOUT', `${what}: aborted by caller`, { cause: outer.reason });
        ac.abort(err);
        reject(err);
      };
      outer.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([
      op(ac.signal).catch((err: unknown) => {
        if (ac.signal.aborted && err === ac.signal.reason) throw err;
        throw mapError(err);
      }),
      guard,
    ]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (outer && onAbort) outer.removeEventListener('abort', onAbort);
  }
}
