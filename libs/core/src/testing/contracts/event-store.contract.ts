import { describe } from '@jest/globals';
import { useContractSubject } from './contract-helpers.js';
import type { ContractFactory } from './contract-subject.js';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../ports/event-store.port.js';
import { eventStoreAppendContract } from './event-store.append.contract.js';
import { eventStoreArchiveContract } from './event-store.archive.contract.js';
import { eventStoreConcurrencyContract } from './event-store.concurrency.contract.js';
import type {
  EventStoreContractContext,
  EventStoreContractSubject,
} from './event-store.contract-support.js';
import { eventStorePayloadContract } from './event-store.payload.contract.js';
import { eventStoreReadAllContract } from './event-store.read-all.contract.js';
import { eventStoreReadStreamContract } from './event-store.read-stream.contract.js';
import { eventStoreSubscribeContract } from './event-store.subscribe.contract.js';

export type { EventStoreContractSubject } from './event-store.contract-support.js';

/** Facts about the adapter under test that the suite checks against. */
export interface EventStoreContractOptions {
  /**
   * The `maxPayloadBytes` limit the factory's stores enforce.
   * @default DEFAULT_MAX_PAYLOAD_BYTES
   */
  readonly maxPayloadBytes?: number;
}

/**
 * The behaviour every `EventStore` adapter must have. Run it from the adapter's spec:
 *
 * ```ts
 * describeEventStoreContract('postgres', async () => {
 *   const store = new PostgresEventStore(await poolOnFreshSchema());
 *   return { adapter: store, dispose: () => store.close() };
 * });
 * ```
 *
 * Each test gets a fresh, empty store from the factory. Reads of the global log wait (up to 3 s)
 * for events to become visible, so gap-safe adapters that briefly hold back commits pass.
 */
export function describeEventStoreContract(
  name: string,
  factory: ContractFactory<EventStoreContractSubject>,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const ctx: EventStoreContractContext = {
      get store() {
        return subject().adapter;
      },
    };
    eventStoreAppendContract(ctx);
    eventStoreConcurrencyContract(ctx);
    eventStoreReadStreamContract(ctx);
    eventStoreReadAllContract(ctx);
    eventStoreSubscribeContract(ctx);
    eventStoreArchiveContract(ctx);
    eventStorePayloadContract(ctx, options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
  });
}
