import {
  contextFromEventMetadata,
  type ReadModelDocument,
  type ReadModelKey,
  runInContext,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { ProjectionHandlerContext } from '@cqrs-ddd/core';
import type { EventUpcasting } from '@cqrs-ddd/event-store';
import type {
  EventProcessor,
  EventProcessorFilter,
  ProcessorBatchContext,
} from '../processor/event-processor.js';
import { instrumentProcessorEvent } from '../processor/processor-telemetry.js';
import { type BatchableReadModelStore, ProjectionBatchBuffer } from './projection-batch.buffer.js';
import { ProjectionEventError } from './projection-event.error.js';
import { type ProjectionMetadata, projectionMetadataOf } from './projection-metadata.js';

/** A projection handler as called by the executor. */
export type ProjectionHandler<T extends ReadModelDocument = ReadModelDocument> = (
  event: StoredEvent,
  context: ProjectionHandlerContext<T>,
) => Promise<void> | void;

/** Where a {@link ProjectionBatchExecutor} reads and writes. */
export interface ProjectionBatchExecutorOptions {
  /** Processor name (the checkpoint key), e.g. `projection:order-summary:g2`. */
  readonly processorName: string;
  /** Physical collection to write, e.g. `order_summary_g2`. */
  readonly collection: string;
  /** The read-model store (with batch access). */
  readonly store: BatchableReadModelStore;
  /**
   * Upcasting of stored events to their current schema: an `EventDeserializer` or the event
   * store module's `UpcasterRegistry`. @default none (events are handled as stored)
   */
  readonly upcasting?: EventUpcasting;
  /** The projection's declaration. @default projectionMetadataOf(projection) */
  readonly metadata?: ProjectionMetadata;
}

/** One event of a batch, ready to apply. */
interface PlannedEvent {
  readonly event: StoredEvent;
  readonly handler: ProjectionHandler;
  readonly tenantId: string;
  readonly documentId: string | undefined;
}

/**
 * Runs a projection as an {@link EventProcessor}. Per batch: prefetches in one `getMany` the
 * document each event is about (`documentIdOf`, in the event's tenant), applies every event's
 * handler in the event's restored request context (in a `processor.event` span continuing the
 * event's trace) against a buffered collection of the event's
 * tenant, then writes every changed document in one `writeMany` at the position of the last
 * event applied to it. Replayed and overlapping batches are no-ops for what is already stored.
 * Events of types without a handler are skipped.
 */
export class ProjectionBatchExecutor implements EventProcessor {
  readonly name: string;
  readonly filter: EventProcessorFilter;
  private readonly metadata: ProjectionMetadata;

  constructor(
    private readonly projection: object,
    private readonly options: ProjectionBatchExecutorOptions,
  ) {
    this.metadata = options.metadata ?? projectionMetadataOf(projection);
    this.name = options.processorName;
    this.filter = { types: this.metadata.readTypes };
  }

  async handleBatch(events: readonly StoredEvent[], context: ProcessorBatchContext): Promise<void> {
    const planned = events.flatMap((event) => this.plan(event));
    if (planned.length === 0) return;
    const buffer = new ProjectionBatchBuffer(this.options.store, this.options.collection);
    await buffer.load(
      planned.flatMap(({ tenantId, documentId: id }): ReadModelKey[] =>
        id === undefined ? [] : [{ tenantId, id }],
      ),
    );
    for (const step of planned) {
      context.signal.throwIfAborted();
      await this.apply(step, buffer);
    }
    context.signal.throwIfAborted();
    await buffer.flush();
  }

  private plan(stored: StoredEvent): PlannedEvent[] {
    const event = this.options.upcasting?.upcast(stored) ?? stored;
    const method = this.metadata.handlers.get(event.type);
    if (method === undefined) return [];
    const handler = (this.projection as Record<string | symbol, ProjectionHandler>)[method];
    const own = event.metadata.tenantId;
    const tenantId = typeof own === 'string' && own !== '' ? own : this.metadata.defaultTenantId;
    if (tenantId === undefined) {
      throw new ProjectionEventError(
        this.metadata.name,
        event,
        'the event has no metadata.tenantId and the projection no defaultTenantId; record ' +
          'events inside a request context with a tenant, or set @Projection({ defaultTenantId })',
      );
    }
    let documentId: string | undefined;
    try {
      documentId = this.metadata.documentIdOf(event);
    } catch (error) {
      throw new ProjectionEventError(
        this.metadata.name,
        event,
        `documentIdOf threw: ${reasonOf(error)}`,
        {
          cause: error,
        },
      );
    }
    if (documentId !== undefined && (typeof documentId !== 'string' || documentId === '')) {
      throw new ProjectionEventError(
        this.metadata.name,
        event,
        `documentIdOf must return a non-empty string or undefined, got ${JSON.stringify(documentId)}`,
      );
    }
    return [{ event, handler, tenantId, documentId }];
  }

  private async apply(
    { event, handler, tenantId }: PlannedEvent,
    buffer: ProjectionBatchBuffer,
  ): Promise<void> {
    const handlerContext: ProjectionHandlerContext<ReadModelDocument> = {
      collection: buffer.collection(tenantId),
      store: this.options.store,
      tenantId,
      position: event.position,
      at: { position: event.position },
    };
    const requestContext = { ...contextFromEventMetadata(event.metadata, event.eventId), tenantId };
    try {
      await runInContext(requestContext, () =>
        instrumentProcessorEvent(this.name, event, () =>
          handler.call(this.projection, event, handlerContext),
        ),
      );
    } catch (error) {
      throw new ProjectionEventError(this.metadata.name, event, reasonOf(error), { cause: error });
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
