import { LockNotHeldError } from '../errors/lock-not-held.error.js';
import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';

/** How to acquire a lock. */
export interface LockOptions {
  /** How long the lock lives unless extended or released, in ms (positive integer). */
  readonly ttlMs: number;
  /**
   * How long `acquire` waits for another owner to let go before failing with
   * `LockTimeoutError`, in ms. `tryAcquire` ignores it.
   * @default 0 (one attempt)
   */
  readonly waitMs?: number;
  /**
   * Owner identity. Acquisitions with the same session id while the lock is held re-enter it
   * (same token, hold count + 1, expiry raised to at least now + `ttlMs`) instead of blocking;
   * each hold needs its own `release()`.
   * @default a fresh random id per acquisition (not re-entrant)
   */
  readonly sessionId?: string;
}

/** A held lock, as seen by one acquisition (each `acquire` returns its own handle). */
export interface Lock {
  readonly resource: string;
  /**
   * Fencing token: strictly increases with every new owner of `resource` (re-entrant
   * acquisitions share it). Pass it to the guarded system so it can reject writes from an
   * owner whose lock expired meanwhile (a stale, lower token).
   */
  readonly token: number;
  readonly sessionId: string;
  /** When the lock expires, as last set through this handle. */
  readonly expiresAt: Date;
  /**
   * Sets the expiry to now + `ttlMs` (it does not add to the remaining time).
   * @throws LockNotHeldError when this handle no longer holds the lock.
   */
  extend(ttlMs: number): Promise<void>;
  /**
   * Gives up this handle's hold; the lock frees when the last hold of its session is released.
   * Resolves `false` and changes nothing when the handle no longer holds the lock (already
   * released, expired, or now owned by someone else), so it is safe in `finally` blocks.
   */
  release(): Promise<boolean>;
}

/** Stops a keep-alive started by {@link LockStrategy.keepAlive}. */
export type StopKeepAlive = () => void;

/**
 * Distributed mutual exclusion with expiry (leases), re-entrancy by session and fencing
 * tokens. A lock is a lease: an owner that stalls past `ttlMs` loses it, so guarded writes
 * should carry the fencing token.
 */
export abstract class LockStrategy {
  /** Takes the lock if it is free (or re-enters it for the same session); never waits. */
  abstract tryAcquire(resource: string, options: LockOptions): Promise<Lock | null>;

  /**
   * Takes the lock, waiting up to `options.waitMs` for it to be released or to expire.
   * @throws LockTimeoutError when it is still held by another owner after `waitMs`.
   */
  abstract acquire(resource: string, options: LockOptions): Promise<Lock>;

  /**
   * Runs `fn` while holding the lock and releases it afterwards, whether `fn` succeeds or
   * throws. `signal` aborts (with a `LockNotHeldError` reason) if a keep-alive notices the lock
   * was lost; `fn` should stop its work then.
   * @throws LockTimeoutError when the lock cannot be acquired within `waitMs` (`fn` not called).
   */
  async runExclusive<T>(
    resource: string,
    fn: (lock: Lock, signal: AbortSignal) => Promise<T> | T,
    options: LockOptions,
  ): Promise<T> {
    const lock = await this.acquire(resource, options);
    const controller = new AbortController();
    const stop = this.keepAlive(lock, options, () =>
      controller.abort(new LockNotHeldError(lock.resource, lock.token)),
    );
    let result: T;
    try {
      result = await fn(lock, controller.signal);
    } catch (error) {
      stop?.();
      // The lock expires on its own; a failed release must not hide fn's error.
      await lock.release().catch(() => false);
      throw error;
    }
    stop?.();
    await lock.release();
    return result;
  }

  /**
   * Hook for adapters: called by {@link runExclusive} once the lock is held, to keep it alive
   * while `fn` runs (e.g. extend it every ttlMs / 3) and to call `onLost` when an extension
   * fails. Returns a function that stops the keep-alive. The default keeps nothing alive: the
   * lock lives for `ttlMs`.
   */
  protected keepAlive(
    _lock: Lock,
    _options: LockOptions,
    _onLost: () => void,
  ): StopKeepAlive | undefined {
    return undefined;
  }

  /**
   * Validates a resource name and options as every adapter must.
   * @throws ValidationError listing every invalid field.
   */
  protected assertValidRequest(resource: string, options: LockOptions): void {
    const issues: ValidationIssue[] = [];
    if (typeof resource !== 'string' || resource.length === 0) {
      issues.push({ path: 'resource', message: 'must be a non-empty string', rule: 'isNotEmpty' });
    }
    issues.push(...LockStrategy.ttlIssues(options?.ttlMs));
    const { waitMs, sessionId } = options ?? {};
    if (waitMs !== undefined && !(Number.isFinite(waitMs) && waitMs >= 0)) {
      issues.push({ path: 'waitMs', message: 'must be a finite number >= 0', rule: 'min' });
    }
    if (sessionId !== undefined && (typeof sessionId !== 'string' || sessionId.length === 0)) {
      issues.push({ path: 'sessionId', message: 'must be a non-empty string', rule: 'isNotEmpty' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
  }

  /**
   * Validates a `ttlMs` given to `Lock.extend`.
   * @throws ValidationError when it is not a positive integer.
   */
  protected assertValidTtl(ttlMs: number): void {
    const issues = LockStrategy.ttlIssues(ttlMs);
    if (issues.length > 0) throw new ValidationError(issues);
  }

  private static ttlIssues(ttlMs: unknown): ValidationIssue[] {
    return Number.isSafeInteger(ttlMs) && (ttlMs as number) > 0
      ? []
      : [
          {
            path: 'ttlMs',
            message: 'must be a positive integer (milliseconds)',
            rule: 'isPositive',
          },
        ];
  }
}
