import type { AuditEntry, AuditOutcome, AuthMethod } from '@cqrs-ddd/core';
import { auditChainKey } from '../chain/audit-chain.hash.js';
import type { AuditChainRow } from '../chain/audit-chain.verify.js';

/** A row of `audit_log` as the store selects it ({@link AUDIT_ROW_COLUMNS}). */
export interface AuditLogRow {
  readonly id: string;
  readonly tenant_key: string;
  /** `bigint`: text from the driver. */
  readonly sequence: string | number;
  /** ISO 8601 text (selected through `to_json`). */
  readonly occurred_at: string;
  readonly actor_id: string | null;
  readonly auth_method: string | null;
  readonly action: string;
  readonly resource_type: string | null;
  readonly resource_id: string | null;
  readonly outcome: string;
  readonly reason: string | null;
  readonly error_code: string | null;
  readonly correlation_id: string | null;
  readonly client_address: string | null;
  readonly user_agent: string | null;
  readonly details: Record<string, unknown> | string | null;
  readonly previous_hash: string;
  readonly hash: string;
}

/** The select list of {@link AuditLogRow} (the instant as ISO 8601 text, whatever the driver). */
export const AUDIT_ROW_COLUMNS = `id, tenant_key, sequence, to_json(occurred_at) #>> '{}' AS occurred_at,
  actor_id, auth_method, action, resource_type, resource_id, outcome, reason, error_code,
  correlation_id, client_address, user_agent, details, previous_hash, hash`;

/** The insert column list matching {@link auditInsertParams}. */
export const AUDIT_INSERT_COLUMNS = `id, tenant_key, sequence, occurred_at, actor_id, auth_method,
  action, resource_type, resource_id, outcome, reason, error_code, correlation_id,
  client_address, user_agent, details, previous_hash, hash`;

/** The placeholders of {@link AUDIT_INSERT_COLUMNS}, with their casts. */
export const AUDIT_INSERT_VALUES = `?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?`;

/** The parameters inserting `entry` at `sequence` of its chain. */
export function auditInsertParams(
  entry: AuditEntry,
  link: { sequence: number; previousHash: string; hash: string },
): unknown[] {
  return [
    entry.id,
    auditChainKey(entry.tenantId),
    link.sequence,
    entry.occurredAt.toISOString(),
    entry.actor?.id ?? null,
    entry.actor?.authMethod ?? null,
    entry.action,
    entry.resource?.type ?? null,
    entry.resource?.id ?? null,
    entry.outcome,
    entry.reason ?? null,
    entry.errorCode ?? null,
    entry.correlationId ?? null,
    entry.clientAddress ?? null,
    entry.userAgent ?? null,
    entry.details === undefined ? null : JSON.stringify(entry.details),
    link.previousHash,
    link.hash,
  ];
}

/** The entry `row` stores; absent fields are left out, not `null`. */
export function auditEntryFromRow(row: AuditLogRow): AuditEntry {
  const optional = {
    tenantId: row.tenant_key === '' ? undefined : row.tenant_key,
    actor:
      row.actor_id === null
        ? undefined
        : { id: row.actor_id, authMethod: (row.auth_method ?? '') as AuthMethod },
    resource:
      row.resource_type === null ? undefined : { type: row.resource_type, id: row.resource_id! },
    reason: row.reason,
    errorCode: row.error_code,
    correlationId: row.correlation_id,
    clientAddress: row.client_address,
    userAgent: row.user_agent,
    details:
      typeof row.details === 'string'
        ? (JSON.parse(row.details) as Record<string, unknown>)
        : row.details,
  };
  const entry: Record<string, unknown> = {
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    action: row.action,
    outcome: row.outcome as AuditOutcome,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null && value !== undefined) entry[key] = value;
  }
  return entry as unknown as AuditEntry;
}

/** `row` as a link of its chain, for verification. */
export function auditChainRowFrom(row: AuditLogRow): AuditChainRow {
  return {
    sequence: Number(row.sequence),
    hash: row.hash,
    previousHash: row.previous_hash,
    entry: auditEntryFromRow(row),
  };
}
