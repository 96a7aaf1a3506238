/**
 * Wakes up the callers waiting for "something changed" in the tenant database pool (a lease
 * ended, a connection went back to its pool, a database closed), so a waiting opener re-checks
 * for a free slot at once instead of polling.
 */
export class PoolChangeSignal {
  private readonly waiters = new Set<() => void>();

  /** Resolves at the next {@link notify}, or after `timeoutMs` (whichever comes first). */
  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      this.waiters.add(done);
    });
  }

  /** Wakes up every current waiter. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
