import {
  applyQueryOptions,
  applyReadModelPatch,
  assertCollectionName,
  assertDocumentId,
  assertWritePosition,
  compareLogPositions,
  evaluate,
  type LogPosition,
  type Page,
  type QueryOptions,
  ReadModelCollection,
  type ReadModelCollectionOptions,
  type ReadModelDocument,
  type ReadModelPatch,
  ReadModelStore,
  type ReadModelWriteOptions,
  type SpecInput,
  toSpecification,
  toStoredDocument,
} from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import {
  assertUniqueKeys,
  type FoundReadModel,
  type ReadModelBatchStore,
  type ReadModelBatchWrite,
  type ReadModelKey,
} from '../read-model-batch.store.js';
import {
  type ReadStoreSchemaOptions,
  type ReadStoreTables,
  readStoreTables,
} from './read-store-schema.js';

interface Row {
  readonly document: ReadModelDocument | null;
  readonly transaction_id: string;
  readonly global_position: string;
}

/**
 * {@link ReadModelStore} in one PostgreSQL table of JSONB documents, keyed by (collection,
 * tenant, id), each with the log position of its last write. Statements join the caller's
 * MikroORM transaction (the processor writes a batch and its checkpoint atomically).
 *
 * Deliberately simple until the projections library brings indexed stores: `get` is a primary
 * key look-up, but `find` and `count` load the tenant's documents of the collection and filter,
 * sort and page them in memory with core's evaluator (exactly the in-memory semantics). Fine
 * for the reference app's volumes, not for large collections.
 *
 * Also the app's {@link ReadModelBatchStore}: `getMany` is one SELECT and `upsertMany` one
 * multi-row INSERT ... ON CONFLICT, whatever the number of documents and tenants.
 */
export class PostgresReadModelStore extends ReadModelStore implements ReadModelBatchStore {
  private readonly tables: ReadStoreTables;

  constructor(
    private readonly em: SqlEntityManager,
    options: ReadStoreSchemaOptions = {},
  ) {
    super();
    this.tables = readStoreTables(options);
  }

  collection<T extends ReadModelDocument>(
    name: string,
    options: ReadModelCollectionOptions,
  ): ReadModelCollection<T> {
    return new PostgresReadModelCollection<T>(name, options, this.em, this.tables.documents);
  }

  async dropCollection(name: string): Promise<void> {
    await this.em.execute(`DELETE FROM ${this.tables.documents} WHERE collection = ?`, [
      assertCollectionName(name),
    ]);
  }

  async getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<FoundReadModel<T>[]> {
    assertCollectionName(collection);
    if (keys.length === 0) return [];
    const wanted = keys.map(({ tenantId, id }) => {
      assertDocumentId(id);
      return { tenant_id: tenantId, id };
    });
    // The keys travel as one JSON parameter, whatever their number.
    const rows = await this.em.execute<KeyedRow[]>(
      `SELECT d.tenant_id, d.id, d.document
       FROM jsonb_to_recordset(?::jsonb) AS k(tenant_id text, id text)
       JOIN ${this.tables.documents} d
         ON d.collection = ? AND d.tenant_id = k.tenant_id AND d.id = k.id
       WHERE d.document IS NOT NULL`,
      [JSON.stringify(wanted), collection],
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      id: row.id,
      document: row.document as T,
    }));
  }

  async upsertMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number> {
    assertCollectionName(collection);
    assertUniqueKeys(writes);
    if (writes.length === 0) return 0;
    const rows = writes.map(({ tenantId, id, document, position }) => {
      const stored = toStoredDocument(document);
      if (stored.id !== id) throw new TypeError(`Document id "${stored.id}" is not "${id}".`);
      const at = assertWritePosition({ position });
      return {
        tenant_id: tenantId,
        id,
        document: stored,
        transaction_id: at.transactionId,
        global_position: at.globalPosition,
      };
    });
    // Key order: concurrent processors lock (or wait for) rows in the same order.
    const written = await this.em.execute<Row[]>(
      `INSERT INTO ${this.tables.documents} AS d
         (collection, tenant_id, id, document, transaction_id, global_position)
       SELECT ?::text, w.tenant_id, w.id, w.document, w.transaction_id, w.global_position
       FROM jsonb_to_recordset(?::jsonb)
         AS w(tenant_id text, id text, document jsonb, transaction_id numeric, global_position numeric)
       ORDER BY w.tenant_id, w.id
       ON CONFLICT (collection, tenant_id, id) DO UPDATE
       SET document = excluded.document,
           transaction_id = excluded.transaction_id,
           global_position = excluded.global_position
       WHERE (d.transaction_id, d.global_position)
           < (excluded.transaction_id, excluded.global_position)
       RETURNING d.id`,
      [collection, JSON.stringify(rows)],
    );
    return written.length;
  }
}

interface KeyedRow {
  readonly tenant_id: string;
  readonly id: string;
  readonly document: ReadModelDocument;
}

class PostgresReadModelCollection<T extends ReadModelDocument> extends ReadModelCollection<T> {
  constructor(
    name: string,
    options: ReadModelCollectionOptions,
    private readonly em: SqlEntityManager,
    private readonly table: string,
  ) {
    super(name, options);
  }

  async get(id: string): Promise<T | undefined> {
    assertDocumentId(id);
    const rows = await this.em.execute<Row[]>(
      `SELECT document FROM ${this.table}
       WHERE collection = ? AND tenant_id = ? AND id = ? AND document IS NOT NULL`,
      [this.name, this.tenantId(), id],
    );
    return (rows[0]?.document as T | undefined) ?? undefined;
  }

  async find(options?: QueryOptions<T>): Promise<Page<T>> {
    return applyQueryOptions(await this.documents(), options);
  }

  async count(filter?: SpecInput): Promise<number> {
    const documents = await this.documents();
    if (filter === undefined) return documents.length;
    const spec = toSpecification(filter);
    return documents.filter((document) => evaluate(spec, document)).length;
  }

  async upsert(document: T, options: ReadModelWriteOptions): Promise<boolean> {
    const position = assertWritePosition(options);
    const stored = toStoredDocument(document);
    const rows = await this.em.execute<Row[]>(
      `INSERT INTO ${this.table} AS d
         (collection, tenant_id, id, document, transaction_id, global_position)
       VALUES (?, ?, ?, ?::jsonb, ?, ?)
       ON CONFLICT (collection, tenant_id, id) DO UPDATE
       SET document = excluded.document,
           transaction_id = excluded.transaction_id,
           global_position = excluded.global_position
       WHERE (d.transaction_id, d.global_position)
           < (excluded.transaction_id, excluded.global_position)
       RETURNING id`,
      [
        this.name,
        this.tenantId(),
        stored.id,
        JSON.stringify(stored),
        position.transactionId,
        position.globalPosition,
      ],
    );
    return rows.length > 0;
  }

  async update(
    id: string,
    patch: ReadModelPatch<T>,
    options: ReadModelWriteOptions,
  ): Promise<boolean> {
    assertDocumentId(id);
    const position = assertWritePosition(options);
    const tenantId = this.tenantId();
    return this.transaction(async () => {
      const row = await this.lockRow(tenantId, id);
      if (!row?.document || !isNewer(position, row)) return false;
      const next = applyReadModelPatch(row.document as T, patch);
      await this.write(tenantId, id, next, position);
      return true;
    });
  }

  async delete(id: string, options: ReadModelWriteOptions): Promise<boolean> {
    assertDocumentId(id);
    const position = assertWritePosition(options);
    const tenantId = this.tenantId();
    return this.transaction(async () => {
      // A tombstone is recorded even for a document that never existed.
      const inserted = await this.em.execute<Row[]>(
        `INSERT INTO ${this.table}
           (collection, tenant_id, id, document, transaction_id, global_position)
         VALUES (?, ?, ?, NULL, ?, ?)
         ON CONFLICT (collection, tenant_id, id) DO NOTHING
         RETURNING id`,
        [this.name, tenantId, id, position.transactionId, position.globalPosition],
      );
      if (inserted.length > 0) return false;
      const row = await this.lockRow(tenantId, id);
      if (!row || !isNewer(position, row)) return false;
      await this.write(tenantId, id, null, position);
      return row.document !== null;
    });
  }

  async deleteAll(): Promise<void> {
    await this.em.execute(`DELETE FROM ${this.table} WHERE collection = ? AND tenant_id = ?`, [
      this.name,
      this.tenantId(),
    ]);
  }

  private async documents(): Promise<T[]> {
    const rows = await this.em.execute<Row[]>(
      `SELECT document FROM ${this.table}
       WHERE collection = ? AND tenant_id = ? AND document IS NOT NULL`,
      [this.name, this.tenantId()],
    );
    return rows.map((row) => row.document as T);
  }

  private async lockRow(tenantId: string, id: string): Promise<Row | undefined> {
    const rows = await this.em.execute<Row[]>(
      `SELECT document, transaction_id::text, global_position::text FROM ${this.table}
       WHERE collection = ? AND tenant_id = ? AND id = ? FOR UPDATE`,
      [this.name, tenantId, id],
    );
    return rows[0];
  }

  private async write(
    tenantId: string,
    id: string,
    document: T | null,
    position: LogPosition,
  ): Promise<void> {
    await this.em.execute(
      `UPDATE ${this.table}
       SET document = ?::jsonb, transaction_id = ?, global_position = ?
       WHERE collection = ? AND tenant_id = ? AND id = ?`,
      [
        document === null ? null : JSON.stringify(document),
        position.transactionId,
        position.globalPosition,
        this.name,
        tenantId,
        id,
      ],
    );
  }

  /** Runs `work` in the caller's transaction, or in a new one (row locks need one). */
  private transaction<R>(work: () => Promise<R>): Promise<R> {
    return this.em.isInTransaction() ? work() : this.em.transactional(() => work());
  }
}

function isNewer(position: LogPosition, row: Row): boolean {
  const stored = { transactionId: row.transaction_id, globalPosition: row.global_position };
  return compareLogPositions(position, stored) > 0;
}
