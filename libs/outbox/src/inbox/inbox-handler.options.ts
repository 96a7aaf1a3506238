import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import { assertMaxAttempts } from './inbox-module.options.js';
import { INBOX_KEY_MAX_LENGTH } from './inbox-store.port.js';

/** Metadata key of the {@link InboxHandlerOptions} that `@Inbox()` sets on a handler. */
export const INBOX_HANDLER_OPTIONS = Symbol('cqrs-ddd:INBOX_HANDLER_OPTIONS');

/** Options of `@Inbox()` for one handler. */
export interface InboxHandlerOptions {
  /**
   * Name of the consumer: the key of its inbox records, so keep it stable — renaming a handler
   * without setting this makes the messages it already processed look new. Two handlers of
   * one message get their own records (each processes it once).
   * @default '<ControllerClass>.<method>'
   */
  readonly consumer?: string;
  /**
   * Attempts per delivery for this handler.
   * @default the module's `maxAttempts` (5)
   */
  readonly maxAttempts?: number;
}

/** Throws `OutboxConfigurationError` unless `options` are valid (see {@link InboxHandlerOptions}). */
export function assertValidInboxHandlerOptions(options: InboxHandlerOptions): void {
  if (options.maxAttempts !== undefined) assertMaxAttempts(options.maxAttempts, 'maxAttempts');
  const { consumer } = options;
  if (
    consumer !== undefined &&
    (typeof consumer !== 'string' || !consumer || consumer.length > INBOX_KEY_MAX_LENGTH)
  ) {
    throw new OutboxConfigurationError(
      `@Inbox() consumer must be a non-empty string of at most ${INBOX_KEY_MAX_LENGTH} characters.`,
    );
  }
}
