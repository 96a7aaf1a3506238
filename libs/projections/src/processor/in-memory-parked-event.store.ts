import { compareLogPositions, compareStrings } from '@cqrs-ddd/core';
import { assertValidParkedEvent, resolveParkedEventQuery } from './parked-event.validation.js';
import {
  ParkedEventStore,
  type ParkedEvent,
  type ParkedEventQuery,
} from './parked-event-store.port.js';

/**
 * {@link ParkedEventStore} in process memory, for tests and single-process apps. It has no
 * transactions: a parked event is visible at once.
 */
export class InMemoryParkedEventStore extends ParkedEventStore {
  private readonly events = new Map<string, ParkedEvent>();

  async park(event: ParkedEvent): Promise<void> {
    assertValidParkedEvent(event);
    this.events.set(InMemoryParkedEventStore.key(event.processorName, event.eventId), {
      ...structuredClone(event),
      parkedAt: new Date(event.parkedAt).toISOString(),
    });
  }

  async list(query?: ParkedEventQuery): Promise<ParkedEvent[]> {
    const { processorName, streamId, limit } = resolveParkedEventQuery(query);
    return [...this.events.values()]
      .filter((event) => processorName === undefined || event.processorName === processorName)
      .filter((event) => streamId === undefined || event.streamId === streamId)
      .sort(
        (a, b) =>
          compareLogPositions(a.position, b.position) ||
          compareStrings(a.processorName, b.processorName) ||
          compareStrings(a.eventId, b.eventId),
      )
      .slice(0, limit)
      .map((event) => structuredClone(event));
  }

  async get(processorName: string, eventId: string): Promise<ParkedEvent | undefined> {
    const event = this.events.get(InMemoryParkedEventStore.key(processorName, eventId));
    return event && structuredClone(event);
  }

  async remove(processorName: string, eventId: string): Promise<boolean> {
    return this.events.delete(InMemoryParkedEventStore.key(processorName, eventId));
  }

  async parkedStreams(processorName: string, partition: number): Promise<string[]> {
    const streams = new Set<string>();
    for (const event of this.events.values()) {
      if (event.processorName === processorName && event.partition === partition) {
        streams.add(event.streamId);
      }
    }
    return [...streams];
  }

  async count(processorName: string): Promise<number> {
    let count = 0;
    for (const event of this.events.values()) if (event.processorName === processorName) count++;
    return count;
  }

  private static key(processorName: string, eventId: string): string {
    return JSON.stringify([processorName, eventId]);
  }
}
