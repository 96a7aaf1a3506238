/**
 * Callers waiting for something to happen to a resource (a lock released), each with its own
 * time limit: lock strategies park `acquire` here between attempts and wake it on a release.
 */
export class ResourceWaiters {
  readonly #waiters = new Map<string, Set<() => void>>();

  /** Resolves after `ms` (negative counts as 0), or earlier when `resource` is woken. */
  wait(resource: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(resource) ?? new Set<() => void>();
      this.#waiters.set(resource, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiters.get(resource) === waiters) {
          this.#waiters.delete(resource);
        }
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 0));
      waiters.add(done);
    });
  }

  /** Ends every wait on `resource` now. */
  wake(resource: string): void {
    for (const wakeUp of [...(this.#waiters.get(resource) ?? [])]) wakeUp();
  }
}
