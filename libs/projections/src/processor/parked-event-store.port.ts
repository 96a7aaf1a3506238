import type { LogPosition } from '@cqrs-ddd/core';

/** An event a processor gave up on (dead letter), kept with the error until retried or skipped. */
export interface ParkedEvent {
  /** Id of the parked entry (the event id: an event is parked at most once per processor). */
  readonly eventId: string;
  readonly processorName: string;
  readonly partition: number;
  readonly streamId: string;
  /** Stream version of the event (to read it back with `readStream`). */
  readonly streamVersion: number;
  readonly type: string;
  readonly position: LogPosition;
  /** Failed attempts before parking. */
  readonly attempts: number;
  /** The last error: message and, when known, its `code` and `name`. */
  readonly error: { readonly message: string; readonly code?: string; readonly name?: string };
  /** When it was parked (ISO-8601 UTC). */
  readonly parkedAt: string;
}

/** Filter of {@link ParkedEventStore.list}. */
export interface ParkedEventQuery {
  readonly processorName?: string;
  /** Only events of this stream. @default every stream */
  readonly streamId?: string;
  /** At most this many, oldest position first. @default 100 */
  readonly limit?: number;
}

/**
 * Dead-letter storage of processors. Parking is per stream: once an event of a stream is
 * parked, the stream's later events are parked behind it, and a retry handles them in order. `park` joins the caller's transaction when the adapter
 * can (PostgreSQL), so parking an event and moving the checkpoint past it commit together.
 */
export abstract class ParkedEventStore {
  /** Records `event`; parking the same (processor, event id) again replaces the entry. */
  abstract park(event: ParkedEvent): Promise<void>;

  /** Parked events, oldest log position first. */
  abstract list(query?: ParkedEventQuery): Promise<ParkedEvent[]>;

  /** One parked event, or `undefined`. */
  abstract get(processorName: string, eventId: string): Promise<ParkedEvent | undefined>;

  /** Removes an entry (after a successful retry, or a skip); `false` when there was none. */
  abstract remove(processorName: string, eventId: string): Promise<boolean>;

  /** Number of parked events of a processor. */
  abstract count(processorName: string): Promise<number>;

  /**
   * Ids of the streams with parked events in a processor's partition (in no order). The engine
   * parks later events of these streams too ("held"), so each stream is handled in log order.
   */
  abstract parkedStreams(processorName: string, partition: number): Promise<string[]>;
}
