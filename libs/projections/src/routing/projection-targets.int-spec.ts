import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EventStore, type StorageTarget, TargetEventStores } from '@cqrs-ddd/core';
import { FakeStorageTargets } from '@cqrs-ddd/core/testing';
import { migrateEventStore, PostgresEventStore } from '@cqrs-ddd/event-store';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import { MikroORM as CoreMikroORM } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Provider } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { MongoReadModelStore } from '../mongo/mongo-read-model.store.js';
import type {
  ProjectionsModuleOptions,
  ReadModelStoreDriver,
} from '../module/projections-module.options.js';
import { createTestMongoConnection, describeMongoTarget } from '../testing/mongo-test-database.js';
import {
  type Balance,
  BalanceProjection,
  BalanceQueries,
  depositIn,
} from '../module/projections-module.fixture.js';
import { ProjectionsService } from '../module/projections.service.js';
import { asTenant, bootRouted, readBalance } from './projection-targets.fixture.js';
import { schemaTarget } from './target-event-stores.fixture.js';
import { isDedicatedTarget } from './target-infrastructure.js';

describe('ProjectionsModule with storage targets on PostgreSQL', () => {
  let orm: MikroORM;
  const schemas: string[] = [];
  const eventStores: PostgresEventStore[] = [];
  const modules: TestingModule[] = [];

  beforeAll(async () => {
    orm = await createTestOrm();
  });
  afterAll(async () => {
    for (const moduleRef of modules) await moduleRef.close();
    for (const store of eventStores) await store.close();
    for (const schema of schemas) {
      await orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
    await orm.close();
  });

  /** A fresh schema name (dropped after the file). */
  function schemaName(prefix: string): string {
    const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    return schema;
  }

  /** A PostgreSQL event store in `schema` (migrated), polled instead of notified. */
  async function eventStoreIn(schema: string): Promise<PostgresEventStore> {
    await migrateEventStore(orm, { schema });
    const store = new PostgresEventStore(orm.em, {
      schema,
      notifications: false,
      pollIntervalMs: 50,
    });
    eventStores.push(store);
    return store;
  }

  /** Each dedicated target's log in the target's own schema, next to its projections tables. */
  class SchemaTargetEventStores extends TargetEventStores {
    private readonly stores = new Map<string, Promise<EventStore>>();
    constructor(private readonly shared: EventStore) {
      super();
    }
    forTarget(target: StorageTarget): Promise<EventStore> {
      if (!isDedicatedTarget(target)) return Promise.resolve(this.shared);
      let store = this.stores.get(target.key);
      if (!store) {
        store = eventStoreIn(target.schema!);
        this.stores.set(target.key, store);
      }
      return store;
    }
  }

  /** The app with tenant `beta` in a schema of its own and the others on shared tables. */
  async function boot(
    options: Omit<ProjectionsModuleOptions, 'store'> & { store?: ReadModelStoreDriver } = {},
    providers: Provider[] = [],
  ) {
    const sharedSchema = schemaName('proj_shared');
    const beta = schemaTarget('beta', schemaName('tenant_beta'));
    const shared = await eventStoreIn(schemaName('es_shared'));
    const storageTargets = new FakeStorageTargets([beta]);
    const targetEventStores = new SchemaTargetEventStores(shared);
    const moduleRef = await bootRouted(
      { store: 'postgres', ...options, postgres: { schema: sharedSchema } },
      {
        eventStore: shared,
        storageTargets,
        targetEventStores,
        providers: [{ provide: CoreMikroORM, useValue: orm }, ...providers],
      },
    );
    modules.push(moduleRef);
    const betaLog = await targetEventStores.forTarget(beta);
    return { moduleRef, sharedSchema, beta, shared, betaLog, storageTargets };
  }

  const rows = (sql: string) => orm.em.getConnection().execute<Record<string, unknown>[]>(sql);

  it("keeps a schema target's read models, checkpoints and generations in its schema", async () => {
    const { moduleRef, sharedSchema, beta, shared, betaLog, storageTargets } = await boot();
    await depositIn(shared, 'acme', 'a-1', 10);
    await depositIn(betaLog, 'beta', 'a-1', 7);
    await depositIn(betaLog, 'beta', 'a-2', 1);
    const { balances } = moduleRef.get(BalanceQueries);
    const wait = (tenantId: string, streamId: string) =>
      asTenant(storageTargets, tenantId, () => balances.waitFor({ streamId, version: 1 }, 10_000));
    await expect(wait('beta', 'a-2')).resolves.toBe(true);
    await expect(wait('acme', 'a-1')).resolves.toBe(true);

    const documents = (schema: string) =>
      rows(
        `SELECT tenant_id, id, document FROM "${schema}".read_model_documents ` +
          `WHERE collection = 'balances_g1' ORDER BY tenant_id, id`,
      );
    await expect(documents(beta.schema!)).resolves.toEqual([
      { tenant_id: 'beta', id: 'a-1', document: { id: 'a-1', balance: 7, deposits: 1 } },
      { tenant_id: 'beta', id: 'a-2', document: { id: 'a-2', balance: 1, deposits: 1 } },
    ]);
    await expect(documents(sharedSchema)).resolves.toEqual([
      { tenant_id: 'acme', id: 'a-1', document: { id: 'a-1', balance: 10, deposits: 1 } },
    ]);
    const checkpoints = await rows(
      `SELECT processor_name, global_position FROM "${beta.schema}".processor_checkpoints`,
    );
    expect(checkpoints).toEqual([
      { processor_name: 'projection:balances:g1', global_position: expect.anything() },
    ]);
    const states = await rows(`SELECT name FROM "${beta.schema}".projection_states`);
    expect(states).toEqual([{ name: 'balances' }]);
    await expect(readBalance(moduleRef, storageTargets, 'beta', 'a-1')).resolves.toEqual({
      id: 'a-1',
      balance: 7,
      deposits: 1,
    });
  });

  it("rebuilds one shared-table tenant's documents in one transaction, leaving the others", async () => {
    const { moduleRef, sharedSchema, shared, storageTargets } = await boot();
    await depositIn(shared, 'acme', 'r-1', 1, 2, 3);
    await depositIn(shared, 'acme', 'r-2', 13);
    const { streamVersion } = await depositIn(shared, 'globex', 'r-1', 5);
    const service = moduleRef.get(ProjectionsService);
    await service.waitFor('balances', { streamId: 'r-1', version: streamVersion }, 10_000);
    // Documents no event explains (a handler bug, a manual edit).
    await rows(
      `UPDATE "${sharedSchema}".read_model_documents ` +
        `SET document = jsonb_set(document, '{balance}', '-1') WHERE id = 'r-1'`,
    );
    const read = (tenantId: string, id: string) =>
      readBalance(moduleRef, storageTargets, tenantId, id);

    // A replay that fails half-way changes nothing: the deletion is rolled back with it.
    BalanceProjection.refuseThirteen = true;
    try {
      await expect(service.rebuild('balances', { tenantId: 'acme' })).rejects.toThrow(
        '13 is refused',
      );
    } finally {
      BalanceProjection.refuseThirteen = false;
    }
    await expect(read('acme', 'r-1')).resolves.toMatchObject({ balance: -1, deposits: 3 });
    await expect(read('acme', 'r-2')).resolves.toMatchObject({ balance: 13 });

    const result = await service.rebuild('balances', { tenantId: 'acme' });
    expect(result).toMatchObject({ mode: 'documents', target: 'shared', replayed: 4 });
    await expect(read('acme', 'r-1')).resolves.toEqual({ id: 'r-1', balance: 6, deposits: 3 });
    await expect(read('acme', 'r-2')).resolves.toEqual({ id: 'r-2', balance: 13, deposits: 1 });
    await expect(read('globex', 'r-1')).resolves.toEqual({ id: 'r-1', balance: -1, deposits: 1 });
    // The live processor goes on from its checkpoint.
    const next = await depositIn(shared, 'acme', 'r-1', 4);
    await service.waitFor('balances', { streamId: 'r-1', version: next.streamVersion }, 10_000);
    await expect(read('acme', 'r-1')).resolves.toMatchObject({ balance: 10, deposits: 4 });
  });

  it(`'mongo' (${describeMongoTarget()}): a dedicated target's read models in a database of its own`, async () => {
    const mongo = await createTestMongoConnection();
    const { connection } = mongo;
    try {
      const { moduleRef, beta, shared, betaLog, storageTargets } = await boot({ store: 'mongo' }, [
        { provide: getConnectionToken(), useValue: connection },
      ]);
      await depositIn(betaLog, 'beta', 'm-1', 7);
      const { streamVersion } = await depositIn(shared, 'acme', 'm-1', 2);
      const { balances } = moduleRef.get(BalanceQueries);
      const wait = (tenantId: string, version: number) =>
        asTenant(storageTargets, tenantId, () =>
          balances.waitFor({ streamId: 'm-1', version }, 10_000),
        );
      await expect(wait('beta', 1)).resolves.toBe(true);
      await expect(wait('acme', streamVersion)).resolves.toBe(true);

      const targetDb = connection.useDb(`${connection.name}_schema_${beta.schema}`);
      try {
        const read = (db: Connection, tenantId: string) =>
          new MongoReadModelStore(db).collection<Balance>('balances_g1', { tenantId }).get('m-1');
        await expect(read(targetDb, 'beta')).resolves.toEqual({
          id: 'm-1',
          balance: 7,
          deposits: 1,
        });
        await expect(read(connection, 'beta')).resolves.toBeUndefined();
        await expect(read(connection, 'acme')).resolves.toMatchObject({ balance: 2 });
        await expect(
          targetDb.collection('processor_checkpoints').countDocuments(),
        ).resolves.toBeGreaterThan(0);
        modules.splice(modules.indexOf(moduleRef), 1);
        await moduleRef.close(); // before the databases go
      } finally {
        await targetDb.dropDatabase();
      }
    } finally {
      await mongo.dispose();
    }
  });
});
