import type { Lock } from '../ports/lock-strategy.port.js';

/** What a {@link HeldLock} asks of the strategy that issued it. */
export interface HeldLockOperations {
  extend(lock: HeldLock, ttlMs: number): Promise<void>;
  release(lock: HeldLock): Promise<boolean>;
}

/**
 * The handle a `LockStrategy` adapter returns for one acquisition: identity, fencing token and
 * expiry, with `extend`/`release` delegated to the strategy. `released` is the adapter's own
 * bookkeeping (a released handle no longer holds the lock).
 */
export class HeldLock implements Lock {
  /** Set by the strategy once this handle released its hold. */
  released = false;

  constructor(
    private readonly operations: HeldLockOperations,
    readonly resource: string,
    readonly token: number,
    readonly sessionId: string,
    /** Updated by the strategy when the handle extends the lock. */
    public expiresAt: Date,
  ) {}

  extend(ttlMs: number): Promise<void> {
    return this.operations.extend(this, ttlMs);
  }

  release(): Promise<boolean> {
    return this.operations.release(this);
  }
}
