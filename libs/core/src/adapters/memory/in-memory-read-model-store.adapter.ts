import type { LogPosition } from '../../domain/event-envelope.js';
import { compareLogPositions } from '../../domain/log-position.js';
import {
  type ReadModelCollectionOptions,
  type ReadModelDocument,
  type ReadModelPatch,
  type ReadModelWriteOptions,
  ReadModelCollection,
  ReadModelStore,
  applyReadModelPatch,
  assertCollectionName,
  assertDocumentId,
  assertWritePosition,
  toStoredDocument,
} from '../../ports/read-model-store.port.js';
import {
  assertBatchWrites,
  type ReadModelBatchAccess,
  type ReadModelBatchWrite,
  type ReadModelKey,
  type StoredReadModel,
} from '../../ports/read-model-batch-access.port.js';
import { applyQueryOptions } from '../../specification/apply-query-options.js';
import type { Page, QueryOptions } from '../../specification/query-options.js';
import { type SpecInput, toSpecification } from '../../specification/spec-input.js';
import { evaluate } from '../../specification/specification.evaluator.js';

/** A stored document, or a tombstone (`document: null`) left by a delete. */
interface Entry {
  readonly document: ReadModelDocument | null;
  readonly position: LogPosition;
}

/** collection name → tenant id → document id → entry. */
type Collections = Map<string, Map<string, Map<string, Entry>>>;

/**
 * {@link ReadModelStore} kept in process memory, for tests and single-process development.
 * Every operation completes atomically (an `update`'s patch function runs synchronously
 * between the read and the write), and documents are copied in and out.
 */
export class InMemoryReadModelStore extends ReadModelStore implements ReadModelBatchAccess {
  private readonly collections: Collections = new Map();

  collection<T extends ReadModelDocument>(
    name: string,
    options: ReadModelCollectionOptions,
  ): ReadModelCollection<T> {
    return new InMemoryReadModelCollection<T>(name, options, this.collections);
  }

  async dropCollection(name: string): Promise<void> {
    this.collections.delete(assertCollectionName(name));
  }

  async getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<StoredReadModel<T>[]> {
    const tenants = this.collections.get(assertCollectionName(collection));
    return keys.flatMap(({ tenantId, id }) => {
      assertDocumentId(id);
      const entry = tenants?.get(tenantId)?.get(id);
      if (!entry) return [];
      const document = entry.document === null ? null : (structuredClone(entry.document) as T);
      return [{ tenantId, id, document, position: { ...entry.position } }];
    });
  }

  async writeMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number> {
    const name = assertCollectionName(collection);
    const checked = assertBatchWrites(writes);
    let tenants = this.collections.get(name);
    if (!tenants) this.collections.set(name, (tenants = new Map()));
    let applied = 0;
    for (const { tenantId, id, document, position } of checked) {
      let entries = tenants.get(tenantId);
      if (!entries) tenants.set(tenantId, (entries = new Map()));
      if (!isNewer(position, entries.get(id))) continue;
      entries.set(id, { document, position });
      applied += 1;
    }
    return applied;
  }
}

class InMemoryReadModelCollection<T extends ReadModelDocument> extends ReadModelCollection<T> {
  constructor(
    name: string,
    options: ReadModelCollectionOptions,
    private readonly collections: Collections,
  ) {
    super(name, options);
  }

  async get(id: string): Promise<T | undefined> {
    assertDocumentId(id);
    const document = this.entries().get(id)?.document;
    return document ? (structuredClone(document) as T) : undefined;
  }

  async find(options?: QueryOptions<T>): Promise<Page<T>> {
    const page = applyQueryOptions(this.documents(), options);
    return { items: page.items.map((item) => structuredClone(item)), nextCursor: page.nextCursor };
  }

  async count(filter?: SpecInput): Promise<number> {
    const spec = filter === undefined ? undefined : toSpecification(filter);
    return this.documents().filter((document) => !spec || evaluate(spec, document)).length;
  }

  async upsert(document: T, options: ReadModelWriteOptions): Promise<boolean> {
    const position = assertWritePosition(options);
    const stored = toStoredDocument(document);
    const entries = this.entries();
    if (!isNewer(position, entries.get(stored.id))) return false;
    entries.set(stored.id, { document: stored, position });
    return true;
  }

  async update(
    id: string,
    patch: ReadModelPatch<T>,
    options: ReadModelWriteOptions,
  ): Promise<boolean> {
    assertDocumentId(id);
    const position = assertWritePosition(options);
    const entries = this.entries();
    const entry = entries.get(id);
    if (!entry?.document || !isNewer(position, entry)) return false;
    entries.set(id, { document: applyReadModelPatch(entry.document as T, patch), position });
    return true;
  }

  async delete(id: string, options: ReadModelWriteOptions): Promise<boolean> {
    assertDocumentId(id);
    const position = assertWritePosition(options);
    const entries = this.entries();
    const entry = entries.get(id);
    if (!isNewer(position, entry)) return false;
    entries.set(id, { document: null, position });
    return Boolean(entry?.document);
  }

  async deleteAll(): Promise<void> {
    const tenantId = this.tenantId();
    this.collections.get(this.name)?.delete(tenantId);
  }

  /** The current tenant's entries of this collection, created on first use. */
  private entries(): Map<string, Entry> {
    const tenantId = this.tenantId();
    let tenants = this.collections.get(this.name);
    if (!tenants) this.collections.set(this.name, (tenants = new Map()));
    let entries = tenants.get(tenantId);
    if (!entries) tenants.set(tenantId, (entries = new Map()));
    return entries;
  }

  private documents(): T[] {
    return [...this.entries().values()].flatMap((entry) =>
      entry.document ? [entry.document as T] : [],
    );
  }
}

function isNewer(position: LogPosition, entry: Entry | undefined): boolean {
  return !entry || compareLogPositions(position, entry.position) > 0;
}
