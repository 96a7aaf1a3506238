import type { EventStore, NewEvent, StreamAppend } from '@cqrs-ddd/core';

/** The integration event the reliability tests publish (their publishers select it). */
export const CREDITED = 'account.credited';
/** A domain event no publisher selects: it must never reach a broker. */
export const NOTED = 'account.noted';
/** Tenant of every workload event. */
export const TENANT = 'acme';

/** `count` stream ids `<prefix>-0` .. `<prefix>-<count - 1>`. */
export function streamIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

/** Appends in the background until stopped. */
export interface Appender {
  /** Stops after the running append; rejects with the append's error if one failed. */
  stop(): Promise<void>;
}

/**
 * Appends workload events to a fixed set of streams, round robin, one transaction per append
 * (every fourth append writes two streams in one transaction); every fifth event is
 * {@link NOTED}, the others {@link CREDITED}. One writer: run several for concurrent writers.
 */
export class Workload {
  private next = 0;

  constructor(
    private readonly eventStore: EventStore,
    private readonly streams: readonly string[],
  ) {}

  /** Appends `count` events. */
  async append(count: number): Promise<void> {
    for (let appended = 0; appended < count;) {
      const batch: StreamAppend[] = [this.nextAppend()];
      if (this.next % 4 === 0 && appended + 1 < count) batch.push(this.nextAppend());
      await this.eventStore.appendToStreams(batch);
      appended += batch.length;
    }
  }

  /** Keeps appending one event every `pauseMs` until stopped. */
  start(pauseMs: number): Appender {
    let running = true;
    const loop = (async () => {
      while (running) {
        await this.append(1);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  private nextAppend(): StreamAppend {
    const seq = this.next++;
    const streamId = this.streams[seq % this.streams.length];
    return { streamId, events: [workloadEvent(streamId, seq)] };
  }
}

/** The `seq`-th event of a workload (see {@link Workload}). */
export function workloadEvent(streamId: string, seq: number): NewEvent {
  return {
    type: seq % 5 === 4 ? NOTED : CREDITED,
    version: 1,
    data: { streamId, seq, amount: 1 + (seq % 7) },
    metadata: { tenantId: TENANT, correlationId: `corr-${streamId}-${seq}` },
  };
}

/**
 * Appends `eventsPerWriter` events with each of `writers` concurrent writers, each over its own
 * `streamsPerWriter` streams (`<prefix>-w<writer>-<n>`), so that many streams are written at
 * once and their events interleave in the log.
 */
export async function appendConcurrently(
  eventStore: EventStore,
  options: { prefix: string; writers: number; streamsPerWriter: number; eventsPerWriter: number },
): Promise<void> {
  const { prefix, writers, streamsPerWriter, eventsPerWriter } = options;
  await Promise.all(
    Array.from({ length: writers }, (_, writer) =>
      new Workload(eventStore, streamIds(`${prefix}-w${writer}`, streamsPerWriter)).append(
        eventsPerWriter,
      ),
    ),
  );
}
