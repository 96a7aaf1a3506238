import { isLogPosition, ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import type { ParkedEvent, ParkedEventQuery } from './parked-event-store.port.js';

/** Default of {@link ParkedEventQuery.limit}. */
export const DEFAULT_PARKED_EVENT_LIMIT = 100;

/** A {@link ParkedEventQuery} with its defaults applied. */
export interface ResolvedParkedEventQuery {
  readonly processorName?: string;
  readonly streamId?: string;
  readonly limit: number;
}

/** Largest value of a PostgreSQL `integer` column. */
const MAX_INT4 = 2 ** 31 - 1;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_INT4;

/**
 * Checks an event before it is parked, as every adapter must.
 * @throws ValidationError listing every invalid field.
 */
export function assertValidParkedEvent(event: ParkedEvent): void {
  const issues: ValidationIssue[] = [];
  for (const field of ['eventId', 'processorName', 'streamId', 'type'] as const) {
    if (!isText(event?.[field]))
      issues.push({ path: field, message: 'must be a non-empty string' });
  }
  for (const field of ['partition', 'streamVersion', 'attempts'] as const) {
    if (!isCount(event?.[field])) {
      issues.push({ path: field, message: `must be an integer from 0 to ${MAX_INT4}` });
    }
  }
  if (!isLogPosition(event?.position)) {
    issues.push({ path: 'position', message: 'must be a LogPosition of decimal strings' });
  }
  if (typeof event?.error?.message !== 'string') {
    issues.push({ path: 'error.message', message: 'must be a string' });
  }
  if (typeof event?.parkedAt !== 'string' || Number.isNaN(Date.parse(event.parkedAt))) {
    issues.push({ path: 'parkedAt', message: 'must be an ISO-8601 timestamp' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Validates a parked-event query and applies its defaults, as every adapter must.
 * @throws ValidationError when `processorName` or `streamId` is empty or `limit` is not a positive integer.
 */
export function resolveParkedEventQuery(query: ParkedEventQuery = {}): ResolvedParkedEventQuery {
  const { processorName, streamId, limit = DEFAULT_PARKED_EVENT_LIMIT } = query;
  const issues: ValidationIssue[] = [];
  for (const [path, value] of Object.entries({ processorName, streamId })) {
    if (value !== undefined && !isText(value)) {
      issues.push({ path, message: 'must be a non-empty string when given' });
    }
  }
  if (!Number.isSafeInteger(limit) || limit < 1) {
    issues.push({ path: 'limit', message: 'must be a positive integer', rule: 'isPositive' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { processorName, streamId, limit };
}
