import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import { describeProjectionStateStoreContract } from '../testing/projection-state-store.contract.js';
import {
  createProjectionsTestSchema,
  useProjectionsTestDatabase,
} from '../testing/projections-test-schema.js';
import { PostgresProjectionStateStore } from './postgres-projection-state.store.js';

describe('PostgresProjectionStateStore (integration)', () => {
  const db = useProjectionsTestDatabase();

  describeProjectionStateStoreContract('PostgresProjectionStateStore', async () => {
    const { schema, drop } = await createProjectionsTestSchema(db.orm);
    return { adapter: new PostgresProjectionStateStore(db.orm.em, { schema }), dispose: drop };
  });

  it('stamps transitions with the injected clock', async () => {
    const clock = new FakeClock('2026-02-03T04:05:06.000Z');
    const store = new PostgresProjectionStateStore(db.orm.em, { schema: db.shared.schema, clock });
    await store.initialise('clocked', 1);
    clock.advance(1_000);
    expect((await store.beginRebuild('clocked', 2)).updatedAt).toBe('2026-02-03T04:05:07.000Z');
  });

  it('agrees on one generation when separate connections race to begin a rebuild', async () => {
    const store = new PostgresProjectionStateStore(db.orm.em, { schema: db.shared.schema });
    await store.initialise('raced', 1);
    const others = await Promise.all([createTestOrm(), createTestOrm()]);
    try {
      const results = await Promise.all(
        others.flatMap((other, index) => {
          const racer = new PostgresProjectionStateStore(other.em, { schema: db.shared.schema });
          return [racer.beginRebuild('raced', index + 2), racer.beginRebuild('raced', index + 4)];
        }),
      );
      const stored = await store.get('raced');
      expect(stored?.buildingGeneration).toBe(2);
      for (const result of results) expect(result).toEqual(stored);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });

  it('joins the caller transaction: a rolled-back rebuild start leaves no trace', async () => {
    const store = new PostgresProjectionStateStore(db.orm.em, { schema: db.shared.schema });
    const initial = await store.initialise('rolled-back', 1);
    await expect(
      db.orm.em.transactional(async () => {
        await store.beginRebuild('rolled-back', 2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await store.get('rolled-back')).toEqual(initial);
  });
});
