import { ValidationError } from '@cqrs-ddd/core';
import type { EnqueueJobOptions, JobBackoff } from './job.types.js';

/** Enqueue options with their defaults applied. */
export interface ResolvedEnqueueOptions {
  readonly runAt: Date;
  readonly maxAttempts: number;
  readonly backoff: JobBackoff;
  readonly timeoutMs?: number;
  readonly key?: string;
  /** The payload as JSON text. */
  readonly payloadJson: string;
}

const positiveInt = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;

/**
 * Validates an enqueue call and applies the defaults.
 * @throws ValidationError for an empty name, a payload that is not JSON or invalid options
 */
export function resolveEnqueue(
  name: string,
  payload: unknown,
  options: EnqueueJobOptions,
  now: Date,
): ResolvedEnqueueOptions {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
    throw ValidationError.of(
      'name',
      'must be a non-empty string of at most 200 characters',
      'isName',
    );
  }
  let payloadJson: string | undefined;
  try {
    payloadJson = JSON.stringify(payload ?? null);
  } catch (error) {
    throw ValidationError.of(
      'payload',
      `is not JSON-serialisable: ${(error as Error).message}`,
      'isJson',
    );
  }
  const { runAt = now, maxAttempts = 5, timeoutMs, key } = options;
  const backoff = { initialDelayMs: 1_000, maxDelayMs: 300_000, ...options.backoff };
  if (!(runAt instanceof Date) || Number.isNaN(runAt.getTime())) {
    throw ValidationError.of('runAt', 'is not a valid date', 'isDate');
  }
  if (!positiveInt(maxAttempts)) {
    throw ValidationError.of('maxAttempts', 'must be a positive integer', 'isPositive');
  }
  if (timeoutMs !== undefined && !positiveInt(timeoutMs)) {
    throw ValidationError.of(
      'timeoutMs',
      'must be a positive integer of milliseconds',
      'isPositive',
    );
  }
  if (!positiveInt(backoff.initialDelayMs) || !positiveInt(backoff.maxDelayMs)) {
    throw ValidationError.of(
      'backoff',
      'delays must be positive integers of milliseconds',
      'isPositive',
    );
  }
  if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200)) {
    throw ValidationError.of(
      'key',
      'must be a non-empty string of at most 200 characters',
      'isKey',
    );
  }
  return { runAt, maxAttempts, backoff, timeoutMs, key, payloadJson: payloadJson ?? 'null' };
}
