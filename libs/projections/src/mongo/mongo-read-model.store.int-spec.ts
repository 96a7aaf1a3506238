import {
  describeReadModelBatchAccessContract,
  describeReadModelStoreContract,
} from '@cqrs-ddd/core/testing';
import { createTestMongoConnection, describeMongoTarget } from '../testing/mongo-test-database.js';
import { MongoReadModelStore } from './mongo-read-model.store.js';

async function storeOnFreshDatabase() {
  const database = await createTestMongoConnection();
  return {
    adapter: new MongoReadModelStore(database.connection),
    dispose: () => database.dispose(),
  };
}

describeReadModelStoreContract(
  `MongoReadModelStore (${describeMongoTarget()})`,
  storeOnFreshDatabase,
);
describeReadModelBatchAccessContract(
  `MongoReadModelStore (${describeMongoTarget()})`,
  storeOnFreshDatabase,
);
