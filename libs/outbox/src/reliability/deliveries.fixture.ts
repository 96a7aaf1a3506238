import type { Message } from 'amqplib';
import { EVENT_HEADERS } from '../relay/integration-message.mapping.js';
import type { CommittedEvent } from './relay-database.fixture.js';

/** A message as a queue received it: its id and the stream position it carries. */
export interface Delivery {
  readonly messageId: string;
  readonly streamId: string;
  readonly streamVersion: number;
}

/** The deliveries of `messages` (AMQP message id, `x-stream-id`, `x-stream-version`). */
export function deliveriesOf(messages: readonly Message[]): Delivery[] {
  return messages.map(({ properties }) => {
    const headers = (properties.headers ?? {}) as Record<string, unknown>;
    return {
      messageId: String(properties.messageId),
      streamId: String(headers[EVENT_HEADERS.streamId]),
      streamVersion: Number(headers[EVENT_HEADERS.streamVersion]),
    };
  });
}

/** How many times each id occurs in `ids`. */
export function copiesById(ids: readonly string[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const id of ids) copies.set(id, (copies.get(id) ?? 0) + 1);
  return copies;
}

/** Whether every event of `events` is among `deliveries`. */
export function coversAll(deliveries: readonly Delivery[], events: readonly CommittedEvent[]) {
  const ids = new Set(deliveries.map((delivery) => delivery.messageId));
  return events.every((event) => ids.has(event.eventId));
}

/**
 * The stream versions of each stream in the order `items` hold them: compare the deliveries'
 * with the log's to check per-stream order, loss and duplicates at once.
 */
export function versionsByStream(
  items: readonly { streamId: string; streamVersion: number }[],
): Record<string, number[]> {
  const versions: Record<string, number[]> = {};
  for (const { streamId, streamVersion } of items) (versions[streamId] ??= []).push(streamVersion);
  return versions;
}
