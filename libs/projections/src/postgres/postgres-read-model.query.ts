import type { NormalizedQuery, Specification } from '@cqrs-ddd/core';
import type { DocumentSqlOptions } from './document-path.sql.js';
import { compileSort } from './sort-to-sql.compiler.js';
import { compileSpecification } from './spec-to-sql.compiler.js';
import { and, rawSql, SQL_TRUE, type SqlFragment, sql } from './sql-fragment.js';

/** The documents a collection handle sees: one collection of one tenant. */
export interface ReadModelScope {
  /** The quoted, schema-qualified documents table. */
  readonly table: SqlFragment;
  /** The collection name. */
  readonly collection: string;
  /** The tenant whose documents the statement reads. */
  readonly tenantId: string;
}

/**
 * The document is `d.document`; its `id` (the tie-breaker of every sort) is also the `d.id`
 * key column, which conditions and sort keys on `id` use, so the primary key serves them.
 */
const DOCUMENT: DocumentSqlOptions = { document: 'd.document', textColumns: { id: 'd.id' } };

/**
 * The statement fetching the rows of `query` that core's `toPage` expects: matching the filter
 * and the cursor condition, ordered by the sort keys (tie-breaker last), skipping `offset`,
 * at most `limit + 1` of them. Selects `document`.
 */
export function findStatement(scope: ReadModelScope, query: NormalizedQuery): SqlFragment {
  const where = and(
    scopeCondition(scope),
    query.filter ? compileSpecification(query.filter, DOCUMENT) : SQL_TRUE,
    query.after ? compileSpecification(query.after, DOCUMENT, 'cursor') : SQL_TRUE,
  );
  const limit = query.limit === undefined ? rawSql('') : sql` LIMIT ${query.limit + 1}`;
  const offset = query.offset > 0 ? sql` OFFSET ${query.offset}` : rawSql('');
  return sql`SELECT d.document FROM ${scope.table} AS d WHERE ${where}
    ORDER BY ${compileSort(query.sort, DOCUMENT)}${limit}${offset}`;
}

/** The statement counting the documents matching `filter` (all when absent) as `count` (bigint). */
export function countStatement(scope: ReadModelScope, filter?: Specification): SqlFragment {
  const where = and(
    scopeCondition(scope),
    filter ? compileSpecification(filter, DOCUMENT) : SQL_TRUE,
  );
  return sql`SELECT count(*) AS count FROM ${scope.table} AS d WHERE ${where}`;
}

function scopeCondition({ collection, tenantId }: ReadModelScope): SqlFragment {
  return sql`d.collection = ${collection} AND d.tenant_id = ${tenantId} AND d.document IS NOT NULL`;
}
