import { NotFoundError, type StoredEvent } from '@cqrs-ddd/core';
import { ParkedEventNotFoundError } from '../errors/parked-event-not-found.error.js';
import type { ParkedEvent } from './parked-event-store.port.js';
import { type ProcessorRuntime, runInProcessorUnit } from './processor-runtime.js';

/**
 * Hands a parked event to the processor again and removes its entry, in one unit of work: on
 * failure the entry stays (and the error is thrown).
 * @throws ParkedEventNotFoundError when the processor has no such parked event
 * @throws NotFoundError when the event can no longer be read from its stream
 */
export async function retryParkedEvent(runtime: ProcessorRuntime, eventId: string): Promise<void> {
  const { processor, options, dependencies } = runtime;
  const entry = await dependencies.parked.get(processor.name, eventId);
  if (!entry) throw new ParkedEventNotFoundError(processor.name, eventId);
  const event = await readParkedEvent(runtime, entry);
  // Not a partition's batch: no lease guards it, so its signal never aborts.
  const signal = new AbortController().signal;
  await runInProcessorUnit(options, async () => {
    await processor.handleBatch([event], {
      processorName: processor.name,
      partition: entry.partition,
      partitions: options.partitions,
      signal,
    });
    if (!(await dependencies.parked.remove(processor.name, eventId))) {
      throw new ParkedEventNotFoundError(processor.name, eventId); // retried or skipped meanwhile
    }
  });
  dependencies.logger.log(`Processor "${processor.name}": parked event ${eventId} retried`);
}

/**
 * Drops a parked event without handling it.
 * @throws ParkedEventNotFoundError when the processor has no such parked event
 */
export async function skipParkedEvent(runtime: ProcessorRuntime, eventId: string): Promise<void> {
  const { processor, dependencies } = runtime;
  if (!(await dependencies.parked.remove(processor.name, eventId))) {
    throw new ParkedEventNotFoundError(processor.name, eventId);
  }
  dependencies.logger.warn(`Processor "${processor.name}": parked event ${eventId} skipped`);
}

/** The parked event as stored in the log, read back by its stream version. */
async function readParkedEvent(
  runtime: ProcessorRuntime,
  entry: ParkedEvent,
): Promise<StoredEvent> {
  const { eventStore } = runtime.dependencies;
  const range = { fromVersion: entry.streamVersion, toVersion: entry.streamVersion };
  for await (const event of eventStore.readStream(entry.streamId, range)) {
    if (event.eventId === entry.eventId) return event;
  }
  throw new NotFoundError('Event', entry.eventId);
}
