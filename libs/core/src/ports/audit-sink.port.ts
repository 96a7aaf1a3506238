import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';
import type { AuthMethod } from '../domain/principal.js';
import { jsonValueIssue } from './json-payload.js';

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
  /**
   * Structured context safe to show an auditor, e.g. the redacted command payload: a plain
   * object of JSON values (no Dates, class instances, NaN or functions; `undefined` properties
   * are dropped, as JSON drops them).
   */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Filters of {@link AuditSink.query}; all given filters must match. */
export interface AuditQuery {
  /** Tenant whose trail is read; `null` reads platform-level entries (those without tenant). */
  readonly tenantId: string | null;
  /** Only entries by this actor id. */
  readonly actorId?: string;
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  /** Only entries on resources of this type. */
  readonly resourceType?: string;
  /** Only entries on the resource with this id. */
  readonly resourceId?: string;
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
const isObjectNotArray = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
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
    for (const [path, text] of textFields(entry)) {
      const unstorable = jsonValueIssue(text, path);
      if (unstorable) issues.push(unstorable);
    }
    if (entry?.details !== undefined) {
      const invalid = isObjectNotArray(entry.details)
        ? jsonValueIssue(entry.details, 'details')
        : { path: 'details', message: 'must be a plain object of JSON values', rule: 'isObject' };
      if (invalid) issues.push(invalid);
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
    const tenantText = isText(tenantId) ? jsonValueIssue(tenantId, 'tenantId') : undefined;
    if (tenantText) issues.push(tenantText);
    for (const field of ['actorId', 'action', 'resourceType', 'resourceId'] as const) {
      const value = query?.[field];
      if (value === undefined) continue;
      const invalid =
        typeof value === 'string'
          ? jsonValueIssue(value, field)
          : { path: field, message: 'must be a string', rule: 'isString' };
      if (invalid) issues.push(invalid);
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

/** The string fields of `entry` with their paths (for the storable-text check). */
function textFields(entry: AuditEntry): [string, string][] {
  const fields: [string, unknown][] = [
    ['id', entry?.id],
    ['tenantId', entry?.tenantId],
    ['action', entry?.action],
    ['actor.id', entry?.actor?.id],
    ['actor.authMethod', entry?.actor?.authMethod],
    ['resource.type', entry?.resource?.type],
    ['resource.id', entry?.resource?.id],
    ['reason', entry?.reason],
    ['errorCode', entry?.errorCode],
    ['correlationId', entry?.correlationId],
    ['clientAddress', entry?.clientAddress],
    ['userAgent', entry?.userAgent],
  ];
  return fields.filter((field): field is [string, string] => typeof field[1] === 'string');
}

/**
 * A copy of `details` as JSON keeps it (`undefined` properties dropped), so every adapter stores
 * and returns the same value. Call it on validated details only.
 */
export function normaliseAuditDetails(
  details: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}

/** Largest distance of a valid `Date` from the epoch, in ms. */
const MAX_DATE_MS = 8.64e15;

/** Position in the newest-first order of {@link AuditPage}: epoch ms, then id. */
export type AuditCursorPosition = readonly [occurredAtMs: number, id: string];

/** The opaque cursor (base64url JSON) of the page that resumes strictly after `position`. */
export function encodeAuditCursor(position: AuditCursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * The position a cursor of {@link encodeAuditCursor} resumes after.
 * @throws ValidationError (path `cursor`) for anything else.
 */
export function decodeAuditCursor(cursor: string): AuditCursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isSafeInteger(parsed[0]) &&
      Math.abs(parsed[0] as number) <= MAX_DATE_MS &&
      typeof parsed[1] === 'string'
    ) {
      return [parsed[0] as number, parsed[1]];
    }
  } catch {
    // not JSON: reported below
  }
  throw ValidationError.of(
    'cursor',
    'is not a cursor returned by query(); start again from the first page',
    'isCursor',
  );
}
