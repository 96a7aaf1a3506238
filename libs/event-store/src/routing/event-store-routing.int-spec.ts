import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStore, TargetEventStores, type UnitOfWork } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { CommandBus } from '@nestjs/cqrs';
import { AggregateRepositoryFactory } from '../module/aggregate-repository.factory.js';
import {
  EVENT_STORE_UNIT_OF_WORK,
  getAggregateRepositoryToken,
} from '../module/event-store.tokens.js';
import type { AggregateRepository } from '../repository/aggregate-repository.js';
import { Order } from '../repository/order.fixture.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { SnapshotStrategies } from '../snapshots/snapshot-strategies.js';
import {
  bootRoutedPostgresApp,
  PlaceOrder,
  TENANTS,
  type RoutedPostgresApp,
  type Tenant,
} from './routed-postgres-app.fixture.js';

// One EventStoreModule.forRoot({ driver: 'postgres', postgres: { migrate: true } }), four tenants:
// on the shared tables, in a schema of their own, in databases of their own.
let routed: RoutedPostgresApp;

beforeAll(async () => {
  routed = await bootRoutedPostgresApp();
});

afterAll(async () => {
  await routed?.close();
});

const execute = (tenant: Tenant, command: PlaceOrder) =>
  routed.asTenant(tenant, () => routed.app.get(CommandBus).execute(command));

const streamsIn = async (tenant: Tenant) =>
  (
    await routed.rawQuery<{ stream_id: string; type: string }>(
      tenant,
      'SELECT stream_id, type FROM <schema>.cqrs_messages',
    )
  ).map((row) => `${row.stream_id}:${row.type}`);

describe('EventStoreModule (postgres) routed to storage targets', () => {
  it("appends each tenant's events, entities' events included, to its own schema or database", async () => {
    for (const tenant of TENANTS) {
      const result = await execute(tenant, new PlaceOrder(`o-${tenant}`, `c-${tenant}`));
      expect(result).toEqual({ version: 2, inUnit: true });
    }

    for (const tenant of TENANTS) {
      // Exactly once each: one state-stored events subscriber per MikroORM.
      expect((await streamsIn(tenant)).sort()).toEqual([
        `c-${tenant}:customer.registered`,
        `o-${tenant}:order.created`,
        `o-${tenant}:order.item-added`,
      ]);
    }
    // The shared and the schema target share the app's MikroORM, so their entities are in the
    // app's database; each entity's events went to its tenant's log.
    const appCustomers = await routed.app
      .get(MikroORM)
      .em.getConnection()
      .execute<{ id: string }[]>('SELECT id FROM customers ORDER BY id');
    expect(appCustomers.map((row) => row.id)).toEqual(['c-acme', 'c-shared']);
    for (const tenant of ['globex', 'initech'] as const) {
      expect(await routed.rawQuery(tenant, 'SELECT id FROM customers')).toEqual([
        { id: `c-${tenant}` },
      ]);
    }
  });

  it('readAll of each target only returns its events', async () => {
    const stores = routed.app.get(TargetEventStores);
    for (const tenant of TENANTS) {
      const store = await stores.forTarget(routed.targetOf(tenant));
      // Gap-safe reads wait for every older transaction of the cluster (other test files').
      const own = await pollUntil(
        () => store.readAll(),
        (events) => new Set(events.map((event) => event.streamId)).size >= 2,
        20_000,
      );
      expect(new Set(own.map((event) => event.streamId))).toEqual(
        new Set([`c-${tenant}`, `o-${tenant}`]),
      );
      const tenantIds = new Set(own.map((event) => event.metadata.tenantId));
      expect(tenantIds).toEqual(new Set([tenant === 'shared' ? undefined : tenant]));
      const throughRoutedStore = await routed.asTenant(tenant, () =>
        routed.app.get(EventStore).readAll(),
      );
      expect(throughRoutedStore.map((event) => event.eventId)).toEqual(
        own.map((event) => event.eventId),
      );
    }
  });

  it("loads each tenant's aggregates from its own target only", async () => {
    const orders = routed.app.get<AggregateRepository<Order>>(getAggregateRepositoryToken(Order));
    for (const tenant of TENANTS) {
      const own = await routed.asTenant(tenant, () => orders.loadOrNull(`o-${tenant}`));
      expect(own).toMatchObject({ version: 2, customerId: `c-${tenant}`, items: { 'p-1': 1 } });
      for (const other of TENANTS.filter((t) => t !== tenant)) {
        expect(await routed.asTenant(other, () => orders.loadOrNull(`o-${tenant}`))).toBeNull();
      }
    }
  });

  it.each(['acme', 'globex'] as const)(
    'takes async snapshots in the target of the save, after its commit (%s)',
    async (tenant) => {
      const orders = routed.app.get(AggregateRepositoryFactory).create(Order, {
        snapshots: { strategy: SnapshotStrategies.everyNEvents(1), mode: 'async' },
      });
      const unitOfWork = routed.app.get<UnitOfWork>(EVENT_STORE_UNIT_OF_WORK);
      await routed.asTenant(tenant, () =>
        unitOfWork.run(() => orders.save(Order.create(`s-${tenant}`, 'c-1'))),
      );
      await routed.app.get(BackgroundSnapshotWriter).whenIdle();

      const snapshotsIn = (where: Tenant) =>
        routed.rawQuery(where, 'SELECT version FROM <schema>.cqrs_snapshots WHERE stream_id = ?', [
          `s-${tenant}`,
        ]);
      expect(await snapshotsIn(tenant)).toEqual([{ version: 1 }]);
      expect(await snapshotsIn('shared')).toEqual([]);
    },
  );

  it.each(['globex', 'initech'] as const)(
    'a failing command rolls back on a database target (%s): no events, no entity',
    async (tenant) => {
      const failing = new PlaceOrder(`o-${tenant}-2`, `c-${tenant}-2`, true);
      await expect(execute(tenant, failing)).rejects.toThrow('the handler failed after saving');

      const streams = (suffix: string) =>
        routed.rawQuery(
          tenant,
          'SELECT id FROM <schema>.cqrs_streams WHERE id LIKE ? ORDER BY id',
          [`%-${suffix}`],
        );
      expect(await streams('2')).toEqual([]);
      const customers = 'SELECT id FROM customers WHERE id = ?';
      expect(await routed.rawQuery(tenant, customers, [`c-${tenant}-2`])).toEqual([]);
      // The same command without the failure commits there.
      await execute(tenant, new PlaceOrder(`o-${tenant}-3`, `c-${tenant}-3`));
      expect(await streams('3')).toEqual([{ id: `c-${tenant}-3` }, { id: `o-${tenant}-3` }]);
    },
  );
});
