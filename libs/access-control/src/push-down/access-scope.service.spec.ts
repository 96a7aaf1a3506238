import { InMemoryReadModelStore } from '@cqrs-ddd/core';
import { describeAccessScopePushDown } from './access-scope.scenario.fixture.js';

describeAccessScopePushDown('InMemoryReadModelStore', async () => ({
  store: new InMemoryReadModelStore(),
  dispose: async () => undefined,
}));
