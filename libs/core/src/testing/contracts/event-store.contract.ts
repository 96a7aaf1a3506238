import { describe } from '@jest/globals';
import type { EventStore } from '../../ports/event-store.port.js';
import { eventStoreAppendContract } from './event-store.append.contract.js';
import { eventStoreConcurrencyContract } from './event-store.concurrency.contract.js';
import { useEventStore, type EventStoreContractFactory } from './event-store.contract-support.js';
import { eventStoreReadAllContract } from './event-store.read-all.contract.js';
import { eventStoreReadStreamContract } from './event-store.read-stream.contract.js';
import { eventStoreSubscribeContract } from './event-store.subscribe.contract.js';

export type { EventStoreContractFactory } from './event-store.contract-support.js';

/**
 * The behaviour every {@link EventStore} adapter must have. Run it from the adapter's spec:
 *
 * ```ts
 * describeEventStoreContract('postgres', {
 *   create: async () => new PostgresEventStore(await freshSchema()),
 *   dispose: async (store) => store.close(),
 * });
 * ```
 *
 * Each test gets a fresh, empty store from `create`. Reads of the global log wait (up to 3 s)
 * for events to become visible, so gap-safe adapters that briefly hold back commits pass.
 */
export function describeEventStoreContract<TStore extends EventStore>(
  name: string,
  factory: EventStoreContractFactory<TStore>,
): void {
  describe(`EventStore contract: ${name}`, () => {
    const ctx = useEventStore(factory);
    eventStoreAppendContract(ctx);
    eventStoreConcurrencyContract(ctx);
    eventStoreReadStreamContract(ctx);
    eventStoreReadAllContract(ctx);
    eventStoreSubscribeContract(ctx);
  });
}
