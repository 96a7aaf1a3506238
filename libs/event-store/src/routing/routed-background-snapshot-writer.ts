import type { StorageTargets } from '@cqrs-ddd/core';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { routedStorageTarget, runOnStorageTarget } from './storage-target-pin.js';

/**
 * The `BackgroundSnapshotWriter` of a routing `EventStoreModule`: a job runs detached from the
 * request that scheduled it (no transaction, no request context, so `StorageTargets.current()`
 * would answer the shared target), so it is pinned to the target current when it was scheduled,
 * and jobs of the same stream id in different targets do not stand for each other.
 */
export class RoutedBackgroundSnapshotWriter extends BackgroundSnapshotWriter {
  constructor(
    private readonly storageTargets: StorageTargets,
    commitTimeoutMs?: number,
  ) {
    super(commitTimeoutMs);
  }

  override schedule(key: string, job: (signal: AbortSignal) => Promise<void>): void {
    const target = routedStorageTarget(this.storageTargets);
    super.schedule(`${target.key}/${key}`, (signal) =>
      runOnStorageTarget(target, () => job(signal)),
    );
  }
}
