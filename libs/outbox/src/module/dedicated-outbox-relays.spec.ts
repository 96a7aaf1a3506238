import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  EventStore,
  InMemoryMessagePublisher,
  type LogPosition,
  runInContext,
  type StorageTarget,
  StorageTargets,
} from '@cqrs-ddd/core';
import { FakeStorageTargets, pollUntil } from '@cqrs-ddd/core/testing';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { ProjectionsModule } from '@cqrs-ddd/projections';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { OutboxModule } from './outbox.module.js';
import { OutboxService } from './outbox.service.js';

const schemaTarget = (tenantId: string): StorageTarget => ({
  key: `schema:tenant_${tenantId}`,
  tenantId,
  schema: `tenant_${tenantId}`,
});
const ACME = schemaTarget('acme');
const BETA = schemaTarget('beta');

const booted: TestingModule[] = [];
afterEach(async () => {
  await Promise.all(booted.splice(0).map((moduleRef) => moduleRef.close()));
});

/**
 * The memory event store routed over `targets` (acme in a schema of its own; any other tenant
 * on the shared target), the outbox publishing `order.confirmed` to an in-memory transport,
 * and `ProjectionsModule` unless `projections` is off.
 */
async function boot(targets: FakeStorageTargets, { projections = true } = {}) {
  @Global()
  @Module({
    providers: [{ provide: StorageTargets, useValue: targets }],
    exports: [StorageTargets],
  })
  class StorageTargetsModule {}

  const transport = new InMemoryMessagePublisher();
  const imports: DynamicModule[] = [
    CqrsDddModule.forRoot({
      context: { http: false },
      pipeline: { logging: false },
      modules: [EventStoreModule.forRoot({ driver: 'memory' })],
    }),
    OutboxModule.forRoot({
      coordination: 'memory',
      publishers: [
        {
          name: 'orders',
          select: { types: ['order.confirmed'] },
          transport,
          run: { idlePollMs: 20, leaseTtlMs: 500 },
        },
      ],
    }),
    ...(projections ? [ProjectionsModule.forRoot({ store: 'memory' })] : []),
  ];
  const moduleRef = await Test.createTestingModule({
    imports: [StorageTargetsModule, ...imports],
  }).compile();
  booted.push(moduleRef);
  await moduleRef.init();
  const outbox = moduleRef.get(OutboxService);
  const eventStore = moduleRef.get(EventStore);

  /** Appends `order.created` + `order.confirmed` to `orderId` as a request of `tenantId`. */
  const confirm = async (tenantId: string, orderId: string): Promise<LogPosition> => {
    await targets.prepare(tenantId);
    const { position } = await runInContext({ tenantId }, () =>
      eventStore.append(
        orderId,
        ['order.created', 'order.confirmed'].map((type) => ({
          type,
          version: 1,
          data: { orderId },
          metadata: { tenantId },
        })),
      ),
    );
    return position!;
  };
  /** Waits until the transport got the messages of `orderIds`; returns [key, tenant] pairs. */
  const publishedFor = async (...orderIds: string[]) => {
    const messages = await pollUntil(
      async () => transport.published().filter((m) => orderIds.includes(m.key!)),
      (list) => list.length >= orderIds.length,
    );
    return messages.map((m) => [m.key, m.headers.tenantId]).sort();
  };
  return { moduleRef, outbox, transport, confirm, publishedFor };
}

describe('OutboxModule with storage targets (memory)', () => {
  it("relays the shared log and every dedicated target's own, with each event's tenant", async () => {
    const targets = new FakeStorageTargets([ACME]);
    const { outbox, transport, confirm, publishedFor } = await boot(targets);
    const id = `o-${Math.random()}`;
    await confirm('acme', `${id}-acme`);
    await confirm('globex', `${id}-globex`); // on the shared target
    expect(await publishedFor(`${id}-acme`, `${id}-globex`)).toEqual([
      [`${id}-acme`, 'acme'],
      [`${id}-globex`, 'globex'],
    ]);

    // A tenant provisioned with a schema of its own while the app runs.
    targets.add(BETA);
    await pollUntil(
      async () => outbox.targets(),
      (keys) => keys.includes(BETA.key),
    );
    const position = await confirm('beta', `${id}-beta`);
    await expect(outbox.waitUntilPublished('orders', position, 3_000, BETA.key)).resolves.toBe(
      true,
    );
    expect(await publishedFor(`${id}-beta`)).toEqual([[`${id}-beta`, 'beta']]);
    // Exactly once each, and only the selected type.
    expect(transport.published().map((m) => m.type)).toEqual([
      'order.confirmed',
      'order.confirmed',
      'order.confirmed',
    ]);

    expect(outbox.targets()).toEqual(['shared', ACME.key, BETA.key]);
    const status = await outbox.status();
    expect(status.map(({ name, target, tenantId }) => ({ name, target, tenantId }))).toEqual([
      { name: 'orders', target: 'shared', tenantId: undefined },
      { name: 'orders', target: ACME.key, tenantId: 'acme' },
      { name: 'orders', target: BETA.key, tenantId: 'beta' },
    ]);
    await pollUntil(
      () => outbox.status(),
      (list) => list.every((s) => s.active && s.eventsBehind === 0 && s.published === 1),
    );
    expect(() => outbox.listParked('orders', 10, 'schema:nope')).toThrow(
      /relays no storage target "schema:nope"; known: shared, schema:tenant_acme, schema:tenant_beta/,
    );
    await expect(outbox.listParked('orders', 10, ACME.key)).resolves.toEqual([]);
  });

  it('stops and starts the relays of the dedicated targets with the outbox', async () => {
    const targets = new FakeStorageTargets([ACME]);
    const { outbox, transport, confirm, publishedFor } = await boot(targets);
    const id = `o-${Math.random()}`;
    await confirm('acme', `${id}-1`);
    await publishedFor(`${id}-1`);

    await outbox.stop();
    const [, acme] = await outbox.status();
    expect(acme).toMatchObject({ target: ACME.key, active: false });
    const position = await confirm('acme', `${id}-2`);
    await expect(outbox.waitUntilPublished('orders', position, 300, ACME.key)).resolves.toBe(false);
    expect(transport.published().filter((m) => m.key === `${id}-2`)).toEqual([]);

    outbox.start();
    await expect(outbox.waitUntilPublished('orders', position, 3_000, ACME.key)).resolves.toBe(
      true,
    );
    expect(await publishedFor(`${id}-2`)).toEqual([[`${id}-2`, 'acme']]);
  });

  it('relays the shared target only without ProjectionsModule', async () => {
    const targets = new FakeStorageTargets([ACME]);
    const { outbox, transport, confirm, publishedFor } = await boot(targets, {
      projections: false,
    });
    const id = `o-${Math.random()}`;
    const acme = await confirm('acme', `${id}-acme`);
    await confirm('globex', `${id}-globex`);
    expect(await publishedFor(`${id}-globex`)).toEqual([[`${id}-globex`, 'globex']]);
    expect(outbox.targets()).toEqual(['shared']);
    expect((await outbox.status()).map((s) => s.target)).toEqual(['shared']);
    expect(() => outbox.waitUntilPublished('orders', acme, 100, ACME.key)).toThrow(
      /relays no storage target/,
    );
    expect(transport.published().map((m) => m.key)).toEqual([`${id}-globex`]);
  });
});
