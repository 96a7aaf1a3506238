import { randomUUID } from 'node:crypto';
import {
  type Clock,
  extendPeriodically,
  type Lock,
  type LockOptions,
  LockStrategy,
  type StopKeepAlive,
  SystemClock,
  ValidationError,
  waitForLock,
} from '@cqrs-ddd/core';
import { DEFAULT_LOCK_KEY_PREFIX, lockKeys } from './lock-keys.js';
import { assertPollInterval, isMillis } from './lock-options.validation.js';
import type { RedisLockClient } from './lua-script.js';
import { FAIR_ACQUIRE_SCRIPT, FAIR_LEAVE_SCRIPT } from './redis-fair-lock.scripts.js';
import { RedisLockHandles } from './redis-lock.handles.js';

/** Options of {@link RedisFairLockStrategy}. */
export interface RedisFairLockStrategyOptions {
  /** Prefix of the lock's keys (after the client's own `keyPrefix`, if any). @default 'lock:' */
  readonly keyPrefix?: string;
  /** Time source of wait deadlines and reported expiries (leases expire on the Redis clock). @default new SystemClock() */
  readonly clock?: Clock;
  /**
   * Longest pause between two polls of a queued waiter (pauses start at 5 ms and double).
   * Releases through this instance wake its waiters at once; others notice within this time.
   * @default 100
   */
  readonly maxPollIntervalMs?: number;
  /**
   * How long a queued waiter keeps its place without polling (each poll renews it). A waiter
   * whose process died leaves the line after this time instead of blocking it; must exceed
   * `maxPollIntervalMs` comfortably (at least twice).
   * @default 2000
   */
  readonly waiterTimeoutMs?: number;
}

/**
 * Fair (FIFO) {@link LockStrategy} on one Redis server: waiters of `acquire` queue in a sorted
 * set by arrival and the lock goes to the first of the line when it frees (or expires). Queued
 * waiters renew their place on every poll; one that stops polling (its process died) is dropped
 * after `waiterTimeoutMs`, so it cannot block the line. `tryAcquire` never queues and does not
 * jump the line: it gets a free lock only when nobody waits. Same lock layout, fencing tokens,
 * re-entrancy and keep-alive as {@link RedisLockStrategy}.
 */
export class RedisFairLockStrategy extends LockStrategy {
  private readonly keyPrefix: string;
  private readonly clock: Clock;
  private readonly maxPollIntervalMs: number;
  private readonly waiterTimeoutMs: number;
  private readonly handles: RedisLockHandles;

  constructor(
    private readonly client: RedisLockClient,
    options: RedisFairLockStrategyOptions = {},
  ) {
    super();
    this.keyPrefix = options.keyPrefix ?? DEFAULT_LOCK_KEY_PREFIX;
    this.clock = options.clock ?? new SystemClock();
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? 100;
    this.waiterTimeoutMs = options.waiterTimeoutMs ?? 2_000;
    assertPollInterval(this.maxPollIntervalMs);
    if (!isWaiterTimeout(this.waiterTimeoutMs, this.maxPollIntervalMs)) {
      throw new ValidationError([
        {
          path: 'waiterTimeoutMs',
          message: 'must be an integer of at least twice maxPollIntervalMs',
          rule: 'min',
        },
      ]);
    }
    this.handles = new RedisLockHandles({
      client,
      keyPrefix: this.keyPrefix,
      clock: this.clock,
      assertValidTtl: (ttlMs) => this.assertValidTtl(ttlMs),
    });
  }

  async tryAcquire(resource: string, options: LockOptions): Promise<Lock | null> {
    this.assertValidRequest(resource, options);
    return this.take(resource, options.ttlMs, options.sessionId ?? randomUUID(), '');
  }

  async acquire(resource: string, options: LockOptions): Promise<Lock> {
    this.assertValidRequest(resource, options);
    const sessionId = options.sessionId ?? randomUUID();
    const ticket = `${sessionId}:${randomUUID()}`;
    const leave = async () => {
      const keys = lockKeys(this.keyPrefix, resource);
      await FAIR_LEAVE_SCRIPT.run(this.client, [keys.queue, keys.alive], [ticket]);
    };
    try {
      return await waitForLock(() => this.take(resource, options.ttlMs, sessionId, ticket), {
        resource,
        waitMs: options.waitMs ?? 0,
        clock: this.clock,
        waiters: this.handles.waiters,
        maxPollIntervalMs: this.maxPollIntervalMs,
      });
    } catch (error) {
      // A waiter that gives up (or whose poll failed) must not hold up the line until its
      // place times out.
      await leave().catch(() => undefined);
      throw error;
    }
  }

  protected override keepAlive(
    lock: Lock,
    options: LockOptions,
    onLost: () => void,
  ): StopKeepAlive {
    return extendPeriodically(lock, options.ttlMs, onLost);
  }

  private async take(
    resource: string,
    ttlMs: number,
    sessionId: string,
    ticket: string,
  ): Promise<Lock | null> {
    const keys = lockKeys(this.keyPrefix, resource);
    const sent = this.clock.now().getTime();
    const reply = (await FAIR_ACQUIRE_SCRIPT.run(
      this.client,
      [keys.lock, keys.fence, keys.queue, keys.alive, keys.arrivals],
      [sessionId, ttlMs, ticket, this.waiterTimeoutMs],
    )) as [number, number] | null;
    if (!reply) return null;
    return this.handles.create(resource, reply[0], sessionId, sent, reply[1]);
  }
}

/** Whether `value` can be a fair lock's `waiterTimeoutMs` next to `maxPollIntervalMs`. */
function isWaiterTimeout(value: unknown, maxPollIntervalMs: number): boolean {
  return isMillis(value, 2 * maxPollIntervalMs) && Number.isSafeInteger(value);
}
