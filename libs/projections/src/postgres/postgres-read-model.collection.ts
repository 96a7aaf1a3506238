import {
  applyReadModelPatch,
  assertDocumentId,
  assertWritePosition,
  compareLogPositions,
  type LogPosition,
  logPosition,
  normalizeQueryOptions,
  type Page,
  type QueryOptions,
  ReadModelCollection,
  type ReadModelCollectionOptions,
  type ReadModelDocument,
  type ReadModelPatch,
  type ReadModelWriteOptions,
  type SpecInput,
  toPage,
  toSpecification,
  toStoredDocument,
} from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { countStatement, findStatement, type ReadModelScope } from './postgres-read-model.query.js';
import { type SqlFragment, sql } from './sql-fragment.js';
import { runSql } from './sql-fragment.runner.js';

/** A locked row: its document (`null` for a tombstone) and position. */
interface PositionedRow {
  readonly document: ReadModelDocument | null;
  readonly transaction_id: string;
  readonly global_position: string;
}

/**
 * One tenant's documents of one collection in the documents table (see
 * `PostgresReadModelStore`). Filters, sorting, cursors and counts run in SQL; only the page's
 * `fields` projection is applied to the fetched rows.
 */
export class PostgresReadModelCollection<
  T extends ReadModelDocument,
> extends ReadModelCollection<T> {
  constructor(
    name: string,
    options: ReadModelCollectionOptions,
    private readonly em: SqlEntityManager,
    private readonly table: SqlFragment,
  ) {
    super(name, options);
  }

  async get(id: string): Promise<T | undefined> {
    assertDocumentId(id);
    const rows = await runSql<{ document: T }>(
      this.em,
      sql`SELECT document FROM ${this.table} WHERE ${this.key(this.tenantId(), id)}
        AND document IS NOT NULL`,
    );
    return rows[0]?.document;
  }

  async find(options?: QueryOptions<T>): Promise<Page<T>> {
    const query = normalizeQueryOptions(options);
    const rows = await runSql<{ document: T }>(this.em, findStatement(this.scope(), query));
    return toPage(
      rows.map((row) => row.document),
      query,
    );
  }

  async count(filter?: SpecInput): Promise<number> {
    const spec = filter === undefined ? undefined : toSpecification(filter);
    const rows = await runSql<{ count: string }>(this.em, countStatement(this.scope(), spec));
    return Number(rows[0].count);
  }

  async upsert(document: T, options: ReadModelWriteOptions): Promise<boolean> {
    const position = assertWritePosition(options);
    const stored = toStoredDocument(document);
    const rows = await runSql(
      this.em,
      sql`INSERT INTO ${this.table} AS d
          (collection, tenant_id, id, document, transaction_id, global_position)
        VALUES (${this.name}, ${this.tenantId()}, ${stored.id}, ${JSON.stringify(stored)}::jsonb,
          ${position.transactionId}::numeric, ${position.globalPosition}::numeric)
        ON CONFLICT (collection, tenant_id, id) DO UPDATE
        SET document = excluded.document,
            transaction_id = excluded.transaction_id,
            global_position = excluded.global_position
        WHERE (d.transaction_id, d.global_position)
            < (excluded.transaction_id, excluded.global_position)
        RETURNING 1`,
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
      const inserted = await runSql(
        this.em,
        sql`INSERT INTO ${this.table}
            (collection, tenant_id, id, document, transaction_id, global_position)
          VALUES (${this.name}, ${tenantId}, ${id}, NULL,
            ${position.transactionId}::numeric, ${position.globalPosition}::numeric)
          ON CONFLICT (collection, tenant_id, id) DO NOTHING
          RETURNING 1`,
      );
      if (inserted.length > 0) return false;
      const row = await this.lockRow(tenantId, id);
      if (!row || !isNewer(position, row)) return false;
      await this.write(tenantId, id, null, position);
      return row.document !== null;
    });
  }

  async deleteAll(): Promise<void> {
    await runSql(
      this.em,
      sql`DELETE FROM ${this.table} WHERE collection = ${this.name}
        AND tenant_id = ${this.tenantId()}`,
    );
  }

  private scope(): ReadModelScope {
    return { table: this.table, collection: this.name, tenantId: this.tenantId() };
  }

  /** The primary-key condition of document `id` of `tenantId` in this collection. */
  private key(tenantId: string, id: string): SqlFragment {
    return sql`collection = ${this.name} AND tenant_id = ${tenantId} AND id = ${id}`;
  }

  private async lockRow(tenantId: string, id: string): Promise<PositionedRow | undefined> {
    const rows = await runSql<PositionedRow>(
      this.em,
      sql`SELECT document, transaction_id::text, global_position::text FROM ${this.table}
        WHERE ${this.key(tenantId, id)} FOR UPDATE`,
    );
    return rows[0];
  }

  private async write(
    tenantId: string,
    id: string,
    document: T | null,
    position: LogPosition,
  ): Promise<void> {
    const json = document === null ? null : JSON.stringify(document);
    await runSql(
      this.em,
      sql`UPDATE ${this.table}
        SET document = ${json}::jsonb, transaction_id = ${position.transactionId}::numeric,
          global_position = ${position.globalPosition}::numeric
        WHERE ${this.key(tenantId, id)}`,
    );
  }

  /** Runs `work` in the caller's transaction, or in a new one (row locks need one). */
  private transaction<R>(work: () => Promise<R>): Promise<R> {
    return this.em.isInTransaction() ? work() : this.em.transactional(() => work());
  }
}

function isNewer(position: LogPosition, row: PositionedRow): boolean {
  return compareLogPositions(position, logPosition(row.transaction_id, row.global_position)) > 0;
}
