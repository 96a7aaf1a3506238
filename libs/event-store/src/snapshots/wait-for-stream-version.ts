import type { EventStore } from '@cqrs-ddd/core';

/** Options of {@link waitForStreamVersion}. */
export interface WaitForStreamVersionOptions {
  /** When aborted, the version is checked once more and waiting stops. */
  readonly signal: AbortSignal;
  /** Gives up (resolving `false`) after this many milliseconds. */
  readonly timeoutMs: number;
}

/**
 * Resolves `true` once `streamId` has reached `version` as seen outside the caller's
 * transaction — i.e. once the events were committed — re-checking on every wake-up of the
 * store's signal; `false` when it has not after an abort or the timeout (e.g. the transaction
 * rolled back).
 */
export function waitForStreamVersion(
  store: EventStore,
  streamId: string,
  version: number,
  { signal, timeoutMs }: WaitForStreamVersionOptions,
): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    let checking = false;
    let recheck = false;
    let settled = false;
    const settle = (result: boolean | Error) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener('abort', check);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    // One check at a time; a wake-up (or the abort) during a check asks for one more after it.
    const check = () => {
      if (checking) {
        recheck = true;
        return;
      }
      checking = true;
      store.streamVersion(streamId).then(
        (current) => {
          checking = false;
          if (current >= version) settle(true);
          else if (recheck) {
            recheck = false;
            check();
          } else if (signal.aborted) settle(false);
        },
        (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const unsubscribe = store.subscribe(check);
    const timer = setTimeout(() => settle(false), timeoutMs);
    timer.unref();
    signal.addEventListener('abort', check);
    check();
  });
}
