import { describeSnapshotStoreContract } from '../../testing/contracts/snapshot-store.contract.js';
import { InMemorySnapshotStore } from './in-memory-snapshot-store.adapter.js';

describeSnapshotStoreContract('InMemorySnapshotStore', () => ({
  adapter: new InMemorySnapshotStore(),
}));
