import { describe, expect, it } from '@jest/globals';
import { logPosition } from '@cqrs-ddd/core';
import { describeParkedEventStoreContract } from '../testing/parked-event-store.contract.js';
import {
  createProjectionsTestSchema,
  useProjectionsTestDatabase,
} from '../testing/projections-test-schema.js';
import { PostgresParkedEventStore } from './postgres-parked-event.store.js';

describe('PostgresParkedEventStore (integration)', () => {
  const db = useProjectionsTestDatabase();

  describeParkedEventStoreContract('PostgresParkedEventStore', async () => {
    const { schema, drop } = await createProjectionsTestSchema(db.orm);
    return { adapter: new PostgresParkedEventStore(db.orm.em, { schema }), dispose: drop };
  });

  it('parks in the caller transaction: a rolled-back park leaves nothing behind', async () => {
    const store = new PostgresParkedEventStore(db.orm.em, { schema: db.shared.schema });
    const event = {
      eventId: 'e-1',
      processorName: 'rolled-back',
      partition: 0,
      streamId: 'order-1',
      streamVersion: 1,
      type: 'order.created',
      position: logPosition('18446744073709551615', 1),
      attempts: 3,
      error: { message: 'failed' },
      parkedAt: '2026-01-01T00:00:00.000Z',
    };
    await expect(
      db.orm.em.transactional(async () => {
        await store.park(event);
        expect(await store.get('rolled-back', 'e-1')).toEqual(event);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await store.count('rolled-back')).toBe(0);
  });
});
