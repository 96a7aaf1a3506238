import type { AuditEntry, AuditQuery, AuditSink } from '@cqrs-ddd/core';
import { stringify } from 'csv-stringify/sync';
import { auditEntryPages } from './audit-entries.pages.js';

/** The columns of {@link auditEntriesAsCsv}, in order (also its header row). */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'occurredAt',
  'tenantId',
  'actorId',
  'authMethod',
  'action',
  'resourceType',
  'resourceId',
  'outcome',
  'reason',
  'errorCode',
  'correlationId',
  'clientAddress',
  'userAgent',
  'details',
] as const;

type CsvRecord = Record<(typeof AUDIT_CSV_COLUMNS)[number], string>;

/**
 * The entries matching `query` as CSV (RFC 4180 quoting, `\n` line ends): a header row of
 * {@link AUDIT_CSV_COLUMNS}, then one row per entry, newest first — nested fields flattened
 * (`actorId`, `authMethod`, `resourceType`, `resourceId`), `occurredAt` in ISO 8601, `details`
 * as JSON, absent fields empty. Cells starting with `=`, `+`, `-`, `@`, tab or carriage return
 * get a leading `'`, so a spreadsheet does not run attacker-chosen text (a user agent, a
 * reason) as a formula. Yielded a page at a time, read page by page through the cursors.
 * @param query filters of {@link AuditSink.query}; `limit` is the page size read. @default 1000
 * @throws ValidationError for invalid filters or cursor (when iteration starts)
 */
export async function* auditEntriesAsCsv(
  sink: AuditSink,
  query: AuditQuery,
): AsyncGenerator<string> {
  const options = { columns: [...AUDIT_CSV_COLUMNS], escape_formulas: true };
  let header = true;
  for await (const entries of auditEntryPages(sink, query)) {
    yield stringify(entries.map(csvRecord), { ...options, header });
    header = false;
  }
  if (header) yield stringify([], { ...options, header });
}

function csvRecord(entry: AuditEntry): CsvRecord {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    tenantId: entry.tenantId ?? '',
    actorId: entry.actor?.id ?? '',
    authMethod: entry.actor?.authMethod ?? '',
    action: entry.action,
    resourceType: entry.resource?.type ?? '',
    resourceId: entry.resource?.id ?? '',
    outcome: entry.outcome,
    reason: entry.reason ?? '',
    errorCode: entry.errorCode ?? '',
    correlationId: entry.correlationId ?? '',
    clientAddress: entry.clientAddress ?? '',
    userAgent: entry.userAgent ?? '',
    details: entry.details === undefined ? '' : JSON.stringify(entry.details),
  };
}
