import { type AuditQuery, decodeAuditCursor } from '@cqrs-ddd/core';
import { auditChainKey } from '../chain/audit-chain.hash.js';
import { AUDIT_ROW_COLUMNS } from './postgres-audit.row.js';

/** A statement with its `?` parameters. */
export interface AuditStatement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The statement reading one page of `query` (validated) from `log`, newest first — by
 * `occurred_at` descending, ties by `id` descending (the column's "C" collation: binary order) —
 * resuming strictly after the cursor's position, one row more than `limit` to tell whether
 * another page follows. Served by the index on `(tenant_key, occurred_at DESC, id DESC)`.
 * @throws ValidationError for a cursor that is not one of ours
 */
export function auditPageStatement(log: string, query: AuditQuery, limit: number): AuditStatement {
  const conditions = ['tenant_key = ?'];
  const params: unknown[] = [auditChainKey(query.tenantId)];
  const where = (condition: string, value: unknown) => {
    conditions.push(condition);
    params.push(value);
  };
  if (query.actorId !== undefined) where('actor_id = ?', query.actorId);
  if (query.action !== undefined) where('action = ?', query.action);
  if (query.outcome !== undefined) where('outcome = ?', query.outcome);
  if (query.resourceType !== undefined) where('resource_type = ?', query.resourceType);
  if (query.resourceId !== undefined) where('resource_id = ?', query.resourceId);
  if (query.from !== undefined) where('occurred_at >= ?::timestamptz', query.from.toISOString());
  if (query.to !== undefined) where('occurred_at < ?::timestamptz', query.to.toISOString());
  if (query.cursor !== undefined) {
    const [at, id] = decodeAuditCursor(query.cursor);
    conditions.push('(occurred_at, id) < (?::timestamptz, ?)');
    params.push(new Date(at).toISOString(), id);
  }
  params.push(limit + 1);
  return {
    sql: `SELECT ${AUDIT_ROW_COLUMNS} FROM ${log}
      WHERE ${conditions.join(' AND ')}
      ORDER BY occurred_at DESC, id DESC
      LIMIT ?`,
    params,
  };
}
