import { AsyncLocalStorage } from 'node:async_hooks';
import { type Clock, SystemClock, UnitOfWork } from '@cqrs-ddd/core';
import { assertValidInboxKey, assertValidPurgeDate, InboxStore } from './inbox-store.port.js';

/** Options of {@link InMemoryInboxStore}. */
export interface InMemoryInboxStoreOptions {
  /** Source of the processing times that `purge` compares. @default new SystemClock() */
  readonly clock?: Clock;
}

/** Records of one enlisted unit, kept apart until the unit ends. */
interface PendingUnit {
  readonly keys: Set<string>;
  /** Settles when the unit has committed or rolled back. */
  readonly ended: Promise<void>;
}

/**
 * {@link InboxStore} in process memory (tests, demos, a single process). Core's
 * `InMemoryUnitOfWork` has no commit or rollback hook, so transactions are emulated through
 * {@link enlist}: records made inside an enlisted unit stay pending — invisible to others, and
 * making a concurrent record of the same id wait, like a row lock — until the unit ends; they
 * are kept when it resolves and dropped when it rejects. Records made outside any enlisted
 * unit are kept at once. Writes of other in-memory adapters are not rolled back with them.
 */
export class InMemoryInboxStore extends InboxStore {
  private readonly processed = new Map<string, Date>();
  private readonly pending = new Map<string, PendingUnit>();
  private readonly units = new AsyncLocalStorage<PendingUnit>();
  private readonly clock: Clock;

  constructor(options: InMemoryInboxStoreOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
  }

  async record(consumer: string, messageId: string): Promise<boolean> {
    assertValidInboxKey(consumer, messageId);
    const key = JSON.stringify([consumer, messageId]);
    const unit = this.units.getStore();
    for (;;) {
      if (this.processed.has(key) || unit?.keys.has(key)) return false;
      const owner = this.pending.get(key);
      if (!owner) break;
      await owner.ended;
    }
    if (unit) {
      unit.keys.add(key);
      this.pending.set(key, unit);
    } else {
      this.processed.set(key, this.clock.now());
    }
    return true;
  }

  async has(consumer: string, messageId: string): Promise<boolean> {
    assertValidInboxKey(consumer, messageId);
    const key = JSON.stringify([consumer, messageId]);
    return this.processed.has(key) || (this.units.getStore()?.keys.has(key) ?? false);
  }

  async purge(olderThan: Date): Promise<number> {
    assertValidPurgeDate(olderThan);
    let deleted = 0;
    for (const [key, processedAt] of this.processed) {
      if (processedAt < olderThan && this.processed.delete(key)) deleted += 1;
    }
    return deleted;
  }

  enlist(unitOfWork: UnitOfWork): UnitOfWork {
    return new EnlistedUnitOfWork(
      unitOfWork,
      (work) => this.runUnit(unitOfWork, work),
      () => this.units.getStore() !== undefined,
    );
  }

  private async runUnit<T>(unitOfWork: UnitOfWork, work: () => Promise<T>): Promise<T> {
    let end!: () => void;
    const unit: PendingUnit = { keys: new Set(), ended: new Promise((resolve) => (end = resolve)) };
    try {
      const result = await this.units.run(unit, () => unitOfWork.run(work));
      for (const key of unit.keys) this.processed.set(key, this.clock.now());
      return result;
    } finally {
      for (const key of unit.keys) this.pending.delete(key);
      end();
    }
  }
}

/** `inner`, with outermost runs going through the store (nested runs join as usual). */
class EnlistedUnitOfWork extends UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly runOutermost: <T>(work: () => Promise<T>) => Promise<T>,
    private readonly inEnlistedUnit: () => boolean,
  ) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.inEnlistedUnit() ? this.inner.run(work) : this.runOutermost(work);
  }

  isActive(): boolean {
    return this.inner.isActive();
  }
}
