import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  EventStore,
  SnapshotStore,
  UnitOfWork,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { EntityManager, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { MikroOrmUnitOfWork } from '../postgres/mikro-orm-unit-of-work.adapter.js';
import { LISTEN_APPLICATION_NAME } from '../postgres/postgres-wake-up.signal.js';
import type { AggregateRepository } from '../repository/aggregate-repository.js';
import { ORDER_EVENTS, Order, OrderCreated } from '../repository/order.fixture.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { SnapshotStrategies } from '../snapshots/snapshot-strategies.js';
import { CUSTOMER_EVENTS, Customer, CustomerSchema } from '../state-stored/customer.fixture.js';
import { AggregateRepositoryFactory } from './aggregate-repository.factory.js';
import { EventStoreModule } from './event-store.module.js';
import { EVENT_STORE_UNIT_OF_WORK, InjectAggregateRepository } from './event-store.tokens.js';

class PlaceOrder {
  constructor(
    readonly orderId: string,
    readonly items: number,
    readonly customer?: { id: string; name: string },
    readonly failAfterSaving = false,
  ) {}
}

@CommandHandler(PlaceOrder)
class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
    private readonly em: EntityManager,
  ) {}

  async execute({ orderId, items, customer, failAfterSaving }: PlaceOrder) {
    if (customer) this.em.persist(Customer.register(customer.id, customer.name));
    const order = Order.create(orderId, customer?.id ?? 'anonymous');
    for (let i = 0; i < items; i++) order.addItem(`p-${i}`, 1);
    await this.orders.save(order);
    if (failAfterSaving) throw new Error('the handler failed after saving');
    return { id: orderId, version: order.version };
  }
}

let app: INestApplicationContext;
let orders: AggregateRepository<Order>;
let store: EventStore;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      MikroOrmModule.forRoot({
        driver: PostgreSqlDriver,
        clientUrl: process.env.DATABASE_URL,
        entities: [CustomerSchema],
        registerRequestContext: false,
      }),
      CqrsDddModule.forRootAsync({
        imports: [
          EventStoreModule.forRoot({
            driver: 'postgres',
            events: [...ORDER_EVENTS, ...CUSTOMER_EVENTS],
            upcasters: [
              {
                type: OrderCreated.type,
                from: 1,
                upcast: (data) => ({ ...data, currency: 'EUR' }),
              },
            ],
            postgres: { migrate: true, pollIntervalMs: 50 },
          }),
        ],
        inject: [EVENT_STORE_UNIT_OF_WORK],
        useFactory: (unitOfWork: UnitOfWork) => ({
          unitOfWork,
          context: { http: false },
          pipeline: { logging: false, retry: false },
        }),
      }),
      EventStoreModule.forFeature([Order], {
        snapshots: { strategy: SnapshotStrategies.everyNEvents(3) },
      }),
    ],
    providers: [PlaceOrderHandler],
  }).compile();
  app = await moduleRef.init();
  await app.get(MikroORM).schema.create();
  orders = app.get(AggregateRepositoryFactory).create(Order, {
    snapshots: { strategy: SnapshotStrategies.everyNEvents(3) },
  });
  store = app.get(EventStore);
});

afterAll(async () => {
  await app?.close();
});

async function eventsOf(streamId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

async function customerRow(id: string): Promise<unknown> {
  const rows = await app
    .get(MikroORM)
    .em.getConnection()
    .execute('SELECT name FROM customers WHERE id = ?', [id]);
  return rows[0];
}

describe('EventStoreModule (postgres) with CqrsDddModule and MikroORM', () => {
  it("runs commands in the MikroORM unit of work: the pipeline's transaction is the store's", async () => {
    expect(app.get(EVENT_STORE_UNIT_OF_WORK)).toBeInstanceOf(MikroOrmUnitOfWork);
    expect(app.get(UnitOfWork)).toBe(app.get(EVENT_STORE_UNIT_OF_WORK));

    const result = await app.get(CommandBus).execute(new PlaceOrder('o-1', 1));

    expect(result).toEqual({ id: 'o-1', version: 2 });
    const loaded = await orders.load('o-1');
    expect(loaded).toMatchObject({ version: 2, items: { 'p-0': 1 } });
    const [created] = await eventsOf('o-1');
    expect(created).toMatchObject({ streamType: 'Order', type: OrderCreated.type });
    expect(created.metadata).toEqual({
      correlationId: expect.any(String),
      causationId: expect.any(String),
    });
  });

  it('a command failing after saving leaves no events and no snapshot', async () => {
    await expect(
      app.get(CommandBus).execute(new PlaceOrder('o-2', 5, undefined, true)),
    ).rejects.toThrow('the handler failed after saving');

    expect(await store.streamVersion('o-2')).toBe(0);
    expect(await app.get(SnapshotStore).load('o-2')).toBeNull();
  });

  it('commits a state-stored entity, its events and an aggregate in one transaction', async () => {
    await app.get(CommandBus).execute(new PlaceOrder('o-3', 0, { id: 'c-1', name: 'Ann' }));

    expect(await customerRow('c-1')).toEqual({ name: 'Ann' });
    expect((await eventsOf('c-1')).map((e) => [e.type, e.streamType])).toEqual([
      ['customer.registered', 'Customer'],
    ]);
    expect(await store.streamVersion('o-3')).toBe(1);
  });

  it('rolls the entity, its events and the aggregate back together', async () => {
    await expect(
      app.get(CommandBus).execute(new PlaceOrder('o-4', 0, { id: 'c-2', name: 'Bob' }, true)),
    ).rejects.toThrow('the handler failed after saving');

    expect(await customerRow('c-2')).toBeUndefined();
    expect(await eventsOf('c-2')).toEqual([]);
    expect(await store.streamVersion('o-4')).toBe(0);
  });

  it('round-trips snapshots and upcasters on PostgreSQL', async () => {
    await store.append(
      'o-5',
      [{ type: OrderCreated.type, version: 1, data: { orderId: 'o-5', customerId: 'c-9' } }],
      { streamType: 'Order' },
    );
    const legacy = await orders.load('o-5');
    expect(legacy).toMatchObject({ currency: 'EUR', customerId: 'c-9', version: 1 });
    legacy.addItem('p-1', 1);
    legacy.addItem('p-2', 2);
    await orders.save(legacy);

    expect(await app.get(SnapshotStore).load('o-5')).toMatchObject({
      version: 3,
      type: 'Order',
      schemaVersion: 1,
      state: { currency: 'EUR', items: { 'p-1': 1, 'p-2': 2 } },
    });
    const fromSnapshot = await orders.load('o-5');
    expect(fromSnapshot).toMatchObject({ version: 3, replayed: 0, items: { 'p-2': 2 } });

    const revised = app.get(AggregateRepositoryFactory).create(Order, {
      snapshots: { strategy: SnapshotStrategies.everyNEvents(3), revision: 2 },
    });
    const rebuilt = await revised.load('o-5');
    expect(rebuilt).toMatchObject({ version: 3, replayed: 3, currency: 'EUR' });
  });

  it('async snapshots wait for the commit, and never follow a rolled-back save', async () => {
    const asyncOrders = app.get(AggregateRepositoryFactory).create(Order, {
      snapshots: { strategy: SnapshotStrategies.everyNEvents(1), mode: 'async' },
    });
    const unitOfWork = app.get<UnitOfWork>(EVENT_STORE_UNIT_OF_WORK);
    const snapshots = app.get(SnapshotStore);

    await unitOfWork.run(async () => {
      await asyncOrders.save(Order.create('o-7', 'c-1'));
    });
    await app.get(BackgroundSnapshotWriter).whenIdle();
    expect(await snapshots.load('o-7')).toMatchObject({ version: 1, type: 'Order' });

    const rolledBack = unitOfWork.run(async () => {
      await asyncOrders.save(Order.create('o-8', 'c-1'));
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    expect(await snapshots.load('o-8')).toBeNull();
    expect(await store.streamVersion('o-8')).toBe(0);
  });

  it('closes its LISTEN connection on shutdown', async () => {
    const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const monitor = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await monitor.connect();
    const listening = async () =>
      Number(
        (
          await monitor.query(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = $2',
            [LISTEN_APPLICATION_NAME, database],
          )
        ).rows[0].n,
      );
    try {
      const woken = new Promise<void>((resolve) => store.subscribe(resolve));
      await app.get(CommandBus).execute(new PlaceOrder('o-6', 0));
      await woken;
      expect(await listening()).toBe(1);

      await app.close();

      expect(await listening()).toBe(0);
    } finally {
      await monitor.end();
    }
  });
});
