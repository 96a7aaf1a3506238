import { SnapshotStore, type Snapshot, type StorageTargets } from '@cqrs-ddd/core';
import { routedStorageTarget } from './storage-target-pin.js';
import type { TargetEventStoreDrivers } from './target-event-store.drivers.js';

/**
 * The {@link SnapshotStore} of the current tenant: every call goes to the snapshot store of
 * `storageTargets.current()` (the snapshots table next to that target's event log).
 */
export class RoutedSnapshotStore extends SnapshotStore {
  constructor(
    private readonly storageTargets: StorageTargets,
    private readonly drivers: TargetEventStoreDrivers,
  ) {
    super();
  }

  async save(snapshot: Snapshot): Promise<void> {
    return (await this.store()).save(snapshot);
  }

  async load<TState = unknown>(streamId: string): Promise<Snapshot<TState> | null> {
    return (await this.store()).load<TState>(streamId);
  }

  async delete(streamId: string): Promise<void> {
    return (await this.store()).delete(streamId);
  }

  private async store(): Promise<SnapshotStore> {
    return (await this.drivers.driverFor(routedStorageTarget(this.storageTargets))).snapshotStore;
  }
}
