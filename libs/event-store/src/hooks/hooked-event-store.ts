import {
  type AppendResult,
  type ArchiveStreamOptions,
  EventStore,
  type LogPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamAppend,
  type UnitOfWork,
  TELEMETRY_ATTRIBUTES,
  currentRequestContext,
  instrument,
  isTelemetryActive,
} from '@cqrs-ddd/core';
import type { AppendHooks } from './append-hooks.js';

/**
 * An {@link EventStore} that runs {@link AppendHooks} in the transaction of each append: the
 * append and the hooks run inside `unitOfWork.run` (joining the caller's transaction when
 * there is one), so both commit or neither does. Each append is the instrumented operation
 * `event.append` (stream id, event count, tenant). Everything else is the inner store's.
 */
export class HookedEventStore extends EventStore {
  constructor(
    /** The store that does the work. */
    readonly inner: EventStore,
    private readonly hooks: AppendHooks,
    private readonly unitOfWork: UnitOfWork,
  ) {
    super();
  }

  appendToStreams(batches: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (!isTelemetryActive()) return this.appendWithHooks(batches);
    let eventCount = 0;
    for (const batch of batches) eventCount += batch.events.length;
    return instrument(
      {
        operation: 'event.append',
        name: 'event.append',
        attributes: {
          // One stream per append in the common case; a multi-stream append names none.
          [TELEMETRY_ATTRIBUTES.streamId]: batches.length === 1 ? batches[0]!.streamId : undefined,
          [TELEMETRY_ATTRIBUTES.eventCount]: eventCount,
          [TELEMETRY_ATTRIBUTES.tenant]: currentRequestContext()?.tenantId,
        },
      },
      () => this.appendWithHooks(batches),
    );
  }

  private appendWithHooks(batches: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.hooks.isEmpty) return this.inner.appendToStreams(batches);
    return this.unitOfWork.run(async () => {
      const results = await this.inner.appendToStreams(batches);
      await this.hooks.run(results.flatMap((result) => result.events));
      return results;
    });
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    return this.inner.readStream(streamId, options);
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  archiveStream(streamId: string, options?: ArchiveStreamOptions): Promise<void> {
    return this.inner.archiveStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return this.inner.readAll(options);
  }

  headPosition(): Promise<LogPosition | null> {
    return this.inner.headPosition();
  }

  subscribe(listener: () => void): () => void {
    return this.inner.subscribe(listener);
  }
}
