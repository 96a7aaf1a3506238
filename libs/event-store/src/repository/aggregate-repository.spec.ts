import { describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  EventTypeRegistry,
  InMemoryEventStore,
  InMemorySnapshotStore,
  InMemoryUnitOfWork,
  NotFoundError,
  StreamArchivedError,
  UnknownEventTypeError,
  ValidationError,
  runInContext,
  type DomainEventClass,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { InvalidAggregateClassError } from '../errors/invalid-aggregate-class.error.js';
import { UnknownStoredEventTypeError } from '../errors/unknown-stored-event-type.error.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { SnapshotStrategies } from '../snapshots/snapshot-strategies.js';
import { EventDeserializer, type UnknownEventTypePolicy } from '../upcasting/event-deserializer.js';
import { UpcasterChain, type ChainedUpcaster } from '../upcasting/upcaster-chain.js';
import { AggregateRepository, type RepositorySnapshotSettings } from './aggregate-repository.js';
import { ItemAdded, ORDER_EVENTS, Order, OrderConfirmed, OrderCreated } from './order.fixture.js';

interface SetupOptions {
  events?: DomainEventClass<object>[];
  snapshots?: RepositorySnapshotSettings;
  unknownEventTypes?: UnknownEventTypePolicy;
  upcasters?: ChainedUpcaster[];
  aliases?: Record<string, string>;
}

function setup(options: SetupOptions = {}) {
  const clock = new FakeClock();
  const eventStore = new InMemoryEventStore({ clock });
  const snapshotStore = new InMemorySnapshotStore();
  const registry = new EventTypeRegistry(options.events ?? ORDER_EVENTS);
  const upcasting = new UpcasterChain(options.upcasters, options.aliases);
  const deserializer = new EventDeserializer(registry, upcasting, options.unknownEventTypes);
  const unitOfWork = new InMemoryUnitOfWork();
  const snapshotWriter = new BackgroundSnapshotWriter();
  const deps = {
    eventStore,
    snapshotStore,
    registry,
    deserializer,
    unitOfWork,
    snapshotWriter,
    clock,
  };
  const repository = (snapshots = options.snapshots) =>
    new AggregateRepository<Order>(
      { aggregateClass: Order, aggregateType: 'Order', create: (id) => new Order(id), snapshots },
      deps,
    );
  return { ...deps, orders: repository(), repository };
}

async function readStream(store: InMemoryEventStore, streamId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

const inline = (n: number, revision = 1): RepositorySnapshotSettings => ({
  strategy: SnapshotStrategies.everyNEvents(n),
  revision,
  mode: 'inline',
});

describe('AggregateRepository: load and save', () => {
  it('appends uncommitted events under the aggregate type and marks them committed', async () => {
    const { orders, eventStore } = setup();
    const order = Order.create('o-1', 'c-1');
    order.addItem('p-1', 2);

    const result = await orders.save(order);

    expect(result).toMatchObject({ streamId: 'o-1', streamVersion: 2 });
    expect(order.uncommittedEvents).toEqual([]);
    expect(order.committedVersion).toBe(2);
    const stored = await readStream(eventStore, 'o-1');
    expect(stored.map((e) => [e.type, e.version, e.streamVersion, e.streamType])).toEqual([
      ['order.created', 2, 1, 'Order'],
      ['order.item-added', 1, 2, 'Order'],
    ]);
    expect(stored[1].data).toEqual({ productId: 'p-1', quantity: 2 });
  });

  it('fills every event metadata from the request context', async () => {
    const { orders, eventStore } = setup();
    await runInContext(
      { tenantId: 't-1', correlationId: 'corr-1', messageId: 'cmd-1', actorId: 'u-1' },
      () => orders.save(Order.create('o-1', 'c-1')),
    );
    const [stored] = await readStream(eventStore, 'o-1');
    expect(stored.metadata).toEqual({
      tenantId: 't-1',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      actor: 'u-1',
    });
  });

  it('loads an aggregate back from its events', async () => {
    const { orders } = setup();
    const order = Order.create('o-1', 'c-1', 'USD');
    order.addItem('p-1', 2);
    order.addItem('p-1', 1);
    order.confirm();
    await orders.save(order);

    const loaded = await orders.load('o-1');

    expect(loaded).toBeInstanceOf(Order);
    expect(loaded).toMatchObject({
      id: 'o-1',
      customerId: 'c-1',
      currency: 'USD',
      status: 'confirmed',
      items: { 'p-1': 3 },
      version: 4,
      committedVersion: 4,
    });
    expect(loaded.uncommittedEvents).toEqual([]);
  });

  it('loads streams longer than one batch', async () => {
    const { orders } = setup();
    const order = Order.create('o-1', 'c-1');
    for (let i = 0; i < 600; i++) order.addItem(`p-${i % 7}`, 1);
    await orders.save(order);

    const loaded = await orders.load('o-1');

    expect(loaded.version).toBe(601);
    expect(Object.values(loaded.items).reduce((a, b) => a + b, 0)).toBe(600);
  });

  it('load throws NotFoundError and loadOrNull returns null for a missing aggregate', async () => {
    const { orders } = setup();
    await expect(orders.loadOrNull('nope')).resolves.toBeNull();
    const error = await orders.load('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ resourceType: 'Order', resourceId: 'nope' });
  });

  it('reports an archived stream when loading it', async () => {
    const { orders, eventStore } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    await eventStore.archiveStream('o-1');
    await expect(orders.load('o-1')).rejects.toBeInstanceOf(StreamArchivedError);
  });

  it('does nothing for an aggregate without uncommitted events', async () => {
    const { orders, eventStore } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    const loaded = await orders.load('o-1');
    await expect(orders.save(loaded)).resolves.toEqual({
      streamId: 'o-1',
      streamVersion: 1,
      position: null,
      events: [],
    });
    expect(await eventStore.streamVersion('o-1')).toBe(1);
  });

  it('accepts numeric ids and value-object ids with their own toString()', async () => {
    const { orders, eventStore } = setup();
    class OrderId {
      constructor(readonly value: string) {}
      toString() {
        return `order-${this.value}`;
      }
    }
    const order = new Order(new OrderId('7') as unknown as string);
    order.addItem('p', 1);
    await orders.save(order);
    expect(await eventStore.streamVersion('order-7')).toBe(1);
    await expect(orders.loadOrNull(42 as unknown as string)).resolves.toBeNull();
    await expect(orders.load({} as unknown as string)).rejects.toBeInstanceOf(ValidationError);
  });

  it('rejects aggregates of another class', async () => {
    const { orders } = setup();
    class Other extends Order {}
    const foreign = { id: 'x', uncommittedEvents: [] } as unknown as Order;
    await expect(orders.save(foreign)).rejects.toBeInstanceOf(InvalidAggregateClassError);
    // subclasses are instances of the aggregate class, so they are accepted
    await expect(orders.save(Other.create('o-2', 'c'))).resolves.toMatchObject({
      streamVersion: 1,
    });
  });

  it('rejects an event class that is not registered and writes nothing', async () => {
    const { orders, eventStore } = setup({ events: [OrderCreated] });
    const order = Order.create('o-1', 'c-1');
    order.addItem('p-1', 1);
    await expect(orders.save(order)).rejects.toBeInstanceOf(UnknownEventTypeError);
    expect(await eventStore.streamVersion('o-1')).toBe(0);
    expect(order.uncommittedEvents).toHaveLength(2);
  });

  it('runs the append inside the unit of work, joining an active one', async () => {
    const { orders, unitOfWork } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    expect(unitOfWork.committed).toBe(1);
    await unitOfWork.run(async () => {
      await orders.save(Order.create('o-2', 'c-1'));
      await orders.save(Order.create('o-3', 'c-1'));
    });
    expect(unitOfWork.committed).toBe(2);
  });
});

describe('AggregateRepository: optimistic concurrency', () => {
  it('a stale copy fails with ConcurrencyError and writes nothing', async () => {
    const { orders, eventStore } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    const first = await orders.load('o-1');
    const second = await orders.load('o-1');
    first.addItem('p-1', 1);
    second.addItem('p-2', 1);

    await orders.save(first);
    const error = await orders.save(second).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: 'o-1', expected: 1, actual: 2 });
    expect(await eventStore.streamVersion('o-1')).toBe(2);
    expect(second.uncommittedEvents).toHaveLength(1);
  });

  it('creating an aggregate whose id exists fails', async () => {
    const { orders } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    await expect(orders.save(Order.create('o-1', 'c-2'))).rejects.toMatchObject({
      code: ConcurrencyError.CODE,
      expected: 0,
      actual: 1,
    });
  });

  it('concurrent saves of copies loaded at the same version: exactly one wins', async () => {
    const { orders, eventStore } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    const copies = await Promise.all(Array.from({ length: 8 }, () => orders.load('o-1')));
    copies.forEach((copy, i) => copy.addItem(`p-${i}`, 1));

    const results = await Promise.allSettled(copies.map((copy) => orders.save(copy)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures.every((r) => r.reason instanceof ConcurrencyError)).toBe(true);
    expect(await eventStore.streamVersion('o-1')).toBe(2);
  });

  it('checks an explicit expectedVersion against the loaded version before writing', async () => {
    const { orders, eventStore } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    const order = await orders.load('o-1');
    order.addItem('p-1', 1);

    await expect(orders.save(order, { expectedVersion: 5 })).rejects.toMatchObject({
      code: ConcurrencyError.CODE,
      expected: 5,
      actual: 1,
    });
    expect(await eventStore.streamVersion('o-1')).toBe(1);
    await expect(orders.save(order, { expectedVersion: 1 })).resolves.toMatchObject({
      streamVersion: 2,
    });
  });

  it('treats a stream of another aggregate type as missing, and never appends to it', async () => {
    const { eventStore, orders } = setup();
    await eventStore.append('o-1', [{ type: 'invoice.issued', version: 1, data: {} }], {
      streamType: 'Invoice',
    });
    await expect(orders.loadOrNull('o-1')).resolves.toBeNull();
    await expect(orders.save(Order.create('o-1', 'c-1'))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await eventStore.streamVersion('o-1')).toBe(1);
  });
});

describe('AggregateRepository: upcasting and unknown event types', () => {
  async function seedLegacyStream(store: InMemoryEventStore) {
    await store.append(
      'o-1',
      [
        { type: 'order.created', version: 1, data: { orderId: 'o-1', customerId: 'c-1' } },
        { type: 'order.line-added', version: 1, data: { sku: 'p-1', quantity: 2 } },
        { type: 'order.note-added', version: 1, data: { note: 'hi' } },
      ],
      { streamType: 'Order' },
    );
  }
  const upcasters: ChainedUpcaster[] = [
    {
      type: 'order.created',
      from: 1,
      to: 2,
      upcaster: { upcast: (data: object) => ({ ...data, currency: 'EUR' }) },
    },
    {
      type: 'order.line-added',
      from: 1,
      upcaster: {
        upcast: ({ sku, quantity }: { sku: string; quantity: number }) => ({
          productId: sku,
          quantity,
        }),
      },
    },
  ];

  it('fails with EventVersionMismatch when upcasting does not reach the class version', async () => {
    const { eventStore, orders } = setup({
      upcasters,
      aliases: { 'order.line-added': ItemAdded.type },
      unknownEventTypes: 'skip',
    });
    await seedLegacyStream(eventStore);
    // `order.line-added` goes v1 -> v2 by its upcaster, then is read as ItemAdded, a v1 class.
    const error = await orders.load('o-1').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'EVENT_VERSION_MISMATCH',
      eventType: ItemAdded.type,
      storedVersion: 2,
      classVersion: 1,
    });
  });

  it('upcasts, follows aliases, skips unknown types and appends at the real stream version', async () => {
    const { eventStore, orders } = setup({
      upcasters: [upcasters[0]],
      aliases: { 'order.line-added': ItemAdded.type },
      unknownEventTypes: 'skip',
    });
    await eventStore.append(
      'o-1',
      [
        { type: 'order.created', version: 1, data: { orderId: 'o-1', customerId: 'c-1' } },
        { type: 'order.line-added', version: 1, data: { productId: 'p-1', quantity: 2 } },
        { type: 'order.note-added', version: 1, data: { note: 'hi' } },
      ],
      { streamType: 'Order' },
    );

    const order = await orders.load('o-1');

    expect(order).toMatchObject({ currency: 'EUR', items: { 'p-1': 2 }, version: 2 });
    order.addItem('p-2', 1);
    await expect(orders.save(order, { expectedVersion: 2 })).resolves.toMatchObject({
      streamVersion: 4,
    });
    expect((await orders.load('o-1')).items).toEqual({ 'p-1': 2, 'p-2': 1 });
  });

  it("fails on unknown types with the 'fail' policy", async () => {
    const { eventStore, orders } = setup({
      upcasters,
      aliases: { 'order.line-added': 'order.item-added-v2' },
    });
    await seedLegacyStream(eventStore);
    const error = await orders.load('o-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownStoredEventTypeError);
    expect(error).toMatchObject({
      eventType: 'order.item-added-v2',
      streamId: 'o-1',
      streamVersion: 2,
    });
  });
});

describe('AggregateRepository: snapshots', () => {
  it('inline: writes the snapshot with the events and loads from it', async () => {
    const { orders, snapshotStore, eventStore } = setup({ snapshots: inline(3) });
    const order = Order.create('o-1', 'c-1');
    order.addItem('p-1', 1);
    await orders.save(order);
    expect(await snapshotStore.load('o-1')).toBeNull();

    order.addItem('p-2', 1);
    await orders.save(order);
    expect(await snapshotStore.load('o-1')).toMatchObject({
      streamId: 'o-1',
      version: 3,
      type: 'Order',
      schemaVersion: 1,
      state: { customerId: 'c-1', status: 'pending', items: { 'p-1': 1, 'p-2': 1 } },
      takenAt: '2026-01-01T00:00:00.000Z',
    });

    order.confirm();
    await orders.save(order);
    const loaded = await orders.load('o-1');
    expect(loaded).toMatchObject({
      version: 4,
      status: 'confirmed',
      items: { 'p-1': 1, 'p-2': 1 },
    });
    expect(loaded.replayed).toBe(1);
    expect(await eventStore.streamVersion('o-1')).toBe(4);
  });

  it('counts events since the snapshot the aggregate was loaded from', async () => {
    const { orders, snapshotStore } = setup({ snapshots: inline(3) });
    const order = Order.create('o-1', 'c-1');
    order.addItem('p', 1);
    order.addItem('p', 1);
    await orders.save(order);
    const loaded = await orders.load('o-1');
    loaded.addItem('p', 1);
    loaded.addItem('p', 1);
    await orders.save(loaded);
    expect((await snapshotStore.load('o-1'))?.version).toBe(3);
    loaded.addItem('p', 1);
    await orders.save(loaded);
    expect((await snapshotStore.load('o-1'))?.version).toBe(6);
  });

  it('ignores a snapshot of another revision or type and rebuilds from events', async () => {
    const { orders, snapshotStore, repository } = setup({ snapshots: inline(2) });
    const order = Order.create('o-1', 'c-1');
    order.addItem('p', 1);
    await orders.save(order);
    expect((await snapshotStore.load('o-1'))?.schemaVersion).toBe(1);

    const revised = repository(inline(2, 2));
    const loaded = await revised.load('o-1');
    expect(loaded.replayed).toBe(2);
    expect(loaded.items).toEqual({ p: 1 });
    loaded.addItem('q', 1);
    await revised.save(loaded);
    expect(await snapshotStore.load('o-1')).toMatchObject({ version: 3, schemaVersion: 2 });

    await snapshotStore.save({
      ...(await snapshotStore.load('o-1'))!,
      type: 'Invoice',
      version: 9,
    });
    const again = await revised.load('o-1');
    expect(again.replayed).toBe(3);
  });

  it('does not read snapshots when the aggregate has no snapshot settings', async () => {
    const { orders, snapshotStore } = setup();
    await orders.save(Order.create('o-1', 'c-1'));
    await snapshotStore.save({
      streamId: 'o-1',
      version: 1,
      type: 'Order',
      schemaVersion: 1,
      state: { customerId: 'from-snapshot', currency: 'X', status: 'pending', items: {} },
      takenAt: '2026-01-01T00:00:00.000Z',
    });
    expect((await orders.load('o-1')).customerId).toBe('c-1');
  });

  it('async: writes the snapshot in the background from committed events', async () => {
    const { orders, snapshotStore, snapshotWriter } = setup({
      snapshots: {
        strategy: SnapshotStrategies.onEventTypes(OrderConfirmed),
        revision: 1,
        mode: 'async',
      },
    });
    const order = Order.create('o-1', 'c-1');
    order.confirm();
    await orders.save(order);
    expect(await snapshotStore.load('o-1')).toBeNull();

    await snapshotWriter.whenIdle();

    expect(await snapshotStore.load('o-1')).toMatchObject({
      version: 2,
      state: { status: 'confirmed' },
    });
    expect((await orders.load('o-1')).replayed).toBe(0);
  });
});

describe('AggregateRepository: tenants', () => {
  const inTenant = <T>(tenantId: string, work: () => Promise<T>) =>
    runInContext({ tenantId, correlationId: `c-${tenantId}` }, work);

  it("answers another tenant's aggregate as not found, and stamps the saver's tenant", async () => {
    const { orders, eventStore } = setup();
    await inTenant('acme', () => orders.save(Order.create('o-1', 'c-1')));

    expect((await readStream(eventStore, 'o-1'))[0].metadata.tenantId).toBe('acme');
    await expect(inTenant('globex', () => orders.load('o-1'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await inTenant('globex', () => orders.loadOrNull('o-1'))).toBeNull();
    expect((await inTenant('acme', () => orders.load('o-1'))).id).toBe('o-1');
  });

  it('checks the tenant of an aggregate loaded from a snapshot with no later events', async () => {
    const { repository, snapshotStore } = setup();
    const orders = repository(inline(2));
    await inTenant('acme', async () => {
      const order = Order.create('o-2', 'c-1');
      order.addItem('p-1', 1);
      await orders.save(order);
    });
    expect((await snapshotStore.load('o-2'))?.version).toBe(2);

    expect(await inTenant('globex', () => orders.loadOrNull('o-2'))).toBeNull();
    expect((await inTenant('acme', () => orders.load('o-2'))).version).toBe(2);
  });
});
