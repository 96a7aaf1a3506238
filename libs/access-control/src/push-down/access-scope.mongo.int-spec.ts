import { MongoReadModelStore } from '@cqrs-ddd/projections';
import { createTestMongoConnection, describeMongoTarget } from '@cqrs-ddd/projections/testing';
import { describeAccessScopePushDown } from './access-scope.scenario.fixture.js';

describeAccessScopePushDown(`MongoReadModelStore (${describeMongoTarget()})`, async () => {
  const database = await createTestMongoConnection({ databasePrefix: 'access_scope' });
  return { store: new MongoReadModelStore(database.connection), dispose: () => database.dispose() };
});
