import { afterAll, beforeAll } from '@jest/globals';
import { describeEventStoreContract } from '@cqrs-ddd/core/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { PostgresEventStore } from './postgres-event-store.adapter.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});

describeEventStoreContract('PostgresEventStore', async () => {
  const { schema, drop } = await createEventStoreTestSchema(orm);
  const store = new PostgresEventStore(orm.em, { schema });
  return {
    adapter: store,
    dispose: async () => {
      await store.close();
      await drop();
    },
  };
});
