import { randomUUID } from 'node:crypto';
import { SystemClock } from '../system-clock.adapter.js';
import { IdempotencyKeyReusedError } from '../../errors/idempotency-key-reused.error.js';
import { Clock } from '../../ports/clock.port.js';
import {
  IdempotencyStore,
  type IdempotencyClaim,
  type IdempotencyClaimRequest,
} from '../../ports/idempotency-store.port.js';

interface Entry {
  readonly fingerprint: string;
  readonly token: string;
  readonly completed: boolean;
  readonly result: unknown;
  readonly expiresAt: number;
}

/** Expired entries are swept every this many claims, so abandoned keys do not pile up. */
const SWEEP_EVERY = 1024;

/**
 * {@link IdempotencyStore} for one process (tests, single-instance apps). Results are stored
 * as structured clones, so later mutation of the returned or stored objects cannot leak.
 */
export class InMemoryIdempotencyStore extends IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private claimsSinceSweep = 0;

  /** @param clock time source for expiries. @default new SystemClock() */
  constructor(private readonly clock: Clock = new SystemClock()) {
    super();
  }

  async claim({ key, fingerprint, lockTtlMs }: IdempotencyClaimRequest): Promise<IdempotencyClaim> {
    assertPositive('lockTtlMs', lockTtlMs);
    const now = this.clock.now().getTime();
    this.sweepSometimes(now);
    const entry = this.live(key, now);
    if (!entry) {
      const token = randomUUID();
      this.entries.set(key, {
        fingerprint,
        token,
        completed: false,
        result: undefined,
        expiresAt: now + lockTtlMs,
      });
      return { status: 'claimed', token };
    }
    if (entry.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
    if (!entry.completed) return { status: 'in-progress' };
    return { status: 'completed', result: structuredClone(entry.result) };
  }

  async complete(key: string, token: string, result: unknown, ttlMs: number): Promise<boolean> {
    assertPositive('ttlMs', ttlMs);
    const now = this.clock.now().getTime();
    const entry = this.live(key, now);
    if (!entry || entry.token !== token || entry.completed) return false;
    this.entries.set(key, {
      ...entry,
      completed: true,
      result: structuredClone(result),
      expiresAt: now + ttlMs,
    });
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    const entry = this.live(key, this.clock.now().getTime());
    if (entry && entry.token === token && !entry.completed) this.entries.delete(key);
  }

  /** Number of live (unexpired) records; for tests and diagnostics. */
  size(): number {
    const now = this.clock.now().getTime();
    let count = 0;
    for (const entry of this.entries.values()) if (entry.expiresAt > now) count += 1;
    return count;
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweepSometimes(now: number): void {
    this.claimsSinceSweep += 1;
    if (this.claimsSinceSweep < SWEEP_EVERY) return;
    this.claimsSinceSweep = 0;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive, finite number of milliseconds, got ${value}`);
  }
}
