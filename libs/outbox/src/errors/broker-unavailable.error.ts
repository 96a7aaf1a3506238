import { hasErrorCode } from '@cqrs-ddd/core';
import { OutboxError } from './outbox.error.js';

/**
 * The broker could not be reached or did not confirm in time (connection refused or lost,
 * channel closed, confirm timeout): whether the messages arrived is unknown. The relay retries
 * with backoff until the broker is back; consumers de-duplicate the copies this may produce.
 */
export class BrokerUnavailableError extends OutboxError {
  static readonly CODE = 'OUTBOX_BROKER_UNAVAILABLE';
  readonly code = BrokerUnavailableError.CODE;

  constructor(
    /** Transport name, e.g. `rabbitmq`, `nats`, `redis-streams`. */
    readonly transport: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${transport}: ${message}`, options);
  }
}

/** True when `error` is a {@link BrokerUnavailableError}. */
export function isBrokerUnavailableError(error: unknown): error is BrokerUnavailableError {
  return hasErrorCode(error, BrokerUnavailableError.CODE);
}
