import {
  type Clock,
  HeldLock,
  type HeldLockOperations,
  LockNotHeldError,
  ResourceWaiters,
} from '@cqrs-ddd/core';
import { lockKeys } from './lock-keys.js';
import type { RedisLockClient } from './lua-script.js';
import { EXTEND_SCRIPT, RELEASE_SCRIPT } from './redis-lock.scripts.js';

/** What {@link RedisLockHandles} needs from the strategy that owns it. */
export interface RedisLockHandlesSettings {
  readonly client: RedisLockClient;
  readonly keyPrefix: string;
  readonly clock: Clock;
  /** The strategy's ttl validation (`LockStrategy.assertValidTtl`). */
  readonly assertValidTtl: (ttlMs: number) => void;
}

/**
 * Lock handles of the single-server strategies (plain and fair: the same lock hash), with
 * their compare-and-extend and compare-and-delete, and the waiters a release wakes.
 */
export class RedisLockHandles {
  /** Local waiters of this strategy, woken when one of its handles frees a lock. */
  readonly waiters = new ResourceWaiters();
  private readonly operations: HeldLockOperations = {
    extend: (lock, ttlMs) => this.extend(lock, ttlMs),
    release: (lock) => this.release(lock),
  };

  constructor(private readonly settings: RedisLockHandlesSettings) {}

  /** A handle of a lock granted with `remainingMs` to live, as of `grantedAt` (ms). */
  create(
    resource: string,
    token: number,
    sessionId: string,
    grantedAt: number,
    remainingMs: number,
  ): HeldLock {
    return new HeldLock(
      this.operations,
      resource,
      token,
      sessionId,
      new Date(grantedAt + remainingMs),
    );
  }

  private async extend(lock: HeldLock, ttlMs: number): Promise<void> {
    this.settings.assertValidTtl(ttlMs);
    const sent = this.settings.clock.now().getTime();
    const extended =
      !lock.released &&
      (await EXTEND_SCRIPT.run(this.settings.client, [this.key(lock)], [lock.token, ttlMs])) === 1;
    if (!extended) throw new LockNotHeldError(lock.resource, lock.token);
    lock.expiresAt = new Date(sent + ttlMs);
  }

  private async release(lock: HeldLock): Promise<boolean> {
    if (lock.released) return false;
    lock.released = true;
    const holds = (await RELEASE_SCRIPT.run(
      this.settings.client,
      [this.key(lock)],
      [lock.token],
    )) as number;
    if (holds === 0) this.waiters.wake(lock.resource);
    return holds >= 0;
  }

  private key(lock: HeldLock): string {
    return lockKeys(this.settings.keyPrefix, lock.resource).lock;
  }
}
