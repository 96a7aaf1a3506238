/** The event shape both contestants write, and the raw baseline's SQL for it. */
import { UuidV7IdGenerator, type NewEvent } from '@cqrs-ddd/core';

const DATA = { orderId: 'ord-000123', sku: 'SKU-42', quantity: 2, unitPrice: 19.99 };
const METADATA = {
  tenantId: 'tenant-1',
  correlationId: '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f60',
  actor: 'user-1',
};

/** An event for the store (id and occurredAt filled in by the store, as in applications). */
export function newEvent(): NewEvent {
  return { type: 'order.item-added', version: 1, data: DATA, metadata: METADATA };
}

/** The store's default id generator, so both sides insert equally index-friendly ids. */
const ids = new UuidV7IdGenerator();

const COLUMNS =
  '(stream_id, stream_version, event_id, type, schema_version, data, metadata, tenant_id, occurred_at)';

/** One raw row's parameters, in {@link COLUMNS} order. */
function rowParameters(streamId: string, streamVersion: number): unknown[] {
  return [
    streamId,
    streamVersion,
    ids.newId(),
    'order.item-added',
    1,
    JSON.stringify(DATA),
    JSON.stringify(METADATA),
    METADATA.tenantId,
    new Date().toISOString(),
  ];
}

/** A multi-row `INSERT` of `count` rows into `raw_messages`, versions from `firstVersion`. */
export function rawInsert(
  streamId: string,
  firstVersion: number,
  count: number,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = rowParameters(streamId, firstVersion + i);
    tuples.push(`(${row.map((_, c) => `$${values.length + c + 1}`).join(', ')})`);
    values.push(...row);
  }
  return { text: `INSERT INTO raw_messages ${COLUMNS} VALUES ${tuples.join(', ')}`, values };
}
