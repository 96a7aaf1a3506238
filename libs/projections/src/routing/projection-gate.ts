import { UnitOfWork } from '@cqrs-ddd/core';

/**
 * The unit of work of one projection's processors on one storage target, with a gate in front.
 * Every batch of the projection (with its checkpoint save) and every parked-event retry goes
 * through {@link run}, every inline apply through {@link enterInline}. {@link exclusive} closes
 * the gate, waits until the batches and inline applies in progress have finished (their
 * checkpoints saved), runs its work while no batch of the projection can start in this
 * instance, then reopens. One-tenant rebuilds use it to work against a frozen checkpoint.
 *
 * Batches waiting at a closed gate keep their partition leases and hold no transaction: the
 * inner unit of work starts only once they pass.
 */
export class ProjectionGate extends UnitOfWork {
  private closed?: Promise<void>;
  private active = 0;
  private readonly drainListeners: (() => void)[] = [];

  constructor(
    /** The transaction of a batch and its checkpoint (PostgreSQL store); none for the others. */
    readonly inner?: UnitOfWork,
  ) {
    super();
  }

  /** Whether exclusive work holds the gate now. */
  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /** Runs `work` in the inner unit of work (or as is), once the gate is open. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.active += 1;
    try {
      return await (this.inner ? this.inner.run(work) : work());
    } finally {
      this.leave();
    }
  }

  /** Whether the caller runs inside the inner unit of work. */
  isActive(): boolean {
    return this.inner?.isActive() ?? false;
  }

  /**
   * Enters for an inline apply: returns the function to call once it is done, or `undefined`
   * while the gate is closed (the inline apply is then skipped: the processor applies those
   * events once the gate reopens).
   */
  enterInline(): (() => void) | undefined {
    if (this.closed) return undefined;
    this.active += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.leave();
    };
  }

  /**
   * Closes the gate (after any other exclusive work), waits for the work in progress, runs
   * `work`, and reopens whatever `work` does.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    let reopen: () => void = () => undefined;
    this.closed = new Promise<void>((resolve) => (reopen = resolve));
    try {
      await this.drained();
      return await work();
    } finally {
      this.closed = undefined;
      reopen();
    }
  }

  private drained(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainListeners.push(resolve));
  }

  private leave(): void {
    this.active -= 1;
    if (this.active === 0) for (const listener of this.drainListeners.splice(0)) listener();
  }
}
