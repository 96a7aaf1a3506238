import { randomUUID } from 'node:crypto';
import {
  type Clock,
  extendPeriodically,
  type Lock,
  type LockOptions,
  LockStrategy,
  type StopKeepAlive,
  SystemClock,
  waitForLock,
} from '@cqrs-ddd/core';
import { DEFAULT_LOCK_KEY_PREFIX, lockKeys } from './lock-keys.js';
import { assertPollInterval } from './lock-options.validation.js';
import type { RedisLockClient } from './lua-script.js';
import { RedisLockHandles } from './redis-lock.handles.js';
import { ACQUIRE_SCRIPT } from './redis-lock.scripts.js';

/** Options of {@link RedisLockStrategy}. */
export interface RedisLockStrategyOptions {
  /**
   * Prefix of the lock's keys (after the client's own `keyPrefix`, if any).
   * @default 'lock:'
   */
  readonly keyPrefix?: string;
  /** Time source of wait deadlines and reported expiries (leases expire on the Redis clock). @default new SystemClock() */
  readonly clock?: Clock;
  /**
   * Longest pause between attempts while `acquire` waits for a lock held elsewhere (pauses
   * start at 5 ms and double). Releases through this instance wake its waiters at once.
   * @default 100
   */
  readonly maxPollIntervalMs?: number;
}

/**
 * {@link LockStrategy} on one Redis server (standalone, Sentinel-managed primary, or Cluster:
 * each resource's keys share a hash slot). Taking, extending and releasing are Lua scripts, so
 * each is atomic on the server: acquisition is `SET NX PX` on the lock plus `INCR` of the
 * resource's fencing counter (tokens strictly increase per resource, across owners, releases
 * and expiries), release is compare-and-delete, extension compare-and-`PEXPIRE`. Re-entrant by
 * session (hold count). `runExclusive` extends the lease every `ttlMs / 3` while its function
 * runs. Leases expire on the Redis clock; the fencing counter of a resource is kept forever
 * (one small key per resource ever locked).
 *
 * Safety holds as long as that one server does not lose writes (no failover to a replica that
 * missed them); use {@link RedlockStrategy} over independent servers otherwise, and always
 * pass the fencing token to the guarded store.
 */
export class RedisLockStrategy extends LockStrategy {
  private readonly keyPrefix: string;
  private readonly clock: Clock;
  private readonly maxPollIntervalMs: number;
  private readonly handles: RedisLockHandles;

  constructor(
    private readonly client: RedisLockClient,
    options: RedisLockStrategyOptions = {},
  ) {
    super();
    this.keyPrefix = options.keyPrefix ?? DEFAULT_LOCK_KEY_PREFIX;
    this.clock = options.clock ?? new SystemClock();
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? 100;
    assertPollInterval(this.maxPollIntervalMs);
    this.handles = new RedisLockHandles({
      client,
      keyPrefix: this.keyPrefix,
      clock: this.clock,
      assertValidTtl: (ttlMs) => this.assertValidTtl(ttlMs),
    });
  }

  async tryAcquire(resource: string, options: LockOptions): Promise<Lock | null> {
    this.assertValidRequest(resource, options);
    return this.take(resource, options.ttlMs, options.sessionId ?? randomUUID());
  }

  async acquire(resource: string, options: LockOptions): Promise<Lock> {
    this.assertValidRequest(resource, options);
    const sessionId = options.sessionId ?? randomUUID();
    return waitForLock(() => this.take(resource, options.ttlMs, sessionId), {
      resource,
      waitMs: options.waitMs ?? 0,
      clock: this.clock,
      waiters: this.handles.waiters,
      maxPollIntervalMs: this.maxPollIntervalMs,
    });
  }

  protected override keepAlive(
    lock: Lock,
    options: LockOptions,
    onLost: () => void,
  ): StopKeepAlive {
    return extendPeriodically(lock, options.ttlMs, onLost);
  }

  private async take(resource: string, ttlMs: number, sessionId: string): Promise<Lock | null> {
    const keys = lockKeys(this.keyPrefix, resource);
    const sent = this.now();
    const reply = (await ACQUIRE_SCRIPT.run(
      this.client,
      [keys.lock, keys.fence],
      [sessionId, ttlMs],
    )) as [number, number] | null;
    if (!reply) return null;
    const [token, remainingMs] = reply;
    return this.handles.create(resource, token, sessionId, sent, remainingMs);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
