import { ValidationError } from '@cqrs-ddd/core';

/** Whether `value` is a finite number of milliseconds >= `min`. */
export function isMillis(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min;
}

/**
 * Validates a strategy's longest poll interval.
 * @throws ValidationError when it is not a number >= 1.
 */
export function assertPollInterval(maxPollIntervalMs: number): void {
  if (!isMillis(maxPollIntervalMs, 1)) {
    throw new ValidationError([
      { path: 'maxPollIntervalMs', message: 'must be a number >= 1', rule: 'min' },
    ]);
  }
}
