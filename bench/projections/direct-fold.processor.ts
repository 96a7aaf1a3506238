/**
 * A hand-written batch processor folding the same documents as `OrderSummaryProjection`, on the
 * same engine and stores, without the `@Projection` executor: one `getMany` of the batch's
 * orders, the fold on plain objects, one `writeMany`. Measured next to the projection it splits
 * the gap to the raw baseline into the engine and stores (checkpoint, transaction, store
 * validation) and the executor (handlers on buffered collections, document copies).
 */
import type { ReadModelBatchWrite, StoredEvent } from '@cqrs-ddd/core';
import type {
  BatchableReadModelStore,
  EventProcessor,
  EventProcessorFilter,
} from '@cqrs-ddd/projections';
import { TENANT_ID } from './bench-orders.js';
import { type OrderSummary, orderSummaryAfter } from './order-summary.projection.js';
import { PROJECTION_TYPES } from './raw-baseline.js';

/** The order summary as a plain {@link EventProcessor} writing collection `name`. */
export class DirectFoldProcessor implements EventProcessor {
  readonly filter: EventProcessorFilter = { types: PROJECTION_TYPES };

  constructor(
    readonly name: string,
    private readonly store: BatchableReadModelStore,
  ) {}

  async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    const ids = [...new Set(events.map((event) => event.streamId))];
    const stored = await this.store.getMany<OrderSummary>(
      this.name,
      ids.map((id) => ({ tenantId: TENANT_ID, id })),
    );
    const summaries = new Map(stored.map(({ id, document }) => [id, document ?? undefined]));
    const writes = new Map<string, ReadModelBatchWrite<OrderSummary>>();
    for (const event of events) {
      const next = orderSummaryAfter(summaries.get(event.streamId), event);
      if (!next) continue;
      summaries.set(event.streamId, next);
      writes.set(event.streamId, {
        tenantId: TENANT_ID,
        id: event.streamId,
        document: next,
        position: event.position,
      });
    }
    await this.store.writeMany(this.name, [...writes.values()]);
  }
}
