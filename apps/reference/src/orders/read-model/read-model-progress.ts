import { Injectable } from '@nestjs/common';

/** Outcome of {@link ReadModelProgress.waitUntil}. */
export interface WaitOutcome<T> {
  /** The last value read. */
  readonly value: T;
  /** Whether it satisfied the condition (`false`: the wait timed out). */
  readonly satisfied: boolean;
}

/**
 * Lets reads wait for the read model to move on (read-your-writes). The processor calls
 * {@link advanced} after every batch it applied; waiting reads re-read then, so nothing polls.
 * It works per process: in a scaled-out deployment every instance runs a processor over the
 * same log and store, so each instance's waiters are woken by their own processor.
 */
@Injectable()
export class ReadModelProgress {
  #waiters = new Set<() => void>();
  #closed = false;

  /** Wakes every waiting read; called by the processor after it applied events. */
  advanced(): void {
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  /**
   * The processor stopped (shutdown): nothing will advance any more, so waiting reads answer
   * at once with what they read, and later reads do not wait.
   */
  close(): void {
    this.#closed = true;
    this.advanced();
  }

  /** Undoes {@link close} when the processor starts again. */
  open(): void {
    this.#closed = false;
  }

  /**
   * Reads with `read` until `condition` holds, re-reading after each {@link advanced}, for at
   * most `timeoutMs`; then reads once more and reports whether the condition held.
   */
  async waitUntil<T>(
    read: () => Promise<T>,
    condition: (value: T) => boolean,
    timeoutMs: number,
  ): Promise<WaitOutcome<T>> {
    let timedOut = false;
    let onTimeout: () => void = () => undefined;
    const timeout = new Promise<void>((resolve) => (onTimeout = resolve));
    const timer = setTimeout(() => {
      timedOut = true;
      onTimeout();
    }, timeoutMs);
    try {
      for (;;) {
        // Registered before reading, so an advance between the read and the wait is not missed.
        const next = this.#next();
        try {
          const value = await read();
          if (condition(value)) return { value, satisfied: true };
          if (timedOut || this.#closed) return { value, satisfied: false };
          await Promise.race([next.promise, timeout]);
        } finally {
          next.cancel();
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  #next(): { promise: Promise<void>; cancel(): void } {
    let wake: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    this.#waiters.add(wake);
    return { promise, cancel: () => this.#waiters.delete(wake) };
  }
}
