import {
  currentRequestContext,
  DomainEvent,
  type EventMetadata,
  logPosition,
  type ReadModelDocument,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { ProjectionHandlerContext } from '@cqrs-ddd/core/testing';
import { On } from './on.decorator.js';
import { Projection } from './projection.decorator.js';

export class OrderCreated extends DomainEvent {
  static readonly type = 'order.created';
  constructor(readonly customerId: string) {
    super();
  }
}

export class ItemAdded extends DomainEvent {
  static readonly type = 'order.item-added';
  constructor(
    readonly price: number,
    readonly quantity: number,
  ) {
    super();
  }
}

export class OrderCancelled extends DomainEvent {
  static readonly type = 'order.cancelled';
}

export interface OrderSummary extends ReadModelDocument {
  readonly kind: 'order';
  readonly customerId: string;
  readonly total: number;
  readonly lines: number;
  /** Request context seen by the last handler: proves it was restored from the event. */
  readonly handledAs?: string;
}

export interface CustomerStats extends ReadModelDocument {
  readonly kind: 'customer';
  readonly orders: number;
}

type Doc = OrderSummary | CustomerStats;
type Context = ProjectionHandlerContext<Doc>;

/**
 * Totals are computed from the stored document (read-modify-write), so a handler applied twice
 * would double them: what the idempotency tests rely on. Customer stats live under another id
 * (`customer-<id>`), never prefetched: they exercise load-through.
 */
@Projection({ name: 'order-summary', version: 1 })
export class OrderSummaryProjection {
  @On(OrderCreated)
  async created(event: StoredEvent<{ customerId: string }>, { collection, at }: Context) {
    const { customerId } = event.data;
    const handledAs = `${currentRequestContext()?.tenantId}/${currentRequestContext()?.messageId}`;
    await collection.upsert(
      { id: event.streamId, kind: 'order', customerId, total: 0, lines: 0, handledAs },
      at,
    );
    const statsId = `customer-${customerId}`;
    const stats = (await collection.get(statsId)) as CustomerStats | undefined;
    await collection.upsert(
      { id: statsId, kind: 'customer', orders: (stats?.orders ?? 0) + 1 },
      at,
    );
  }

  @On(ItemAdded)
  async itemAdded(
    event: StoredEvent<{ price: number; quantity: number }>,
    { collection, at }: Context,
  ) {
    const { price, quantity } = event.data;
    if (quantity <= 0) throw new Error(`quantity must be positive, got ${quantity}`);
    // On a replay the document may already be deleted by a later event: nothing to do then.
    const order = (await collection.get(event.streamId)) as OrderSummary | undefined;
    if (!order) return;
    await collection.upsert(
      { ...order, total: order.total + price * quantity, lines: order.lines + 1 },
      at,
    );
  }

  @On(OrderCancelled)
  async cancelled(event: StoredEvent, { collection, at }: Context) {
    await collection.delete(event.streamId, at);
  }
}

/** Builds stored events with positions `(n, n)` from 1, per-stream versions and a tenant. */
export function storedEvents(
  ...events: { type: string; streamId: string; data?: object; metadata?: EventMetadata }[]
): StoredEvent[] {
  const versions = new Map<string, number>();
  return events.map(({ type, streamId, data = {}, metadata = { tenantId: 't1' } }, index) => {
    const streamVersion = (versions.get(`${metadata.tenantId}/${streamId}`) ?? 0) + 1;
    versions.set(`${metadata.tenantId}/${streamId}`, streamVersion);
    const n = index + 1;
    return {
      eventId: `e${n}`,
      type,
      version: 1,
      streamId,
      streamVersion,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      data: data as Record<string, unknown>,
      metadata,
      position: logPosition(n, n),
    };
  });
}
