/** Why a {@link WakeSignal.sleep} may end early. */
export interface SleepOptions {
  /** Also end on a commit signal ({@link WakeSignal.commit}). */
  readonly untilCommit: boolean;
}

/**
 * Lets one worker loop sleep until something happens, without losing a notification that
 * arrives while it is busy: notifications are remembered until the next sleep consumes them.
 *
 * Two kinds: commits (the event store signalled new events: only wakes a sleep that waits for
 * them, so a retry backoff or a lease wait is not cut short by every commit) and interrupts
 * (stop, resume, lease lost, parked events changed: wake any sleep).
 */
export class WakeSignal {
  private commitPending = false;
  private interruptPending = false;
  private sleeper?: { readonly untilCommit: boolean; readonly wake: () => void };

  /** New events were committed. */
  commit(): void {
    this.commitPending = true;
    if (this.sleeper?.untilCommit) this.sleeper.wake();
  }

  /** Something other than a commit changed: wake any sleep. */
  interrupt(): void {
    this.interruptPending = true;
    this.sleeper?.wake();
  }

  /** Forgets commits signalled so far: called just before a read that will see them. */
  clearCommits(): void {
    this.commitPending = false;
  }

  /**
   * Sleeps `ms` (forever when `undefined`), or until an interrupt, or a commit with
   * `untilCommit`; returns at once when one is already pending. Consumes what woke it.
   */
  async sleep(ms: number | undefined, options: SleepOptions): Promise<void> {
    if (!this.interruptPending && !(options.untilCommit && this.commitPending)) {
      await new Promise<void>((resolve) => {
        const timer = ms === undefined ? undefined : setTimeout(wake, ms);
        const sleeper = { untilCommit: options.untilCommit, wake };
        this.sleeper = sleeper;
        function wake(): void {
          clearTimeout(timer);
          resolve();
        }
      });
      this.sleeper = undefined;
    }
    this.interruptPending = false;
    if (options.untilCommit) this.commitPending = false;
  }
}
