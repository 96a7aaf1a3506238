import {
  AUDIT_OUTCOMES,
  type AuditOutcome,
  type ValidationIssue,
  ValidationError,
} from '@cqrs-ddd/core';
import type { AuditFilters } from '../recording/audit.service.js';

/** Formats of `GET /audit`. */
export type AuditResponseFormat = 'json' | 'jsonl' | 'csv';

/** What a `GET /audit` query string asks for. */
export interface AuditHttpQuery {
  readonly filters: AuditFilters;
  readonly format: AuditResponseFormat;
}

const FORMATS: readonly AuditResponseFormat[] = ['json', 'jsonl', 'csv'];
const TEXT_PARAMS = {
  actor: 'actorId',
  action: 'action',
  resourceType: 'resourceType',
  resourceId: 'resourceId',
  cursor: 'cursor',
} as const;
const KNOWN = new Set([...Object.keys(TEXT_PARAMS), 'outcome', 'from', 'to', 'limit', 'format']);
/** ISO 8601 date or date-time, e.g. `2025-06-01` or `2025-06-01T10:00:00Z`. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses the query string of `GET /audit`: `actor`, `action`, `resourceType`, `resourceId`,
 * `outcome` (success | denied | failed), `from` / `to` (ISO 8601), `limit` (positive
 * integer), `cursor`, `format` (json | jsonl | csv, default json).
 * @throws ValidationError listing every invalid, repeated or unknown parameter
 */
export function parseAuditQueryParams(params: Readonly<Record<string, unknown>>): AuditHttpQuery {
  const issues: ValidationIssue[] = [];
  const filters: Record<string, unknown> = {};
  const text = (name: string): string | undefined => {
    const value = params[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value !== '') return value;
    issues.push({ path: name, message: 'must be given once, not empty', rule: 'isString' });
    return undefined;
  };
  for (const name of Object.keys(params)) {
    if (!KNOWN.has(name))
      issues.push({ path: name, message: 'is not a filter', rule: 'unknownField' });
  }
  for (const [param, field] of Object.entries(TEXT_PARAMS)) {
    const value = text(param);
    if (value !== undefined) filters[field] = value;
  }
  const outcome = text('outcome');
  if (outcome !== undefined && !AUDIT_OUTCOMES.includes(outcome as AuditOutcome)) {
    issues.push({
      path: 'outcome',
      message: `must be one of ${AUDIT_OUTCOMES.join(', ')}`,
      rule: 'isIn',
    });
  } else if (outcome !== undefined) filters.outcome = outcome;
  for (const name of ['from', 'to'] as const) {
    const value = text(name);
    if (value === undefined) continue;
    const date = new Date(value);
    if (ISO_DATE.test(value) && !Number.isNaN(date.getTime())) filters[name] = date;
    else issues.push({ path: name, message: 'must be an ISO 8601 date-time', rule: 'isISO8601' });
  }
  const limit = text('limit');
  if (limit !== undefined) {
    if (/^[1-9]\d{0,8}$/.test(limit)) filters.limit = Number(limit);
    else issues.push({ path: 'limit', message: 'must be a positive integer', rule: 'isPositive' });
  }
  const format = text('format') ?? 'json';
  if (!FORMATS.includes(format as AuditResponseFormat)) {
    issues.push({ path: 'format', message: `must be one of ${FORMATS.join(', ')}`, rule: 'isIn' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { filters: filters as AuditFilters, format: format as AuditResponseFormat };
}
