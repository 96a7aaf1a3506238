import type { LogPosition, ReadModelDocument } from '@cqrs-ddd/core';

/** Which document: its tenant and id (within one collection). */
export interface ReadModelKey {
  readonly tenantId: string;
  readonly id: string;
}

/** A document found by {@link ReadModelBatchStore.getMany}. */
export interface FoundReadModel<T extends ReadModelDocument> extends ReadModelKey {
  readonly document: T;
}

/** One write of {@link ReadModelBatchStore.upsertMany}. */
export interface ReadModelBatchWrite<T extends ReadModelDocument> extends ReadModelKey {
  readonly document: T;
  /** Log position of the last event folded into `document`: the write's idempotency guard. */
  readonly position: LogPosition;
}

/**
 * Batch access to one read-model collection across tenants, so a processor reads and writes
 * each document of an event batch once instead of once per event. An app-level port (the
 * projections library will own it): every document stays keyed by its tenant, so a batch
 * mixing tenants never lets one tenant's write touch another's document.
 */
export abstract class ReadModelBatchStore {
  /** The live documents among `keys` (deleted and unknown ones are left out), in no order. */
  abstract getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<FoundReadModel<T>[]>;

  /**
   * Inserts or replaces each document unless its stored position is not older than the
   * write's (a replayed or redelivered batch changes nothing), in the caller's transaction.
   * Keys must be unique within the call; rows are written in key order (several processors
   * writing overlapping batches lock rows in the same order). Resolves to the number written.
   */
  abstract upsertMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number>;
}

/** Throws when two of `keys` name the same document. */
export function assertUniqueKeys(keys: readonly ReadModelKey[]): void {
  const seen = new Set(keys.map((key) => JSON.stringify([key.tenantId, key.id])));
  if (seen.size !== keys.length) {
    throw new TypeError('A read-model batch names the same document twice.');
  }
}
