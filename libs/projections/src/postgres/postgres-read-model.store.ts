import {
  assertBatchWrites,
  batchWritesJson,
  assertCollectionName,
  assertDocumentId,
  logPosition,
  type ReadModelBatchAccess,
  type ReadModelBatchWrite,
  type ReadModelCollection,
  type ReadModelCollectionOptions,
  type ReadModelDocument,
  type ReadModelKey,
  ReadModelStore,
  type StoredReadModel,
} from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { PostgresReadModelCollection } from './postgres-read-model.collection.js';
import { type ProjectionsSchemaOptions, projectionsTables } from './projections-schema.js';
import { rawSql, type SqlFragment, sql } from './sql-fragment.js';
import { runSql } from './sql-fragment.runner.js';

interface StoredRow {
  readonly tenant_id: string;
  readonly id: string;
  readonly document: ReadModelDocument | null;
  readonly transaction_id: string;
  readonly global_position: string;
}

/**
 * {@link ReadModelStore} in the projections library's documents table: one JSONB document per
 * (collection, tenant, id) with the log position of its last write, a delete leaving a
 * tombstone (`document` NULL). Every statement runs with bind parameters through MikroORM's
 * Kysely instance, hence inside the caller's MikroORM transaction: a projection batch writes its
 * documents and its checkpoint atomically.
 *
 * Queries run in SQL: the specification compiles to a parameterised condition with the
 * in-memory evaluator's semantics, sorting and keyset cursors match core's `applyQueryOptions`
 * (strings in code-point order), `count` is a `count(*)`. They scan the tenant's documents of
 * the collection (a primary-key range); sorting by `id` alone follows the key.
 *
 * Also {@link ReadModelBatchAccess}: `getMany` is one SELECT and `writeMany` one multi-row
 * `INSERT ... ON CONFLICT DO UPDATE`, whatever the number of documents and tenants.
 */
export class PostgresReadModelStore extends ReadModelStore implements ReadModelBatchAccess {
  private readonly table: SqlFragment;

  constructor(
    private readonly em: SqlEntityManager,
    options: ProjectionsSchemaOptions = {},
  ) {
    super();
    this.table = rawSql(projectionsTables(options).documents);
  }

  collection<T extends ReadModelDocument>(
    name: string,
    options: ReadModelCollectionOptions,
  ): ReadModelCollection<T> {
    return new PostgresReadModelCollection<T>(name, options, this.em, this.table);
  }

  async dropCollection(name: string): Promise<void> {
    const collection = assertCollectionName(name);
    await runSql(this.em, sql`DELETE FROM ${this.table} WHERE collection = ${collection}`);
  }

  async getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<StoredReadModel<T>[]> {
    assertCollectionName(collection);
    if (keys.length === 0) return [];
    const wanted = keys.map(({ tenantId, id }) => {
      assertDocumentId(id);
      return { tenant_id: tenantId, id };
    });
    // The keys travel as one JSON parameter, whatever their number.
    const rows = await runSql<StoredRow>(
      this.em,
      sql`SELECT d.tenant_id, d.id, d.document,
          d.transaction_id::text AS transaction_id, d.global_position::text AS global_position
        FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS k(tenant_id text, id text)
        JOIN ${this.table} AS d
          ON d.collection = ${collection} AND d.tenant_id = k.tenant_id AND d.id = k.id`,
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      id: row.id,
      document: row.document as T | null,
      position: logPosition(row.transaction_id, row.global_position),
    }));
  }

  async writeMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number> {
    assertCollectionName(collection);
    // Checked without copying: the documents are serialised once, into the statement.
    const checked = assertBatchWrites(writes, { normalise: false });
    if (checked.length === 0) return 0;
    const rows = checked.map(({ tenantId, id, document, position }) => ({
      tenant_id: tenantId,
      id,
      document,
      transaction_id: position.transactionId,
      global_position: position.globalPosition,
    }));
    // One statement; rows are written in key order so concurrent writers lock alike. A JSON
    // null document becomes SQL NULL: a tombstone.
    const [result] = await runSql<{ applied: string }>(
      this.em,
      sql`WITH written AS (
          INSERT INTO ${this.table} AS d
            (collection, tenant_id, id, document, transaction_id, global_position)
          SELECT ${collection}::text, w.tenant_id, w.id, w.document,
            w.transaction_id, w.global_position
          FROM jsonb_to_recordset(${batchWritesJson(rows)}::jsonb) AS w(tenant_id text,
            id text, document jsonb, transaction_id numeric, global_position numeric)
          ORDER BY w.tenant_id COLLATE "C", w.id COLLATE "C"
          ON CONFLICT (collection, tenant_id, id) DO UPDATE
          SET document = excluded.document,
              transaction_id = excluded.transaction_id,
              global_position = excluded.global_position
          WHERE (d.transaction_id, d.global_position)
              < (excluded.transaction_id, excluded.global_position)
          RETURNING 1
        )
        SELECT count(*) AS applied FROM written`,
    );
    return Number(result.applied);
  }
}
