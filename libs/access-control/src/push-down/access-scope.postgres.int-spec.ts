import { PostgresReadModelStore } from '@cqrs-ddd/projections';
import {
  createProjectionsTestSchema,
  useProjectionsTestDatabase,
} from '@cqrs-ddd/projections/testing';
import { describe } from '@jest/globals';
import { describeAccessScopePushDown } from './access-scope.scenario.fixture.js';

describe('AccessScope on PostgreSQL (integration)', () => {
  const db = useProjectionsTestDatabase();
  describeAccessScopePushDown('PostgresReadModelStore', async () => {
    const { schema, drop } = await createProjectionsTestSchema(db.orm);
    return { store: new PostgresReadModelStore(db.orm.em, { schema }), dispose: drop };
  });
});
