import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';
import type { AuthMethod } from '../domain/principal.js';

/** How an audited attempt ended. */
export type AuditOutcome = 'success' | 'denied' | 'failed';

/** The outcomes an {@link AuditEntry} may carry. */
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'denied', 'failed'];

/** One audited attempt: who tried what on which resource, and how it ended. */
export interface AuditEntry {
  /** Unique id (UUIDv7 recommended); recording the same id again is a no-op. */
  readonly id: string;
  readonly occurredAt: Date;
  /** Tenant the attempt happened in; absent for platform-level actions. */
  readonly tenantId?: string;
  /** Who acted; absent for anonymous attempts. Never credentials. */
  readonly actor?: { readonly id: string; readonly authMethod: AuthMethod };
  /** What was attempted, e.g. `order:confirm`. */
  readonly action: string;
  readonly resource?: { readonly type: string; readonly id: string };
  readonly outcome: AuditOutcome;
  /** Why it was denied or failed (safe to show an auditor). */
  readonly reason?: string;
  /** Stable error code of a failure, e.g. `CONCURRENCY_CONFLICT`. */
  readonly errorCode?: string;
  readonly correlationId?: string;
  readonly clientAddress?: string;
  readonly userAgent?: string;
}

/** Filters of {@link AuditSink.query}; all given filters must match. */
export interface AuditQuery {
  /** Tenant whose trail is read; `null` reads platform-level entries (those without tenant). */
  readonly tenantId: string | null;
  /** Only entries by this actor id. */
  readonly actorId?: string;
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  /** Only entries at or after this instant (inclusive). */
  readonly from?: Date;
  /** Only entries before this instant (exclusive). */
  readonly to?: Date;
  /** Largest page size (positive integer; above 1000 served as 1000). @default 100 */
  readonly limit?: number;
  /** `nextCursor` of the previous page, with the same filters. */
  readonly cursor?: string;
}

/** One page of {@link AuditSink.query}. */
export interface AuditPage {
  /** Newest first: by `occurredAt` descending, ties by `id` descending (binary order). */
  readonly items: readonly AuditEntry[];
  /** Cursor of the next (older) page; absent when this page is the last. */
  readonly nextCursor?: string;
}

/** Largest page {@link AuditSink.query} returns. */
export const AUDIT_QUERY_MAX_LIMIT = 1_000;
const AUDIT_QUERY_DEFAULT_LIMIT = 100;

const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
// Checked by tag, not instanceof, so Dates from another realm (vm, worker) are accepted.
const isDate = (value: unknown): value is Date =>
  Object.prototype.toString.call(value) === '[object Date]' &&
  !Number.isNaN((value as Date).getTime());

/**
 * Append-only compliance trail. There is deliberately no update or delete: entries, once
 * recorded, are immutable. Queries are always scoped to one tenant (or to the platform).
 * Pages resume strictly after the last entry returned, so paging never repeats an entry, and
 * entries recorded meanwhile with newer timestamps do not shift later pages.
 */
export abstract class AuditSink {
  /**
   * Appends an entry; a retry with an already-recorded id changes nothing.
   * @throws ValidationError for a malformed entry (nothing is recorded).
   */
  abstract record(entry: AuditEntry): Promise<void>;

  /** @throws ValidationError for invalid filters, limit or cursor. */
  abstract query(query: AuditQuery): Promise<AuditPage>;

  /** @throws ValidationError listing every invalid field of `entry`. */
  protected assertValidEntry(entry: AuditEntry): void {
    const issues: ValidationIssue[] = [];
    const need = (ok: boolean, path: string, message: string, rule: string) => {
      if (!ok) issues.push({ path, message, rule });
    };
    need(isText(entry?.id), 'id', 'must be a non-empty string', 'isNotEmpty');
    need(isDate(entry?.occurredAt), 'occurredAt', 'must be a valid Date', 'isDate');
    need(isText(entry?.action), 'action', 'must be a non-empty string', 'isNotEmpty');
    need(
      AUDIT_OUTCOMES.includes(entry?.outcome),
      'outcome',
      `must be one of ${AUDIT_OUTCOMES.join(', ')}`,
      'isIn',
    );
    need(
      entry?.tenantId === undefined || isText(entry.tenantId),
      'tenantId',
      'must be a non-empty string',
      'isNotEmpty',
    );
    if (entry?.actor !== undefined) {
      need(isText(entry.actor?.id), 'actor.id', 'must be a non-empty string', 'isNotEmpty');
      need(
        isText(entry.actor?.authMethod),
        'actor.authMethod',
        'must be a non-empty string',
        'isNotEmpty',
      );
    }
    if (entry?.resource !== undefined) {
      need(
        isText(entry.resource?.type),
        'resource.type',
        'must be a non-empty string',
        'isNotEmpty',
      );
      need(isText(entry.resource?.id), 'resource.id', 'must be a non-empty string', 'isNotEmpty');
    }
    for (const field of [
      'reason',
      'errorCode',
      'correlationId',
      'clientAddress',
      'userAgent',
    ] as const) {
      need(
        entry?.[field] === undefined || typeof entry[field] === 'string',
        field,
        'must be a string',
        'isString',
      );
    }
    if (issues.length > 0) throw new ValidationError(issues);
  }

  /**
   * Validates a query (except its cursor, which is the adapter's to decode).
   * @throws ValidationError listing every invalid field.
   * @returns the page size to serve.
   */
  protected prepareQuery(query: AuditQuery): { limit: number } {
    const issues: ValidationIssue[] = [];
    const { tenantId, from, to, limit = AUDIT_QUERY_DEFAULT_LIMIT, outcome } = query ?? {};
    if (tenantId !== null && !isText(tenantId)) {
      issues.push({
        path: 'tenantId',
        message: 'must be a tenant id, or null for platform entries',
        rule: 'isNotEmpty',
      });
    }
    if (outcome !== undefined && !AUDIT_OUTCOMES.includes(outcome)) {
      issues.push({
        path: 'outcome',
        message: `must be one of ${AUDIT_OUTCOMES.join(', ')}`,
        rule: 'isIn',
      });
    }
    if (from !== undefined && !isDate(from))
      issues.push({ path: 'from', message: 'must be a valid Date', rule: 'isDate' });
    if (to !== undefined && !isDate(to))
      issues.push({ path: 'to', message: 'must be a valid Date', rule: 'isDate' });
    if (isDate(from) && isDate(to) && from!.getTime() > to!.getTime()) {
      issues.push({ path: 'to', message: 'must not be before from', rule: 'isAfter' });
    }
    if (!(Number.isSafeInteger(limit) && limit > 0)) {
      issues.push({ path: 'limit', message: 'must be a positive integer', rule: 'isPositive' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return { limit: Math.min(limit, AUDIT_QUERY_MAX_LIMIT) };
  }
}
