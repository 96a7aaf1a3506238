import {
  contextFromEventMetadata,
  type IdGenerator,
  runInContext,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { EventProcessor, ProcessorBatchContext } from './event-processor.js';
import { instrumentProcessorEvent } from './processor-telemetry.js';

/** Handles one event of a batch, inside the request context restored from its metadata. */
export type EventHandlerFn = (
  event: StoredEvent,
  context: ProcessorBatchContext,
) => Promise<void> | void;

/** Options of {@link eachEvent}. */
export interface EachEventOptions {
  /** Makes the correlation id of events whose metadata has none. @default UUIDv7 ids */
  readonly ids?: IdGenerator;
}

/**
 * Builds an `EventProcessor.handleBatch` that calls `handler` for each event in log order,
 * inside `runInContext(contextFromEventMetadata(event.metadata, event.eventId))`: tenant,
 * correlation, actor and trace of the event are the current request context, and the event is
 * the message being handled — and in a `processor.event` span continuing the event's trace
 * (`metadata.traceparent`), which is the context's `traceparent` while the handler runs. Stops
 * (throws the abort reason) between events once the batch's signal is aborted. Processors that
 * handle whole batches restore context themselves.
 */
export function eachEvent(
  handler: EventHandlerFn,
  options: EachEventOptions = {},
): EventProcessor['handleBatch'] {
  return async (events, context) => {
    for (const event of events) {
      context.signal.throwIfAborted();
      await runInContext(
        contextFromEventMetadata(event.metadata, event.eventId),
        () => instrumentProcessorEvent(context.processorName, event, () => handler(event, context)),
        options.ids,
      );
    }
  };
}
