import type { LoggerService } from '@nestjs/common';
import type { ReadModelStore } from '@cqrs-ddd/core';

/**
 * Collections to drop after a delay (old generations of a read model, which queries and other
 * instances may still read for a moment after a switch). Failures are logged, not thrown.
 */
export class DelayedCollectionDrops {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: ReadModelStore,
    private readonly delayMs: number,
    private readonly logger: LoggerService,
  ) {}

  /** Drops `collection` once the delay has passed. */
  schedule(collection: string): void {
    clearTimeout(this.pending.get(collection));
    const timer = setTimeout(() => {
      this.pending.delete(collection);
      void this.drop(collection);
    }, this.delayMs);
    this.pending.set(collection, timer);
  }

  /** Drops every pending collection now (on shutdown, so none is left behind). */
  async flush(): Promise<void> {
    const collections = [...this.pending];
    this.pending.clear();
    await Promise.all(
      collections.map(([collection, timer]) => (clearTimeout(timer), this.drop(collection))),
    );
  }

  private async drop(collection: string): Promise<void> {
    try {
      await this.store.dropCollection(collection);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Dropping the old read-model collection ${collection} failed: ${reason}`);
    }
  }
}
