import { describe, it } from '@jest/globals';
import { projectionScenario } from '@cqrs-ddd/core/testing';
import { projectionHandlerMap } from '@cqrs-ddd/projections';
import { ORDER_SUMMARY_COLLECTION, type OrderSummary } from './order-summary.js';
import { OrderSummaryProjection } from './order-summary.projection.js';

const ID = 'order-1';
const at = (second: number) => `2024-01-01T00:00:0${second}.000Z`;
const created = { type: 'order.created', streamId: ID, data: { orderId: ID, customerId: 'c-1' } };
const added = (productId: string, quantity: number, unitPriceCents: number) => ({
  type: 'order.item-added',
  streamId: ID,
  data: { orderId: ID, productId, quantity, unitPriceCents },
});
const event = (type: string, data: Record<string, unknown> = {}) => ({
  type,
  streamId: ID,
  data: { orderId: ID, ...data },
});
const scenario = () =>
  projectionScenario<OrderSummary>(projectionHandlerMap(new OrderSummaryProjection()), {
    collection: ORDER_SUMMARY_COLLECTION,
    failOnUnhandledEvents: true,
  });

const base: OrderSummary = {
  id: ID,
  customerId: 'c-1',
  status: 'pending',
  items: [],
  total: 0,
  itemCount: 0,
  version: 1,
  createdAt: at(0),
  updatedAt: at(0),
};

describe('OrderSummary projection', () => {
  it('creates a pending, empty summary', async () => {
    await scenario().given(created).thenDocument(ID, base);
  });

  it('keeps lines, totals (exact, in cents) and unit counts', async () => {
    await scenario()
      .given(created, added('a', 2, 29), added('b', 1, 10), added('a', 1, 29))
      .thenDocument(ID, {
        ...base,
        items: [
          { productId: 'a', quantity: 3, unitPrice: 0.29 },
          { productId: 'b', quantity: 1, unitPrice: 0.1 },
        ],
        total: 0.97,
        itemCount: 4,
        version: 4,
        updatedAt: at(3),
      });
  });

  it('removes a line', async () => {
    await scenario()
      .given(
        created,
        added('a', 2, 150),
        added('b', 1, 1000),
        event('order.item-removed', { productId: 'a' }),
      )
      .thenDocument(ID, {
        ...base,
        items: [{ productId: 'b', quantity: 1, unitPrice: 10 }],
        total: 10,
        itemCount: 1,
        version: 4,
        updatedAt: at(3),
      });
  });

  it.each([
    ['order.confirmed', 'confirmed'],
    ['order.cancelled', 'cancelled'],
  ] as const)('%s sets the status to %s', async (type, status) => {
    await scenario()
      .given(created, added('a', 1, 100), event(type))
      .thenDocument(ID, {
        ...base,
        status,
        items: [{ productId: 'a', quantity: 1, unitPrice: 1 }],
        total: 1,
        itemCount: 1,
        version: 3,
        updatedAt: at(2),
      });
  });

  it('moves the version on when an order ships, keeping its status', async () => {
    await scenario()
      .given(created, added('a', 1, 100), event('order.confirmed'), event('order.shipped'))
      .thenDocument(ID, {
        ...base,
        status: 'confirmed',
        items: [{ productId: 'a', quantity: 1, unitPrice: 1 }],
        total: 1,
        itemCount: 1,
        version: 4,
        updatedAt: at(3),
      });
  });

  it('changes nothing when every event is delivered again', async () => {
    await scenario()
      .given(
        created,
        added('a', 2, 29),
        event('order.item-removed', { productId: 'a' }),
        added('b', 1, 5),
      )
      .thenIdempotent();
  });
});
