import { randomUUID } from 'node:crypto';
import {
  type Clock,
  extendPeriodically,
  HeldLock,
  type HeldLockOperations,
  type Lock,
  LockNotHeldError,
  type LockOptions,
  LockStrategy,
  ResourceWaiters,
  type StopKeepAlive,
  SystemClock,
  ValidationError,
  type ValidationIssue,
  waitForLock,
} from '@cqrs-ddd/core';
import { DEFAULT_LOCK_KEY_PREFIX, lockKeys } from './lock-keys.js';
import { isMillis } from './lock-options.validation.js';
import type { RedisLockClient } from './lua-script.js';
import { NO_REPLY, type NodeReply, RedlockNodes } from './redlock-nodes.js';
import {
  REDLOCK_EXTEND_SCRIPT,
  REDLOCK_FENCE_SCRIPT,
  REDLOCK_LOCK_SCRIPT,
  REDLOCK_RELEASE_SCRIPT,
} from './redlock.scripts.js';

/** Options of {@link RedlockStrategy}. */
export interface RedlockStrategyOptions {
  /** Prefix of the lock's keys on every node. @default 'lock:' */
  readonly keyPrefix?: string;
  /** Time source of validity, wait deadlines and reported expiries. @default new SystemClock() */
  readonly clock?: Clock;
  /**
   * Clock drift allowed between the nodes, as a fraction of the ttl: a lock counts as held
   * until `ttlMs * driftFactor + 2` ms before the majority's keys expire.
   * @default 0.01
   */
  readonly driftFactor?: number;
  /** Longest time one node may take to answer one call before it counts as refusing, in ms. @default 200 */
  readonly nodeTimeoutMs?: number;
  /** Longest pause between attempts while `acquire` waits (pauses start at 5 ms and double). @default 100 */
  readonly retryDelayMs?: number;
  /** Random extra pause (0 up to this) per retry, so contenders that split the votes part. @default 20 */
  readonly retryJitterMs?: number;
}

/** Phase-1 reply of a node that granted the lock. */
type Granted = readonly [reentered: 0 | 1, counterOrToken: number, holds: number, pttl: number];

/**
 * {@link LockStrategy} over N independent Redis servers (the Redlock algorithm): a lock is held
 * when a majority (N/2 + 1) granted it, for `ttlMs - elapsed - drift`; partial acquisitions
 * are undone on every node. Fencing tokens strictly increase across owners: a new owner's token
 * is 1 + the highest counter of the nodes it locked, and it raises each of them to that token
 * before the lock counts as held, so any two majorities share a node that already saw the
 * previous owner's token. Re-entrant by session; `runExclusive` extends every `ttlMs / 3`.
 * Tolerates a minority of nodes being down or slow (`nodeTimeoutMs`).
 */
export class RedlockStrategy extends LockStrategy {
  private readonly nodes: RedlockNodes;
  private readonly keyPrefix: string;
  private readonly clock: Clock;
  private readonly driftFactor: number;
  private readonly retryDelayMs: number;
  private readonly retryJitterMs: number;
  private readonly waiters = new ResourceWaiters();
  private readonly operations: HeldLockOperations = {
    extend: (lock, ttlMs) => this.extendLock(lock, ttlMs),
    release: (lock) => this.releaseLock(lock),
  };

  constructor(clients: readonly RedisLockClient[], options: RedlockStrategyOptions = {}) {
    super();
    this.keyPrefix = options.keyPrefix ?? DEFAULT_LOCK_KEY_PREFIX;
    this.clock = options.clock ?? new SystemClock();
    this.driftFactor = options.driftFactor ?? 0.01;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.retryJitterMs = options.retryJitterMs ?? 20;
    const nodeTimeoutMs = options.nodeTimeoutMs ?? 200;
    const issues: ValidationIssue[] = [];
    if (!Array.isArray(clients) || clients.length === 0) {
      issues.push({ path: 'clients', message: 'must list at least one client', rule: 'minLength' });
    }
    if (!(isMillis(this.driftFactor, 0) && this.driftFactor < 1)) {
      issues.push({ path: 'driftFactor', message: 'must be in [0, 1)', rule: 'range' });
    }
    for (const [path, value] of Object.entries({
      nodeTimeoutMs,
      retryDelayMs: this.retryDelayMs,
    })) {
      if (!isMillis(value, 1)) issues.push({ path, message: 'must be a number >= 1', rule: 'min' });
    }
    if (!isMillis(this.retryJitterMs, 0)) {
      issues.push({ path: 'retryJitterMs', message: 'must be a number >= 0', rule: 'min' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    this.nodes = new RedlockNodes(clients, nodeTimeoutMs);
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
      waiters: this.waiters,
      maxPollIntervalMs: this.retryDelayMs,
      jitterMs: this.retryJitterMs,
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
    const started = this.now();
    const replies = await this.nodes.each<Granted | null>((client) =>
      REDLOCK_LOCK_SCRIPT.run(client, [keys.lock, keys.fence], [sessionId, ttlMs]),
    );
    const granted = replies.flatMap((reply, index) =>
      reply !== NO_REPLY && reply !== null ? [{ index, reply }] : [],
    );
    const token =
      granted.length >= this.nodes.quorum ? await this.fence(keys, sessionId, granted) : 0;
    const remaining = granted.map(({ reply }) => reply[3]).sort((a, b) => b - a);
    const validUntil = started + (remaining[this.nodes.quorum - 1] ?? 0) - this.drift(ttlMs);
    if (token === 0 || validUntil <= this.now()) {
      await this.nodes.each((client) =>
        REDLOCK_RELEASE_SCRIPT.run(client, [keys.lock], [sessionId, '']),
      );
      return null;
    }
    return new HeldLock(this.operations, resource, token, sessionId, new Date(validUntil));
  }

  /**
   * Chooses the token of a quorum-wide grant and stamps it on the granting nodes: the session's
   * existing token when every node re-entered the same lock, else 1 + the highest counter or
   * token seen. Resolves 0 when fewer than a quorum took the stamp.
   */
  private async fence(
    keys: { lock: string; fence: string },
    sessionId: string,
    granted: readonly { index: number; reply: Granted }[],
  ): Promise<number> {
    const [first] = granted;
    const sameLock = granted.every(
      ({ reply }) => reply[0] === 1 && reply[1] > 0 && reply[1] === first!.reply[1],
    );
    if (sameLock) return first!.reply[1];
    const token = 1 + Math.max(...granted.map(({ reply }) => reply[1]));
    const holds = Math.max(...granted.map(({ reply }) => reply[2]));
    const stamped = await this.nodes.each<number>(
      (client) =>
        REDLOCK_FENCE_SCRIPT.run(client, [keys.lock, keys.fence], [sessionId, token, holds]),
      granted.map(({ index }) => index),
    );
    return stamped.filter((reply) => reply === 1).length >= this.nodes.quorum ? token : 0;
  }

  private async extendLock(lock: HeldLock, ttlMs: number): Promise<void> {
    this.assertValidTtl(ttlMs);
    const started = this.now();
    const { lock: key } = lockKeys(this.keyPrefix, lock.resource);
    const replies = lock.released
      ? []
      : await this.nodes.each<number>((client) =>
          REDLOCK_EXTEND_SCRIPT.run(client, [key], [lock.sessionId, lock.token, ttlMs]),
        );
    const validUntil = started + ttlMs - this.drift(ttlMs);
    if (countOf(replies, 1) < this.nodes.quorum || validUntil <= this.now()) {
      throw new LockNotHeldError(lock.resource, lock.token);
    }
    lock.expiresAt = new Date(validUntil);
  }

  private async releaseLock(lock: HeldLock): Promise<boolean> {
    if (lock.released) return false;
    lock.released = true;
    const { lock: key } = lockKeys(this.keyPrefix, lock.resource);
    const replies = await this.nodes.each<number>((client) =>
      REDLOCK_RELEASE_SCRIPT.run(client, [key], [lock.sessionId, lock.token]),
    );
    if (countOf(replies, 0) > 0) this.waiters.wake(lock.resource);
    return replies.filter((reply) => reply !== NO_REPLY && reply >= 0).length >= this.nodes.quorum;
  }

  private drift(ttlMs: number): number {
    return Math.floor(ttlMs * this.driftFactor) + 2;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function countOf(replies: readonly NodeReply<number>[], value: number): number {
  return replies.filter((reply) => reply === value).length;
}
