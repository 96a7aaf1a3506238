import { AsyncLocalStorage } from 'node:async_hooks';
import type { StorageTarget, StorageTargets } from '@cqrs-ddd/core';

const pinned = new AsyncLocalStorage<StorageTarget>();

/**
 * Runs `fn` with the event store's routed ports (`EventStore`, `SnapshotStore`, unit of work)
 * on `target`, whatever `StorageTargets.current()` answers inside: for work that runs detached
 * from the request that started it (background snapshots), where the tenant's context is gone.
 */
export function runOnStorageTarget<T>(target: StorageTarget, fn: () => T): T {
  return pinned.run(target, fn);
}

/** The target the routed ports use now: the pinned one, else `storageTargets.current()`. */
export function routedStorageTarget(storageTargets: StorageTargets): StorageTarget {
  return pinned.getStore() ?? storageTargets.current();
}
