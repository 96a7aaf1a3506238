import {
  assertDocumentId,
  type Page,
  type QueryOptions,
  ReadModelCollection,
  type ReadModelDocument,
  type ReadModelPatch,
  type ReadModelWriteOptions,
  type SpecInput,
  ValidationError,
} from '@cqrs-ddd/core';

/** What a {@link BufferedReadModelCollection} works on: one tenant's view of a batch. */
export interface BufferedCollectionSources<T extends ReadModelDocument> {
  /** The batch's scratch copy of the tenant's documents (holds their stored positions). */
  readonly scratch: ReadModelCollection<T>;
  /** The real collection, for queries. */
  readonly real: ReadModelCollection<T>;
  /** Copies document `id` (or its tombstone) from the real store into the scratch, once. */
  readonly load: (id: string) => Promise<void>;
}

/**
 * The collection a projection handler writes during a batch: keyed reads and writes go to the
 * batch's scratch copy (documents not prefetched are loaded from the real store on first use),
 * and the batch flushes every changed document in one write at the end. Writes keep their
 * position rules, so an event already folded into a stored document changes nothing.
 *
 * `find` and `count` query the real store: they do not see the batch's unflushed writes.
 * `deleteAll` is refused (it is not idempotent by position).
 */
export class BufferedReadModelCollection<
  T extends ReadModelDocument,
> extends ReadModelCollection<T> {
  constructor(
    name: string,
    tenantId: string,
    private readonly sources: BufferedCollectionSources<T>,
  ) {
    super(name, { tenantId });
  }

  async get(id: string): Promise<T | undefined> {
    await this.loaded(id);
    return this.sources.scratch.get(id);
  }

  find(options?: QueryOptions<T>): Promise<Page<T>> {
    return this.sources.real.find(options);
  }

  count(filter?: SpecInput): Promise<number> {
    return this.sources.real.count(filter);
  }

  async upsert(document: T, options: ReadModelWriteOptions): Promise<boolean> {
    // The scratch's upsert checks (and copies) the whole document; only its key is needed here.
    await this.loaded((document as Partial<T> | undefined)?.id as string);
    return this.sources.scratch.upsert(document, options);
  }

  async update(
    id: string,
    patch: ReadModelPatch<T>,
    options: ReadModelWriteOptions,
  ): Promise<boolean> {
    await this.loaded(id);
    return this.sources.scratch.update(id, patch, options);
  }

  async delete(id: string, options: ReadModelWriteOptions): Promise<boolean> {
    await this.loaded(id);
    return this.sources.scratch.delete(id, options);
  }

  deleteAll(): Promise<void> {
    return Promise.reject(
      ValidationError.of(
        'deleteAll',
        'is not available to projection handlers (it is not idempotent by position); ' +
          'delete documents one by one, or rebuild the projection',
        'unsupported',
      ),
    );
  }

  private async loaded(id: string): Promise<void> {
    assertDocumentId(id);
    await this.sources.load(id);
  }
}
