import { describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  EventStore,
  EventTypeRegistry,
  InMemoryEventStore,
  InMemorySnapshotStore,
  InMemoryUnitOfWork,
  SnapshotStore,
  UnitOfWork,
} from '@cqrs-ddd/core';
import { Injectable, Module, type DynamicModule, type Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import type { HookedEventStore } from '../hooks/hooked-event-store.js';
import { InvalidAggregateClassError } from '../errors/invalid-aggregate-class.error.js';
import { InvalidUpcasterError } from '../errors/invalid-upcaster.error.js';
import type { AggregateRepository } from '../repository/aggregate-repository.js';
import { ItemAdded, ORDER_EVENTS, Order, OrderCreated } from '../repository/order.fixture.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { SnapshotStrategies } from '../snapshots/snapshot-strategies.js';
import type { EventUpcaster } from '../upcasting/event-upcaster.js';
import { EventDeserializer } from '../upcasting/event-deserializer.js';
import { Upcaster } from '../upcasting/upcaster.decorator.js';
import { UpcasterRegistry } from '../upcasting/upcaster-registry.js';
import type { EventStoreModuleOptions } from './event-store-module.options.js';
import type { EventStoreOptionsFactory } from './event-store.module-definition.js';
import { EventStoreModule } from './event-store.module.js';
import {
  EVENT_STORE_UNIT_OF_WORK,
  InjectAggregateRepository,
  getAggregateRepositoryToken,
} from './event-store.tokens.js';
import { OpenOrder, OpenOrderHandler } from './open-order.fixture.js';

@Injectable()
class OrderService {
  constructor(@InjectAggregateRepository(Order) readonly orders: AggregateRepository<Order>) {}

  async open(id: string): Promise<Order> {
    const order = Order.create(id, 'c-1');
    order.addItem('p-1', 2);
    await this.orders.save(order);
    return this.orders.load(id);
  }
}

@Module({
  imports: [EventStoreModule.forFeature([Order])],
  providers: [OrderService],
  exports: [OrderService],
})
class OrdersModule {}

const memory: EventStoreModuleOptions = { driver: 'memory', events: ORDER_EVENTS };

async function boot(...imports: Array<DynamicModule | Type>) {
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  await moduleRef.init();
  return moduleRef;
}

async function expectWorkingOrders(root: DynamicModule) {
  const moduleRef = await boot(root, OrdersModule);
  try {
    const order = await moduleRef.get(OrderService).open('o-1');
    expect(order).toMatchObject({ id: 'o-1', items: { 'p-1': 2 }, version: 2 });
    expect(await moduleRef.get(EventStore).streamVersion('o-1')).toBe(2);
  } finally {
    await moduleRef.close();
  }
}

@Injectable()
class Settings {
  readonly options: EventStoreModuleOptions = memory;
}
@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

@Injectable()
class OptionsFactory implements EventStoreOptionsFactory {
  createEventStoreOptions(): EventStoreModuleOptions {
    return memory;
  }
}
@Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
class OptionsFactoryModule {}

describe('EventStoreModule: forRoot / forRootAsync', () => {
  it('forRoot (memory): provides the ports, the registry, upcasting and the unit of work', async () => {
    const moduleRef = await boot(EventStoreModule.forRoot(memory));
    try {
      expect((moduleRef.get(EventStore) as HookedEventStore).inner).toBeInstanceOf(
        InMemoryEventStore,
      );
      expect(moduleRef.get(SnapshotStore)).toBeInstanceOf(InMemorySnapshotStore);
      expect(moduleRef.get(EVENT_STORE_UNIT_OF_WORK)).toBeInstanceOf(InMemoryUnitOfWork);
      expect(moduleRef.get(EventTypeRegistry).types()).toEqual(ORDER_EVENTS.map((e) => e.type));
      expect(moduleRef.get(EventDeserializer)).toBeInstanceOf(EventDeserializer);
      expect(moduleRef.get(UpcasterRegistry)).toBeInstanceOf(UpcasterRegistry);
    } finally {
      await moduleRef.close();
    }
  });

  it('forRoot + forFeature: repositories are injected with @InjectAggregateRepository', async () => {
    await expectWorkingOrders(EventStoreModule.forRoot(memory));
  });

  it('forRootAsync with useFactory, inject and imports', async () => {
    await expectWorkingOrders(
      EventStoreModule.forRootAsync({
        imports: [SettingsModule],
        inject: [Settings],
        useFactory: (settings: Settings) => settings.options,
      }),
    );
  });

  it('forRootAsync with useClass', async () => {
    await expectWorkingOrders(EventStoreModule.forRootAsync({ useClass: OptionsFactory }));
  });

  it('forRootAsync with useExisting', async () => {
    await expectWorkingOrders(
      EventStoreModule.forRootAsync({
        imports: [OptionsFactoryModule],
        useExisting: OptionsFactory,
      }),
    );
  });

  it.each([
    [
      'an unknown driver',
      { driver: 'mysql' },
      /`driver` must be one of 'postgres', 'memory', got "mysql"/,
    ],
    ['no driver', {}, /`driver` must be one of/],
    [
      'a bad unknownEventTypes',
      { driver: 'memory', unknownEventTypes: 'ignore' },
      /unknownEventTypes/,
    ],
    ['a bad snapshot mode', { driver: 'memory', snapshots: { mode: 'later' } }, /snapshots\.mode/],
  ])(
    'rejects %s at start-up with EventStoreConfigurationError',
    async (_case, options, message) => {
      const error = await boot(
        EventStoreModule.forRoot(options as unknown as EventStoreModuleOptions),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreConfigurationError);
      expect((error as Error).message).toMatch(message);
    },
  );

  it('the postgres driver needs the app to import MikroOrmModule', async () => {
    const error = await boot(EventStoreModule.forRoot({ driver: 'postgres' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EventStoreConfigurationError);
    expect((error as Error).message).toMatch(/MikroOrmModule/);
  });
});

describe('EventStoreModule.forFeature', () => {
  it('exports exactly the repositories of its aggregates', () => {
    class Invoice extends Order {
      static override readonly aggregateType = 'Invoice';
    }
    const feature = EventStoreModule.forFeature([Order, { aggregate: Invoice }]);
    expect(feature.exports).toEqual([
      getAggregateRepositoryToken(Order),
      getAggregateRepositoryToken(Invoice),
    ]);
    expect(getAggregateRepositoryToken(Invoice)).not.toBe(getAggregateRepositoryToken(Order));
    expect(getAggregateRepositoryToken(Order)).toBe(getAggregateRepositoryToken(Order));
  });

  it('keeps two aggregate classes with the same name apart', async () => {
    const { Order: Homonym } = {
      Order: class extends Order {
        static override readonly aggregateType = 'LegacyOrder';
      },
    };
    expect(Homonym.name).toBe('Order');
    expect(getAggregateRepositoryToken(Homonym).description).toMatch(
      /^AggregateRepository<Order>#\d+$/,
    );

    @Injectable()
    class Both {
      constructor(
        @InjectAggregateRepository(Order) readonly orders: AggregateRepository<Order>,
        @InjectAggregateRepository(Homonym) readonly legacy: AggregateRepository<Order>,
      ) {}
    }
    @Module({ imports: [EventStoreModule.forFeature([Order])], providers: [], exports: [] })
    class First {}
    @Module({
      imports: [EventStoreModule.forFeature([Homonym]), EventStoreModule.forFeature([Order])],
      providers: [Both],
    })
    class Second {}
    const moduleRef = await boot(EventStoreModule.forRoot(memory), First, Second);
    try {
      const both = moduleRef.get(Both);
      expect([both.orders.aggregateType, both.legacy.aggregateType]).toEqual([
        'Order',
        'LegacyOrder',
      ]);
    } finally {
      await moduleRef.close();
    }
  });

  it('repositories are visible only to modules importing the feature', async () => {
    @Injectable()
    class Outsider {
      constructor(@InjectAggregateRepository(Order) readonly orders: unknown) {}
    }
    @Module({ providers: [Outsider] })
    class OutsiderModule {}
    await expect(boot(EventStoreModule.forRoot(memory), OutsiderModule)).rejects.toThrow(
      /AggregateRepository<Order>/,
    );
  });

  it('rejects an aggregate without a stable aggregate type at once', () => {
    class Anonymous extends Order {}
    Object.defineProperty(Anonymous, 'aggregateType', { value: undefined });
    expect(() => EventStoreModule.forFeature([Anonymous])).toThrow(InvalidAggregateClassError);
    expect(() =>
      EventStoreModule.forFeature([{ aggregate: Anonymous, aggregateType: 'Anon' }]),
    ).not.toThrow();
  });

  it('registers feature events and discovers the feature upcasters', async () => {
    @Upcaster({ type: OrderCreated.type, from: 1 })
    class OrderCreatedV1 implements EventUpcaster {
      upcast(data: Record<string, unknown>) {
        return { ...data, currency: 'CHF' };
      }
    }
    const moduleRef = await boot(
      EventStoreModule.forRoot({ driver: 'memory' }),
      EventStoreModule.forFeature([Order], { events: ORDER_EVENTS, upcasters: [OrderCreatedV1] }),
    );
    try {
      expect(moduleRef.get(EventTypeRegistry).has(ItemAdded.type)).toBe(true);
      await moduleRef
        .get(EventStore)
        .append('o-1', [
          { type: OrderCreated.type, version: 1, data: { orderId: 'o-1', customerId: 'c' } },
        ]);
      const orders = moduleRef.get<AggregateRepository<Order>>(getAggregateRepositoryToken(Order));
      expect(await orders.load('o-1')).toMatchObject({ currency: 'CHF', customerId: 'c' });
    } finally {
      await moduleRef.close();
    }
  });

  it('fails at start-up on conflicting upcasters', async () => {
    @Upcaster({ type: OrderCreated.type, from: 1 })
    class First implements EventUpcaster {
      upcast(data: Record<string, unknown>) {
        return data;
      }
    }
    const error = await boot(
      EventStoreModule.forRoot({
        ...memory,
        upcasters: [{ type: OrderCreated.type, from: 1, upcast: (data) => data }],
      }),
      EventStoreModule.forFeature([Order], { upcasters: [First] }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidUpcasterError);
    expect((error as Error).message).toMatch(
      /First.*options\.upcasters\[0\]|options\.upcasters\[0\].*First/,
    );
  });

  it('applies snapshot settings: module defaults, feature options, entry overrides', async () => {
    const moduleRef = await boot(
      EventStoreModule.forRoot({
        ...memory,
        snapshots: { strategy: SnapshotStrategies.everyNEvents(1), mode: 'async' },
      }),
      EventStoreModule.forFeature([
        { aggregate: Order, snapshots: { mode: 'inline', revision: 3 } },
      ]),
    );
    try {
      const orders = moduleRef.get<AggregateRepository<Order>>(getAggregateRepositoryToken(Order));
      await orders.save(Order.create('o-1', 'c-1'));
      expect(await moduleRef.get(SnapshotStore).load('o-1')).toMatchObject({
        version: 1,
        type: 'Order',
        schemaVersion: 3,
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('rejects snapshot settings for an aggregate without snapshot hooks at start-up', async () => {
    class Plain extends Order {
      static override readonly aggregateType = 'Plain';
    }
    Object.defineProperty(Plain.prototype, 'toSnapshot', {
      value: Object.getPrototypeOf(Order.prototype).toSnapshot,
    });
    const error = await boot(
      EventStoreModule.forRoot(memory),
      EventStoreModule.forFeature([Plain], {
        snapshots: { strategy: SnapshotStrategies.everyNEvents(10) },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAggregateClassError);
    expect((error as Error).message).toMatch(/does not override toSnapshot\(\)/);
  });

  it('waits for background snapshots on shutdown', async () => {
    const moduleRef = await boot(
      EventStoreModule.forRoot({
        ...memory,
        snapshots: { strategy: SnapshotStrategies.everyNEvents(1), mode: 'async' },
      }),
      EventStoreModule.forFeature([Order]),
    );
    const orders = moduleRef.get<AggregateRepository<Order>>(getAggregateRepositoryToken(Order));
    const snapshots = moduleRef.get(SnapshotStore);
    await orders.save(Order.create('o-1', 'c-1'));
    expect(await snapshots.load('o-1')).toBeNull();

    await moduleRef.close();

    expect(await snapshots.load('o-1')).toMatchObject({ version: 1 });
    expect(moduleRef.get(BackgroundSnapshotWriter)).toBeInstanceOf(BackgroundSnapshotWriter);
  });
});

describe('EventStoreModule with CqrsDddModule', () => {
  it('is picked up by CqrsDddModule.forRoot() without wiring: one unit of work for both', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({ context: { http: false }, pipeline: { logging: false } }),
        EventStoreModule.forRoot(memory),
        EventStoreModule.forFeature([Order]),
      ],
      providers: [OpenOrderHandler],
    }).compile();
    await moduleRef.init();
    try {
      const unitOfWork = moduleRef.get(EVENT_STORE_UNIT_OF_WORK) as InMemoryUnitOfWork;
      expect(moduleRef.get(UnitOfWork)).toBe(unitOfWork);
      await moduleRef.get(CommandBus).execute(new OpenOrder('o-2'));
      expect(unitOfWork.committed).toBe(1);
    } finally {
      await moduleRef.close();
    }
  });

  it('hands its unit of work to the pipeline: commands save inside it, with metadata', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRootAsync({
          imports: [EventStoreModule.forRoot(memory)],
          inject: [EVENT_STORE_UNIT_OF_WORK],
          useFactory: (unitOfWork: UnitOfWork) => ({
            unitOfWork,
            context: { http: false },
            pipeline: { logging: false },
          }),
        }),
        EventStoreModule.forFeature([Order]),
      ],
      providers: [OpenOrderHandler],
    }).compile();
    await moduleRef.init();
    try {
      const unitOfWork = moduleRef.get(EVENT_STORE_UNIT_OF_WORK) as InMemoryUnitOfWork;
      expect(moduleRef.get(UnitOfWork)).toBe(unitOfWork);

      await expect(moduleRef.get(CommandBus).execute(new OpenOrder('o-1'))).resolves.toEqual({
        version: 2,
        inUnit: true,
      });

      expect(unitOfWork.committed).toBe(1);
      const [stored] = await moduleRef.get(EventStore).readAll();
      expect(stored).toMatchObject({ streamId: 'o-1', type: OrderCreated.type });
      expect(stored.metadata).toEqual({
        correlationId: expect.any(String),
        causationId: expect.any(String),
      });
    } finally {
      await moduleRef.close();
    }
  });
});
