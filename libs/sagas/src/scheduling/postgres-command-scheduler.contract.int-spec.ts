import { afterAll, beforeAll } from '@jest/globals';
import { FakeClock, uniqueName } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { describeCommandSchedulerContract } from '../testing/command-scheduler.contract.js';
import { PostgresCommandScheduler } from './postgres-command-scheduler.js';
import { migrateScheduling } from './scheduling-schema.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});

describeCommandSchedulerContract('postgres', async (registry) => {
  const schema = uniqueName('sched');
  await migrateScheduling(orm.em.getConnection(), { schema });
  const clock = new FakeClock();
  return {
    adapter: new PostgresCommandScheduler(orm.em, registry, { schema, clock }),
    clock,
    advanceTime: (ms) => clock.advance(ms),
    dispose: async () => {
      await orm.em.getConnection().execute(`DROP SCHEMA "${schema}" CASCADE`);
    },
  };
});
