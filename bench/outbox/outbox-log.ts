/**
 * The events the outbox benchmark relays: order events of a realistic size, with the context
 * metadata applications record (tenant, correlation, causation), appended through
 * `PostgresEventStore` as the backlog of phase A (many events per transaction) or one per
 * transaction by the paced writers of phase B.
 */
import {
  compareLogPositions,
  type EventMetadata,
  type EventStore,
  type LogPosition,
  type NewEvent,
} from '@cqrs-ddd/core';

/** The one stored type the benchmark's publisher selects (also the routing key). */
export const RELAYED_TYPE = 'order.item-added';
/** Stream type of every benchmark stream. */
export const STREAM_TYPE = 'Order';

const METADATA: EventMetadata = {
  tenantId: 'tenant-1',
  correlationId: '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f60',
  causationId: '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f61',
  actor: 'user-1',
};

/** Event `n` of a stream. */
export function orderEvent(n: number): NewEvent {
  return {
    type: RELAYED_TYPE,
    version: 1,
    data: { productId: `sku-${n % 97}`, quantity: 1 + (n % 3), unitPrice: 9.99, note: 'gift' },
    metadata: METADATA,
  };
}

/** Shape of the backlog. */
export interface BacklogShape {
  readonly streams: number;
  readonly eventsPerStream: number;
  /** Events each stream gets per `appendToStreams` transaction (all streams at once). */
  readonly eventsPerStreamPerTransaction: number;
}

/**
 * Appends `streams × eventsPerStream` events, each transaction adding
 * `eventsPerStreamPerTransaction` events to every stream; resolves to the position of the last
 * event appended. (Not `headPosition()`: that is gap-safe, so a transaction still running
 * anywhere in the PostgreSQL cluster can hold it behind the last commits.)
 */
export async function appendBacklog(
  store: EventStore,
  { streams, eventsPerStream, eventsPerStreamPerTransaction: perCall }: BacklogShape,
): Promise<LogPosition> {
  let head: LogPosition | null = null;
  for (let version = 0; version < eventsPerStream; version += perCall) {
    const results = await store.appendToStreams(
      Array.from({ length: streams }, (_, s) => ({
        streamId: `order-backlog-${s}`,
        streamType: STREAM_TYPE,
        expectedVersion: version,
        events: Array.from({ length: perCall }, (_, i) => orderEvent(version + i + 1)),
      })),
    );
    for (const { position } of results) {
      if (compareLogPositions(position, head) > 0) head = position;
    }
  }
  if (!head) throw new Error('the backlog is empty');
  return head;
}
