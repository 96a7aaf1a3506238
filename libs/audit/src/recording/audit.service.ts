import type { AuditPage, AuditQuery } from '@cqrs-ddd/core';
import { Injectable } from '@nestjs/common';
import type { AuditVerification, AuditVerificationRange } from '../chain/audit.store.js';
import { auditEntriesAsCsv } from '../export/audit-csv.export.js';
import { auditEntriesAsJsonLines } from '../export/audit-json-lines.export.js';
import type { AuditEntryInput } from './audit-entry.input.js';
import { AuditRecorder } from './audit-recorder.js';
import { currentAuditTenant } from './audit-tenant.js';

/** Filters of the caller's trail: an `AuditQuery` without tenant (it is the caller's). */
export type AuditFilters = Omit<AuditQuery, 'tenantId'>;

/**
 * The application's entry point to its audit trail, scoped to the tenant of the request
 * context (platform entries for a caller without tenant):
 *
 * ```ts
 * await audit.record({ action: 'report:download', resource: { type: 'Report', id }, outcome: 'success' });
 * const { items, nextCursor } = await audit.query({ action: 'order:confirm', limit: 50 });
 * for await (const line of audit.exportCsv({ from })) response.write(line);
 * ```
 */
@Injectable()
export class AuditService {
  constructor(private readonly recorder: AuditRecorder) {}

  /**
   * Records an entry, completed and redacted like every entry (id, time, tenant, actor,
   * correlation id, client address and user agent filled in when absent).
   * @returns the id of the entry
   * @throws ValidationError for a malformed entry (nothing is recorded)
   */
  async record(input: AuditEntryInput): Promise<string> {
    const entry = this.recorder.complete(input);
    await this.recorder.record(entry);
    return entry.id;
  }

  /**
   * One page of the caller's trail, newest first.
   * @throws ValidationError for invalid filters, limit or cursor
   */
  query(filters: AuditFilters = {}): Promise<AuditPage> {
    return this.recorder.query({ ...filters, tenantId: currentAuditTenant() });
  }

  /** The caller's trail matching `filters` as JSON Lines (one entry a line), every page. */
  exportJsonLines(filters: AuditFilters = {}): AsyncIterable<string> {
    return auditEntriesAsJsonLines(this.recorder, { ...filters, tenantId: currentAuditTenant() });
  }

  /** The caller's trail matching `filters` as CSV (header line first), every page. */
  exportCsv(filters: AuditFilters = {}): AsyncIterable<string> {
    return auditEntriesAsCsv(this.recorder, { ...filters, tenantId: currentAuditTenant() });
  }

  /**
   * Checks the hash chain of the caller's trail (all of it, or the sequence `range`).
   * @returns `valid: false` with the first broken sequence when an entry was edited, removed or
   *   reordered
   */
  verify(range?: AuditVerificationRange): Promise<AuditVerification> {
    return this.recorder.verify(currentAuditTenant(), range);
  }
}
