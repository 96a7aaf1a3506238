import { hasErrorCode } from '@cqrs-ddd/core';
import { OutboxError } from './outbox.error.js';

/** Options or registrations of the outbox (publishers, transports, inbox) are inconsistent. */
export class OutboxConfigurationError extends OutboxError {
  static readonly CODE = 'OUTBOX_CONFIGURATION';
  readonly code = OutboxConfigurationError.CODE;

  constructor(message: string) {
    super(message);
  }
}

/** True when `error` is an {@link OutboxConfigurationError}. */
export function isOutboxConfigurationError(error: unknown): error is OutboxConfigurationError {
  return hasErrorCode(error, OutboxConfigurationError.CODE);
}
