import { describe, expect, it, jest } from '@jest/globals';
import { InMemoryReadModelStore, logPosition, type StoredEvent } from '@cqrs-ddd/core';
import type { ProjectionHandlerContext } from '@cqrs-ddd/core/testing';
import type { ProcessorBatchContext } from '../processor/event-processor.js';
import {
  ItemAdded,
  OrderCancelled,
  OrderCreated,
  OrderSummaryProjection,
  storedEvents,
} from './order-summary.fixture.js';
import { ProjectionBatchExecutor } from './projection-batch.executor.js';
import { isProjectionEventError } from './projection-event.error.js';
import { On } from './on.decorator.js';
import { Projection } from './projection.decorator.js';

const COLLECTION = 'order_summary_g1';
const batchContext = (): ProcessorBatchContext => ({
  processorName: 'projection:order-summary:g1',
  partition: 0,
  partitions: 1,
  signal: new AbortController().signal,
});

function setup(projection: object = new OrderSummaryProjection()) {
  const store = new InMemoryReadModelStore();
  const executor = new ProjectionBatchExecutor(projection, {
    processorName: 'projection:order-summary:g1',
    collection: COLLECTION,
    store,
  });
  const run = (events: readonly StoredEvent[]) => executor.handleBatch(events, batchContext());
  /** Everything stored for the tenants, tombstones and positions included. */
  const snapshot = (ids: string[], tenants = ['t1', 't2']) =>
    store.getMany(
      COLLECTION,
      tenants.flatMap((tenantId) => ids.map((id) => ({ tenantId, id }))),
    );
  return { store, executor, run, snapshot };
}

const created = (streamId: string, customerId: string, tenantId = 't1') => ({
  type: OrderCreated.type,
  streamId,
  data: { customerId },
  metadata: { tenantId },
});
const added = (streamId: string, price: number, tenantId = 't1', quantity = 2) => ({
  type: ItemAdded.type,
  streamId,
  data: { price, quantity },
  metadata: { tenantId },
});
const cancelled = (streamId: string, tenantId = 't1') => ({
  type: OrderCancelled.type,
  streamId,
  metadata: { tenantId },
});

const events = storedEvents(
  created('o1', 'c1'),
  added('o1', 10),
  created('o2', 'c1'),
  added('o1', 5),
  added('o2', 1),
  cancelled('o2'),
  added('o1', 100),
  created('o3', 'c2'),
  added('o3', 7),
);
const IDS = ['o1', 'o2', 'o3', 'customer-c1', 'customer-c2'];

describe('ProjectionBatchExecutor', () => {
  it('reads only the handled types and folds a batch into the read model', async () => {
    const { executor, run, store } = setup();
    expect(executor.name).toBe('projection:order-summary:g1');
    expect([...(executor.filter.types ?? [])].sort()).toEqual([
      'order.cancelled',
      'order.created',
      'order.item-added',
    ]);
    await run(events);
    const t1 = store.collection(COLLECTION, { tenantId: 't1' });
    await expect(t1.get('o1')).resolves.toEqual({
      id: 'o1',
      kind: 'order',
      customerId: 'c1',
      total: 230,
      lines: 3,
      handledAs: 't1/e1',
    });
    await expect(t1.get('o2')).resolves.toBeUndefined();
    await expect(t1.get('customer-c1')).resolves.toEqual({
      id: 'customer-c1',
      kind: 'customer',
      orders: 2,
    });
  });

  it('is idempotent by position: replayed and overlapping batches change nothing', async () => {
    const onePass = setup();
    await onePass.run(events);
    const expected = await onePass.snapshot(IDS);

    const replayed = setup();
    await replayed.run(events);
    await replayed.run(events);
    await replayed.run(events.slice(2, 7));
    expect(await replayed.snapshot(IDS)).toEqual(expected);

    const overlapping = setup();
    await overlapping.run(events.slice(0, 4));
    await overlapping.run(events.slice(1, 6));
    await overlapping.run(events.slice(3));
    await overlapping.run(events.slice(0, 2));
    expect(await overlapping.snapshot(IDS)).toEqual(expected);
  });

  it('keeps tenants apart, even for equal ids in one batch', async () => {
    const { run, store } = setup();
    await run(
      storedEvents(created('o1', 'c1', 't1'), created('o1', 'c9', 't2'), added('o1', 4, 't2')),
    );
    const t1 = store.collection(COLLECTION, { tenantId: 't1' });
    const t2 = store.collection(COLLECTION, { tenantId: 't2' });
    await expect(t1.get('o1')).resolves.toMatchObject({ customerId: 'c1', total: 0 });
    await expect(t2.get('o1')).resolves.toMatchObject({ customerId: 'c9', total: 8 });
    await expect(t1.get('customer-c9')).resolves.toBeUndefined();
  });

  it('stores deletes as tombstones that older replays do not resurrect', async () => {
    const { run, snapshot } = setup();
    await run(events.slice(0, 6));
    const [o2] = await snapshot(['o2'], ['t1']);
    expect(o2).toEqual({ tenantId: 't1', id: 'o2', document: null, position: logPosition(6, 6) });
    await run(events.slice(2, 5));
    await expect(snapshot(['o2'], ['t1'])).resolves.toEqual([o2]);
  });

  it('prefetches in one read, loads other ids through once, and writes once per batch', async () => {
    const { run, store } = setup();
    const getMany = jest.spyOn(store, 'getMany');
    const writeMany = jest.spyOn(store, 'writeMany');
    await run(storedEvents(created('o1', 'c1'), created('o2', 'c1'), added('o1', 3)));
    expect(getMany.mock.calls.map(([, keys]) => keys.map((key) => key.id).sort())).toEqual([
      ['o1', 'o2'],
      ['customer-c1'],
    ]);
    expect(writeMany).toHaveBeenCalledTimes(1);
    const writes = writeMany.mock.calls[0][1].map((write) => [write.id, write.position]);
    expect(writes.sort()).toEqual([
      ['customer-c1', logPosition(2, 2)],
      ['o1', logPosition(3, 3)],
      ['o2', logPosition(2, 2)],
    ]);
  });

  it('propagates handler errors with the event id, writing nothing of the batch', async () => {
    const { run, store } = setup();
    const writeMany = jest.spyOn(store, 'writeMany');
    const error = await run(storedEvents(created('o1', 'c1'), added('o1', 1, 't1', 0))).catch(
      (e) => e,
    );
    expect(isProjectionEventError(error)).toBe(true);
    expect(error).toMatchObject({ eventId: 'e2', eventType: 'order.item-added' });
    expect((error as Error).message).toContain('e2');
    expect((error as Error).message).toContain('quantity must be positive, got 0');
    expect(writeMany).not.toHaveBeenCalled();
  });

  it('rejects events without a tenant unless the projection has a default tenant', async () => {
    const noTenant = storedEvents({ ...created('o1', 'c1'), metadata: {} });
    const error = await setup()
      .run(noTenant)
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'PROJECTION_EVENT_FAILED', eventId: 'e1' });
    expect((error as Error).message).toMatch(/defaultTenantId/);

    @Projection({ name: 'shared', version: 1, defaultTenantId: 'global' })
    class Shared extends OrderSummaryProjection {}
    const shared = setup(new Shared());
    await shared.run(noTenant);
    await expect(
      shared.store.collection(COLLECTION, { tenantId: 'global' }).get('o1'),
    ).resolves.toMatchObject({ customerId: 'c1', handledAs: 'global/e1' });
  });

  it('skips unhandled types and honours documentIdOf and upcasting', async () => {
    @Projection({
      name: 'by-customer',
      version: 1,
      documentIdOf: (event) => (event.data.customerId as string | undefined) ?? undefined,
    })
    class ByCustomer {
      @On('order.placed')
      async placed(
        event: StoredEvent<{ customerId: string; via: string }>,
        { collection, at }: ProjectionHandlerContext<{ id: string; via: string }>,
      ) {
        await collection.upsert({ id: event.data.customerId, via: event.data.via }, at);
      }
    }
    const store = new InMemoryReadModelStore();
    const getMany = jest.spyOn(store, 'getMany');
    const executor = new ProjectionBatchExecutor(new ByCustomer(), {
      processorName: 'p',
      collection: 'by_customer_g1',
      store,
      upcasting: {
        upcast: (event) =>
          event.type === 'order.created'
            ? { ...event, type: 'order.placed', data: { ...event.data, via: 'upcast' } }
            : event,
      },
    });
    await executor.handleBatch(
      storedEvents(created('o1', 'c7'), { type: 'order.unknown', streamId: 'o1' }),
      batchContext(),
    );
    expect(getMany.mock.calls[0][1]).toEqual([{ tenantId: 't1', id: 'c7' }]);
    await expect(store.collection('by_customer_g1', { tenantId: 't1' }).get('c7')).resolves.toEqual(
      { id: 'c7', via: 'upcast' },
    );
  });

  it('stops before writing when the batch is aborted', async () => {
    const { executor, store } = setup();
    const controller = new AbortController();
    controller.abort(new Error('lease lost'));
    await expect(
      executor.handleBatch(events, { ...batchContext(), signal: controller.signal }),
    ).rejects.toThrow('lease lost');
    await expect(store.getMany(COLLECTION, [{ tenantId: 't1', id: 'o1' }])).resolves.toEqual([]);
  });
});
