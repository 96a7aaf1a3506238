import type { EventStore, NewEvent, StreamAppend } from '@cqrs-ddd/core';
import { DEPOSITED, NOTED, TENANT, WITHDRAWN } from './ledger.fixture.mjs';

/** The `i`-th event of the workload: deposits, withdrawals and notes over 13 accounts. */
export function workloadEvent(i: number): { streamId: string; event: NewEvent } {
  const type = i % 11 === 10 ? NOTED : i % 5 === 4 ? WITHDRAWN : DEPOSITED;
  return {
    streamId: `acct-${i % 13}`,
    event: {
      type,
      version: 1,
      data: { amount: 1 + (i % 7), seq: i },
      metadata: { tenantId: TENANT },
    },
  };
}

/**
 * Appends events `from` .. `from + count - 1` of the workload, one transaction per append;
 * every fourth append writes two streams at once.
 */
export async function appendWorkload(
  eventStore: EventStore,
  from: number,
  count: number,
): Promise<void> {
  for (let i = from; i < from + count;) {
    const batch: StreamAppend[] = [workloadAppend(i++)];
    if (i % 4 === 0 && i < from + count) batch.push(workloadAppend(i++));
    await eventStore.appendToStreams(batch);
  }
}

/** Appends in the background until stopped. */
export interface Appender {
  /** Stops after the running append; resolves to the index of the next workload event. */
  stop(): Promise<number>;
}

/** Keeps appending workload events from `from`, one append every `pauseMs`. */
export function startAppender(eventStore: EventStore, from: number, pauseMs: number): Appender {
  let next = from;
  let running = true;
  const loop = (async () => {
    while (running) {
      await appendWorkload(eventStore, next, 1);
      next += 1;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return next;
    },
  };
}

function workloadAppend(i: number): StreamAppend {
  const { streamId, event } = workloadEvent(i);
  return { streamId, events: [event] };
}
