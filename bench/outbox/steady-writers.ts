/**
 * Phase B's load: `writers` concurrent writers appending single-event transactions through the
 * event store, paced by the clock so that together they commit `ratePerSecond` events per second
 * (event k is due at start + k / rate; a writer behind schedule appends at once). Each event's
 * commit time is taken right after its append resolved (the append is its own transaction), on
 * the `performance.now()` clock the consumer also uses.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '@cqrs-ddd/core';
import { orderEvent, STREAM_TYPE } from './outbox-log.js';

/** Shape of the steady load. */
export interface SteadyLoad {
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly writers: number;
}

/** What the writers committed. */
export interface SteadyCommits {
  /** `performance.now()` right after each event's transaction committed, by event id. */
  readonly committedAt: ReadonlyMap<string, number>;
  /** Events per second actually committed. */
  readonly achievedRate: number;
}

const STREAMS_PER_WRITER = 20;

/** Runs the steady load to its end. */
export async function appendSteadily(
  store: EventStore,
  { ratePerSecond, seconds, writers }: SteadyLoad,
): Promise<SteadyCommits> {
  const total = Math.round(ratePerSecond * seconds);
  const committedAt = new Map<string, number>();
  const started = performance.now();
  let next = 0;
  const writer = async (w: number) => {
    for (let k = next++; k < total; k = next++) {
      const wait = started + (k * 1000) / ratePerSecond - performance.now();
      if (wait > 0) await sleep(wait);
      const [result] = await store.appendToStreams([
        {
          streamId: `order-live-w${w}-${k % STREAMS_PER_WRITER}`,
          streamType: STREAM_TYPE,
          expectedVersion: 'any',
          events: [orderEvent(k)],
        },
      ]);
      committedAt.set(result!.events[0]!.eventId, performance.now());
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return { committedAt, achievedRate: total / ((performance.now() - started) / 1000) };
}
