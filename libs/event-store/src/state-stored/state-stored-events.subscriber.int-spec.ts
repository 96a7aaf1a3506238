import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DomainEvent,
  EventTypeRegistry,
  runInContext,
  UnknownEventTypeError,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { OptimisticLockError } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PostgresEventStore } from '../postgres/postgres-event-store.adapter.js';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { CUSTOMER_EVENTS, Customer, CustomerSchema } from './customer.fixture.js';
import { StateStoredEventsSubscriber } from './state-stored-events.subscriber.js';

class Unregistered extends DomainEvent {
  static readonly type = 'customer.unregistered';
}

let orm: MikroORM;
let store: PostgresEventStore;

beforeAll(async () => {
  orm = await createTestOrm({ entities: [CustomerSchema] });
  await orm.schema.create();
  const { schema } = await createEventStoreTestSchema(orm);
  store = new PostgresEventStore(orm.em, { schema });
  const subscriber = new StateStoredEventsSubscriber(store, new EventTypeRegistry(CUSTOMER_EVENTS));
  orm.em.getEventManager().registerSubscriber(subscriber);
});

afterAll(async () => {
  // The per-file database (and the schema in it) is dropped by the jest setup.
  await store.close();
  await orm.close();
});

async function eventsOf(streamId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

async function row(id: string): Promise<{ name: string; version: number } | undefined> {
  const rows = await orm.em
    .getConnection()
    .execute<{ name: string; version: number }[]>(
      'SELECT name, version FROM customers WHERE id = ?',
      [id],
    );
  return rows[0];
}

describe('StateStoredEventsSubscriber on PostgreSQL', () => {
  it('commits the entity and its events together inside a transaction', async () => {
    const customer = Customer.register('c-1', 'Ann');
    await runInContext({ tenantId: 't-1', correlationId: 'corr-1', messageId: 'cmd-1' }, () =>
      orm.em.fork().transactional(async (em) => {
        em.persist(customer);
      }),
    );

    expect(await row('c-1')).toEqual({ name: 'Ann', version: 0 });
    const [event] = await eventsOf('c-1');
    expect(event).toMatchObject({
      type: 'customer.registered',
      streamType: 'Customer',
      streamVersion: 1,
      data: { customerId: 'c-1', name: 'Ann' },
      metadata: { tenantId: 't-1', correlationId: 'corr-1', causationId: 'cmd-1' },
    });
    expect(customer.pendingEvents).toEqual([]);
  });

  it("commits together in the flush's implicit transaction", async () => {
    const em = orm.em.fork();
    const customer = Customer.register('c-2', 'Bob');
    em.persist(customer);
    await em.flush();
    customer.rename('Bobby');
    await em.flush();

    expect(await row('c-2')).toEqual({ name: 'Bobby', version: 1 });
    expect((await eventsOf('c-2')).map((e) => [e.type, e.streamVersion])).toEqual([
      ['customer.registered', 1],
      ['customer.renamed', 2],
    ]);
  });

  it('rolls the entity and its events back together', async () => {
    const failed = orm.em.fork().transactional(async (em) => {
      em.persist(Customer.register('c-3', 'Cid'));
      await em.flush();
      expect(await eventsOf('c-3')).toHaveLength(1); // appended inside the transaction
      throw new Error('handler failed after the flush');
    });
    await expect(failed).rejects.toThrow('handler failed after the flush');

    expect(await row('c-3')).toBeUndefined();
    expect(await eventsOf('c-3')).toEqual([]);
  });

  it('a failing append rolls the entity change back, with or without a transaction', async () => {
    const implicit = orm.em.fork();
    const first = Customer.register('c-4', 'Dee');
    first.recordUnregistered(new Unregistered());
    implicit.persist(first);
    await expect(implicit.flush()).rejects.toBeInstanceOf(UnknownEventTypeError);

    const explicit = orm.em.fork().transactional(async (em) => {
      const second = Customer.register('c-5', 'Eve');
      second.recordUnregistered(new Unregistered());
      em.persist(second);
    });
    await expect(explicit).rejects.toBeInstanceOf(UnknownEventTypeError);

    for (const id of ['c-4', 'c-5']) {
      expect(await row(id)).toBeUndefined();
      expect(await eventsOf(id)).toEqual([]);
    }
    expect(first.pendingEvents).toHaveLength(2);
  });

  it('a stale entity fails with OptimisticLockError and appends nothing', async () => {
    await orm.em.fork().transactional(async (em) => {
      em.persist(Customer.register('c-6', 'Fay'));
    });
    const em1 = orm.em.fork();
    const em2 = orm.em.fork();
    const copy1 = await em1.findOneOrFail(Customer, 'c-6');
    const copy2 = await em2.findOneOrFail(Customer, 'c-6');
    copy1.rename('Fay 1');
    copy2.rename('Fay 2');

    await em1.flush();
    await expect(em2.flush()).rejects.toBeInstanceOf(OptimisticLockError);

    expect(await row('c-6')).toEqual({ name: 'Fay 1', version: 1 });
    expect((await eventsOf('c-6')).map((e) => e.data)).toEqual([
      { customerId: 'c-6', name: 'Fay' },
      { customerId: 'c-6', name: 'Fay 1' },
    ]);
  });

  it('appends events recorded without any state change', async () => {
    await orm.em.fork().transactional(async (em) => {
      em.persist(Customer.register('c-7', 'Gus'));
    });
    const em = orm.em.fork();
    const customer = await em.findOneOrFail(Customer, 'c-7');
    customer.ping();
    await em.flush();

    expect((await eventsOf('c-7')).map((e) => e.type)).toEqual([
      'customer.registered',
      'customer.pinged',
    ]);
    expect(customer.pendingEvents).toEqual([]);
    expect(await row('c-7')).toEqual({ name: 'Gus', version: 0 });
  });

  it('a detached subscriber appends nothing', async () => {
    const extra = new StateStoredEventsSubscriber(store, new EventTypeRegistry(CUSTOMER_EVENTS));
    orm.em.getEventManager().registerSubscriber(extra);
    extra.detach();

    await orm.em.fork().transactional(async (em) => {
      em.persist(Customer.register('c-8', 'Hal'));
    });

    expect(await eventsOf('c-8')).toHaveLength(1);
  });
});
