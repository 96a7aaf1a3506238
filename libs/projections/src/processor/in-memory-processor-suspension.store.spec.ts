import { describeProcessorSuspensionStoreContract } from '../testing/processor-suspension-store.contract.js';
import { InMemoryProcessorSuspensionStore } from './in-memory-processor-suspension.store.js';

describeProcessorSuspensionStoreContract('InMemoryProcessorSuspensionStore', () => ({
  adapter: new InMemoryProcessorSuspensionStore(),
}));
