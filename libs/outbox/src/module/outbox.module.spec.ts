import { describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  EventStore,
  InMemoryMessagePublisher,
  isValidationError,
} from '@cqrs-ddd/core';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { isOutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import type { OutboxModuleOptions } from './outbox-module.options.js';
import type { OutboxOptionsFactory } from './outbox.module-definition.js';
import { OutboxModule } from './outbox.module.js';
import { OutboxService } from './outbox.service.js';

const transport = new InMemoryMessagePublisher();
const closed: string[] = [];

const publishers: OutboxModuleOptions['publishers'] = [
  {
    name: 'orders',
    select: { types: ['order.confirmed'] },
    transport: Object.assign(transport, { close: async () => void closed.push('orders') }),
    run: { idlePollMs: 50, leaseTtlMs: 500, retry: { maxAttempts: 1 } },
  },
];

@Injectable()
class OptionsFromClass implements OutboxOptionsFactory {
  createOutboxOptions(): OutboxModuleOptions {
    return { coordination: 'memory', publishers };
  }
}
@Module({ providers: [OptionsFromClass], exports: [OptionsFromClass] })
class OptionsModule {}

async function boot(outbox: DynamicModule): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CqrsDddModule.forRoot({ modules: [EventStoreModule.forRoot({ driver: 'memory' })] }),
      outbox,
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

async function confirm(moduleRef: TestingModule, orderId: string) {
  return moduleRef.get(EventStore).append(orderId, [
    { type: 'order.created', version: 1, data: { orderId }, metadata: { tenantId: 'acme' } },
    { type: 'order.confirmed', version: 1, data: { orderId }, metadata: { tenantId: 'acme' } },
  ]);
}

describe('OutboxModule (memory coordination)', () => {
  it.each([
    ['forRoot', () => OutboxModule.forRoot({ coordination: 'memory', publishers })],
    [
      'forRootAsync useFactory',
      () =>
        OutboxModule.forRootAsync({
          useFactory: async () => ({ coordination: 'memory' as const, publishers }),
        }),
    ],
    [
      'forRootAsync useClass',
      () => OutboxModule.forRootAsync({ imports: [OptionsModule], useClass: OptionsFromClass }),
    ],
  ])('%s: relays the selected events and reports status', async (_, module) => {
    transport.clear();
    const moduleRef = await boot(module());
    try {
      const orderId = `order-${Math.random()}`;
      const { position } = await confirm(moduleRef, orderId);
      const outbox = moduleRef.get(OutboxService);
      await expect(outbox.waitUntilPublished('orders', position!, 3_000)).resolves.toBe(true);
      expect(transport.published().map((m) => [m.type, m.payload])).toEqual([
        ['order.confirmed', { orderId }],
      ]);
      const [status] = await outbox.status();
      expect(status).toMatchObject({
        name: 'orders',
        processorName: 'outbox:orders',
        active: true,
        eventsBehind: 0,
        parked: 0,
        published: 1,
        failed: 0,
      });
    } finally {
      await moduleRef.close();
    }
    expect(closed.at(-1)).toBe('orders');
  });

  it('lists, retries and skips parked messages through the service', async () => {
    transport.clear();
    const moduleRef = await boot(OutboxModule.forRoot({ coordination: 'memory', publishers }));
    try {
      const outbox = moduleRef.get(OutboxService);
      transport.simulateOutage({
        error: new MessageRejectedError('m', 'over the size limit'),
      });
      const { position } = await confirm(moduleRef, 'order-parked');
      await expect(outbox.waitUntilPublished('orders', position!, 3_000)).resolves.toBe(true);
      const [parked] = await outbox.listParked('orders');
      expect(parked).toMatchObject({ type: 'order.confirmed', streamId: 'order-parked' });
      transport.endOutage();
      await outbox.retryParked('orders', parked.eventId);
      expect(transport.published().map((m) => m.messageId)).toEqual([parked.eventId]);
      await expect(outbox.listParked('orders')).resolves.toEqual([]);
      await expect(outbox.skipParked('orders', parked.eventId)).rejects.toMatchObject({
        code: 'PARKED_EVENT_NOT_FOUND',
      });
      expect(() => outbox.listParked('nope')).toThrow(/No outbox publisher is named "nope"/);
    } finally {
      await moduleRef.close();
    }
  });

  it.each([
    [{ publishers: undefined }, 'publishers'],
    [{ publishers: [{ name: 'x', select: {}, transport }] }, 'publishers.0.select'],
    [
      { publishers: [{ name: 'bad name', select: { types: ['a'] }, transport }] },
      'publishers.0.name',
    ],
    [
      { publishers: [{ name: 'x', select: { types: ['a'] }, transport: {} }] },
      'publishers.0.transport',
    ],
    [
      {
        publishers: [
          { name: 'x', select: { types: ['a'] }, transport },
          { name: 'x', select: { types: ['b'] }, transport },
        ],
      },
      'publishers.1.name',
    ],
  ])('refuses invalid options with a ValidationError naming %#', async (options, path) => {
    const error = await boot(
      OutboxModule.forRoot({
        coordination: 'memory',
        ...(options as unknown as OutboxModuleOptions),
      }),
    ).catch((caught: unknown) => caught);
    expect(isValidationError(error)).toBe(true);
    expect((error as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toContain(
      path,
    );
  });

  it("refuses the 'postgres' coordination without MikroORM, saying what to import", async () => {
    const error = await boot(OutboxModule.forRoot({ publishers })).catch(
      (caught: unknown) => caught,
    );
    expect(isOutboxConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/MikroOrmModule\.forRoot/);
  });
});
