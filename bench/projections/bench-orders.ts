/**
 * The log the projection benchmarks read: orders of one `order.created` followed by
 * {@link ITEMS_PER_ORDER} `order.item-added`, **interleaved** — event r of every order, then
 * event r + 1 of every order — as when many orders are being filled at once. So every batch of
 * `n` events touches `n` different documents: the worst case for batching a projection's reads
 * and writes (adjacent events of one order would fold into one write).
 *
 * Two ways to fill it: {@link appendOrders} through `PostgresEventStore.appendToStreams`, and
 * {@link insertOrders}, one `INSERT ... SELECT generate_series` per round straight into the event
 * store's tables (same rows, same JSON), for the million-event log.
 */
import type { EventMetadata, EventStore, NewEvent } from '@cqrs-ddd/core';
import type pg from 'pg';
import { ITEM_ADDED, ORDER_CREATED } from './order-summary.projection.js';

/** Items added to every order after its creation. */
export const ITEMS_PER_ORDER = 9;
/** Events of one order. */
export const EVENTS_PER_ORDER = ITEMS_PER_ORDER + 1;
/** Tenant of every event. */
export const TENANT_ID = 'tenant-1';
/** Stream type of the orders. */
const STREAM_TYPE = 'Order';
const METADATA: EventMetadata = {
  tenantId: TENANT_ID,
  correlationId: '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f60',
  actor: 'user-1',
};
const CUSTOMERS = 1_000;
const UNIT_PRICE = 9.99;

/** Stream id of order `n` (from 1). */
export function orderStreamId(n: number): string {
  return `order-${String(n).padStart(7, '0')}`;
}

/** Event `version` (1: created, then items) of order `n`. */
function orderEvent(n: number, version: number): NewEvent {
  const data =
    version === 1
      ? { customerId: `customer-${n % CUSTOMERS}` }
      : { productId: `sku-${version}`, quantity: 1 + (n % 3), unitPrice: UNIT_PRICE };
  return { type: version === 1 ? ORDER_CREATED : ITEM_ADDED, version: 1, data, metadata: METADATA };
}

/**
 * Appends `orders` orders, interleaved, with `appendToStreams` calls of `perCall` streams (one
 * event each, with its expected version). Resolves to the events appended.
 */
export async function appendOrders(
  store: EventStore,
  orders: number,
  perCall = 1_000,
): Promise<number> {
  for (let version = 1; version <= EVENTS_PER_ORDER; version++) {
    for (let first = 1; first <= orders; first += perCall) {
      const last = Math.min(orders, first + perCall - 1);
      await store.appendToStreams(
        Array.from({ length: last - first + 1 }, (_, i) => ({
          streamId: orderStreamId(first + i),
          streamType: STREAM_TYPE,
          expectedVersion: version - 1,
          events: [orderEvent(first + i, version)],
        })),
      );
    }
  }
  return orders * EVENTS_PER_ORDER;
}

/**
 * Writes the same log as {@link appendOrders} directly into a freshly migrated event store
 * (default table names): the streams, then one transaction per round of `orders` events.
 * Resolves to the events inserted.
 */
export async function insertOrders(pool: pg.Pool, orders: number): Promise<number> {
  const id = `'order-' || lpad(o::text, 7, '0')`;
  await pool.query(
    `INSERT INTO cqrs_streams (id, type, tenant_id, version)
     SELECT ${id}, $1, $2, $3 FROM generate_series(1, $4::int) AS o`,
    [STREAM_TYPE, TENANT_ID, EVENTS_PER_ORDER, orders],
  );
  for (let version = 1; version <= EVENTS_PER_ORDER; version++) {
    const created = version === 1;
    const data = created
      ? `jsonb_build_object('customerId', 'customer-' || (o % ${CUSTOMERS}))`
      : `jsonb_build_object('productId', 'sku-${version}', 'quantity', 1 + o % 3, 'unitPrice', ${UNIT_PRICE})`;
    await pool.query(
      `INSERT INTO cqrs_messages (stream_id, stream_type, stream_version, event_id, type,
         schema_version, data, metadata, tenant_id, occurred_at)
       SELECT ${id}, $1, $2, gen_random_uuid(), $3, 1, ${data}, $4::jsonb, $5, now()
       FROM generate_series(1, $6::int) AS o ORDER BY o`,
      [
        STREAM_TYPE,
        version,
        created ? ORDER_CREATED : ITEM_ADDED,
        JSON.stringify(METADATA),
        TENANT_ID,
        orders,
      ],
    );
  }
  return orders * EVENTS_PER_ORDER;
}
