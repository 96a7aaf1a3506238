import { type Lock, LockNotHeldError, type LockStrategy } from '@cqrs-ddd/core';

/** What a {@link PartitionLease} needs. */
export interface PartitionLeaseOptions {
  readonly locks: LockStrategy;
  /** Lock resource, e.g. `processor:<name>:<partition>`. */
  readonly resource: string;
  readonly ttlMs: number;
  /** Session id of the lock (names the engine's instance, for diagnostics). */
  readonly sessionId: string;
  /** Called once when a renewal fails: the lease may now belong to another instance. */
  readonly onLost: (error: unknown) => void;
}

/** Lock resource of one partition of a processor. */
export function partitionLeaseResource(processorName: string, partition: number): string {
  return `processor:${processorName}:${partition}`;
}

/**
 * A held partition lease, renewed every third of its ttl. When a renewal fails, `signal`
 * aborts (reason: a `LockNotHeldError`) and `onLost` is called; the worker then finishes or
 * abandons its batch and goes back to standby.
 */
export class PartitionLease {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private renewing = false;

  private constructor(
    private readonly lock: Lock,
    private readonly options: PartitionLeaseOptions,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(1, Math.floor(options.ttlMs / 3)));
  }

  /** Takes the lease if it is free; `null` when another instance holds it. */
  static async tryAcquire(options: PartitionLeaseOptions): Promise<PartitionLease | null> {
    const lock = await options.locks.tryAcquire(options.resource, {
      ttlMs: options.ttlMs,
      sessionId: options.sessionId,
    });
    return lock && new PartitionLease(lock, options);
  }

  /** Aborted once the lease is lost (or released). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the lease is still believed held. */
  get held(): boolean {
    return !this.controller.signal.aborted;
  }

  /** Throws the abort reason when the lease was lost: call before committing a batch. */
  assertHeld(): void {
    this.controller.signal.throwIfAborted();
  }

  /** Stops renewing and gives the lease up (best effort: it expires anyway). */
  async release(): Promise<void> {
    clearInterval(this.timer);
    this.abort();
    await this.lock.release().catch(() => false);
  }

  private async renew(): Promise<void> {
    if (!this.held || this.renewing) return;
    this.renewing = true;
    try {
      await this.lock.extend(this.options.ttlMs);
    } catch (error) {
      if (!this.held) return;
      clearInterval(this.timer);
      this.abort();
      // Free it if a transient error hid that it is still ours, so it can be taken again.
      await this.lock.release().catch(() => false);
      this.options.onLost(error);
    } finally {
      this.renewing = false;
    }
  }

  private abort(): void {
    this.controller.abort(new LockNotHeldError(this.lock.resource, this.lock.token));
  }
}
