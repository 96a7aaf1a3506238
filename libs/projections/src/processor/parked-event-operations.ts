import { NotFoundError, type StoredEvent } from '@cqrs-ddd/core';
import { ParkedEventNotFoundError } from '../errors/parked-event-not-found.error.js';
import type { ParkedEvent } from './parked-event-store.port.js';
import { type ProcessorRuntime, runInProcessorUnit } from './processor-runtime.js';

/**
 * Hands a parked event to the processor again, with every other parked event of its stream, in
 * log order (later events of a stream are parked behind the first), and removes their entries,
 * in one unit of work: on failure every entry stays (and the error is thrown).
 * @throws ParkedEventNotFoundError when the processor has no such parked event
 * @throws NotFoundError when an event can no longer be read from its stream
 */
export async function retryParkedEvent(runtime: ProcessorRuntime, eventId: string): Promise<void> {
  const { processor, options, dependencies } = runtime;
  const entry = await dependencies.parked.get(processor.name, eventId);
  if (!entry) throw new ParkedEventNotFoundError(processor.name, eventId);
  const count = await dependencies.parked.count(processor.name);
  const entries = await dependencies.parked.list({
    processorName: processor.name,
    streamId: entry.streamId,
    limit: Math.max(count, 1),
  });
  const events: StoredEvent[] = [];
  for (const parked of entries) events.push(await readParkedEvent(runtime, parked));
  // Not a partition's batch: no lease guards it, so its signal never aborts.
  const signal = new AbortController().signal;
  await runInProcessorUnit(options, async () => {
    await processor.handleBatch(events, {
      processorName: processor.name,
      partition: entry.partition,
      partitions: options.partitions,
      signal,
    });
    for (const parked of entries) {
      if (!(await dependencies.parked.remove(processor.name, parked.eventId))) {
        throw new ParkedEventNotFoundError(processor.name, parked.eventId); // retried meanwhile
      }
    }
  });
  dependencies.logger.log(
    `Processor "${processor.name}": parked event ${eventId} retried` +
      (entries.length > 1 ? ` with ${entries.length - 1} held event(s) of its stream` : ''),
  );
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
