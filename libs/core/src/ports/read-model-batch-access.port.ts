import type { LogPosition } from '../domain/event-envelope.js';
import { ValidationError } from '../errors/validation.error.js';
import {
  assertDocumentId,
  assertWritePosition,
  type ReadModelDocument,
  toStoredDocument,
} from './read-model-store.port.js';

/** Which document: its tenant and id (within one collection). */
export interface ReadModelKey {
  readonly tenantId: string;
  readonly id: string;
}

/** A stored document or tombstone found by {@link ReadModelBatchAccess.getMany}. */
export interface StoredReadModel<T extends ReadModelDocument> extends ReadModelKey {
  /** The document; `null` for a delete's tombstone. */
  readonly document: T | null;
  /** Log position of the last write applied to it. */
  readonly position: LogPosition;
}

/** One write of {@link ReadModelBatchAccess.writeMany}. */
export interface ReadModelBatchWrite<T extends ReadModelDocument> extends ReadModelKey {
  /** The whole next document (its `id` equals the key's), or `null` to delete (tombstone). */
  readonly document: T | null;
  /** Log position of the last event folded into it: the write's idempotency guard. */
  readonly position: LogPosition;
}

/**
 * Batch access to one read-model collection across tenants, so a projection reads and writes
 * each document of an event batch once instead of once per event. Every document stays keyed
 * by its tenant: a batch mixing tenants never lets one tenant's write touch another's
 * document. A capability of read-model stores (the in-memory store and the projections
 * library's PostgreSQL and MongoDB stores implement it next to `ReadModelStore`); the same
 * position rules apply as to `ReadModelCollection` writes, tombstones included.
 */
export abstract class ReadModelBatchAccess {
  /** Documents and tombstones among `keys` (unknown keys are left out), in no order. */
  abstract getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<StoredReadModel<T>[]>;

  /**
   * Applies each write unless the stored position is not older than the write's (a replayed
   * batch changes nothing), joining the caller's transaction where the store has them. Keys
   * must be unique within a call (else `ValidationError`); rows are written in key order so
   * concurrent writers lock in the same order. Resolves to the number of writes applied.
   */
  abstract writeMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number>;
}

/** Options of {@link assertBatchWrites}. */
export interface AssertBatchWritesOptions {
  /**
   * Return each document in stored (JSON) form, a copy. Adapters that serialise the documents
   * to JSON text themselves pass `false`: documents are then only checked to be objects whose
   * `id` is the key's, returned as given, and the adapter must turn a failing `JSON.stringify`
   * into a `ValidationError` (see {@link batchWritesJson}).
   * @default true
   */
  readonly normalise?: boolean;
}

/**
 * Checks a `writeMany` call as every adapter must: non-empty tenant ids and ids, valid
 * positions, documents (stored as JSON) whose `id` is the key's, no key twice. Returns the
 * writes sorted by tenant then id, their documents in stored form unless `normalise` is off.
 * @throws ValidationError naming the first invalid write.
 */
export function assertBatchWrites<T extends ReadModelDocument>(
  writes: readonly ReadModelBatchWrite<T>[],
  { normalise = true }: AssertBatchWritesOptions = {},
): ReadModelBatchWrite<T>[] {
  const seen = new Set<string>();
  const checked = writes.map((write, index) => {
    const { tenantId, id, document } = write;
    if (typeof tenantId !== 'string' || tenantId.length === 0) {
      throw ValidationError.of(
        `writes[${index}].tenantId`,
        'must be a non-empty string',
        'isNotEmpty',
      );
    }
    assertDocumentId(id);
    const key = JSON.stringify([tenantId, id]);
    if (seen.has(key)) {
      throw ValidationError.of(
        `writes[${index}]`,
        `names document "${id}" of tenant "${tenantId}" twice`,
        'unique',
      );
    }
    seen.add(key);
    const position = assertWritePosition(write);
    const stored = document === null || !normalise ? document : toStoredDocument(document);
    if (stored !== null && (typeof stored !== 'object' || Array.isArray(stored))) {
      throw ValidationError.of(
        `writes[${index}].document`,
        'must be an object or null',
        'isObject',
      );
    }
    if (stored && stored.id !== id) {
      throw ValidationError.of(
        `writes[${index}].document.id`,
        `must be "${id}", got "${String(stored.id)}"`,
        'equals',
      );
    }
    return { tenantId, id, document: stored, position };
  });
  return checked.sort((a, b) => compareText(a.tenantId, b.tenantId) || compareText(a.id, b.id));
}

/**
 * `JSON.stringify(value)` for adapters that check batch writes without normalising them: a
 * value JSON cannot hold (a cycle, a BigInt) becomes a `ValidationError`.
 */
export function batchWritesJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw ValidationError.of(
      'writes',
      `documents must be JSON-serialisable: ${(error as Error).message}`,
      'isJson',
    );
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
