import {
  InMemoryReadModelStore,
  logPosition,
  type LogPosition,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type {
  FoundReadModel,
  ReadModelBatchWrite,
  ReadModelKey,
} from '../../read-store/read-model-batch.store.js';
import { ORDER_SUMMARY_COLLECTION, type OrderSummary } from './order-summary.js';
import { orderSummaryProjection } from './order-summary.projection.js';

/** The events of one `OrderSummary` document (tenant and order) in a batch, in log order. */
export interface OrderSummaryEvents extends ReadModelKey {
  readonly events: readonly StoredEvent[];
}

/** Where the stored documents are seeded in the scratch store: before any event. */
const SEED_POSITION = logPosition(0, 0);

/**
 * Folds each document's events of a batch into its stored summary, in memory, with the very
 * handlers of `orderSummaryProjection` (run against a scratch in-memory store), and returns
 * one write per changed document, at the position of its last event applied.
 *
 * Events the stored summary already reflects (stream version not above its `version`: a
 * replayed or redelivered batch) are skipped, so nothing is counted twice; the store's
 * position guard on the write then keeps a slower instance from moving a document back.
 */
export async function foldOrderSummaries(
  documents: readonly OrderSummaryEvents[],
  stored: readonly FoundReadModel<OrderSummary>[],
): Promise<ReadModelBatchWrite<OrderSummary>[]> {
  const found = new Map(stored.map((entry) => [keyOf(entry), entry.document]));
  const scratch = new InMemoryReadModelStore();
  const writes: ReadModelBatchWrite<OrderSummary>[] = [];
  for (const { tenantId, id, events } of documents) {
    const collection = scratch.collection<OrderSummary>(ORDER_SUMMARY_COLLECTION, { tenantId });
    const base = found.get(keyOf({ tenantId, id }));
    if (base) await collection.upsert(base, { position: SEED_POSITION });
    let last: LogPosition | undefined;
    for (const event of events) {
      const handler = orderSummaryProjection[event.type];
      if (!handler || (base && event.streamVersion <= base.version)) continue;
      await handler(event, { collection, at: { position: event.position } });
      last = event.position;
    }
    const document = last && (await collection.get(id));
    if (last && document) writes.push({ tenantId, id, document, position: last });
  }
  return writes;
}

/**
 * Whether folding `document` needs its stored summary: not when its batch starts with the
 * order's creation, as the fold then rebuilds the whole summary (and the position guard of
 * the write still ignores it if the stored one is newer). Saves the read for new orders.
 */
export function needsStoredSummary({ events }: OrderSummaryEvents): boolean {
  return events[0]?.type !== 'order.created';
}

function keyOf({ tenantId, id }: ReadModelKey): string {
  return JSON.stringify([tenantId, id]);
}
