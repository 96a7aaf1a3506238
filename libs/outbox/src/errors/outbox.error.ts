import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/outbox` (besides the core errors it reuses:
 * `ValidationError`, `NotFoundError`...). Branch on `code`.
 */
export abstract class OutboxError extends CqrsDddError {}

/** True when `error` is any {@link OutboxError}. */
export function isOutboxError(error: unknown): error is OutboxError {
  return error instanceof OutboxError;
}
