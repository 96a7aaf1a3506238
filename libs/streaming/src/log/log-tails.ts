import type { EventStore } from '@cqrs-ddd/core';
import type { Logger } from '@nestjs/common';
import { LogTail, type LogTailOptions } from './log-tail.js';

/** The log a tenant's events are in: its storage target's key and event store. */
export interface TenantLog {
  /** Identity of the log (storage target key), shared by the tenants on it. */
  readonly key: string;
  readonly store: EventStore;
}

/** A tail lent to one subscription, with the store to catch up from. */
export interface LeasedTail {
  readonly tail: LogTail;
  readonly store: EventStore;
  /** Gives the tail back; the last user stops it. Idempotent. */
  readonly release: () => void;
}

interface Entry {
  readonly tail: LogTail;
  readonly store: EventStore;
  users: number;
}

/**
 * This instance's log tails, one per log (the shared log, and each dedicated tenant schema or
 * database in use), started by the first subscription on that log and stopped with the last.
 */
export class LogTails {
  private readonly tails = new Map<string, Entry>();
  private readonly stopping = new Set<Promise<void>>();

  constructor(
    private readonly logOf: (tenantId: string) => Promise<TenantLog>,
    private readonly options: LogTailOptions,
    private readonly logger: Logger,
  ) {}

  /** The tail of `tenantId`'s log, started when not running yet. */
  async acquire(tenantId: string): Promise<LeasedTail> {
    const { key, store } = await this.logOf(tenantId);
    let entry = this.tails.get(key);
    if (entry === undefined) {
      entry = { tail: new LogTail(store, this.options, this.logger), store, users: 0 };
      this.tails.set(key, entry);
    }
    entry.users += 1;
    let released = false;
    const leased = entry;
    return {
      tail: leased.tail,
      store: leased.store,
      release: () => {
        if (released) return;
        released = true;
        leased.users -= 1;
        if (leased.users === 0 && this.tails.get(key) === leased) {
          this.tails.delete(key);
          this.track(leased.tail.stop());
        }
      },
    };
  }

  /** Number of running tails (for tests and health). */
  get size(): number {
    return this.tails.size;
  }

  /** Stops every tail. */
  async stopAll(): Promise<void> {
    for (const entry of this.tails.values()) this.track(entry.tail.stop());
    this.tails.clear();
    await Promise.all([...this.stopping]);
  }

  private track(stop: Promise<void>): void {
    this.stopping.add(stop);
    void stop.finally(() => this.stopping.delete(stop));
  }
}
