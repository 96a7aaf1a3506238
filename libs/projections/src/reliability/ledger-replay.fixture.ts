import { InMemoryReadModelStore, type StoredEvent } from '@cqrs-ddd/core';
import { ProjectionBatchExecutor } from '../projection/projection-batch.executor.js';
import { type Account, LedgerProjection, TENANT } from './ledger.fixture.mjs';

/**
 * Documents of the ledger projection after a from-scratch, single-pass replay of `events` into
 * an in-memory store, by id (as `LedgerDatabase.documents` lists stored ones).
 */
export async function replayLedger(events: readonly StoredEvent[]): Promise<Account[]> {
  const store = new InMemoryReadModelStore();
  const executor = new ProjectionBatchExecutor(new LedgerProjection(), {
    processorName: 'replay',
    collection: 'replay',
    store,
  });
  const signal = new AbortController().signal;
  await executor.handleBatch(events, {
    processorName: 'replay',
    partition: 0,
    partitions: 1,
    signal,
  });
  const { items } = await store.collection<Account>('replay', { tenantId: TENANT }).find();
  return byId(items);
}

/** `documents` sorted by id. */
export function byId<T extends { id: string }>(documents: readonly T[]): T[] {
  return [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
