import type { Lock, LockOptions, LockStrategy } from '../ports/lock-strategy.port.js';

/** Work run while every lock of a {@link CriticalSection} is held. */
export type CriticalSectionWork<T> = (
  /** The held locks, in the order they were taken (resources sorted, without duplicates). */
  locks: readonly Lock[],
  /** Aborts (with a `LockNotHeldError` reason) when the keep-alive of any lock notices it was lost. */
  signal: AbortSignal,
) => Promise<T> | T;

/**
 * Runs work while holding locks on several resources, without deadlocks: resources are
 * deduplicated and sorted, so every caller takes them in the same order, and two callers
 * asking for `[a, b]` and `[b, a]` queue on `a` instead of each holding what the other waits
 * for. All or nothing: when one lock cannot be had within `waitMs` (a budget shared by all of
 * them), the locks already taken are released and `LockTimeoutError` is thrown without
 * running the work. Locks are released in reverse order afterwards, whether the work succeeds
 * or throws. Each lock is taken with the strategy's `runExclusive`, so its keep-alive (if the
 * adapter has one) extends every lock while the work runs.
 *
 * ```ts
 * await new CriticalSection(locks).run(['account/1', 'account/2'], () => transfer(), { ttlMs: 10_000, waitMs: 5_000 });
 * ```
 */
export class CriticalSection {
  constructor(private readonly locks: LockStrategy) {}

  /**
   * Takes every lock of `resources` with `options`, runs `work`, and releases them. With no
   * resources, `work` runs at once with no locks.
   * @throws LockTimeoutError when a lock is still held by another owner once `waitMs` is spent.
   * @throws ValidationError for an invalid resource name or options (nothing is locked then).
   */
  async run<T>(
    resources: readonly string[],
    work: CriticalSectionWork<T>,
    options: LockOptions,
  ): Promise<T> {
    const ordered = [...new Set(resources)].sort();
    const deadline = Date.now() + (options.waitMs ?? 0);
    const held: Lock[] = [];
    const signals: AbortSignal[] = [];
    const enter = async (index: number): Promise<T> => {
      if (index === ordered.length) return work([...held], AbortSignal.any(signals));
      const waitMs = Math.max(0, deadline - Date.now());
      return this.locks.runExclusive(
        ordered[index]!,
        async (lock, signal) => {
          held.push(lock);
          signals.push(signal);
          try {
            return await enter(index + 1);
          } finally {
            held.pop();
            signals.pop();
          }
        },
        { ...options, waitMs },
      );
    };
    return enter(0);
  }
}
