import { describe, expect, it } from '@jest/globals';
import { logPosition } from '@cqrs-ddd/core';
import { describeCheckpointStoreContract, FakeClock } from '@cqrs-ddd/core/testing';
import {
  createProjectionsTestSchema,
  useProjectionsTestDatabase,
} from '../testing/projections-test-schema.js';
import { PostgresCheckpointStore } from './postgres-checkpoint.store.js';

describe('PostgresCheckpointStore (integration)', () => {
  const db = useProjectionsTestDatabase();

  describeCheckpointStoreContract('PostgresCheckpointStore', async () => {
    const { schema, drop } = await createProjectionsTestSchema(db.orm);
    return { adapter: new PostgresCheckpointStore(db.orm.em, { schema }), dispose: drop };
  });

  describe('PostgresCheckpointStore', () => {
    const P1 = logPosition(10, 1);
    const P2 = logPosition('18446744073709551615', '9223372036854775808');

    it('saves in the caller transaction: a rolled-back save leaves nothing behind', async () => {
      const store = new PostgresCheckpointStore(db.orm.em, { schema: db.shared.schema });
      await expect(
        db.orm.em.transactional(async () => {
          await store.save('rolled-back', { expected: null, next: P1 });
          expect((await store.load('rolled-back'))?.position).toEqual(P1);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await store.load('rolled-back')).toBeNull();
    });

    it('keeps unsigned 64-bit positions exactly and stamps updatedAt from the clock', async () => {
      const clock = new FakeClock('2026-05-06T07:08:09.010Z');
      const store = new PostgresCheckpointStore(db.orm.em, { schema: db.shared.schema, clock });
      await store.save('wide', { expected: null, next: P1 });
      clock.advance(5);
      const saved = await store.save('wide', { expected: P1, next: P2, owner: 'w' });
      expect(saved).toEqual({
        processorName: 'wide',
        partition: 0,
        position: P2,
        owner: 'w',
        updatedAt: '2026-05-06T07:08:09.015Z',
      });
      expect(await store.load('wide')).toEqual(saved);
    });

    it('lets exactly one of two racing transactions move the checkpoint', async () => {
      const store = new PostgresCheckpointStore(db.orm.em, { schema: db.shared.schema });
      await store.save('race', { expected: null, next: P1 });
      const attempt = (owner: string) =>
        db.orm.em
          .fork()
          .transactional(() =>
            store.save('race', { expected: P1, next: logPosition(11, 2), owner }),
          );
      const results = await Promise.allSettled([attempt('a'), attempt('b')]);
      const failures = results.filter((result) => result.status === 'rejected');
      expect(failures).toHaveLength(1);
      expect((failures[0] as PromiseRejectedResult).reason).toMatchObject({
        code: 'CHECKPOINT_CONFLICT',
      });
    });

    it('rejects a schema name that is not a plain identifier', () => {
      expect(() => new PostgresCheckpointStore(db.orm.em, { schema: 'Bad"Name' })).toThrow(
        /lower-case SQL identifier/,
      );
    });
  });
});
