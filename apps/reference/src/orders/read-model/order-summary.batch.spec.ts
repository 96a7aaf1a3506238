import { describe, expect, it } from '@jest/globals';
import { logPosition, type StoredEvent } from '@cqrs-ddd/core';
import type { OrderSummary } from './order-summary.js';
import { foldOrderSummaries, needsStoredSummary } from './order-summary.batch.js';

let next = 0;
/** A stored event of `streamId` at stream `version`, at the next log position. */
function stored(
  streamId: string,
  version: number,
  type: string,
  data: Record<string, unknown>,
): StoredEvent {
  next += 1;
  const at = `2026-01-01T00:00:${String(version).padStart(2, '0')}.000Z`;
  return {
    eventId: `e-${next}`,
    streamId,
    streamVersion: version,
    type,
    version: 1,
    data,
    metadata: {},
    occurredAt: at,
    recordedAt: at,
    position: logPosition(next, next),
  };
}
const created = (id: string) => stored(id, 1, 'order.created', { customerId: `c-${id}` });
const added = (id: string, version: number, productId: string, quantity: number) =>
  stored(id, version, 'order.item-added', { productId, quantity, unitPriceCents: 250 });

describe('foldOrderSummaries', () => {
  it('folds a document created and changed in the same batch into one write', async () => {
    const events = [created('o-1'), added('o-1', 2, 'a', 1), added('o-1', 3, 'a', 2)];
    const writes = await foldOrderSummaries([{ tenantId: 't', id: 'o-1', events }], []);
    expect(writes).toEqual([
      {
        tenantId: 't',
        id: 'o-1',
        position: events[2].position,
        document: expect.objectContaining({
          id: 'o-1',
          customerId: 'c-o-1',
          version: 3,
          itemCount: 3,
          total: 7.5,
          items: [{ productId: 'a', quantity: 3, unitPrice: 2.5 }],
        }),
      },
    ]);
  });

  it('continues from the stored summary, skipping the events it already reflects', async () => {
    const events = [created('o-1'), added('o-1', 2, 'a', 1), added('o-1', 3, 'b', 4)];
    const [first] = await foldOrderSummaries(
      [{ tenantId: 't', id: 'o-1', events: events.slice(0, 2) }],
      [],
    );
    // Redelivered from the start: only the third event is new.
    const writes = await foldOrderSummaries(
      [{ tenantId: 't', id: 'o-1', events }],
      [{ tenantId: 't', id: 'o-1', document: first.document }],
    );
    expect(writes).toHaveLength(1);
    expect(writes[0].position).toEqual(events[2].position);
    expect(writes[0].document).toMatchObject({ version: 3, itemCount: 5 });
  });

  it('writes nothing for a batch the stored summaries already reflect', async () => {
    const events = [created('o-1'), added('o-1', 2, 'a', 1)];
    const [write] = await foldOrderSummaries([{ tenantId: 't', id: 'o-1', events }], []);
    const replay = await foldOrderSummaries(
      [{ tenantId: 't', id: 'o-1', events }],
      [{ tenantId: 't', id: 'o-1', document: write.document }],
    );
    expect(replay).toEqual([]);
  });

  it('keeps tenants apart: a stored summary only seeds its own tenant', async () => {
    const other: OrderSummary = {
      id: 'o-1',
      customerId: 'someone-else',
      status: 'confirmed',
      items: [],
      total: 0,
      itemCount: 0,
      version: 9,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const writes = await foldOrderSummaries(
      [
        { tenantId: 'a', id: 'o-1', events: [created('o-1')] },
        { tenantId: 'b', id: 'o-2', events: [created('o-2')] },
      ],
      [{ tenantId: 'z', id: 'o-1', document: other }],
    );
    expect(writes.map(({ tenantId, id }) => [tenantId, id])).toEqual([
      ['a', 'o-1'],
      ['b', 'o-2'],
    ]);
    expect(writes[0].document).toMatchObject({ customerId: 'c-o-1', status: 'pending' });
  });

  it('writes nothing for changes to an order it never saw created', async () => {
    const events = [added('o-9', 2, 'a', 1)];
    await expect(foldOrderSummaries([{ tenantId: 't', id: 'o-9', events }], [])).resolves.toEqual(
      [],
    );
  });
});

describe('needsStoredSummary', () => {
  it('is false only when the batch starts with the order creation', () => {
    const events = [created('o-1'), added('o-1', 2, 'a', 1)];
    expect(needsStoredSummary({ tenantId: 't', id: 'o-1', events })).toBe(false);
    expect(needsStoredSummary({ tenantId: 't', id: 'o-1', events: events.slice(1) })).toBe(true);
  });
});
