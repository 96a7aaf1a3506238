import { describe, expect, it } from '@jest/globals';
import { describeProcessorSuspensionStoreContract } from '../testing/processor-suspension-store.contract.js';
import {
  createProjectionsTestSchema,
  useProjectionsTestDatabase,
} from '../testing/projections-test-schema.js';
import { PostgresProcessorSuspensionStore } from './postgres-processor-suspension.store.js';

describe('PostgresProcessorSuspensionStore (integration)', () => {
  const db = useProjectionsTestDatabase();

  describeProcessorSuspensionStoreContract('PostgresProcessorSuspensionStore', async () => {
    const { schema, drop } = await createProjectionsTestSchema(db.orm);
    return { adapter: new PostgresProcessorSuspensionStore(db.orm.em, { schema }), dispose: drop };
  });

  it('is shared by stores on the same schema (every instance sees a suspension)', async () => {
    const { schema } = db.shared;
    await new PostgresProcessorSuspensionStore(db.orm.em, { schema }).suspend('shared');
    const other = new PostgresProcessorSuspensionStore(db.orm.em.fork(), { schema });
    expect(await other.isSuspended('shared')).toBe(true);
  });
});
