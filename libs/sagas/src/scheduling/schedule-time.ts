import { ValidationError } from '@cqrs-ddd/core';
import type { ScheduleCommandOptions, ScheduleTime } from './command-scheduler.port.js';

/**
 * The instant `at` designates, relative to `now`.
 * @throws ValidationError for an invalid date or a negative or non-finite delay
 */
export function resolveScheduleTime(at: ScheduleTime, now: Date): Date {
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw ValidationError.of('at', 'is not a valid date', 'isDate');
    return at;
  }
  const delayMs = (at as { delayMs?: unknown } | null)?.delayMs;
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
    throw ValidationError.of(
      'at',
      'must be a Date or { delayMs } with a finite, non-negative number of milliseconds',
      'isScheduleTime',
    );
  }
  return new Date(now.getTime() + delayMs);
}

/**
 * The key of a schedule: the given one, or `fallback` (the schedule's own id).
 * @throws ValidationError for an empty key or one longer than 200 characters
 */
export function resolveScheduleKey(
  options: ScheduleCommandOptions | undefined,
  fallback: string,
): string {
  const key = options?.key;
  if (key === undefined) return fallback;
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    throw ValidationError.of(
      'key',
      'must be a non-empty string of at most 200 characters',
      'isKey',
    );
  }
  return key;
}
