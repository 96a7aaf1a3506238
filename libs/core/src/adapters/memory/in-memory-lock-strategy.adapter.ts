import { ResourceWaiters } from '../resource-waiters.js';
import { HeldLock, type HeldLockOperations } from '../held-lock.js';
import { randomUUID } from 'node:crypto';
import { LockNotHeldError } from '../../errors/lock-not-held.error.js';
import { LockTimeoutError } from '../../errors/lock-timeout.error.js';
import { Clock } from '../../ports/clock.port.js';
import { type Lock, type LockOptions, LockStrategy } from '../../ports/lock-strategy.port.js';
import { SystemClock } from '../system-clock.adapter.js';

/** Options of {@link InMemoryLockStrategy}. */
export interface InMemoryLockStrategyOptions {
  /** Time source for expiries and wait deadlines. @default new SystemClock() */
  readonly clock?: Clock;
  /**
   * Longest real-time pause between re-checks while `acquire` waits. Releases wake waiters at
   * once; re-checks only notice expiries and deadlines, which matters with a fake clock.
   * @default 10
   */
  readonly pollIntervalMs?: number;
}

/** Current owner of a resource. */
interface Holder {
  readonly token: number;
  readonly sessionId: string;
  expiresAt: number;
  holds: number;
}

/**
 * {@link LockStrategy} for a single process (tests, embedded mode). Fencing tokens come from
 * one counter shared by all resources, so they strictly increase per resource too.
 */
export class InMemoryLockStrategy extends LockStrategy {
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly holders = new Map<string, Holder>();
  private readonly waiters = new ResourceWaiters();
  private lastToken = 0;
  private readonly operations: HeldLockOperations = {
    extend: (lock, ttlMs) => this.extendHold(lock, ttlMs),
    release: (lock) => this.releaseHold(lock),
  };

  constructor(options: InMemoryLockStrategyOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
    this.pollIntervalMs = options.pollIntervalMs ?? 10;
  }

  async tryAcquire(resource: string, options: LockOptions): Promise<Lock | null> {
    this.assertValidRequest(resource, options);
    return this.take(resource, options.ttlMs, options.sessionId ?? randomUUID());
  }

  async acquire(resource: string, options: LockOptions): Promise<Lock> {
    this.assertValidRequest(resource, options);
    const waitMs = options.waitMs ?? 0;
    const sessionId = options.sessionId ?? randomUUID();
    const deadline = this.now() + waitMs;
    for (;;) {
      const lock = this.take(resource, options.ttlMs, sessionId);
      if (lock) return lock;
      const now = this.now();
      if (now >= deadline) throw new LockTimeoutError(resource, waitMs);
      const holderExpiresIn = (this.holders.get(resource)?.expiresAt ?? now) - now;
      await this.waiters.wait(
        resource,
        Math.min(deadline - now, holderExpiresIn, this.pollIntervalMs),
      );
    }
  }

  private async extendHold(lock: HeldLock, ttlMs: number): Promise<void> {
    this.assertValidTtl(ttlMs);
    const holder = this.currentHolder(lock);
    if (!holder) throw new LockNotHeldError(lock.resource, lock.token);
    holder.expiresAt = this.now() + ttlMs;
    lock.expiresAt = new Date(holder.expiresAt);
  }

  private async releaseHold(lock: HeldLock): Promise<boolean> {
    const holder = this.currentHolder(lock);
    lock.released = true;
    if (!holder) return false;
    holder.holds -= 1;
    if (holder.holds === 0) {
      this.holders.delete(lock.resource);
      this.waiters.wake(lock.resource);
    }
    return true;
  }

  private take(resource: string, ttlMs: number, sessionId: string): Lock | null {
    const now = this.now();
    const holder = this.liveHolder(resource, now);
    if (holder && holder.sessionId !== sessionId) return null;
    if (holder) {
      holder.holds += 1;
      holder.expiresAt = Math.max(holder.expiresAt, now + ttlMs);
      return this.handle(resource, holder);
    }
    this.lastToken += 1;
    const taken: Holder = { token: this.lastToken, sessionId, expiresAt: now + ttlMs, holds: 1 };
    this.holders.set(resource, taken);
    return this.handle(resource, taken);
  }

  private handle(resource: string, holder: Holder): HeldLock {
    return new HeldLock(
      this.operations,
      resource,
      holder.token,
      holder.sessionId,
      new Date(holder.expiresAt),
    );
  }

  private liveHolder(resource: string, now: number): Holder | undefined {
    const holder = this.holders.get(resource);
    if (holder && holder.expiresAt <= now) {
      this.holders.delete(resource);
      return undefined;
    }
    return holder;
  }

  private currentHolder(lock: HeldLock): Holder | undefined {
    if (lock.released) return undefined;
    const holder = this.liveHolder(lock.resource, this.now());
    return holder?.token === lock.token ? holder : undefined;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
