import {
  EventStore,
  type AppendResult,
  type ArchiveStreamOptions,
  type LogPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StorageTarget,
  type StorageTargets,
  type StoredEvent,
  type StreamAppend,
} from '@cqrs-ddd/core';
import { routedStorageTarget } from './storage-target-pin.js';
import type { TargetEventStoreDrivers } from './target-event-store.drivers.js';

/**
 * The {@link EventStore} of the current tenant: every call goes to the store of
 * `storageTargets.current()` (read when the method is called; or the target pinned with
 * `runOnStorageTarget`), created on first use. So
 * repositories, handlers and the state-stored events subscriber keep injecting one
 * `EventStore` and write to the tenant's own schema or database.
 *
 * `subscribe` is synchronous: it subscribes to the current target's store when that exists,
 * otherwise (a dedicated target not used yet in this process) it creates the store, subscribes
 * once it exists and wakes the listener once then (commits in between were not announced); if
 * the store cannot be created the listener is woken once, so that its next read reports the
 * error. Processors that serve every tenant subscribe per target instead, through
 * `TargetEventStores.forTarget(target)`.
 */
export class RoutedEventStore extends EventStore {
  constructor(
    private readonly storageTargets: StorageTargets,
    private readonly drivers: TargetEventStoreDrivers,
  ) {
    super();
  }

  async appendToStreams(batches: readonly StreamAppend[]): Promise<AppendResult[]> {
    return (await this.currentStore()).appendToStreams(batches);
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    // The target is that of the caller, not of whoever iterates first.
    return this.readStreamOf(this.currentTarget(), streamId, options);
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.currentStore()).streamVersion(streamId);
  }

  async archiveStream(streamId: string, options?: ArchiveStreamOptions): Promise<void> {
    return (await this.currentStore()).archiveStream(streamId, options);
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return (await this.currentStore()).readAll(options);
  }

  async headPosition(): Promise<LogPosition | null> {
    return (await this.currentStore()).headPosition();
  }

  subscribe(listener: () => void): () => void {
    const target = this.currentTarget();
    const ready = this.drivers.readyDriverFor(target);
    if (ready) return ready.eventStore.subscribe(listener);
    let cancelled = false;
    let unsubscribe: (() => void) | undefined;
    const wake = () => {
      if (cancelled) return;
      try {
        listener();
      } catch {
        // A wake-up hint: listener errors are ignored, as by every store.
      }
    };
    this.storeOf(target).then(
      (store) => {
        if (cancelled) return;
        unsubscribe = store.subscribe(listener);
        wake();
      },
      () => wake(),
    );
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }

  /** `storageTargets.current()`, or the target pinned by `runOnStorageTarget`. */
  private currentTarget(): StorageTarget {
    return routedStorageTarget(this.storageTargets);
  }

  private currentStore(): Promise<EventStore> {
    return this.storeOf(this.currentTarget());
  }

  private async storeOf(target: StorageTarget): Promise<EventStore> {
    return (await this.drivers.driverFor(target)).eventStore;
  }

  private async *readStreamOf(
    target: StorageTarget,
    streamId: string,
    options: ReadStreamOptions | undefined,
  ): AsyncIterable<StoredEvent> {
    yield* (await this.storeOf(target)).readStream(streamId, options);
  }
}
