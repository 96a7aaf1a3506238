import type { EventMetadata, StoredEvent } from '../../domain/event-envelope.js';
import type { EventStore, NewEvent } from '../../ports/event-store.port.js';
import type { ContractSubject } from './contract-subject.js';
import { pollUntil } from './contract-time.js';

/** What `describeEventStoreContract` needs per test: a fresh, empty event store. */
export type EventStoreContractSubject = ContractSubject<EventStore>;

/** The store of the running test (valid inside `it`). */
export interface EventStoreContractContext {
  readonly store: EventStore;
}

/** A valid new event; `overrides` replace any field. */
export function newEvent(type = 'test.happened', overrides: Partial<NewEvent> = {}): NewEvent {
  return { type, version: 1, data: { type }, ...overrides };
}

/** `count` valid new events `<prefix>.1`, `<prefix>.2`, ... */
export function newEvents(count: number, prefix = 'test.event'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(`${prefix}.${i + 1}`, { data: { i } }));
}

/** Metadata exercising every JSON shape, to check that it round-trips unchanged. */
export const RICH_METADATA: EventMetadata = {
  tenantId: 'tenant-a',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: 'user-42',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  nested: { list: [1, 'two', { three: 3 }], flag: true, nothing: null, ratio: 0.25 },
  unicode: 'Zoë → 東京 ✓',
  empty: '',
};

/** Drains an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The whole global log, page by page, once at least `expectedCount` events are readable. */
export async function readWholeLog(
  store: EventStore,
  expectedCount: number,
  pageSize = 100,
): Promise<StoredEvent[]> {
  const readPages = async () => {
    const events: StoredEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: events.at(-1)?.position ?? null, limit: pageSize });
      events.push(...page);
      if (page.length < pageSize) return events;
    }
  };
  return pollUntil(readPages, (events) => events.length >= expectedCount);
}

/** Resolves when `listener` has been called, or fails after `timeoutMs` with a clear message. */
export function waitForWakeUp(
  subscribe: (listener: () => void) => () => void,
  timeoutMs = 3_000,
): { readonly woken: Promise<void>; readonly unsubscribe: () => void } {
  let unsubscribe: () => void = () => undefined;
  const woken = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`subscribe listener was not called within ${timeoutMs} ms`)),
      timeoutMs,
    );
    unsubscribe = subscribe(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { woken, unsubscribe };
}
